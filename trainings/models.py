"""Training sessions of the programme that teaches the roadmap, and the people who attended them.

Sessions refer to the roadmap by slugs (institutions, stages, steps), never by foreign keys: the
working copy can be re-imported and editions come and go, but a slug stays the stable name of a
thing, so "who was trained on age assessment in Хасково" survives every new edition.

Personal data lives only in Participant (and the free-text evaluation of a Registration); the
retention command pseudonymises it (trainings.retention.participants_pseudonymise) while every
aggregate and certificate check keeps working.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from roadmap.regions import Region


def default_issuer() -> str:
    """The organisation printed as the issuer of a new session's certificates (settings)."""
    return settings.TRAININGS_CERTIFICATE_ISSUER


class TrainingSession(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=250)
    region = models.CharField(_("region (област)"), max_length=20, choices=Region.choices)
    town = models.CharField(_("town"), max_length=120)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    trainers = models.CharField(
        _("trainers"), max_length=500, blank=True, help_text=_("Names, comma-separated.")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("organisers"),
        help_text=_("Accounts that run this session."),
    )
    target_institutions = models.JSONField(
        _("target institutions"), default=list, blank=True, help_text=_("Slugs of roadmap institutions.")
    )
    issuer = models.CharField(
        _("issuer of the certificates"),
        max_length=250,
        default=default_issuer,
        help_text=_("The organisation that issues the certificates, as printed on them."),
    )
    funding_programme = models.CharField(_("funding programme"), max_length=300, blank=True)
    project_code = models.CharField(_("project code"), max_length=120, blank=True)
    funder_line = models.CharField(
        _("funder line"),
        max_length=500,
        blank=True,
        help_text=_("Printed at the foot of sign-in sheets and certificates."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)], default=30)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="bg")
    days_required = models.PositiveSmallIntegerField(
        _("days required for a certificate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: every day of the session."),
    )
    covered_stages = models.JSONField(
        _("stages covered"), default=list, blank=True, help_text=_("Slugs of roadmap stages.")
    )
    covered_steps = models.JSONField(
        _("steps covered"), default=list, blank=True, help_text=_("Slugs of roadmap steps.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="session_ends_after_start"
            ),
        ]
        permissions = [
            ("run_trainings", _("Can run training sessions and see participants")),
            ("export_named_lists", _("Can export lists of participants with names")),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d.%m.%Y})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    @property
    def day_count(self) -> int:
        return (self.end_date - self.start_date).days + 1


class SessionDay(models.Model):
    """One day of a session: its date, agenda and contact hours (the unit of attendance)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="days", verbose_name=_("session")
    )
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    contact_hours = models.DecimalField(
        _("contact hours"),
        max_digits=4,
        decimal_places=1,
        default=6,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )

    class Meta:
        ordering = ["session", "date"]
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        constraints = [models.UniqueConstraint(fields=["session", "date"], name="one_day_per_date")]

    def __str__(self) -> str:
        return f"{self.session.title} — {self.date:%d.%m.%Y}"


class Participant(models.Model):
    """A person trained by the programme, once across all the sessions they attend."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("woman")
        MALE = "male", _("man")
        SELF_DESCRIBED = "self", _("self-described")
        UNDISCLOSED = "", _("not stated")

    full_name = models.CharField(_("full name"), max_length=200)
    institution_slug = models.SlugField(_("roadmap institution"), max_length=80, blank=True)
    institution_name = models.CharField(
        _("institution"),
        max_length=250,
        blank=True,
        help_text=_("As written by the participant; filled from the roadmap when one is chosen."),
    )
    institution_kind = models.CharField(_("kind of institution"), max_length=20, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    region = models.CharField(_("region (област)"), max_length=20, choices=Region.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    gender_description = models.CharField(_("gender (own words)"), max_length=100, blank=True)
    consent_date = models.DateField(_("consent to data processing given on"), null=True, blank=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["email"]), models.Index(fields=["full_name"])]

    def __str__(self) -> str:
        return self.full_name


class RegistrationQuerySet(models.QuerySet):
    def in_name_order(self) -> RegistrationQuerySet:
        """With their participants, in the participants' name order (sheets, tick lists, certificates)."""
        return self.select_related("participant").order_by("participant__full_name", "pk")


class Registration(models.Model):
    """A participant in one session, with their results and, once earned, a certificate."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("participant")
    )
    pre_test_score = models.PositiveSmallIntegerField(
        _("pre-test score (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    post_test_score = models.PositiveSmallIntegerField(
        _("post-test score (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evaluation = models.TextField(_("evaluation (free text)"), blank=True)
    certificate_code = models.CharField(
        _("certificate code"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    certificate_issued_at = models.DateTimeField(
        _("certificate issued"), null=True, blank=True, editable=False
    )
    certificate_name_digest = models.CharField(
        _("keyed digest of the name on the certificate"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "Lets the public check confirm a name typed from the paper after the name itself is "
            "pseudonymised; the name cannot be read back from it."
        ),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["session", "participant__full_name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_registration_per_session"),
            models.CheckConstraint(
                condition=Q(pre_test_score__lte=100) | Q(pre_test_score__isnull=True),
                name="pre_test_score_percent",
            ),
            models.CheckConstraint(
                condition=Q(post_test_score__lte=100) | Q(post_test_score__isnull=True),
                name="post_test_score_percent",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5) | Q(satisfaction__isnull=True),
                name="satisfaction_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.session}"


class Attendance(models.Model):
    """Presence of a registered participant on one day of the session."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("registration")
    )
    day = models.ForeignKey(
        SessionDay, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("day")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="one_attendance_per_day")]

    def __str__(self) -> str:
        return f"{self.registration} — {self.day}"


def handout_path(instance: Handout, filename: str) -> str:
    return f"handouts/session-{instance.session_id}/{filename}"


class Handout(models.Model):
    """A file given to participants: uploaded, or a roadmap PDF built from the current edition."""

    class Kind(models.TextChoices):
        UPLOAD = "upload", _("uploaded file")
        SCENARIO = "scenario", _("scenario roadmap (PDF)")
        INSTITUTION = "institution", _("institution's duties (PDF)")
        HANDBOOK = "handbook", _("full handbook (PDF)")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="handouts", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250, blank=True)
    roadmap_slug = models.SlugField(_("scenario or institution"), max_length=80, blank=True)
    file = models.FileField(_("file"), upload_to=handout_path, blank=True)
    position = models.PositiveIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("handout")
        verbose_name_plural = _("handouts")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class ExportLog(models.Model):
    """Every export of a list with participants' names: who, when, what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    exported_at = models.DateTimeField(_("exported"), auto_now_add=True)
    what = models.CharField(_("what"), max_length=250)
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export of named data")
        verbose_name_plural = _("exports of named data")

    def __str__(self) -> str:
        when = f" ({self.exported_at:%Y-%m-%d %H:%M})" if self.exported_at else ""
        return f"{self.what}{when}"
