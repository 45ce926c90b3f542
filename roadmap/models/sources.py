"""Where a claim comes from and how far it was checked against the official text."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import HttpsURLField


class Verification(models.TextChoices):
    """How far a claim (a legal reference, a deadline rule, a duty, …) has been checked."""

    VERIFIED = "verified", _("verified in the official text")
    SECONDARY = "secondary", _("secondary source")
    UNVERIFIED = "unverified", _("not verified")


class SourceKind(models.TextChoices):
    OFFICIAL = "official", _("official text")
    SOP = "sop", _("procedure or guidance (SOP)")
    SECONDARY = "secondary", _("secondary source")


class Verifiable(models.Model):
    """A claim officers act on, with where it comes from and how far it was checked.

    Verified means read in the official text (a promulgated act, an EU regulation) on `checked_on`;
    anything else is shown to readers with a flag, and to coordinators in the verification queue with
    the reason in `verification_note`. Where `verification` may be left empty (duties, institutions,
    glossary terms) empty means the item makes no claim of its own beyond the step's legal basis.
    """

    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    source_kind = models.CharField(_("kind of source"), max_length=12, choices=SourceKind.choices, blank=True)
    source_url = HttpsURLField(_("source"), blank=True, max_length=500)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    verification_note = models.TextField(
        _("what is not verified and why"),
        blank=True,
        help_text=_("For coordinators: what could not be checked, and where to check it."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = verification_errors(
            status=self.verification, kind=self.source_kind, url=self.source_url, checked_on=self.checked_on
        )
        if errors:
            raise ValidationError(errors)


def verification_errors(*, status: str, kind: str, url: str, checked_on) -> dict[str, str]:
    """What keeps a claim's source from supporting its status (the same rule for forms and imports)."""
    errors = {}
    if status == Verification.VERIFIED:
        if kind != SourceKind.OFFICIAL:
            errors["source_kind"] = _(
                "A verified claim was read in an official text: choose “official text”."
            )
        if not url:
            errors["source_url"] = _("Give the address of the official text the claim was checked in.")
        if checked_on is None:
            errors["checked_on"] = _("Give the date the claim was checked.")
    elif status == Verification.SECONDARY and not url:
        errors["source_url"] = _("Give the address of the secondary source.")
    return errors
