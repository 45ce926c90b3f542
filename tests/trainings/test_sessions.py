"""Sessions: the session_save service (days follow the dates), the list/create/edit/detail pages, three
actors on every trainers' URL, no personal data for anonymous visitors, constant query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainings.models import Attendance, Participant, Registration, SessionDay, TrainingSession
from trainings.services import DayDetails, session_save

from .factories import AttendanceFactory, ParticipantFactory, RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def fields(**overrides):
    return {
        "title": "Обучение Русе",
        "region": "ruse",
        "town": "Русе",
        "start_date": D(2024, 3, 27),
        "end_date": D(2024, 3, 29),
        "capacity": 30,
        **overrides,
    }


# session_save ---------------------------------------------------------------------------------------


def test_session_save_creates_one_day_per_date_with_details():
    details = {D(2024, 3, 28): DayDetails(agenda="Оценка на възрастта", contact_hours=Decimal("4.5"))}
    session = session_save(fields=fields(), day_details=details)
    days = list(session.days.order_by("date"))
    assert [d.date for d in days] == [D(2024, 3, 27), D(2024, 3, 28), D(2024, 3, 29)]
    assert days[1].agenda == "Оценка на възрастта" and days[1].contact_hours == Decimal("4.5")
    assert days[0].contact_hours == Decimal("6")


def test_session_save_moves_days_with_the_dates_and_keeps_agendas():
    session = session_save(fields=fields(), day_details={D(2024, 3, 28): DayDetails(agenda="Ден 2")})
    session_save(session=session, fields={"start_date": D(2024, 3, 28), "end_date": D(2024, 3, 31)})
    assert [d.date for d in session.days.order_by("date")] == [D(2024, 3, d) for d in (28, 29, 30, 31)]
    assert session.days.get(date=D(2024, 3, 28)).agenda == "Ден 2"


def test_session_save_sets_organisers(trainer):
    session = session_save(fields=fields(), organisers=[trainer])
    assert list(session.organisers.all()) == [trainer]


def test_session_save_refuses_end_before_start():
    with pytest.raises(ValidationError) as error:
        session_save(fields=fields(start_date=D(2024, 3, 29), end_date=D(2024, 3, 27)))
    assert "end_date" in error.value.message_dict
    assert not TrainingSession.objects.exists()


def test_session_save_refuses_capacity_below_registrations():
    session = TrainingSessionFactory(capacity=5)
    RegistrationFactory.create_batch(3, session=session)
    with pytest.raises(ValidationError) as error:
        session_save(session=session, fields={"capacity": 2})
    assert "capacity" in error.value.message_dict
    session.refresh_from_db()
    assert session.capacity == 5


def test_session_save_refuses_details_for_a_day_outside_the_dates():
    with pytest.raises(ValidationError) as error:
        session_save(fields=fields(), day_details={D(2024, 4, 1): DayDetails(agenda="x")})
    assert "days" in error.value.message_dict
    assert not SessionDay.objects.exists() and not TrainingSession.objects.exists()


def test_session_save_refuses_dropping_a_day_with_attendance():
    session = TrainingSessionFactory()
    registration = RegistrationFactory(session=session)
    Attendance.objects.create(registration=registration, day=session.days.get(date=D(2024, 3, 29)))
    with pytest.raises(ValidationError) as error:
        session_save(session=session, fields={"end_date": D(2024, 3, 28)})
    assert "end_date" in error.value.message_dict
    assert session.days.count() == 3


def test_session_save_refuses_more_days_required_than_days():
    with pytest.raises(ValidationError) as error:
        session_save(fields=fields(days_required=4))
    assert "days_required" in error.value.message_dict


def test_session_save_refuses_bad_contact_hours_and_writes_nothing():
    with pytest.raises(ValidationError):
        session_save(fields=fields(), day_details={D(2024, 3, 27): DayDetails(contact_hours=Decimal("30"))})
    assert not TrainingSession.objects.exists()


# Pages ----------------------------------------------------------------------------------------------


@pytest.fixture
def registration():
    return RegistrationFactory(participant=ParticipantFactory(full_name="Радостина Петрова"))


def test_trainer_removes_a_registration_after_confirming(client, trainer, registration):
    client.force_login(trainer)
    url = reverse("trainings:registration_remove", args=[registration.session.pk, registration.pk])
    assert "Радостина Петрова" in client.get(url).content.decode()
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert client.post(url).status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert Participant.objects.filter(pk=registration.participant.pk).exists()
    assert client.post(url).status_code == 404


def test_session_create_page_saves_a_session_with_its_days(client, trainer, demo):
    client.force_login(trainer)
    response = client.post(
        reverse("trainings:session_create"),
        {
            "title": "Обучение Хасково",
            "region": "haskovo",
            "town": "Хасково",
            "venue": "",
            "start_date": "2024-04-17",
            "end_date": "2024-04-19",
            "format": "in_person",
            "status": "planned",
            "capacity": "25",
            "language": "bg",
            "issuer": "Сдружение „Български Червен кръст“",
            "organisers": [trainer.pk],
            "target_institutions": ["gdgp", "dsp"],
            "covered_stages": ["identification"],
            "covered_steps": [],
            "days_required": "",
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:session_detail", args=[session.pk])
    assert session.target_institutions == ["gdgp", "dsp"] and session.covered_stages == ["identification"]
    assert session.days.count() == 3
    assert list(session.organisers.all()) == [trainer]


def test_session_create_page_shows_field_errors_in_bulgarian(client, trainer):
    client.force_login(trainer)
    response = client.post(
        reverse("trainings:session_create"),
        {
            "title": "Х",
            "region": "haskovo",
            "town": "Хасково",
            "start_date": "2024-04-19",
            "end_date": "2024-04-17",
            "format": "in_person",
            "status": "planned",
            "capacity": "25",
            "language": "bg",
            "target_institutions": ["no-such-institution"],
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "target_institutions" in form.errors
    assert not TrainingSession.objects.exists()


def edit_data(session, **overrides):
    """The edit page's POST of `session` (in Русе, from 27.03.2024), with each of its days unchanged."""
    data = {
        "title": session.title,
        "region": "ruse",
        "town": "Русе",
        "start_date": "2024-03-27",
        "format": "in_person",
        "status": "held",
        "language": "bg",
        "issuer": session.issuer,
        **overrides,
    }
    days = list(session.days.order_by("date"))
    data |= {"days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": str(len(days))}
    for i, day in enumerate(days):
        data |= {
            f"days-{i}-date": day.date.isoformat(),
            f"days-{i}-agenda": "",
            f"days-{i}-contact_hours": "6",
        }
    return data


