"""Retention: participants' identities are pseudonymised a configurable time after their last session.

A participant is due when the last day of their latest session (or, with no registration at all,
the day their record was created) lies more than `older_than_days` days in the past. Their name
becomes "Участник #<id>"; e-mail, phone, position, the self-described gender and the free-text
evaluations of their registrations are blanked; `pseudonymised_at` is set. Institution, kind,
region, gender category, attendance and scores stay, so every aggregate keeps working; the
certificate code stays, so the public check still confirms the certificate (session and dates) and
says the holder's name is no longer kept.

The work is two or three UPDATE statements in one transaction, whatever the number of people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Participant, Registration

PSEUDONYM_PREFIX = "Участник #"


@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime.date
    participants: int
    dry_run: bool


def default_days() -> int:
    return settings.TRAININGS_RETENTION_DAYS


def due_participants(*, older_than_days: int, today: datetime.date | None = None):
    """Participants not yet pseudonymised whose last session ended before the cutoff."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=older_than_days)
    cutoff_start = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    return (
        Participant.objects.filter(pseudonymised_at__isnull=True)
        .annotate(last_end=Max("registrations__session__end_date"))
        .filter(Q(last_end__lt=cutoff) | Q(last_end__isnull=True, created_at__lt=cutoff_start))
    ), cutoff


@transaction.atomic
def participants_pseudonymise(
    *, older_than_days: int | None = None, today: datetime.date | None = None, dry_run: bool = False
) -> RetentionResult:
    """Pseudonymise every participant due (see the module docstring); how many, and the cutoff date."""
    days = default_days() if older_than_days is None else older_than_days
    if days < 0:
        raise ValueError("older_than_days cannot be negative")
    due, cutoff = due_participants(older_than_days=days, today=today)
    ids = list(due.values_list("pk", flat=True))
    if dry_run or not ids:
        return RetentionResult(cutoff=cutoff, participants=len(ids), dry_run=dry_run)
    now = timezone.now()
    for start in range(0, len(ids), 500):  # bounded IN lists (SQLite's variable limit)
        chunk = ids[start : start + 500]
        Participant.objects.filter(pk__in=chunk).update(
            full_name=Concat(
                Value(PSEUDONYM_PREFIX), Cast("pk", output_field=CharField()), output_field=CharField()
            ),
            email="",
            phone="",
            position="",
            gender_description="",
            pseudonymised_at=now,
        )
        Registration.objects.filter(participant_id__in=chunk).update(evaluation="")
    return RetentionResult(cutoff=cutoff, participants=len(ids), dry_run=False)
