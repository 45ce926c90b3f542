"""Participants: deduplication on registration, refusals, merge, and the registration/participant pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from trainings.models import Attendance, Participant, Registration
from trainings.services import (
    RegistrationRefused,
    participant_find,
    participant_merge,
    participant_register,
    participant_update,
    registration_remove,
)

from .factories import ParticipantFactory, RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def person(**overrides):
    return {
        "full_name": "Гергана Николова",
        "institution_name": "ДСП Русе",
        "institution_slug": "dsp",
        "institution_kind": "state",
        "email": "g.nikolova@example.invalid",
        "region": "ruse",
        "consent_date": datetime.date(2024, 3, 1),
        **overrides,
    }


# participant_register ---------------------------------------------------------------------------------


def test_participant_register_creates_a_new_person():
    session = TrainingSessionFactory()
    result = participant_register(session=session, person=person())
    assert not result.reused
    assert result.registration.participant.full_name == "Гергана Николова"
    assert Registration.objects.filter(session=session).count() == 1


def test_participant_register_reuses_a_person_with_the_same_email_in_another_case():
    existing = ParticipantFactory(email="G.Nikolova@Example.invalid", full_name="Гергана Николова-Петрова")
    result = participant_register(session=TrainingSessionFactory(), person=person())
    assert result.reused and result.registration.participant == existing
    assert Participant.objects.count() == 1


def test_participant_register_reuses_a_person_with_the_same_name_and_institution_in_any_case():
    existing = ParticipantFactory(full_name="ГЕРГАНА НИКОЛОВА", institution_name="дсп русе", email="")
    result = participant_register(session=TrainingSessionFactory(), person=person(email=""))
    assert result.reused and result.registration.participant == existing


def test_participant_register_same_name_other_institution_is_another_person():
    ParticipantFactory(full_name="Гергана Николова", institution_name="Община Русе", email="")
    result = participant_register(session=TrainingSessionFactory(), person=person(email=""))
    assert not result.reused
    assert Participant.objects.count() == 2


def test_participant_find_ignores_pseudonymised_people():
    ParticipantFactory(
        email="g.nikolova@example.invalid",
        pseudonymised_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    assert participant_find(full_name="x", email="g.nikolova@example.invalid") is None


def test_participant_register_requires_consent_for_a_new_person():
    session = TrainingSessionFactory()
    with pytest.raises(ValidationError) as error:
        participant_register(session=session, person=person(consent_date=None))
    assert "consent_date" in error.value.message_dict
    assert not Participant.objects.exists() and not Registration.objects.exists()


def test_participant_register_refuses_a_bad_email_and_writes_nothing():
    with pytest.raises(ValidationError) as error:
        participant_register(session=TrainingSessionFactory(), person=person(email="not-an-email"))
    assert "email" in error.value.message_dict
    assert not Participant.objects.exists()


def test_participant_register_refuses_a_duplicate_registration():
    registration = RegistrationFactory()
    with translation.override("en"), pytest.raises(RegistrationRefused, match="already registered"):
        participant_register(session=registration.session, participant=registration.participant)
    assert Registration.objects.count() == 1


def test_participant_register_refuses_over_capacity_without_creating_the_person():
    session = TrainingSessionFactory(capacity=1)
    RegistrationFactory(session=session)
    with translation.override("en"), pytest.raises(RegistrationRefused, match="full"):
        participant_register(session=session, person=person())
    assert Participant.objects.count() == 1
    assert Registration.objects.count() == 1


def test_registration_remove_refuses_once_a_certificate_exists():
    registration = RegistrationFactory(certificate_code="ABC-123")
    with pytest.raises(ValidationError):
        registration_remove(registration=registration)
    other = RegistrationFactory()
    registration_remove(registration=other)
    assert not Registration.objects.filter(pk=other.pk).exists()


def test_participant_update_keeps_consent_required():
    participant = ParticipantFactory()
    with pytest.raises(ValidationError):
        participant_update(participant=participant, fields={"consent_date": None})
    participant.refresh_from_db()
    assert participant.consent_date is not None
    participant_update(participant=participant, fields={"position": "началник сектор"})
    participant.refresh_from_db()
    assert participant.position == "началник сектор"


# participant_merge --------------------------------------------------------------------------------------


def test_participant_merge_moves_registrations_fills_blanks_and_deletes_the_other():
    keep = ParticipantFactory(full_name="Иван Колев", phone="", position="")
    remove = ParticipantFactory(full_name="Иван Колев", phone="+359 88 123 4567", position="инспектор")
    first, second = TrainingSessionFactory(), TrainingSessionFactory()
    RegistrationFactory(session=first, participant=keep)
    moved = RegistrationFactory(session=second, participant=remove)
    Attendance.objects.create(registration=moved, day=second.days.first())
    kept = participant_merge(keep=keep, remove=remove)
    assert kept.pk == keep.pk
    assert not Participant.objects.filter(pk=remove.pk).exists()
    sessions = Registration.objects.filter(participant=keep).values_list("session", flat=True)
    assert set(sessions) == {first.pk, second.pk}
    assert Attendance.objects.filter(registration__participant=keep).count() == 1
    kept.refresh_from_db()
    assert kept.phone == "+359 88 123 4567" and kept.position == "инспектор"


def test_participant_merge_refuses_people_registered_in_the_same_session():
    session = TrainingSessionFactory()
    keep = RegistrationFactory(session=session).participant
    remove = RegistrationFactory(session=session).participant
    with translation.override("en"), pytest.raises(ValidationError, match="same session"):
        participant_merge(keep=keep, remove=remove)
    assert Participant.objects.count() == 2 and Registration.objects.count() == 2


def test_participant_merge_refuses_the_same_person_twice():
    someone = ParticipantFactory()
    with pytest.raises(ValidationError):
        participant_merge(keep=someone, remove=someone)
    assert Participant.objects.filter(pk=someone.pk).exists()


# Pages --------------------------------------------------------------------------------------------------


def test_registration_add_page_registers_a_new_person_and_says_when_one_is_reused(client, trainer, demo):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    url = reverse("trainings:registration_add", args=[session.pk])
    data = {
        "action": "new",
        "new-full_name": "Пламен Русев",
        "new-institution_slug": "gdgp",
        "new-institution_name": "",
        "new-email": "p.rusev@example.invalid",
        "new-consent_date": "2024-03-01",
        "new-gender": "male",
    }
    response = client.post(url, data, follow=True)
    participant = Participant.objects.get(full_name="Пламен Русев")
    assert participant.institution_name == "Главна дирекция „Гранична полиция“"
    assert participant.institution_kind == "state"
    other = TrainingSessionFactory()
    response = client.post(
        reverse("trainings:registration_add", args=[other.pk]),
        {**data, "new-email": "P.Rusev@example.invalid"},
        follow=True,
    )
    assert Participant.objects.count() == 1
    assert "вече" in response.content.decode() or "already on file" in response.content.decode()


def test_registration_add_page_shows_refusals(client, trainer):
    session = TrainingSessionFactory(capacity=1)
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    url = reverse("trainings:registration_add", args=[session.pk])
    response = client.post(
        url, {"action": "existing", "participant": registration.participant.pk}, follow=True
    )
    assert Registration.objects.count() == 1
    assert any("registered" in str(m) or "записан" in str(m) for m in response.context["messages"])
    response = client.post(
        url, {"action": "new", "new-full_name": "Нов Човек", "new-consent_date": "2024-03-01"}
    )
    assert response.status_code == 200 and response.context["new_form"].non_field_errors()
    assert Registration.objects.count() == 1
    response = client.post(url, {"action": "new", "new-full_name": "", "new-email": "bad"})
    errors = response.context["new_form"].errors
    assert {"full_name", "email", "consent_date"} <= set(errors)


def test_registration_add_page_search_finds_people_by_cyrillic_text_in_any_case(client, trainer):
    ParticipantFactory(full_name="Цветелина Бонева", institution_name="Община Русе")
    session = TrainingSessionFactory()
    client.force_login(trainer)
    response = client.get(reverse("trainings:registration_add", args=[session.pk]), {"q": "БОНЕВА"})
    assert [p.full_name for p in response.context["found"]] == ["Цветелина Бонева"]


def test_participant_list_search_by_name_institution_and_email(client, trainer):
    ParticipantFactory(
        full_name="Цветелина Бонева", institution_name="Община Русе", email="cb@example.invalid"
    )
    ParticipantFactory(full_name="Атанас Генчев", institution_name="РДПБЗН Русе", email="ag@example.invalid")
    client.force_login(trainer)

    def names(q):
        page = client.get(reverse("trainings:participant_list"), {"q": q}).context["page"]
        return [p.full_name for p in page]

    assert names("бонева") == ["Цветелина Бонева"]
    assert names("рдпбзн") == ["Атанас Генчев"]
    assert names("AG@EXAMPLE") == ["Атанас Генчев"]
    assert names("Русе") == ["Атанас Генчев", "Цветелина Бонева"]


def test_participant_detail_lists_their_sessions(client, trainer):
    registration = RegistrationFactory()
    Attendance.objects.create(registration=registration, day=registration.session.days.first())
    client.force_login(trainer)
    response = client.get(reverse("trainings:participant_detail", args=[registration.participant.pk]))
    item = response.context["history"][0]
    assert (item.session, item.days_present, item.day_count) == (registration.session, 1, 3)


def test_participant_edit_page_saves_and_shows_errors(client, trainer):
    participant = ParticipantFactory()
    client.force_login(trainer)
    url = reverse("trainings:participant_edit", args=[participant.pk])
    response = client.post(url, {"full_name": "", "email": "bad", "consent_date": "2024-03-01"})
    assert {"full_name", "email"} <= set(response.context["form"].errors)
    response = client.post(
        url,
        {
            "full_name": "Веселина Драганова",
            "institution_name": "Община Русе",
            "consent_date": "2024-03-01",
            "gender": "self",
            "gender_description": "небинарна",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.full_name == "Веселина Драганова" and participant.gender_description == "небинарна"
    assert participant.institution_slug == "" and participant.institution_kind == ""


def test_participant_merge_page(client, trainer):
    session = TrainingSessionFactory()
    keep = ParticipantFactory(full_name="Емил Славов")
    twin = ParticipantFactory(full_name="Емил Славов")
    RegistrationFactory(session=session, participant=keep)
    RegistrationFactory(session=session, participant=twin)
    client.force_login(trainer)
    url = reverse("trainings:participant_merge")
    assert len(client.get(url, {"q": "славов"}).context["people"]) == 2
    response = client.post(url + "?q=славов", {"keep": keep.pk, "remove": twin.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert Participant.objects.count() == 2
    Registration.objects.filter(participant=twin).update(session=TrainingSessionFactory())
    response = client.post(url, {"keep": keep.pk, "remove": twin.pk})
    assert response.status_code == 302
    assert list(Participant.objects.all()) == [keep]
    assert client.post(url, {"keep": keep.pk, "remove": keep.pk}).status_code == 200
