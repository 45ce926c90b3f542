"""Demo trainings: the Русе, Хасково and Стара Загора sessions of 2024 and one planned session, with
fictional participants (generated, deterministic), attendance, scores and ratings."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from .models import Participant, Registration, SessionDay, TrainingSession
from .services import (
    DayDetails,
    attendance_set,
    participant_register,
    results_save,
    session_dates,
    session_save,
)

FEMALE_FIRST = [
    "Мария",
    "Елена",
    "Иванка",
    "Десислава",
    "Гергана",
    "Петя",
    "Радостина",
    "Силвия",
    "Надежда",
    "Цветелина",
    "Диана",
    "Жана",
    "Милена",
    "Теодора",
    "Веселина",
    "Красимира",
    "Боряна",
    "Ралица",
]
MALE_FIRST = [
    "Георги",
    "Иван",
    "Димитър",
    "Николай",
    "Петър",
    "Стоян",
    "Христо",
    "Тодор",
    "Васил",
    "Калоян",
    "Атанас",
    "Йордан",
    "Пламен",
    "Светослав",
    "Емил",
    "Красимир",
    "Борислав",
    "Радослав",
]
SURNAMES = [
    "Петков",
    "Илиев",
    "Стоянов",
    "Димитров",
    "Колев",
    "Маринов",
    "Тодоров",
    "Ангелов",
    "Костадинов",
    "Станчев",
    "Николов",
    "Генчев",
    "Пенев",
    "Русев",
    "Йорданов",
    "Вълчев",
    "Христов",
    "Михайлов",
    "Бонев",
    "Славов",
    "Кирилов",
    "Добрев",
    "Желязков",
    "Атанасов",
    "Драганов",
]
EVALUATIONS = [
    "Много полезно, особено случаите от практиката.",
    "Ясно кой какво прави и в какъв срок — ще ползвам картата на телефона.",
    "Бих искал повече време за оценката на възрастта.",
    "Добра организация, полезни материали.",
    "",
    "",
]


@dataclass
class DemoTrainings:
    sessions: int
    participants: int
    registrations: int


def _person(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        female = rng.random() < 0.55
        first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        surname = rng.choice(SURNAMES) + ("а" if female else "")
        name = f"{first} {surname}"
        if name not in used:
            used.add(name)
            return name, "female" if female else "male"


_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sht",
        "ъ": "a",
        "ь": "y",
        "ю": "yu",
        "я": "ya",
    }
)


def _email(name: str) -> str:
    first, last = name.lower().translate(_TRANSLIT).split(" ", 1)
    return f"{first}.{last}@example.invalid"


@transaction.atomic
def demo_trainings_load(*, path: str | Path | None = None) -> DemoTrainings | None:
    """Load the demo sessions and people; does nothing (None) when any session exists."""
    if TrainingSession.objects.exists():
        return None
    source = Path(path or settings.BASE_DIR / "fixtures" / "trainings" / "sessions.yaml")
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    rng = random.Random(20240327)
    used: set[str] = set()
    first_people: list[Participant] = []
    for index, item in enumerate(data["sessions"]):
        item = dict(item)
        institutions = item.pop("institutions")
        absent = item.pop("absent", 0)
        repeat = item.pop("repeat_from_first", 0)
        dates = session_dates(item["start_date"], item["end_date"])
        agenda = data["agenda"]
        session = session_save(
            fields={**item, **data["funding"], "language": "bg"},
            day_details={
                date: DayDetails(agenda=agenda[i % len(agenda)], contact_hours=Decimal(6))
                for i, date in enumerate(dates)
            },
        )
        consent = item["start_date"] - datetime.timedelta(days=7)
        people: list[Participant] = []
        for person in first_people[:repeat]:
            people.append(participant_register(session=session, participant=person).registration.participant)
        for institution in institutions:
            for _n in range(institution["count"]):
                name, gender = _person(rng, used)
                result = participant_register(
                    session=session,
                    person={
                        "full_name": name,
                        "institution_slug": institution["slug"],
                        "institution_name": institution["name"],
                        "institution_kind": institution.get(
                            "kind", "state" if institution["slug"] != "municipality" else "municipal"
                        ),
                        "position": rng.choice(institution["positions"]),
                        "region": item["region"],
                        "email": _email(name),
                        "phone": f"+359 88 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                        "gender": gender,
                        "consent_date": consent,
                    },
                )
                people.append(result.registration.participant)
        if index == 0:
            first_people = people[len(people) - 8 :]  # border police and social workers come back
        if item["status"] != TrainingSession.Status.HELD:
            continue
        registrations = list(Registration.objects.filter(session=session).order_by("pk"))
        missing = {r.pk: rng.randrange(len(dates)) for r in rng.sample(registrations, absent)}
        for position, day in enumerate(SessionDay.objects.filter(session=session).order_by("date")):
            attendance_set(
                day=day, registration_ids=[r.pk for r in registrations if missing.get(r.pk) != position]
            )
        results = {}
        for registration in registrations:
            pre = rng.randint(35, 75)
            results[registration.pk] = {
                "pre_test_score": pre,
                "post_test_score": min(100, pre + rng.randint(8, 35)),
                "satisfaction": rng.choice([5, 5, 5, 4, 4, 3]),
                "evaluation": rng.choice(EVALUATIONS),
            }
        results_save(session=session, results=results)
    return DemoTrainings(
        sessions=TrainingSession.objects.count(),
        participants=Participant.objects.count(),
        registrations=Registration.objects.count(),
    )
