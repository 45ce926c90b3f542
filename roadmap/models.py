"""The working copy of the roadmap, edited by coordinators, and its published editions.

Readers never query these content models directly: they read the latest `Edition`, a frozen JSON
snapshot of all of them (see `roadmap/editions.py`).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .regions import Region


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class HttpsURLField(models.URLField):
    """A URLField whose form field assumes https:// for an address typed without a scheme (Django 6's
    default; saying so now also silences Django 5's deprecation warning in every form and the admin)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Revisioned(models.Model):
    """Content edited in forms: the revision counts saves, so that a save based on an older revision
    (someone else saved in between) is refused instead of silently overwriting (roadmap.editing)."""

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True


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

    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices,
                                    default=Verification.UNVERIFIED)
    source_kind = models.CharField(_("kind of source"), max_length=12, choices=SourceKind.choices, blank=True)
    source_url = HttpsURLField(_("source"), blank=True, max_length=500)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    verification_note = models.TextField(
        _("what is not verified and why"), blank=True,
        help_text=_("For coordinators: what could not be checked, and where to check it."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = verification_errors(status=self.verification, kind=self.source_kind, url=self.source_url,
                                     checked_on=self.checked_on)
        if errors:
            raise ValidationError(errors)


def verification_errors(*, status: str, kind: str, url: str, checked_on) -> dict[str, str]:
    """What keeps a claim's source from supporting its status (the same rule for forms and imports)."""
    errors = {}
    if status == Verification.VERIFIED:
        if kind != SourceKind.OFFICIAL:
            errors["source_kind"] = _("A verified claim was read in an official text: choose “official text”.")
        if not url:
            errors["source_url"] = _("Give the address of the official text the claim was checked in.")
        if checked_on is None:
            errors["checked_on"] = _("Give the date the claim was checked.")
    elif status == Verification.SECONDARY and not url:
        errors["source_url"] = _("Give the address of the secondary source.")
    return errors


class Event(models.TextChoices):
    """The events a deadline is counted from, and whose date decides which legal regime applies."""

    IDENTIFIED = "identified", _("the child is identified")
    APPLIED = "applied", _("the application for protection is made")
    REGISTERED = "registered", _("the application is registered")
    EURODAC_HIT = "eurodac-hit", _("a Eurodac or VIS hit is received")
    REQUEST_RECEIVED = "request-received", _("the other state receives the request")
    ACCEPTED = "accepted", _("the request is accepted or the appeal decided")
    DECISION_SERVED = "decision-served", _("the decision is served")
    PLACED = "placed", _("the child is placed")
    VICTIM_IDENTIFIED = "victim-identified", _("the child is identified as a possible victim of trafficking")
    TERMINATED = "terminated", _("the procedure is terminated")
    OTHER = "other", _("another event (see the text)")


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
        "Institution", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_steps",
        verbose_name=_("content owner"),
        help_text=_("The institution that answers for this step's content and reviews it."),
    )
    review_by = models.DateField(_("next review"), null=True, blank=True,
                                 help_text=_("By when the step is to be checked against the law again."))
    safety_critical = models.BooleanField(
        _("safety-critical"), default=False,
        help_text=_("A mistake here can harm the child: the pathway check warns on every unverified claim."),
    )
    retired = models.BooleanField(
        _("retired"), default=False,
        help_text=_("A retired step stays in the working copy but is left out of new editions."),
    )
    legal_references = models.ManyToManyField(
        "LegalReference", blank=True, related_name="steps", verbose_name=_("legal references")
    )
    documents = models.ManyToManyField("Document", blank=True, related_name="steps", verbose_name=_("documents"))

    objects = SlugManager()

    class Meta:
        ordering = ["stage__position", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["stage", "position"], name="unique_step_position_in_stage"),
            models.UniqueConstraint(fields=["is_start"], condition=Q(is_start=True), name="single_start_step"),
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

    source = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("from"))
    target = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="incoming", verbose_name=_("leads to"), null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=1)
    key = models.SlugField(
        _("key"), max_length=80, blank=True,
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


class LegalRegime(Verifiable, Revisioned):
    """A set of rules in force for applications whose decisive date falls in [valid_from, valid_until].

    Regimes of one topic follow each other (e.g. Dublin III, then the AMMR from 1 July 2026) and may not
    overlap. Deadline rules and legal references that belong to a regime are shown, and counted, only
    for a child whose dates fall in it (roadmap.regimes)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    topic = models.SlugField(
        _("topic"), max_length=80,
        help_text=_("Regimes with the same topic follow each other in time, e.g. “responsibility”."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("What this regime changes, in plain words, for the validity note."))
    decided_by = models.CharField(_("decided by the date of"), max_length=20, choices=Event.choices,
                                  default=Event.REGISTERED)
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
        overlapping = [other for other in LegalRegime.objects.filter(topic=self.topic).exclude(pk=self.pk)
                       if periods_overlap((self.valid_from, self.valid_until), (other.valid_from, other.valid_until))]
        if overlapping:
            raise ValidationError({"valid_from": _("The dates overlap with “%(other)s” of the same topic.")
                                   % {"other": overlapping[0].title}})


def periods_overlap(a: tuple, b: tuple) -> bool:
    """Whether two inclusive date ranges (None = open end) share a day."""
    a_from, a_until = a
    b_from, b_until = b
    return (a_until is None or b_from is None or b_from <= a_until) and \
        (b_until is None or a_from is None or a_from <= b_until)


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
    amount = models.PositiveIntegerField(_("amount"), null=True, blank=True, validators=[MinValueValidator(1)])
    start = models.CharField(_("counted from"), max_length=20, choices=Event.choices, default=Event.IDENTIFIED)
    event = models.CharField(
        _("counted from (words)"), max_length=200, blank=True,
        help_text=_("The event the deadline runs from, with its preposition, e.g. “from the registration”."),
    )
    note = models.CharField(_("deadline note"), max_length=300, blank=True)
    expiry = models.CharField(_("when it passes"), max_length=300, blank=True,
                              help_text=_("What follows when the deadline passes, e.g. “no reply = accepted”."))
    regime = models.ForeignKey(LegalRegime, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="deadline_rules", verbose_name=_("only under the regime"))
    when = models.CharField(
        _("only after the answer"), max_length=170, blank=True,
        help_text=_("decision-slug:option-key, e.g. “d-eurodac-hit:hit”. Empty: always."),
    )

    class Meta:
        ordering = ["step", "position"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="unique_deadline_position"),
            models.CheckConstraint(
                condition=Q(unit="immediately", amount__isnull=True) | (~Q(unit="immediately") & Q(amount__isnull=False)),
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


class Institution(Verifiable, Revisioned):
    class Kind(models.TextChoices):
        STATE = "state", _("state")
        MUNICIPAL = "municipal", _("municipal")
        JUDICIAL = "judicial", _("judicial")
        NGO = "ngo", _("non-governmental organisation")
        INTERNATIONAL = "international", _("international organisation")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    description = models.TextField(_("description"), blank=True)
    website = HttpsURLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contacts_source_url = HttpsURLField(
        _("where the contacts are published"), max_length=500, blank=True,
        help_text=_("The public page that gives the phone, e-mail and address. Contacts without one are not shown."),
    )
    contacts_checked_on = models.DateField(_("contacts checked on"), null=True, blank=True)
    is_hotline = models.BooleanField(
        _("national hotline"), default=False,
        help_text=_("A national number (112, 116 111, 116 000) listed on the home page, tap to call."),
    )
    # The description's claims: empty = none beyond what the steps cite.
    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices, blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        super().clean()
        if (self.phone or self.email or self.address) and not self.contacts_source_url:
            raise ValidationError({"contacts_source_url": _(
                "Give the public page these contacts come from; never enter a number nobody published.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An institution cannot be part of itself.")})
            ancestor = ancestor.parent


class RegionalOffice(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="offices", verbose_name=_("institution")
    )
    region = models.CharField(_("region (oblast)"), max_length=30, choices=Region.choices)
    name = models.CharField(_("name"), max_length=250)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["institution", "region", "name"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")
        constraints = [
            models.UniqueConstraint(fields=["institution", "region", "name"], name="unique_regional_office"),
        ]

    def __str__(self) -> str:
        return self.name


class Responsibility(Verifiable):
    class Role(models.TextChoices):
        LEADS = "leads", _("leads")
        SUPPORTS = "supports", _("supports")
        INFORMED = "informed", _("is informed")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("step"))
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    duty = models.TextField(_("what exactly it does"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    # Empty = the duty restates the step's legal basis; set when the duty makes a claim of its own.
    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices, blank=True)

    class Meta:
        ordering = ["step", "position"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["step", "institution"], name="one_role_per_institution_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.get_role_display()} — {self.step}"


class LegalAct(Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    title = models.CharField(_("full title"), max_length=300)
    url = HttpsURLField(_("official text"), blank=True)
    celex = models.CharField(
        _("CELEX number"), max_length=20, blank=True,
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
    act = models.ForeignKey(LegalAct, on_delete=models.PROTECT, related_name="references", verbose_name=_("act"))
    provision = models.CharField(_("provision"), max_length=120, help_text=_("Article, paragraph, point."))
    summary = models.TextField(_("plain-language summary"))
    url = HttpsURLField(_("link"), blank=True)
    regime = models.ForeignKey(LegalRegime, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="legal_references", verbose_name=_("only under the regime"))

    objects = SlugManager()

    class Meta:
        ordering = ["act__slug", "slug"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")

    def __str__(self) -> str:
        return f"{self.act.short_name} {self.provision}"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


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


class GlossaryTerm(Verifiable, Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=120)
    expansion = models.CharField(_("full form"), max_length=300, blank=True)
    definition = models.TextField(_("explanation"))
    # Empty = a plain definition; set when the explanation states a legal rule.
    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices, blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term

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


class EditionQuerySet(models.QuerySet):
    def latest_number(self) -> int | None:
        return self.order_by("-number").values_list("number", flat=True).first()


class Edition(models.Model):
    """An immutable, numbered snapshot of the whole pathway in all languages."""

    number = models.PositiveIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.TextField(_("what changed and why"), blank=True)
    content = models.JSONField(_("content"))

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        permissions = [("publish_edition", _("Can publish a new edition"))]

    def __str__(self) -> str:
        return _("Edition %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs) -> None:
        # Editions are history: what was shown must stay exactly what was shown.
        if self.pk is not None:
            raise ValidationError(_("A published edition cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published edition cannot be deleted."))
