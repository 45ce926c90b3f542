"""Retention: only old participants are pseudonymised; aggregates and certificate checks keep working."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from trainings.certificates import certificate_issue
from trainings.models import Participant, Registration
from trainings.reports import programme_figures
from trainings.retention import participants_pseudonymise

from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory, attend

TODAY = datetime.date(2027, 6, 1)


@pytest.fixture
def people(db):
    old = TrainingSessionFactory(start_date=datetime.date(2024, 3, 27), end_date=datetime.date(2024, 3, 29))
    recent = TrainingSessionFactory(
        start_date=datetime.date(2026, 3, 3), end_date=datetime.date(2026, 3, 5), region="haskovo"
    )
    gone = ParticipantFactory(
        full_name="Стара Участничка",
        email="old@example.invalid",
        phone="+359888",
        position="инспектор",
        gender="self",
        gender_description="небинарна",
    )
    back = ParticipantFactory(full_name="Завърнал Се")  # old session, but came back recently
    fresh = ParticipantFactory(full_name="Нов Участник")
    reg = attend(
        RegistrationFactory(
            session=old,
            participant=gone,
            pre_test_score=30,
            post_test_score=70,
            evaluation="Много полезно, Стара",
        ),
        3,
    )
    certificate_issue(registration=reg)
    attend(RegistrationFactory(session=old, participant=back), 3)
    attend(RegistrationFactory(session=recent, participant=back), 3)
    attend(RegistrationFactory(session=recent, participant=fresh), 3)
    return {"gone": gone, "back": back, "fresh": fresh, "registration": reg}


def test_only_old_participants(people):
    before = programme_figures()
    result = participants_pseudonymise(older_than_days=1095, today=TODAY)
    assert result.participants == 1 and result.cutoff == datetime.date(2024, 6, 1)
    gone = Participant.objects.get(pk=people["gone"].pk)
    assert gone.full_name == f"Участник #{gone.pk}"
    assert (gone.email, gone.phone, gone.position, gone.gender_description) == ("", "", "", "")
    assert gone.pseudonymised_at is not None
    assert gone.gender == "self" and gone.institution_name  # kept for the aggregates
    registration = Registration.objects.get(pk=people["registration"].pk)
    assert registration.evaluation == "" and registration.post_test_score == 70
    assert Participant.objects.get(pk=people["back"].pk).full_name == "Завърнал Се"
    assert Participant.objects.get(pk=people["fresh"].pk).pseudonymised_at is None
    after = programme_figures()
    for attribute in ("trained", "repeat", "person_hours", "gain_overall"):
        assert getattr(after, attribute) == getattr(before, attribute)
    for attribute in ("by_institution", "by_kind", "by_region", "by_gender"):
        assert [(r.key, r.people) for r in getattr(after, attribute)] == [
            (r.key, r.people) for r in getattr(before, attribute)
        ]
    # a second run changes nothing
    assert participants_pseudonymise(older_than_days=1095, today=TODAY).participants == 0


def test_certificate_check_still_works(client, people):
    participants_pseudonymise(older_than_days=1095, today=TODAY)
    code = Registration.objects.get(pk=people["registration"].pk).certificate_code
    response = client.get(reverse("trainings:certificate_check", kwargs={"code": code}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Стара Участничка" not in page and "Участник #" not in page
    assert "27.03.2024" in page
    # the name printed on the paper can still be confirmed, ignoring case and spacing; a wrong one is not
    url = reverse("trainings:certificate_check", kwargs={"code": code})
    confirmed = client.post(url, {"name": "  стара   УЧАСТНИЧКА "}).context["confirmed"]
    assert confirmed is True
    assert client.post(url, {"name": "Друга Участничка"}).context["confirmed"] is False
    # the name appears once: in the input, as typed
    assert client.post(url, {"name": "Стара Участничка"}).content.decode().count("Стара Участничка") == 1


def test_the_name_digest_cannot_be_read_back_and_is_not_shown(client, people):
    registration = Registration.objects.get(pk=people["registration"].pk)
    assert len(registration.certificate_name_digest) == 64
    assert "Стара" not in registration.certificate_name_digest
    page = client.get(reverse("trainings:certificate_check", kwargs={"code": registration.certificate_code}))
    assert registration.certificate_name_digest not in page.content.decode()


def test_dry_run_and_command(people, capsys):
    call_command("pseudonymise_participants", "--older-than-days", "0", "--dry-run")
    assert "3 participant(s) would be pseudonymised" in capsys.readouterr().out
    assert not Participant.objects.filter(pseudonymised_at__isnull=False).exists()
    call_command("pseudonymise_participants", "--older-than-days", "100000")
    assert "0 participant(s) pseudonymised" in capsys.readouterr().out
    call_command("pseudonymise_participants", "--older-than-days", "0")
    assert "3 participant(s) pseudonymised" in capsys.readouterr().out
    assert Participant.objects.filter(pseudonymised_at__isnull=False).count() == 3


def test_default_days_from_settings(people, settings):
    settings.TRAININGS_RETENTION_DAYS = 10_000
    assert participants_pseudonymise(today=TODAY).participants == 0
    settings.TRAININGS_RETENTION_DAYS = 30
    assert participants_pseudonymise(today=TODAY).participants == 3


def test_negative_days_refused(people):
    with pytest.raises(CommandError):
        call_command("pseudonymise_participants", "--older-than-days", "-1")
