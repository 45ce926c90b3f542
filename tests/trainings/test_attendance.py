"""Attendance per day (exactly the ticked set) and results (scores 0–100, satisfaction 1–5)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from trainings.models import Attendance, Registration
from trainings.services import ResultsRefused, attendance_set, results_save

from .factories import RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return TrainingSessionFactory()


def test_attendance_set_saves_exactly_the_ticked_set(session):
    a, b, c = RegistrationFactory.create_batch(3, session=session)
    day = session.days.first()
    attendance_set(day=day, registration_ids=[a.pk, b.pk])
    assert set(Attendance.objects.filter(day=day).values_list("registration", flat=True)) == {a.pk, b.pk}
    attendance_set(day=day, registration_ids=[b.pk, c.pk])
    assert set(Attendance.objects.filter(day=day).values_list("registration", flat=True)) == {b.pk, c.pk}
    attendance_set(day=day, registration_ids=[])
    assert not Attendance.objects.filter(day=day).exists()


def test_attendance_set_leaves_other_days_alone(session):
    a = RegistrationFactory(session=session)
    first, second = list(session.days.order_by("date"))[:2]
    attendance_set(day=second, registration_ids=[a.pk])
    attendance_set(day=first, registration_ids=[])
    assert Attendance.objects.filter(day=second, registration=a).exists()


def test_attendance_set_refuses_people_of_another_session_and_changes_nothing(session):
    mine = RegistrationFactory(session=session)
    other = RegistrationFactory()
    day = session.days.first()
    attendance_set(day=day, registration_ids=[mine.pk])
    with pytest.raises(ValidationError):
        attendance_set(day=day, registration_ids=[other.pk])
    assert list(Attendance.objects.values_list("registration", flat=True)) == [mine.pk]


def test_results_save_saves_scores(session):
    r = RegistrationFactory(session=session)
    results_save(
        session=session,
        results={
            r.pk: {"pre_test_score": 40, "post_test_score": 90, "satisfaction": 5, "evaluation": "Полезно."}
        },
    )
    r.refresh_from_db()
    assert (r.pre_test_score, r.post_test_score, r.satisfaction, r.evaluation) == (40, 90, 5, "Полезно.")


@pytest.mark.parametrize(
    "values, field",
    [
        ({"pre_test_score": 101}, "pre_test_score"),
        ({"post_test_score": 150}, "post_test_score"),
        ({"satisfaction": 0}, "satisfaction"),
        ({"satisfaction": 6}, "satisfaction"),
    ],
)
def test_results_save_refuses_out_of_range_values_for_the_whole_batch(session, values, field):
    good, bad = RegistrationFactory.create_batch(2, session=session)
    with pytest.raises(ResultsRefused) as error:
        results_save(session=session, results={good.pk: {"pre_test_score": 50}, bad.pk: values})
    assert list(error.value.by_registration) == [bad.pk]
    assert field in error.value.by_registration[bad.pk]
    good.refresh_from_db()
    assert good.pre_test_score is None


def test_results_save_refuses_a_registration_of_another_session(session):
    other = RegistrationFactory()
    with pytest.raises(ValidationError):
        results_save(session=session, results={other.pk: {"pre_test_score": 50}})


# Pages --------------------------------------------------------------------------------------------------


def test_attendance_page_ticks_and_saves(client, trainer, session):
    a, b = RegistrationFactory.create_batch(2, session=session)
    client.force_login(trainer)
    url = reverse("trainings:attendance_day", args=[session.pk, "2024-03-27"])
    response = client.post(url, {"present": [str(a.pk)]})
    assert response.status_code == 302
    rows = client.get(url).context["rows"]
    assert {row.registration.pk: row.ticked for row in rows} == {a.pk: True, b.pk: False}
    html = client.get(url).content.decode()
    assert f'value="{a.pk}" id="present-{a.pk}" checked' in html


def test_attendance_page_for_a_day_outside_the_session_is_a_404_with_a_message(client, trainer, session):
    client.force_login(trainer)
    for date in ("2024-04-01", "not-a-date", "2024-02-30"):
        response = client.get(reverse("trainings:attendance_day", args=[session.pk, date]))
        assert response.status_code == 404
        assert "27.03.2024" in response.content.decode()
    response = client.post(
        reverse("trainings:attendance_day", args=[session.pk, "2024-04-01"]), {"present": []}
    )
    assert response.status_code == 404


def test_attendance_page_refuses_foreign_registrations(client, trainer, session):
    other = RegistrationFactory()
    client.force_login(trainer)
    url = reverse("trainings:attendance_day", args=[session.pk, "2024-03-27"])
    response = client.post(url, {"present": [str(other.pk), "junk"]})
    assert response.status_code == 200
    assert not Attendance.objects.exists()


def _results_data(registrations, **values):
    data = {"results-TOTAL_FORMS": str(len(registrations)), "results-INITIAL_FORMS": str(len(registrations))}
    for i, r in enumerate(registrations):
        data |= {
            f"results-{i}-id": str(r.pk),
            f"results-{i}-pre_test_score": "50",
            f"results-{i}-post_test_score": "80",
            f"results-{i}-satisfaction": "4",
            f"results-{i}-evaluation": "",
        }
    data |= values
    return data


def test_results_page_saves_all_rows(client, trainer, session):
    registrations = sorted(
        RegistrationFactory.create_batch(2, session=session), key=lambda r: r.participant.full_name
    )
    client.force_login(trainer)
    response = client.post(reverse("trainings:results_edit", args=[session.pk]), _results_data(registrations))
    assert response.status_code == 302
    assert set(Registration.objects.values_list("post_test_score", flat=True)) == {80}


def test_results_page_out_of_range_values_are_field_errors_and_nothing_is_saved(client, trainer, session):
    registrations = sorted(
        RegistrationFactory.create_batch(2, session=session), key=lambda r: r.participant.full_name
    )
    client.force_login(trainer)
    response = client.post(
        reverse("trainings:results_edit", args=[session.pk]),
        _results_data(registrations, **{"results-1-post_test_score": "120", "results-0-satisfaction": "9"}),
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert "satisfaction" in formset.forms[0].errors and "post_test_score" in formset.forms[1].errors
    assert set(Registration.objects.values_list("post_test_score", flat=True)) == {None}


def test_results_page_ignores_rows_of_another_session(client, trainer, session):
    mine = RegistrationFactory(session=session)
    other = RegistrationFactory()
    client.force_login(trainer)
    data = _results_data([mine])
    data["results-0-id"] = str(other.pk)
    response = client.post(reverse("trainings:results_edit", args=[session.pk]), data)
    other.refresh_from_db()
    assert other.post_test_score is None
    assert response.status_code == 200


def test_mark_all_present_ticks_everyone_of_the_session_for_that_day_only(client, trainer, session):
    registrations = RegistrationFactory.create_batch(3, session=session)
    other = RegistrationFactory()  # another session's person stays unmarked
    first, second = session.days.order_by("date")[:2]
    Attendance.objects.create(registration=registrations[0], day=first)
    client.force_login(trainer)
    with translation.override("en"):
        url = reverse("trainings:attendance_day", args=[session.pk, first.date.isoformat()])
    assert "Mark all present" in client.get(url).content.decode()
    response = client.post(url, {"all_present": "1"})
    assert response.status_code == 302
    present = set(Attendance.objects.filter(day=first).values_list("registration_id", flat=True))
    assert present == {r.pk for r in registrations}
    assert not Attendance.objects.filter(day=second).exists()
    assert not Attendance.objects.filter(registration=other).exists()
    messages = [str(m) for m in client.get(url).context["messages"]]
    assert any("3 present" in m for m in messages)
