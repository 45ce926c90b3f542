"""The demo trainings: the Русе session of 27–29.03.2024 with 29 fictional people, Хасково, Стара Загора
and a planned session; loading twice changes nothing."""

import datetime

import pytest
from django.core.management import call_command

from trainings.demo import demo_trainings_load
from trainings.models import Attendance, Participant, Registration, TrainingSession

pytestmark = pytest.mark.django_db


def test_demo_trainings_load_the_three_held_sessions_and_a_planned_one(demo_bg):
    result = demo_trainings_load()
    assert result is not None
    ruse = TrainingSession.objects.get(region="ruse")
    assert (ruse.start_date, ruse.end_date) == (datetime.date(2024, 3, 27), datetime.date(2024, 3, 29))
    assert "Седем поколения" in ruse.venue and ruse.town == "с. Мечка"
    assert ruse.project_code == "BGHOMEAFFAIRS-1.005-0001-C01"
    assert "Норвежки финансов механизъм 2014–2021" in ruse.funding_programme
    assert ruse.registrations.count() == 29
    assert set(TrainingSession.objects.values_list("region", "status")) == {
        ("ruse", "held"),
        ("haskovo", "held"),
        ("stara-zagora", "held"),
        ("burgas", "planned"),
    }
    # most were present all three days, a few missed one
    days_present = [Attendance.objects.filter(registration=r).count() for r in ruse.registrations.all()]
    assert days_present.count(3) == 26 and days_present.count(2) == 3
    # some people attended two sessions
    held_people = Participant.objects.filter(registrations__session__status="held")
    assert held_people.count() > held_people.distinct().count()
    # every slug names an institution, stage or step of the demo roadmap
    for session in TrainingSession.objects.all():
        assert set(session.target_institutions) <= set(demo_bg.institutions)
        assert set(session.covered_stages) <= {s.slug for s in demo_bg.stages}
    slugs = Participant.objects.exclude(institution_slug="").values_list("institution_slug", flat=True)
    assert set(slugs) <= set(demo_bg.institutions)
    held = Registration.objects.filter(session__status="held")
    assert not held.filter(post_test_score__isnull=True).exists()
    assert not held.filter(satisfaction__isnull=True).exists()
    assert all(p.email.endswith("@example.invalid") for p in Participant.objects.all())


def test_load_demo_trainings_command_is_idempotent(capsys):
    call_command("load_demo_trainings")
    counts = (TrainingSession.objects.count(), Participant.objects.count(), Registration.objects.count())
    call_command("load_demo_trainings")
    assert (
        TrainingSession.objects.count(),
        Participant.objects.count(),
        Registration.objects.count(),
    ) == counts
    assert "not loaded" in capsys.readouterr().out
