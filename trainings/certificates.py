"""Certificates: the attendance rule, the unguessable code, issuing, and the public check.

A certificate is issued once per registration, when the participant attended at least
`session.days_required` days (empty: every day of the session). Issuing stores a code of
CODE_LENGTH characters from an alphabet without look-alike characters (no 0/O, 1/I/L), drawn with
`secrets`: about 50 bits, so codes cannot be guessed or enumerated, and short enough to type from
paper. The code never changes once issued.

The public check (`/<lang>/certificates/<code>/`) confirms the holder's name, the session's title
and dates, nothing else. After the retention period the participant's name is replaced by a
pseudonym: the check then still confirms that the certificate is genuine (session and dates) and
says that the holder's name is no longer kept, instead of showing the pseudonym.

This is one domain module rather than a services/selectors split: the writes (certificate_issue,
session_certificates_issue), the reads (session_certificate_summary, certificate_check) and the rule
they share (eligibility) change together.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .models import Registration, SessionDay, TrainingSession

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed (any case, with spaces or dashes) as a stored code, or "" if it cannot be one."""
    code = "".join(text.split()).replace("-", "").upper()[:40]
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


def display_code(code: str) -> str:
    """ABCDE-FGHJK: easier to read aloud and type."""
    return f"{code[:5]}-{code[5:]}" if code and len(code) == CODE_LENGTH else code


def days_required(session: TrainingSession, day_count: int) -> int:
    """Days a participant must attend: the session's setting, capped at its days, or every day."""
    if session.days_required:
        return min(session.days_required, day_count) if day_count else session.days_required
    return day_count


@dataclass(frozen=True)
class Eligibility:
    attended: int
    required: int

    @property
    def met(self) -> bool:
        return self.required > 0 and self.attended >= self.required


def session_day_count(session: TrainingSession) -> int:
    return SessionDay.objects.filter(session=session).count()


def eligibility(
    registration: Registration, *, day_count: int | None = None, attended: int | None = None
) -> Eligibility:
    session = registration.session
    if day_count is None:
        day_count = session_day_count(session)
    if attended is None:
        attended = registration.attendances.count()
    return Eligibility(attended=attended, required=days_required(session, day_count))


def session_registrations_with_attendance(session: TrainingSession):
    """The session's registrations with participant and `attended_days`, in name order: one query."""
    return (
        Registration.objects.filter(session=session)
        .in_name_order()
        .select_related("session")
        .annotate(attended_days=Count("attendances", distinct=True))
    )


@dataclass
class CertificateSummary:
    issued: list[Registration]  # with their participants, in name order
    eligible: int  # registrations that meet the attendance rule
    registered: int


def session_certificate_summary(session: TrainingSession) -> CertificateSummary:
    """The session's issued certificates, and how many more could be issued (for the "none yet" page)."""
    rows = list(session_registrations_with_attendance(session))
    day_count = session_day_count(session)
    return CertificateSummary(
        issued=[r for r in rows if r.certificate_code],
        eligible=sum(1 for r in rows if eligibility(r, day_count=day_count, attended=r.attended_days).met),
        registered=len(rows),
    )


@transaction.atomic
def certificate_issue(*, registration: Registration) -> Registration:
    """Give the registration its certificate code (once); ValidationError when the rule is not met."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("session", "participant")
        .get(pk=registration.pk)
    )
    if registration.certificate_code:
        return registration
    rule = eligibility(registration)
    if not rule.met:
        raise ValidationError(not_met_message(rule))
    for _attempt in range(5):
        code = new_code()
        if not Registration.objects.filter(certificate_code=code).exists():
            break
    else:  # pragma: no cover - 31**10 codes
        raise ValidationError(_("Could not make a unique certificate code; please try again."))
    registration.certificate_code = code
    registration.certificate_issued_at = timezone.now()
    registration.certificate_name_digest = name_digest(registration.participant.full_name)
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save(
                update_fields=["certificate_code", "certificate_issued_at", "certificate_name_digest"]
            )
    except IntegrityError as error:  # pragma: no cover - a concurrent issue of the same code
        raise ValidationError(_("Could not make a unique certificate code; please try again.")) from error
    return registration


@transaction.atomic
def session_certificates_issue(*, session: TrainingSession) -> int:
    """Issue the certificates of every registration of the session that meets the rule; how many were new."""
    day_count = session_day_count(session)
    issued = 0
    for registration in session_registrations_with_attendance(session).filter(certificate_code__isnull=True):
        if eligibility(registration, day_count=day_count, attended=registration.attended_days).met:
            certificate_issue(registration=registration)
            issued += 1
    return issued


def not_met_message(rule: Eligibility) -> str:
    if rule.required == 0:
        return _("This session has no days recorded yet, so no certificate can be issued.")
    return _("No certificate: the participant attended %(attended)s of the %(required)s days required.") % {
        "attended": rule.attended,
        "required": rule.required,
    }


def name_digest(name: str) -> str:
    """A keyed (SECRET_KEY) digest of a person's name, ignoring case and spacing: kept with a certificate
    so that the public check can still confirm the name printed on the paper once retention has removed
    the name itself, without keeping anything the name can be read back from."""
    normalised = " ".join(name.casefold().split())
    return salted_hmac("trainings.certificate-name", normalised, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class CertificateCheck:
    code: str
    name: str | None  # None: pseudonymised, the name is no longer kept
    session_title: str
    start_date: date
    end_date: date
    name_digest: str = ""

    def confirms(self, typed_name: str) -> bool:
        """Whether a name typed from the paper is the holder's (also after pseudonymisation)."""
        if not typed_name.strip():
            return False
        if self.name is not None:
            return " ".join(typed_name.casefold().split()) == " ".join(self.name.casefold().split())
        return bool(self.name_digest) and constant_time_compare(name_digest(typed_name), self.name_digest)


def certificate_check(code: str) -> CertificateCheck | None:
    """What the public page may show for a code, or None for an unknown one (one query)."""
    code = normalise_code(code)
    if not code:
        return None
    row = (
        Registration.objects.filter(certificate_code=code)
        .values(
            "participant__full_name",
            "participant__pseudonymised_at",
            "session__title",
            "session__start_date",
            "session__end_date",
            "certificate_name_digest",
        )
        .first()
    )
    if row is None:
        return None
    return CertificateCheck(
        code=code,
        name=None if row["participant__pseudonymised_at"] else row["participant__full_name"],
        session_title=row["session__title"],
        start_date=row["session__start_date"],
        end_date=row["session__end_date"],
        name_digest=row["certificate_name_digest"],
    )
