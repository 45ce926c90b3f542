"""factory_boy factories for training records (fictional people only)."""

import datetime

import factory

from trainings.models import Attendance, Participant, Registration, SessionDay, TrainingSession


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True  # the days hook creates rows of its own; the session is saved

    title = factory.Sequence(lambda n: f"Обучение по пътната карта № {n}")
    region = "ruse"
    town = "Русе"
    venue = "Хотелски комплекс"
    start_date = datetime.date(2024, 3, 27)
    end_date = datetime.date(2024, 3, 29)
    status = TrainingSession.Status.HELD
    capacity = 40
    funding_programme = "Програма „Вътрешни работи“"
    project_code = "BGHOMEAFFAIRS-1.005-0001-C01"

    @factory.post_generation
    def with_days(obj, create, extracted, **kwargs):
        """One SessionDay per date (pass with_days=False to skip)."""
        if not create or extracted is False:
            return
        day = obj.start_date
        while day <= obj.end_date:
            SessionDay.objects.create(session=obj, date=day, agenda="", contact_hours=6)
            day += datetime.timedelta(days=1)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Участник Тестов {n}")
    institution_slug = "odmvr"
    institution_name = "Областна дирекция на МВР"
    institution_kind = "state"
    position = "инспектор"
    region = "ruse"
    email = factory.Sequence(lambda n: f"participant{n}@example.invalid")
    gender = Participant.Gender.FEMALE
    consent_date = datetime.date(2024, 3, 1)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(TrainingSessionFactory)
    participant = factory.SubFactory(ParticipantFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    day = factory.LazyAttribute(lambda o: o.registration.session.days.first())


def attend(registration: Registration, days: int) -> Registration:
    """Mark the registration present on the first `days` days of its session."""
    for day in list(registration.session.days.order_by("date"))[:days]:
        Attendance.objects.create(registration=registration, day=day)
    return registration
