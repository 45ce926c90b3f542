import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MeetingAttendance, Proposal
from roadmap.models import StepChangeNote
from roadmap.synthetic import synthetic_document

from ..trainings.factories import ParticipantFactory
from .factories import MeetingAttendanceFactory, MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(publish):
    """A small roadmap in the working copy and published (steps step-0 … step-7, institutions inst-0 …)."""
    return publish(synthetic_document(steps=8, institutions=3, stages=2, references=3, terms=3))


def test_a_proposal_from_a_meeting_appears_on_the_coordinators_step_page(
    client, trainer, coordinator, roadmap
):
    client.force_login(trainer)
    meeting = MeetingFactory(town="Хасково", date=datetime.date(2024, 7, 3))
    response = client.post(
        reverse("meetings:proposal_add", kwargs={"pk": meeting.pk}),
        {
            "kind": "proposal",
            "text": "Уведомяването на ОЗД да става и по телефона извън работно време.",
            "owner_institution": "inst-1",
            "step_slugs": ["step-3"],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    response = client.post(
        reverse("meetings:proposal_change_notes", kwargs={"pk": meeting.pk, "proposal_id": proposal.pk})
    )
    assert response.status_code == 302

    client.force_login(coordinator)
    page = client.get(reverse("manage:step_edit", kwargs={"slug": "step-3"})).content.decode()
    assert "Уведомяването на ОЗД да става и по телефона извън работно време." in page
    assert "Хасково, 03.07.2024" in page
    assert reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}) in page

    note = StepChangeNote.objects.get()
    response = client.post(
        reverse("manage:change_note_handle", kwargs={"slug": "step-3", "note_id": note.pk})
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == StepChangeNote.Status.HANDLED and note.handled_by == coordinator
    other_step = client.get(reverse("manage:step_edit", kwargs={"slug": "step-4"})).content.decode()
    assert "Уведомяването на ОЗД" not in other_step


def test_create_a_meeting_then_see_it(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "date": "2024-06-12",
            "town": "Русе",
            "venue": "Областна администрация",
            "organiser": "ДАЗД",
            "agenda": "- Пътната карта",
            "minutes": "Решено: **да** <script>alert(1)</script>",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.created_by == coordinator
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>да</strong>" in page
    assert "<script>alert" not in page


def test_a_bad_meeting_is_refused_next_to_the_field_and_nothing_stored(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("meetings:meeting_create"), {"date": "12.13.2024", "town": "", "organiser": ""}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"date", "town", "organiser"} <= set(form.errors)
    assert not Meeting.objects.exists()


def test_adding_a_new_person_who_is_on_file_adds_the_record_on_file(client, trainer):
    client.force_login(trainer)
    known = ParticipantFactory(
        full_name="Петър Петров", institution_name="ДАБ", email="p.petrov@example.invalid"
    )
    meeting = MeetingFactory()
    response = client.post(
        reverse("meetings:participant_add", kwargs={"pk": meeting.pk}),
        {
            "action": "new",
            "new-full_name": "Петър Петров",
            "new-institution_slug": "",
            "new-institution_name": "ДАБ при МС",
            "new-email": "P.Petrov@example.invalid",
            "new-consent_date": "2024-06-12",
        },
    )
    assert response.status_code == 302
    assert list(MeetingAttendance.objects.values_list("participant_id", flat=True)) == [known.pk]


def test_an_officer_sees_no_menu_entry_and_staff_do(client, officer, trainer):
    url = reverse("meetings:meeting_list")
    client.force_login(officer)
    assert url not in client.get(reverse("accounts:security"), follow=True).content.decode()
    client.force_login(trainer)
    assert url in client.get(url).content.decode()


def _meeting_with(people: int, proposals: int) -> Meeting:
    meeting = MeetingFactory()
    for index in range(people):
        MeetingAttendanceFactory(
            meeting=meeting, participant=ParticipantFactory(institution_name=f"Институция {index % 4}")
        )
    for index in range(proposals):
        ProposalFactory(meeting=meeting, status=("proposed", "agreed", "done")[index % 3])
    return meeting


@pytest.mark.parametrize(
    ("name", "kwargs", "limit"),
    [
        ("meetings:meeting_list", {}, 7),
        ("meetings:meeting_detail", {"pk": None}, 9),
        ("meetings:participant_add", {"pk": None}, 9),
        ("meetings:meeting_edit", {"pk": None}, 6),
        ("meetings:proposal_add", {"pk": None}, 6),
    ],
)
def test_pages_issue_a_fixed_number_of_queries(
    client, trainer, roadmap, django_assert_max_num_queries, name, kwargs, limit
):
    client.force_login(trainer)
    small = _meeting_with(2, 2)
    url = reverse(name, kwargs={k: small.pk for k in kwargs})
    client.get(url)  # the edition is read once per process, then cached
    with django_assert_max_num_queries(limit) as few:
        assert client.get(url + "?q=Участник").status_code == 200
    big = _meeting_with(60, 30)
    for _ in range(20):
        MeetingFactory()
    url = reverse(name, kwargs={k: big.pk for k in kwargs})
    with django_assert_max_num_queries(limit) as many:
        assert client.get(url + "?q=Участник").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_programme_dashboard_counts_meetings_and_proposals(client, trainer, officer):
    MeetingFactory(date=datetime.date(2024, 6, 12))
    meeting = MeetingFactory(date=datetime.date(2024, 7, 3), town="Хасково")
    MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=30))
    for status in ("proposed", "agreed", "agreed", "done"):
        ProposalFactory(meeting=meeting, status=status)
    client.force_login(trainer)
    response = client.get(reverse("trainings:dashboard"))
    figures = response.context["panels"][0].context["figures"]
    assert figures.held == 2 and figures.planned == 1
    assert {value: count for value, _label, count in figures.by_status} == {
        "proposed": 1,
        "agreed": 2,
        "done": 1,
    }
    assert figures.proposals == sum(count for _value, _label, count in figures.by_status) == 4
    page = response.content.decode()
    assert 'data-figure="meetings-held">2<' in page
    assert 'data-figure="proposals-agreed">2<' in page
