"""Writes to training records: sessions and their days, participants, registrations, attendance, results.

Every function is keyword-only, validates with full_clean() and runs in one transaction, so a refusal
(a ValidationError with field names where there is a field to blame) leaves nothing half-written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import exports, reports
from .models import Attendance, ExportLog, Participant, Registration, SessionDay, TrainingSession
from .signals import participants_merging

SESSION_FIELDS = (
    "title",
    "region",
    "town",
    "venue",
    "start_date",
    "end_date",
    "format",
    "trainers",
    "target_institutions",
    "issuer",
    "funding_programme",
    "project_code",
    "funder_line",
    "status",
    "capacity",
    "language",
    "days_required",
    "covered_stages",
    "covered_steps",
)
PARTICIPANT_FIELDS = (
    "full_name",
    "institution_slug",
    "institution_name",
    "institution_kind",
    "position",
    "region",
    "email",
    "phone",
    "gender",
    "gender_description",
    "consent_date",
)


class RegistrationRefused(ValidationError):
    """A registration that cannot be made: already registered, or the session is full."""


class ResultsRefused(ValidationError):
    """Results out of range; `by_registration` maps a registration id to its field errors."""

    def __init__(self, by_registration: dict[int, dict[str, list[str]]]):
        self.by_registration = by_registration
        super().__init__(
            [
                f"{field}: {message}"
                for problems in by_registration.values()
                for field, messages in problems.items()
                for message in messages
            ]
        )


@dataclass(frozen=True)
class DayDetails:
    agenda: str = ""
    contact_hours: Decimal = Decimal("6")


def session_dates(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


# Sessions --------------------------------------------------------------------------------------------


@transaction.atomic
def session_save(
    *,
    session: TrainingSession | None = None,
    fields: Mapping[str, Any],
    organisers: Iterable[Any] | None = None,
    day_details: Mapping[datetime.date, DayDetails] | None = None,
) -> TrainingSession:
    """Create or change a session and make its days match its dates (one SessionDay per date).

    Refused with field errors: end before start, capacity below the registrations already made, more
    days required than the session has, details for a day outside the dates, or dropping a day that
    already has attendance recorded.
    """
    session = session if session is not None else TrainingSession()
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    errors: dict[str, list[str]] = {}
    if session.pk:
        registered = Registration.objects.filter(session=session).count()
        if session.capacity < registered:
            errors.setdefault("capacity", []).append(
                ngettext(
                    "%(count)d person is already registered: the capacity cannot be lower.",
                    "%(count)d people are already registered: the capacity cannot be lower.",
                    registered,
                )
                % {"count": registered}
            )
    if session.days_required and session.days_required > session.day_count:
        errors.setdefault("days_required", []).append(
            ngettext(
                "The session has only %(count)d day.",
                "The session has only %(count)d days.",
                session.day_count,
            )
            % {"count": session.day_count}
        )
    dates = session_dates(session.start_date, session.end_date)
    outside = sorted(set(day_details or {}) - set(dates))
    if outside:
        errors.setdefault("days", []).append(
            _("These days are outside the session's dates: %(dates)s.")
            % {"dates": ", ".join(f"{d:%d.%m.%Y}" for d in outside)}
        )
    existing = {day.date: day for day in SessionDay.objects.filter(session=session)} if session.pk else {}
    dropped = [day for date, day in existing.items() if date not in dates]
    if dropped:
        attended = sorted(
            {
                attendance.day.date
                for attendance in Attendance.objects.filter(day__in=dropped).select_related("day")
            }
        )
        if attended:
            errors.setdefault("end_date", []).append(
                _("Attendance is recorded on %(dates)s, outside these dates: change the attendance first.")
                % {"dates": ", ".join(f"{d:%d.%m.%Y}" for d in attended)}
            )
    if errors:
        raise ValidationError(errors)
    session.save()
    if organisers is not None:
        session.organisers.set(organisers)
    SessionDay.objects.filter(pk__in=[day.pk for day in dropped]).delete()
    for date in dates:
        details = (day_details or {}).get(date)
        day = existing.get(date) or SessionDay(session=session, date=date)
        if details is not None:
            day.agenda, day.contact_hours = details.agenda, details.contact_hours
        elif day.pk:
            continue
        day.full_clean()
        day.save()
    return session


# Participants ----------------------------------------------------------------------------------------


def participant_find(*, full_name: str, institution_name: str = "", email: str = "") -> Participant | None:
    """The existing person behind these details: same e-mail (any case), or same name and institution."""
    people = Participant.objects.filter(pseudonymised_at__isnull=True)
    email = (email or "").strip()
    if email:
        match = people.filter(email__iexact=email).order_by("pk").first()
        if match is not None:
            return match
    name = " ".join((full_name or "").split())
    if not name:
        return None
    return (
        people.filter(full_name__iexact=name, institution_name__iexact=(institution_name or "").strip())
        .order_by("pk")
        .first()
    )


def _participant_clean(participant: Participant) -> None:
    participant.full_name = " ".join(participant.full_name.split())
    participant.email = participant.email.strip()
    participant.full_clean()
    if not participant.consent_date:
        raise ValidationError(
            {"consent_date": _("A new participant must have given consent: enter the date.")}
        )


def _participant_found_or_new(person: Mapping[str, Any]) -> tuple[Participant, bool]:
    """The record on file for these details (True), or a new, validated, unsaved one (False)."""
    person = dict(person)
    participant = participant_find(
        full_name=person.get("full_name", ""),
        institution_name=person.get("institution_name", ""),
        email=person.get("email", ""),
    )
    if participant is not None:
        return participant, True
    unknown = set(person) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    participant = Participant(**person)
    _participant_clean(participant)
    return participant, False


@transaction.atomic
def participant_find_or_create(*, person: Mapping[str, Any]) -> tuple[Participant, bool]:
    """The one record of a person, for any app that records people (trainings, meetings): the existing
    one with the same e-mail or the same name and institution (True), else a new one (False; consent
    required)."""
    participant, reused = _participant_found_or_new(person)
    if not reused:
        participant.save()
    return participant, reused


@transaction.atomic
def participant_update(*, participant: Participant, fields: Mapping[str, Any]) -> Participant:
    """Change a person's details (consent stays required once given)."""
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(participant, name, value)
    _participant_clean(participant)
    participant.save()
    return participant


