"""Consultative meetings of the programme with the institutions: who came, what was said, and the
proposals and decisions taken, each owned by an institution and followed to done.

Like trainings, meetings refer to the roadmap by slugs only (owner institution, concerned steps), so
their records survive every new edition. The people who attend are the trainings' Participant records:
one person, one record, whether they came to a training, a meeting or both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trainings.models import Participant


def minutes_path(instance: Meeting, filename: str) -> str:
    return f"meetings/meeting-{instance.pk or 'new'}/{filename}"


class Meeting(models.Model):
    date = models.DateField(_("date"))
    town = models.CharField(_("town"), max_length=120)
    venue = models.CharField(_("place"), max_length=250, blank=True)
    organiser = models.CharField(_("organiser"), max_length=250)
    agenda = models.TextField(
        _("agenda"), blank=True, help_text=_("Markdown: one item a line, “- ” for a list.")
    )
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_("What was said and agreed (Markdown). Or upload the minutes below."),
    )
    minutes_file = models.FileField(_("minutes (file)"), upload_to=minutes_path, blank=True, editable=False)
    minutes_file_type = models.CharField(
        _("type of the minutes file"), max_length=100, blank=True, editable=False
    )
    minutes_file_name = models.CharField(
        _("name of the minutes file"), max_length=250, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "town", "pk"]
        verbose_name = _("consultative meeting")
        verbose_name_plural = _("consultative meetings")
        permissions = [("keep_meeting_records", _("Can keep the records of consultative meetings"))]

    def __str__(self) -> str:
        return f"{self.town}, {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})


class MeetingAttendance(models.Model):
    """One person at one meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
        verbose_name=_("participant"),
    )

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="one_attendance_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.meeting}"


class Proposal(models.Model):
    """A proposal or a decision of a meeting, owned by an institution, followed proposed → agreed → done."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("proposal")
        DECISION = "decision", _("decision")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")
        DONE = "done", _("done")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROPOSAL)
    text = models.TextField(_("text"))
    owner_institution = models.SlugField(
        _("owner institution"), max_length=80, help_text=_("Slug of a roadmap institution.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    step_slugs = models.JSONField(
        _("roadmap steps concerned"), default=list, blank=True, help_text=_("Slugs of roadmap steps.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("proposal or decision")
        verbose_name_plural = _("proposals and decisions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def change_note_key(self) -> str:
        """The origin key of the change notes this proposal raised on roadmap steps."""
        return f"meetings.proposal:{self.pk}"

    @property
    def next_statuses(self) -> list[str]:
        return list(STATUS_TRANSITIONS[self.status])


# Forward one step, or back one step to correct a mistake; never skipping "agreed".
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Proposal.Status.PROPOSED: (Proposal.Status.AGREED,),
    Proposal.Status.AGREED: (Proposal.Status.DONE, Proposal.Status.PROPOSED),
    Proposal.Status.DONE: (Proposal.Status.AGREED,),
}
