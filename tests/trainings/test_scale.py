"""SPEC §9 / the trainings issue: the session list, a session's page and the dashboard issue the same
number of SQL queries for a programme of 10 participants and one of 10,000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainings.models import Attendance, Participant, Registration, SessionDay, TrainingSession

pytestmark = pytest.mark.django_db

REGIONS = ["ruse", "haskovo", "stara-zagora", "burgas", "varna"]


def programme(*, sessions: int, people_per_session: int) -> TrainingSession:
    """`sessions` held sessions of three days with their own people; most attended every day. Bulk
    inserts: the 10,000-person programme takes about a second on SQLite."""
    made = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                title=f"Обучение {n}",
                region=REGIONS[n % 5],
                town="Град",
                capacity=10_000,
                start_date=datetime.date(2024, 1 + n % 12, 10),
                end_date=datetime.date(2024, 1 + n % 12, 12),
                status=TrainingSession.Status.HELD,
            )
            for n in range(sessions)
        ]
    )
    days = SessionDay.objects.bulk_create(
        [
            SessionDay(
                session=session, date=session.start_date + datetime.timedelta(days=offset), contact_hours=6
            )
            for session in made
            for offset in range(3)
        ]
    )
    people = Participant.objects.bulk_create(
        [
            Participant(
                full_name=f"Участник {n:05d}",
                institution_name=f"Институция {n % 40}",
                institution_kind="state",
                region=REGIONS[n % 5],
                gender="female" if n % 2 else "male",
            )
            for n in range(sessions * people_per_session)
        ]
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                session=made[n // people_per_session],
                participant=person,
                pre_test_score=40 + n % 30,
                post_test_score=70 + n % 30,
                satisfaction=1 + n % 5,
            )
            for n, person in enumerate(people)
        ]
    )
    days_of = {}
    for day in days:
        days_of.setdefault(day.session_id, []).append(day)
    Attendance.objects.bulk_create(
        [
            Attendance(registration=registration, day=day)
            for n, registration in enumerate(registrations)
            for day in days_of[registration.session_id][: 3 if n % 10 else 2]
        ]
    )
    return made[0]


def queries(client, url: str) -> int:
    client.get(url)  # warm-up: session and permission caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_trainers_pages_cost_the_same_queries_for_10_and_10000_people(client, trainer):
    client.force_login(trainer)
    urls = [reverse("trainings:session_list"), None, reverse("trainings:dashboard")]

    small = programme(sessions=1, people_per_session=10)
    urls[1] = reverse("trainings:session_detail", args=[small.pk])
    with_10 = [queries(client, url) for url in urls]

    TrainingSession.objects.all().delete()
    Participant.objects.all().delete()
    large = programme(sessions=50, people_per_session=200)
    assert Participant.objects.count() == 10_000 and Attendance.objects.count() == 29_000
    urls[1] = reverse("trainings:session_detail", args=[large.pk])
    with_10000 = [queries(client, url) for url in urls]

    assert with_10000 == with_10, (with_10, with_10000)
