from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Consultative meetings")

    def ready(self) -> None:
        from roadmap_site.dashboard import register_dashboard_panel
        from trainings.signals import participants_merging

        from . import receivers, selectors

        participants_merging.connect(receivers.move_meeting_attendance, dispatch_uid="meetings-merge")
        register_dashboard_panel(selectors.dashboard_panel)
