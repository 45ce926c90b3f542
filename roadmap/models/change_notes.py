"""Notes to the coordinators that a step should change, raised outside the roadmap (e.g. a proposal agreed
at a consultative meeting). Not roadmap content: never published, never in the working-copy document."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StepChangeNote(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        HANDLED = "handled", _("handled")

    # By slug, as the apps outside the roadmap refer to it: a note outlives a step's re-import.
    step_slug = models.SlugField(_("step"), max_length=80, db_index=True)
    text = models.TextField(_("text"))
    origin_label = models.CharField(_("origin"), max_length=300)
    origin_url = models.CharField(_("origin link"), max_length=500, blank=True)
    # What raised the note (e.g. "meetings.proposal:12"): one note per origin and step.
    origin_key = models.CharField(_("origin key"), max_length=100, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        ordering = ["step_slug", "-created_at", "pk"]
        verbose_name = _("change note on a step")
        verbose_name_plural = _("change notes on steps")
        constraints = [
            models.UniqueConstraint(
                fields=["origin_key", "step_slug"],
                condition=~Q(origin_key=""),
                name="one_change_note_per_origin_and_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.step_slug}: {self.origin_label}"
