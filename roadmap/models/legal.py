"""Legal regimes (which rules were in force when), acts and the provisions the steps cite."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Event, HttpsURLField, Revisioned, SlugManager
from .sources import Verifiable


class LegalRegime(Verifiable, Revisioned):
    """A set of rules in force for applications whose decisive date falls in [valid_from, valid_until].

    Regimes of one topic follow each other (e.g. Dublin III, then the AMMR from 1 July 2026) and may not
    overlap. Deadline rules and legal references that belong to a regime are shown, and counted, only
    for a child whose dates fall in it (roadmap.regimes)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    topic = models.SlugField(
        _("topic"),
        max_length=80,
        help_text=_("Regimes with the same topic follow each other in time, e.g. “responsibility”."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What this regime changes, in plain words, for the validity note."),
    )
    decided_by = models.CharField(
        _("decided by the date of"), max_length=20, choices=Event.choices, default=Event.REGISTERED
    )
    valid_from = models.DateField(_("applies from"), null=True, blank=True)
    valid_until = models.DateField(_("applies until"), null=True, blank=True, help_text=_("Inclusive."))

    objects = SlugManager()

    class Meta:
        ordering = ["topic", models.F("valid_from").asc(nulls_first=True), "slug"]
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date is before the start date.")})
        overlapping = [
            other
            for other in LegalRegime.objects.filter(topic=self.topic).exclude(pk=self.pk)
            if periods_overlap((self.valid_from, self.valid_until), (other.valid_from, other.valid_until))
        ]
        if overlapping:
            raise ValidationError(
                {
                    "valid_from": _("The dates overlap with “%(other)s” of the same topic.")
                    % {"other": overlapping[0].title}
                }
            )


def periods_overlap(a: tuple, b: tuple) -> bool:
    """Whether two inclusive date ranges (None = open end) share a day."""
    a_from, a_until = a
    b_from, b_until = b
    return (a_until is None or b_from is None or b_from <= a_until) and (
        b_until is None or a_from is None or a_from <= b_until
    )


class LegalAct(Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    title = models.CharField(_("full title"), max_length=300)
    url = HttpsURLField(_("official text"), blank=True)
    celex = models.CharField(
        _("CELEX number"),
        max_length=20,
        blank=True,
        help_text=_("EU acts: links go to EUR-Lex in the reader's language, e.g. 32024R1351."),
    )

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("legal act")
        verbose_name_plural = _("legal acts")

    def __str__(self) -> str:
        return self.short_name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class LegalReference(Verifiable, Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    act = models.ForeignKey(
        LegalAct, on_delete=models.PROTECT, related_name="references", verbose_name=_("act")
    )
    provision = models.CharField(_("provision"), max_length=120, help_text=_("Article, paragraph, point."))
    summary = models.TextField(_("plain-language summary"))
    url = HttpsURLField(_("link"), blank=True)
    regime = models.ForeignKey(
        LegalRegime,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_references",
        verbose_name=_("only under the regime"),
    )

    objects = SlugManager()

    class Meta:
        ordering = ["act__slug", "slug"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")

    def __str__(self) -> str:
        return f"{self.act.short_name} {self.provision}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
