"""The working copy of the roadmap, edited by coordinators, and its published editions.

Readers never query these content models directly: they read the latest `Edition`, a frozen JSON
snapshot of all of them (see `roadmap/editions.py`).
"""

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

    class DeadlineUnit(models.TextChoices):
        NONE = "", _("no deadline")
        IMMEDIATELY = "immediately", _("immediately")
        HOURS = "hours", _("hours")
        DAYS = "days", _("calendar days")
        WORKING_DAYS = "working_days", _("working days")
        MONTHS = "months", _("months")

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
    deadline_unit = models.CharField(
        _("deadline"), max_length=12, choices=DeadlineUnit.choices, default=DeadlineUnit.NONE, blank=True
    )
    deadline_amount = models.PositiveIntegerField(
        _("deadline amount"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    deadline_event = models.CharField(
        _("deadline counted from"),
        max_length=200,
        blank=True,
        help_text=_("The event the deadline runs from, with its preposition, e.g. “from the application”."),
    )
    deadline_note = models.CharField(_("deadline note"), max_length=300, blank=True)
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
            models.CheckConstraint(
                condition=Q(deadline_unit__in=["", "immediately"], deadline_amount__isnull=True)
                | (~Q(deadline_unit__in=["", "immediately"]) & Q(deadline_amount__isnull=False)),
                name="deadline_amount_matches_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def clean(self) -> None:
        timed = self.deadline_unit not in ("", self.DeadlineUnit.IMMEDIATELY)
        if timed and not self.deadline_amount:
            raise ValidationError({"deadline_amount": _("Give the number of hours, days or months.")})
        if not timed and self.deadline_amount:
            raise ValidationError({"deadline_amount": _("This kind of deadline takes no number.")})
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


class Institution(Revisioned):
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


class Responsibility(models.Model):
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

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("legal act")
        verbose_name_plural = _("legal acts")

    def __str__(self) -> str:
        return self.short_name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class LegalReference(Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    act = models.ForeignKey(LegalAct, on_delete=models.PROTECT, related_name="references", verbose_name=_("act"))
    provision = models.CharField(_("provision"), max_length=120, help_text=_("Article, paragraph, point."))
    summary = models.TextField(_("plain-language summary"))
    url = HttpsURLField(_("link"), blank=True)

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


class GlossaryTerm(Revisioned):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=120)
    expansion = models.CharField(_("full form"), max_length=300, blank=True)
    definition = models.TextField(_("explanation"))

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term

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
