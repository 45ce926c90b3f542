import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import MeetingAttendance, Proposal
from roadmap.models import StepChangeNote
from roadmap.synthetic import synthetic_document
from trainings.models import Participant
from trainings.services import participant_merge

from ..trainings.factories import ParticipantFactory, RegistrationFactory
from .factories import MeetingAttendanceFactory, MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db

PERSON = {
    "full_name": "Мария  Иванова",
    "institution_slug": "",
    "institution_name": "ОЗД Русе",
    "institution_kind": "",
    "position": "социален работник",
    "region": "ruse",
    "email": "",
    "phone": "",
    "gender": "",
    "gender_description": "",
    "consent_date": datetime.date(2024, 6, 12),
}


def test_attendance_add_reuses_the_person_a_training_already_recorded():
    trained = ParticipantFactory(full_name="Мария Иванова", institution_name="ОЗД Русе", email="")
    RegistrationFactory(participant=trained)
    meeting = MeetingFactory()

    added = services.attendance_add(meeting=meeting, person=PERSON)

    assert added.reused and added.attendance.participant == trained
    assert Participant.objects.count() == 1


def test_attendance_add_creates_a_new_person_once():
    first, second = MeetingFactory(), MeetingFactory(town="Хасково")
    services.attendance_add(meeting=first, person=PERSON)
    again = services.attendance_add(meeting=second, person=PERSON)
    assert again.reused
    assert Participant.objects.count() == 1
    assert MeetingAttendance.objects.filter(participant=again.attendance.participant).count() == 2


def test_attendance_add_refuses_a_new_person_without_consent_and_writes_nothing():
    with pytest.raises(ValidationError) as refused:
        services.attendance_add(meeting=MeetingFactory(), person={**PERSON, "consent_date": None})
    assert "consent_date" in refused.value.message_dict
    assert not Participant.objects.exists() and not MeetingAttendance.objects.exists()


def test_attendance_add_refuses_someone_already_recorded():
    attendance = MeetingAttendanceFactory()
    with pytest.raises(ValidationError):
        services.attendance_add(meeting=attendance.meeting, participant=attendance.participant)
    assert MeetingAttendance.objects.count() == 1


def test_merging_participants_in_trainings_moves_their_meeting_attendance():
    keep, remove = ParticipantFactory(), ParticipantFactory()
    shared, only_removed = MeetingFactory(), MeetingFactory(town="Хасково")
    for meeting in (shared, only_removed):
        MeetingAttendanceFactory(meeting=meeting, participant=remove)
    MeetingAttendanceFactory(meeting=shared, participant=keep)

    participant_merge(keep=keep, remove=remove)

    assert not Participant.objects.filter(pk=remove.pk).exists()
    assert sorted(MeetingAttendance.objects.values_list("meeting__town", "participant_id")) == [
        ("Русе", keep.pk),
        ("Хасково", keep.pk),
    ]


@pytest.mark.parametrize(
    ("start", "wanted", "allowed"),
    [
        ("proposed", "agreed", True),
        ("agreed", "done", True),
        ("agreed", "proposed", True),
        ("done", "agreed", True),
        ("proposed", "done", False),
        ("done", "proposed", False),
        ("proposed", "proposed", False),
        ("agreed", "bogus", False),
    ],
)
def test_proposal_status_follows_the_allowed_transitions(start, wanted, allowed):
    proposal = ProposalFactory(status=start)
    if allowed:
        assert services.proposal_set_status(proposal=proposal, status=wanted).status == wanted
    else:
        with pytest.raises(ValidationError) as refused:
            services.proposal_set_status(proposal=proposal, status=wanted)
        assert "status" in refused.value.message_dict
        proposal.refresh_from_db()
        assert proposal.status == start


def test_proposal_save_refuses_an_empty_text_with_the_field_named():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as refused:
        services.proposal_save(
            meeting=meeting,
            fields={"kind": "proposal", "text": "   ", "owner_institution": "dazd", "step_slugs": []},
        )
    assert "text" in refused.value.message_dict
    assert not Proposal.objects.exists()


def test_a_proposal_raises_one_change_note_per_known_step_once(publish):
    publish(synthetic_document(steps=8, institutions=3, stages=2, references=3, terms=3))
    proposal = ProposalFactory(step_slugs=["step-3", "step-5", "no-such-step"])

    raised = services.proposal_raise_change_notes(proposal=proposal, origin_label="Русе", origin_url="/bg/x/")
    again = services.proposal_raise_change_notes(proposal=proposal, origin_label="Русе", origin_url="/bg/x/")

    assert sorted(n.step_slug for n in raised.created) == ["step-3", "step-5"]
    assert raised.unknown == ["no-such-step"]
    assert again.created == [] and sorted(again.already) == ["step-3", "step-5"]
    assert StepChangeNote.objects.filter(origin_key=proposal.change_note_key).count() == 2


def test_a_proposal_without_steps_raises_no_note():
    with pytest.raises(ValidationError):
        services.proposal_raise_change_notes(
            proposal=ProposalFactory(step_slugs=[]), origin_label="Русе", origin_url=""
        )
    assert not StepChangeNote.objects.exists()
