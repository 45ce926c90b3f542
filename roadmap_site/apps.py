from django.apps import AppConfig
from django.db.backends.signals import connection_created

from .sqlite_unicode import unicode_case_folding_for_sqlite


class RoadmapSiteConfig(AppConfig):
    name = "roadmap_site"
    verbose_name = "Site"

    def ready(self) -> None:
        connection_created.connect(unicode_case_folding_for_sqlite, dispatch_uid="sqlite_unicode")
        from . import system_checks  # noqa: F401  (registers the checks)
