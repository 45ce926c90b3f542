from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Scenarios and the guide")

    def ready(self) -> None:
        from roadmap.standard_pdfs import register_standard_documents

        from .printouts import scenario_standard_documents

        register_standard_documents(scenario_standard_documents)
