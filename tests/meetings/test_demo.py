"""The demo meetings: Русе (12.06.2024) and Хасково (03.07.2024), with people who also came to the demo
trainings, proposals in every status on real demo steps, and change notes the coordinators see."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from meetings.demo import demo_meetings_load
from meetings.models import Meeting, MeetingAttendance, Proposal
from roadmap.demo import demo_load
from roadmap.models import Step, StepChangeNote
from trainings.demo import demo_trainings_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_roadmap_and_trainings():
    demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")
    demo_trainings_load()


def test_demo_meetings_load_ruse_and_haskovo_with_proposals_and_change_notes(
    demo_roadmap_and_trainings, client, coordinator
):
    result = demo_meetings_load()

    assert result is not None and result.meetings == 2
    assert list(Meeting.objects.order_by("date").values_list("town", "date")) == [
        ("Русе", datetime.date(2024, 6, 12)),
        ("Хасково", datetime.date(2024, 7, 3)),
    ]
    assert set(Proposal.objects.values_list("status", flat=True)) == {"proposed", "agreed", "done"}
    assert set(Proposal.objects.values_list("kind", flat=True)) == {"proposal", "decision"}
    slugs = {slug for steps in Proposal.objects.values_list("step_slugs", flat=True) for slug in steps}
    assert slugs <= set(Step.objects.values_list("slug", flat=True))
    # the same people records as the trainings: some came to a training too, one person to both meetings
    assert MeetingAttendance.objects.filter(participant__registrations__isnull=False).exists()
    assert MeetingAttendance.objects.filter(participant__full_name="Надежда Костова").count() == 2
    notes = StepChangeNote.objects.all()
    assert result.change_notes == notes.count() >= 2
    client.force_login(coordinator)
    page = client.get(reverse("manage:step_edit", kwargs={"slug": "d-out-of-hours"})).content.decode()
    assert "Единен дежурен телефон" in page and "Консултативна среща, Русе, 12.06.2024" in page


def test_loading_the_demo_meetings_twice_changes_nothing(demo_roadmap_and_trainings):
    call_command("load_demo_meetings")
    counts = (Meeting.objects.count(), Proposal.objects.count(), StepChangeNote.objects.count())
    assert demo_meetings_load() is None
    call_command("load_demo_meetings")
    assert (Meeting.objects.count(), Proposal.objects.count(), StepChangeNote.objects.count()) == counts