def _check_can_register(session: TrainingSession, participant: Participant | None, adding: int = 1) -> None:
    if (
        participant is not None
        and participant.pk
        and Registration.objects.filter(session=session, participant=participant).exists()
    ):
        raise RegistrationRefused(
            _("%(name)s is already registered for this session.") % {"name": participant}
        )
    registered = Registration.objects.filter(session=session).count()
    if registered + adding > session.capacity:
        raise RegistrationRefused(
            _("The session is full: %(registered)d of %(capacity)d places are taken.")
            % {"registered": registered, "capacity": session.capacity}
        )


@dataclass(frozen=True)
class RegisterResult:
    registration: Registration
    reused: bool


@transaction.atomic
def participant_register(
    *,
    session: TrainingSession,
    participant: Participant | None = None,
    person: Mapping[str, Any] | None = None,
) -> RegisterResult:
    """Register an existing participant, or a new person (reusing an existing record with the same
    e-mail or the same name and institution). Refused when already registered or the session is full."""
    if (participant is None) == (person is None):
        raise TypeError("give either participant or person")
    # Lock the session row: two trainers registering at once cannot both take the last place.
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    reused = participant is not None
    if participant is None:
        participant, reused = _participant_found_or_new(person)
    _check_can_register(session, participant)
    if participant.pk is None:
        participant.save()
    registration = Registration(session=session, participant=participant)
    registration.full_clean()
    registration.save()
    return RegisterResult(registration=registration, reused=reused)


@transaction.atomic
def registration_remove(*, registration: Registration) -> None:
    """Take a person off a session (their attendance there goes too); refused once a certificate exists."""
    if registration.certificate_code:
        raise ValidationError(_("A certificate was issued for this registration: it cannot be removed."))
    registration.delete()


@transaction.atomic
def participant_merge(*, keep: Participant, remove: Participant) -> Participant:
    """Move every registration of `remove` to `keep`, fill `keep`'s empty details from `remove`, delete
    `remove`. Refused when both are registered in the same session."""
    if keep.pk == remove.pk:
        raise ValidationError(_("Choose two different participants."))
    keep = Participant.objects.select_for_update().get(pk=keep.pk)
    remove = Participant.objects.select_for_update().get(pk=remove.pk)
    both = list(
        TrainingSession.objects.filter(registrations__participant=keep)
        .filter(registrations__participant=remove)
        .distinct()
        .order_by("start_date")
    )
    if both:
        raise ValidationError(
            _(
                "Both are registered in the same session (%(sessions)s): "
                "remove one of those registrations first."
            )
            % {"sessions": "; ".join(str(s) for s in both)}
        )
    for name in PARTICIPANT_FIELDS:
        if not getattr(keep, name) and getattr(remove, name):
            setattr(keep, name, getattr(remove, name))
    if remove.consent_date and keep.consent_date and remove.consent_date < keep.consent_date:
        keep.consent_date = remove.consent_date
    keep.full_clean()
    keep.save()
    Registration.objects.filter(participant=remove).update(participant=keep)
    # Other apps that record people (meetings) move their rows too, in this transaction.
    participants_merging.send(sender=Participant, keep=keep, remove=remove)
    remove.delete()
    return keep


