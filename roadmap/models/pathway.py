"""The pathway: stages, steps and the transitions between them, deadlines, documents, scenarios."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import Event, HttpsURLField, Revisioned, SlugManager
from .legal import LegalRegime
from .sources import Verifiable


class Stage(Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Step(Revisioned):
    class Kind(models.TextChoices):
        ACTION = "action", _("action")
        DECISION = "decision", _("decision")
        OUTCOME = "outcome", _("outcome")

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="steps", verbose_name=_("stage"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position in stage"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ACTION)
    is_start = models.BooleanField(
        _("is the start of the pathway"), default=False, help_text=_("Exactly one step starts the pathway.")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("short summary"), blank=True)
    body = models.TextField(_("what to do"), blank=True, help_text=_("Markdown."))
    question = models.CharField(
        _("question"), max_length=300, blank=True, help_text=_("Decisions only: the plain-language question.")
    )
    why_we_ask = models.TextField(_("why we ask"), blank=True)
    warnings = models.TextField(
        _("warnings"), blank=True, help_text=_("One warning per line, e.g. “Never detain the child.”")
    )
    child_notes = models.TextField(_("talking with the child"), blank=True)
    owner = models.ForeignKey(
        "Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_steps",
        verbose_name=_("content owner"),
        help_text=_("The institution that answers for this step's content and reviews it."),
    )
    review_by = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("By when the step is to be checked against the law again."),
    )
    safety_critical = models.BooleanField(
        _("safety-critical"),
        default=False,
        help_text=_("A mistake here can harm the child: the pathway check warns on every unverified claim."),
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("A retired step stays in the working copy but is left out of new editions."),
    )
    legal_references = models.ManyToManyField(
        "LegalReference", blank=True, related_name="steps", verbose_name=_("legal references")
    )
    documents = models.ManyToManyField(
        "Document", blank=True, related_name="steps", verbose_name=_("documents")
    )

    objects = SlugManager()

    class Meta:
        ordering = ["stage__position", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["stage", "position"], name="unique_step_position_in_stage"),
            models.UniqueConstraint(
                fields=["is_start"], condition=Q(is_start=True), name="single_start_step"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        if self.kind == self.Kind.DECISION and not self.question:
            raise ValidationError({"question": _("A decision needs a question.")})


class Transition(models.Model):
    """An edge of the pathway: a decision's answer, or an action's next step (label left empty)."""

    source = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        related_name="incoming",
        verbose_name=_("leads to"),
        null=True,
        blank=True,
    )
    position = models.PositiveIntegerField(_("position"), default=1)
    key = models.SlugField(
        _("key"),
        max_length=80,
        blank=True,
        help_text=_("Names the answer in guide links and scenarios; defaults to the target step's slug."),
    )
    label = models.CharField(_("answer"), max_length=200, blank=True)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)

    class Meta:
        ordering = ["source", "position"]
        verbose_name = _("option / transition")
        verbose_name_plural = _("options / transitions")
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="unique_transition_position"),
        ]

    def __str__(self) -> str:
        target = self.target.slug if self.target_id else "—"
        return f"{self.source.slug} → {target}" + (f" ({self.label})" if self.label else "")


class DeadlineRule(Verifiable):
    """One deadline of a step: counted from an event, possibly only under one legal regime or only after
    a given answer (e.g. a Eurodac hit). A step shows the rules that apply to the case at hand."""

    class Unit(models.TextChoices):
        IMMEDIATELY = "immediately", _("immediately")
        HOURS = "hours", _("hours")
        DAYS = "days", _("calendar days")
        WORKING_DAYS = "working_days", _("working days")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("step"))
    position = models.PositiveIntegerField(_("position"), default=1)
    unit = models.CharField(_("deadline"), max_length=12, choices=Unit.choices)
    amount = models.PositiveIntegerField(
        _("amount"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    start = models.CharField(
        _("counted from"), max_length=20, choices=Event.choices, default=Event.IDENTIFIED
    )
    event = models.CharField(
        _("counted from (words)"),
        max_length=200,
        blank=True,
        help_text=_("The event the deadline runs from, with its preposition, e.g. “from the registration”."),
    )
    note = models.CharField(_("deadline note"), max_length=300, blank=True)
    expiry = models.CharField(
        _("when it passes"),
        max_length=300,
        blank=True,
        help_text=_("What follows when the deadline passes, e.g. “no reply = accepted”."),
    )
    regime = models.ForeignKey(
        LegalRegime,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadline_rules",
        verbose_name=_("only under the regime"),
    )
    when = models.CharField(
        _("only after the answer"),
        max_length=170,
        blank=True,
        help_text=_("decision-slug:option-key, e.g. “d-eurodac-hit:hit”. Empty: always."),
    )

    class Meta:
        ordering = ["step", "position"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="unique_deadline_position"),
            models.CheckConstraint(
                condition=Q(unit="immediately", amount__isnull=True)
                | (~Q(unit="immediately") & Q(amount__isnull=False)),
                name="deadline_rule_amount_matches_unit",
            ),
        ]

    def __str__(self) -> str:
        amount = f"{self.amount} " if self.amount else ""
        return f"{self.step.slug}: {amount}{self.get_unit_display()}"

    def clean(self) -> None:
        super().clean()
        if self.unit != self.Unit.IMMEDIATELY and not self.amount:
            raise ValidationError({"amount": _("Give the number of hours, days, weeks or months.")})
        if self.unit == self.Unit.IMMEDIATELY and self.amount:
            raise ValidationError({"amount": _("This kind of deadline takes no number.")})
        if self.when and not WHEN_RE.match(self.when):
            raise ValidationError({"when": _("Write the decision's slug, a colon and the option's key.")})


WHEN_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$")


class Document(Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    url = HttpsURLField(_("link"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("document or form")
        verbose_name_plural = _("documents and forms")

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Scenario(Revisioned):
    """A named typical case: one answer per decision it passes, resolving to one ordered path. Scenarios are
    part of the roadmap's content (in every edition; each must still reach an outcome for a new edition to be
    published)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("who meets this case"), max_length=300, blank=True)
    answers = models.JSONField(_("answers"), default=dict, help_text=_("Decision slug → option key."))

    objects = SlugManager()

    class Meta:
        # The table keeps the name it had when scenarios lived in the cases app (moved without touching data).
        db_table = "cases_scenario"
        ordering = ["position", "slug"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