def test_session_edit_page_refuses_capacity_below_registrations_next_to_the_field(client, trainer):
    session = TrainingSessionFactory(capacity=10)
    RegistrationFactory.create_batch(4, session=session)
    client.force_login(trainer)
    data = edit_data(session, end_date="2024-03-29", capacity="3")
    response = client.post(reverse("trainings:session_edit", args=[session.pk]), data)
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    session.refresh_from_db()
    assert session.capacity == 10


def test_session_edit_page_saves_agendas_and_drops_days_outside_new_dates(client, trainer):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    data = edit_data(session, end_date="2024-03-28", capacity="40")
    data["days-0-agenda"] = "Въведение"
    data["days-1-contact_hours"] = "3.5"
    response = client.post(reverse("trainings:session_edit", args=[session.pk]), data)
    assert response.status_code == 302
    days = list(session.days.order_by("date"))
    assert [d.date for d in days] == [D(2024, 3, 27), D(2024, 3, 28)]
    assert days[0].agenda == "Въведение" and days[1].contact_hours == Decimal("3.5")


def test_session_edit_page_refuses_an_edited_day_outside_the_new_dates(client, trainer):
    session = TrainingSessionFactory()
    client.force_login(trainer)
    data = edit_data(session, end_date="2024-03-28", capacity="40")
    data["days-2-agenda"] = "Ден 3"
    response = client.post(reverse("trainings:session_edit", args=[session.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert session.days.count() == 3


def test_session_list_filters_and_counts(client, trainer):
    ruse = TrainingSessionFactory(title="Русе 2024")
    TrainingSessionFactory(
        title="Хасково 2024", region="haskovo", start_date=D(2024, 4, 17), end_date=D(2024, 4, 19)
    )
    TrainingSessionFactory(
        title="Бургас 2023",
        region="burgas",
        start_date=D(2023, 5, 1),
        end_date=D(2023, 5, 1),
        status=TrainingSession.Status.PLANNED,
    )
    registrations = RegistrationFactory.create_batch(3, session=ruse)
    AttendanceFactory(registration=registrations[0])
    AttendanceFactory(registration=registrations[0], day=ruse.days.last())
    AttendanceFactory(registration=registrations[1])
    client.force_login(trainer)
    response = client.get(reverse("trainings:session_list"))
    rows = {s.title: s for s in response.context["page"].object_list}
    assert (rows["Русе 2024"].registered, rows["Русе 2024"].attended) == (3, 2)

    def titles(query):
        page = client.get(reverse("trainings:session_list"), query).context["page"]
        return [s.title for s in page.object_list]

    assert titles({"region": "haskovo"}) == ["Хасково 2024"]
    assert titles({"year": "2023"}) == ["Бургас 2023"]
    assert titles({"status": "planned"}) == ["Бургас 2023"]
    assert titles({"when": "upcoming"}) == []
    # nonsense filters are ignored, never a 500
    assert client.get(reverse("trainings:session_list"), {"year": "abc", "region": "mars"}).status_code == 200


def test_session_detail_shows_participants_attendance_and_print_slot(client, trainer):
    session = TrainingSessionFactory()
    registration = RegistrationFactory(
        session=session,
        participant=ParticipantFactory(full_name="Десислава Колева"),
        pre_test_score=40,
        post_test_score=85,
    )
    AttendanceFactory(registration=registration)
    client.force_login(trainer)
    response = client.get(reverse("trainings:session_detail", args=[session.pk]))
    html = response.content.decode()
    assert "Десислава Колева" in html and "85" in html
    row = response.context["sheet"].rows[0]
    assert row.present == [True, False, False]
    assert "trainings/_session_print_links.html" in [t.name for t in response.templates]


def _bulk_participants(session, count):
    people = Participant.objects.bulk_create(
        [
            Participant(
                full_name=f"Участник {n:05d}", institution_name="ОДМВР Русе", email=f"p{n}@example.invalid"
            )
            for n in range(count)
        ]
    )
    registrations = Registration.objects.bulk_create(
        [Registration(session=session, participant=p) for p in people]
    )
    days = list(session.days.all())
    Attendance.objects.bulk_create(
        [Attendance(registration=r, day=d) for r in registrations for d in days[:2]]
    )


@pytest.mark.parametrize(
    "name",
    [
        "session_list",
        "session_detail",
        "attendance_day",
        "results_edit",
        "participant_list",
        "registration_add",
    ],
)
def test_pages_issue_a_fixed_number_of_queries(client, trainer, django_assert_max_num_queries, name):
    small, large = TrainingSessionFactory(capacity=1000), TrainingSessionFactory(capacity=1000)
    _bulk_participants(small, 10)
    _bulk_participants(large, 300)
    client.force_login(trainer)
    counts = []
    for session in (small, large):
        args = {
            "session_list": [],
            "participant_list": [],
            "session_detail": [session.pk],
            "attendance_day": [session.pk, "2024-03-27"],
            "results_edit": [session.pk],
            "registration_add": [session.pk],
        }[name]
        url = reverse(f"trainings:{name}", args=args)
        client.get(url)  # warm-up: session and permission caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        client.get(url)


def test_the_session_list_is_paged_and_pages_keep_the_filters(client, trainer):
    for n in range(55):
        TrainingSessionFactory(title=f"Сесия {n:02d}", region="haskovo", with_days=False)
    TrainingSessionFactory(title="Другаде", region="ruse", with_days=False)
    client.force_login(trainer)
    first = client.get(reverse("trainings:session_list"), {"region": "haskovo"})
    assert len(first.context["page"].object_list) == 50
    assert "?region=haskovo&amp;page=2" in first.content.decode()
    second = client.get(reverse("trainings:session_list"), {"region": "haskovo", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert "Другаде" not in second.content.decode()
    assert client.get(reverse("trainings:session_list"), {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize(
    ("actor", "sees_it"),
    [
        ("anonymous", False),
        ("officer", False),
        ("coordinator", False),
        ("trainer", True),
        ("administrator", True),
    ],
)
def test_the_main_menu_leads_trainers_and_administrators_to_the_trainings(client, request, actor, sees_it):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("roadmap:home"))
    assert response.status_code == 200
    html = response.content.decode()
    menu = html[html.index('id="main-nav"') : html.index("</nav>")]
    assert (f'href="{reverse("trainings:session_list")}"' in menu) is sees_it


def test_a_new_session_offers_the_configured_issuer_and_refuses_none(client, trainer, settings):
    settings.TRAININGS_CERTIFICATE_ISSUER = "Сдружение „Примерен издател“"
    client.force_login(trainer)
    form = client.get(reverse("trainings:session_create")).context["form"]
    assert form["issuer"].value() == "Сдружение „Примерен издател“"
    session = TrainingSessionFactory()
    response = client.post(
        reverse("trainings:session_edit", args=[session.pk]), edit_data(session, issuer="")
    )
    assert response.status_code == 200 and response.context["form"].errors["issuer"]
    session.refresh_from_db()
    assert session.issuer == "Сдружение „Примерен издател“"


def test_long_selects_are_marked_searchable_and_their_scripts_exist(client, trainer, demo):
    from django.contrib.staticfiles import finders

    client.force_login(trainer)
    html = client.get(reverse("trainings:session_create")).content.decode()
    for name in ("target_institutions", "covered_stages", "covered_steps"):
        select = re.search(rf'<select name="{name}"[^>]*>', html).group(0)
        assert "data-searchable" in select and "multiple" in select  # a plain multiple select underneath
    scripts = re.findall(r'<script src="/static/([^"]+)"', html)
    assert (
        "vendor/tom-select/js/tom-select.complete.min.js" in scripts and "js/searchable-select.js" in scripts
    )
    assert "<script>" not in html  # nothing inline (CSP)
    for path in (*scripts, "vendor/tom-select/css/tom-select.bootstrap5.min.css"):
        assert finders.find(path), path
    session = TrainingSessionFactory()
    registration = RegistrationFactory(session=session)
    html = client.get(
        reverse("trainings:participant_edit", args=[registration.participant_id])
    ).content.decode()
    assert re.search(r'<select name="institution_slug"[^>]*data-searchable', html)