@transaction.atomic
def registrations_import(
    *, session: TrainingSession, people: Sequence[Mapping[str, Any]]
) -> list[RegisterResult]:
    """Register every person of an import in one transaction: any refusal writes nothing."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    registered = Registration.objects.filter(session=session).count()
    if registered + len(people) > session.capacity:
        raise RegistrationRefused(
            _("The session is full: %(registered)d of %(capacity)d places are taken.")
            % {"registered": registered, "capacity": session.capacity}
        )
    results = []
    for person in people:
        try:
            results.append(participant_register(session=session, person=person))
        except ValidationError as error:
            name = person.get("full_name", "")
            raise ValidationError(
                _("%(name)s: %(problem)s") % {"name": name, "problem": " ".join(error.messages)}
            ) from error
    return results


# Attendance and results ------------------------------------------------------------------------------


@transaction.atomic
def attendance_set(*, day: SessionDay, registration_ids: Iterable[int]) -> int:
    """Make the attendance of one day exactly the given registrations of that day's session."""
    wanted = {int(pk) for pk in registration_ids}
    valid = set(
        Registration.objects.filter(session_id=day.session_id, pk__in=wanted).values_list("pk", flat=True)
    )
    if wanted - valid:
        raise ValidationError(_("Some of the people ticked are not registered for this session."))
    present = set(Attendance.objects.filter(day=day).values_list("registration_id", flat=True))
    Attendance.objects.filter(day=day).exclude(registration_id__in=wanted).delete()
    Attendance.objects.bulk_create(
        [Attendance(registration_id=pk, day=day) for pk in sorted(wanted - present)]
    )
    return len(wanted)


@transaction.atomic
def attendance_all_present(*, day: SessionDay) -> int:
    """Mark everyone registered for the day's session present that day (one POST of "mark all present")."""
    everyone = Registration.objects.filter(session_id=day.session_id).values_list("pk", flat=True)
    return attendance_set(day=day, registration_ids=list(everyone))


RESULT_FIELDS = ("pre_test_score", "post_test_score", "satisfaction", "evaluation")


@transaction.atomic
def results_save(*, session: TrainingSession, results: Mapping[int, Mapping[str, Any]]) -> int:
    """Save test scores, satisfaction and evaluation of the session's registrations (keyed by id); a value
    out of range refuses the whole batch (ResultsRefused.by_registration: id → field → messages)."""
    registrations = {r.pk: r for r in Registration.objects.filter(session=session, pk__in=list(results))}
    errors: dict[int, dict[str, list[str]]] = {}
    for pk, values in results.items():
        registration = registrations.get(pk)
        if registration is None:
            raise ValidationError(_("A registration does not belong to this session."))
        for name, value in values.items():
            if name not in RESULT_FIELDS:
                raise TypeError(f"unknown result field: {name}")
            setattr(registration, name, value)
        try:
            registration.full_clean()
        except ValidationError as error:
            errors[pk] = error.message_dict
    if errors:
        raise ResultsRefused(errors)
    for registration in registrations.values():
        registration.save(update_fields=list(RESULT_FIELDS))
    return len(registrations)


@transaction.atomic
def export_log_record(*, user, what: str, rows: int, session: TrainingSession | None = None) -> ExportLog:
    """Record an export of named data (who, when, what, how many rows)."""
    entry = ExportLog(user=user, what=what[:250], rows=rows, session=session)
    entry.full_clean()
    entry.save()
    return entry


def named_list_export(*, user, session: TrainingSession | None = None) -> exports.ExportFile:
    """The named participant list of one session (or of all) as XLSX, logged as exported by `user`."""
    content, rows = exports.named_list_xlsx(reports.named_participants(session=session))
    what = (
        _("Named participant list: %(session)s") % {"session": session}
        if session
        else _("Named participant list: all sessions")
    )
    export_log_record(user=user, what=what, rows=rows, session=session)
    suffix = f"session-{session.pk}" if session else "all"
    return exports.ExportFile(
        filename=f"participants-{suffix}-{timezone.localdate().isoformat()}.xlsx",
        content_type=exports.XLSX_TYPE,
        content=content,
    )
