"""factory_boy factories for meeting records (fictional people only)."""

import datetime

import factory

from meetings.models import Meeting, MeetingAttendance, Proposal

from ..trainings.factories import ParticipantFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = datetime.date(2024, 6, 12)
    town = "Русе"
    venue = "Областна администрация"
    organiser = "Фондация „Пример“"
    agenda = "- Пътната карта\n- Предложения"
    minutes = "Обсъдени бяха **сроковете**."


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    participant = factory.SubFactory(ParticipantFactory)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    meeting = factory.SubFactory(MeetingFactory)
    kind = Proposal.Kind.PROPOSAL
    text = "Да се уточни кой уведомява ДСП извън работно време."
    owner_institution = "inst-1"
    step_slugs = factory.LazyFunction(lambda: ["step-3"])
