"""Trainings benchmarks (SPEC §9): 10,000 participants across ~300 sessions, pages and PDFs timed.

    .venv/bin/python benchmarks/trainings.py            # about a minute
    .venv/bin/python benchmarks/trainings.py --keep     # keep the throw-away folder

Like benchmarks/run.py it works in a temp DJANGO_DATA_DIR (SQLite, media) that is removed at the end,
never touches DATABASE_URL, and prints a plain-text table: the median time and the SQL query count
of the dashboard, the session list, a session's page, a 40-participant sign-in sheet (rendered cold
every time: sheets carry names and are never cached) and a certificate PDF.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.run import (  # noqa: E402
    PLAIN_STORAGES,
    bench_environment,
    count_queries,
    cpu_idle_percent,
    fmt,
    log,
    table,
)

PARTICIPANTS = 10_000
SESSIONS = 300
PER_SESSION = 40
TARGET_SIGNIN_S = 1.0
REGIONS = ["ruse", "haskovo", "stara-zagora", "sofia-city", "burgas", "varna", "plovdiv", "blagoevgrad"]
INSTITUTIONS = [
    ("odmvr", "Областна дирекция на МВР", "state"),
    ("gdgp", "ГД „Гранична полиция“", "state"),
    ("dsp", "Дирекция „Социално подпомагане“", "state"),
    ("obshtina", "Община", "municipal"),
    ("ngo", "Фондация за деца", "ngo"),
    ("rdpbzn", "РДПБЗН", "state"),
    ("112", "Национална система 112", "state"),
]


def build_data() -> dict:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import transaction

    from roadmap.demo import demo_load
    from trainings.models import Attendance, Participant, Registration, SessionDay, TrainingSession

    call_command("migrate", verbosity=0)
    from django.conf import settings

    demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")
    started = time.perf_counter()
    with transaction.atomic():
        base = datetime.date(2023, 1, 9)
        sessions = TrainingSession.objects.bulk_create(
            [
                TrainingSession(
                    title=f"Обучение по пътната карта № {n + 1}",
                    region=REGIONS[n % len(REGIONS)],
                    town="Русе",
                    venue="Зала",
                    start_date=base + datetime.timedelta(days=3 * n),
                    end_date=base + datetime.timedelta(days=3 * n + 2),
                    status="held",
                    capacity=60,
                    funder_line="Фонд „Вътрешна сигурност“",
                    covered_stages=["identification"],
                )
                for n in range(SESSIONS)
            ]
        )
        SessionDay.objects.bulk_create(
            [
                SessionDay(session=s, date=s.start_date + datetime.timedelta(days=d), contact_hours=6)
                for s in sessions
                for d in range(3)
            ],
            batch_size=2000,
        )
        days = {}
        for day in SessionDay.objects.order_by("session_id", "date").values("pk", "session_id"):
            days.setdefault(day["session_id"], []).append(day["pk"])
        people = Participant.objects.bulk_create(
            [
                Participant(
                    full_name=f"Участник Тестов {n}",
                    institution_slug=INSTITUTIONS[n % 7][0],
                    institution_name=INSTITUTIONS[n % 7][1],
                    institution_kind=INSTITUTIONS[n % 7][2],
                    position="инспектор",
                    region=REGIONS[n % len(REGIONS)],
                    gender=("female", "male", "")[n % 3],
                    email=f"p{n}@example.invalid",
                )
                for n in range(PARTICIPANTS)
            ],
            batch_size=2000,
        )
        registrations = []
        for index, session in enumerate(sessions):
            for seat in range(PER_SESSION):
                person = people[(index * PER_SESSION + seat) % PARTICIPANTS]  # ~2,000 people come twice
                registrations.append(
                    Registration(
                        session=session,
                        participant=person,
                        pre_test_score=40 + seat % 30,
                        post_test_score=70 + seat % 30,
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=2000)
        attendance = []
        for registration_id, session_id, seat in (
            (r["pk"], r["session_id"], i)
            for i, r in enumerate(Registration.objects.order_by("pk").values("pk", "session_id"))
        ):
            for day_id in days[session_id][: 1 + (seat % 3)]:
                attendance.append(Attendance(registration_id=registration_id, day_id=day_id))
        Attendance.objects.bulk_create(attendance, batch_size=5000)
        trainer = User.objects.create_user("bench-trainer", password="x")
        trainer.groups.add(Group.objects.get(name="trainer"))
    log(
        f"data: {PARTICIPANTS} participants, {SESSIONS} sessions, {len(registrations)} registrations, "
        f"{len(attendance)} attendances in {time.perf_counter() - started:.1f} s"
    )
    full = Registration.objects.filter(session=sessions[-1]).order_by("pk")
    return {"trainer": trainer, "session": sessions[-1], "registration": full.last()}


def timed(client, url: str, repeats: int) -> tuple[float, int, int]:
    """(median seconds, status of the last response, queries of one more request)."""
    times, status = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        status = response.status_code
    return statistics.median(times), status, count_queries(client, url)


def main() -> int:
    parser = argparse.ArgumentParser(description="Trainings benchmarks (10,000 participants).")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nmnl-trainings-bench-"))
    env = bench_environment(folder)
    # In one process there is no worker: custom PDFs (sheets, certificates) render inside the request, so
    # the time measured is the render's, as the worker spends it.
    env["TASKS_BACKEND"] = "immediate"
    os.environ.clear()
    os.environ.update(env)
    warnings.filterwarnings("ignore")
    failed = False
    try:
        idle = cpu_idle_percent(0.5)
        import django

        django.setup()
        from django.conf import settings

        settings.STORAGES = PLAIN_STORAGES
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        from django.test import Client
        from django.urls import reverse
        from django.utils import translation

        from trainings.certificates import certificate_issue

        print(
            f"Trainings benchmarks · Django {django.get_version()} · {os.cpu_count()} CPUs · "
            f"CPU idle before start {idle:.0f} % · load average {os.getloadavg()[0]:.2f}\n",
            flush=True,
        )
        data = build_data()
        registration = certificate_issue(registration=data["registration"])
        session = data["session"]
        client = Client()
        client.force_login(data["trainer"])
        rows = []
        with translation.override("bg"):
            targets = [
                ("dashboard", "trainings:dashboard", {}, None),
                ("session list", "trainings:session_list", {}, None),
                ("session detail (40 people)", "trainings:session_detail", {"pk": session.pk}, None),
                (
                    "sign-in sheet PDF, 40 people, cold",
                    "trainings:signin_sheet",
                    {"session_id": session.pk, "day": session.start_date.isoformat()},
                    TARGET_SIGNIN_S,
                ),
                ("certificate PDF", "trainings:certificate_pdf", {"registration_id": registration.pk}, None),
            ]
            for label, name, kwargs, target in targets:
                url = reverse(name, kwargs=kwargs)
                client.get(url)  # warm: edition projection, template loading
                median, status, queries = timed(client, url, args.repeats)
                failed |= status != 200
                verdict = "" if target is None else ("PASS" if median <= target else "MISS")
                rows.append(
                    [
                        label,
                        status,
                        fmt(median * 1000, 1) + " ms",
                        queries,
                        f"≤ {fmt(target, 1)} s" if target else "",
                        verdict,
                    ]
                )
        print(
            table(
                f"Trainings with {PARTICIPANTS:,} participants in {SESSIONS} sessions (in-process, median of "
                f"{args.repeats})",
                ["page", "status", "median", "queries", "target", ""],
                rows,
                [
                    "PDFs with names are rendered every time (store=False), by the worker in production and "
                    "here inside the request (TASKS_BACKEND=immediate): the cold time is the time."
                ],
            ),
            flush=True,
        )
    finally:
        if args.keep:
            log(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
