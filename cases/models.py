from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models import Revisioned


class Scenario(Revisioned):
    """A named typical case: one answer per decision it passes, resolving to one ordered path."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("who meets this case"), max_length=300, blank=True)
    answers = models.JSONField(_("answers"), default=dict, help_text=_("Decision slug → option key."))

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name
