"""The offline guide's resolver (static/js/guide-resolver.js, run by node) against the server's: on every
demo scenario and on hundreds of random answer and event-time combinations, the same path, open forks,
rules and due times, links and handover note. The server is the reference."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.utils import translation

from cases.deadlines import format_identified_at
from cases.links import answers_query
from cases.offline import edition_document, handover_text, texts
from cases.selectors import guide_state
from roadmap.document import NOT_KNOWN

NODE = shutil.which("node") or "/usr/bin/node"
HARNESS = Path(__file__).with_name("offline_resolver_harness.js")
RANDOM_CASES = 600

pytestmark = pytest.mark.skipif(not Path(NODE).exists(), reason="node is needed to run the client resolver")


def server_summary(edition, query: str, now: datetime) -> dict:
    """What the server computes for a guide link, in the harness's shape."""
    # The link is read at `now`: the server's clock too (it bounds how far ahead a time may be).
    with translation.override(edition.lang), mock.patch("cases.deadlines.timezone.now", return_value=now):
        view = guide_state(edition=edition, query_string=query, now=now)
        other_edition = texts()["other_edition"].split("%", 1)[0]
        rules = [
            [
                item.step.slug,
                next(index for index, rule in enumerate(item.step.deadlines) if rule is in_case.rule),
                in_case.applies,
                in_case.due.at.isoformat() if in_case.due else None,
                in_case.due.overdue if in_case.due else None,
                in_case.waits_for,
            ]
            for item in view.steps
            for in_case in item.rules.rules
        ]
        return {
            "steps": view.path.slugs,
            "done": [item.step.slug for item in view.done_steps],
            "now": [item.step.slug for item in view.now_steps],
            "pending": view.path.pending.slug if view.path.pending else None,
            "open": view.path.open.slug if view.path.open else None,
            "outcome": view.path.outcome.slug if view.path.outcome else None,
            "forks": [
                [
                    fork.decision.slug,
                    fork.not_known,
                    [[option.key, option.target.slug, query] for option, query in fork.branches],
                ]
                for fork in view.open_forks
            ],
            "rules": rules,
            "references": [
                [
                    [reference.slug for reference in item.rules.references],
                    [reference.slug for reference, _condition in item.rules.other_references],
                ]
                for item in view.steps
            ],
            "regime_matters": view.regime_matters,
            "regimes": {
                topic: [choice.regime.slug, choice.basis, [r.slug for r in choice.alternatives]]
                for topic, choice in view.regimes.items()
            },
            "taking_over": [institution.slug for institution in view.taking_over],
            "progress": view.progress,
            "query": view.query,
            "change": [item.change_query for item in view.steps],
            "options": [query for _option, query in view.option_links],
            "not_known": view.not_known_link,
            "handover": handover_text(view),
            "edition_message": next((m for m in view.messages if m.startswith(other_edition)), None),
        }


def client_summaries(edition, cases: list[tuple[str, datetime]]) -> list[dict]:
    document = edition_document(edition)
    payload = {
        "doc": json.loads(json.dumps(document)),
        "cases": [{"query": query, "now": int(now.timestamp() * 1000)} for query, now in cases],
    }
    # a device set to another time zone: due times are Sofia's all the same
    env = {**os.environ, "TZ": "America/Los_Angeles"}
    result = subprocess.run(
        [NODE, str(HARNESS)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return json.loads(result.stdout)


def assert_same(edition, cases: list[tuple[str, datetime]]) -> None:
    client = client_summaries(edition, cases)
    assert len(client) == len(cases)
    for (query, now), theirs in zip(cases, client, strict=True):
        ours = server_summary(edition, query, now)
        assert theirs == ours, f"{edition.lang} ?{query} at {now.isoformat()}"


def _moment(rng: random.Random) -> datetime:
    """A time between 2024 and 2028 (Dublin III and the AMMR both), often near a DST change or a
    holiday, to the minute."""
    base = rng.choice(
        [
            datetime(2024, 1, 1, tzinfo=UTC),
            datetime(2026, 3, 28, 20, tzinfo=UTC),  # the spring DST night
            datetime(2026, 10, 24, 20, tzinfo=UTC),  # the autumn DST night
            datetime(2026, 4, 8, tzinfo=UTC),  # Orthodox Easter 2026 (12 April) is near
            datetime(2026, 6, 28, tzinfo=UTC),  # the AMMR starts on 1 July 2026
            datetime(2026, 12, 20, tzinfo=UTC),  # Christmas and New Year
        ]
    )
    spread = rng.choice([timedelta(days=3), timedelta(days=60), timedelta(days=900)])
    return base + timedelta(minutes=rng.randrange(int(spread.total_seconds() // 60)))


def random_case(edition, rng: random.Random) -> tuple[str, datetime]:
    """Answers along a random walk (some "not known yet", some wrong or unused), random event times
    (some before the identification, some not dates), sometimes an institution; and when the link is
    opened: mostly hours to months after the identification, sometimes any time."""
    pairs: list[tuple[str, str]] = []
    step, seen = edition.start, set()
    while step is not None and step.slug not in seen and rng.random() > 0.04:
        seen.add(step.slug)
        if step.kind == "outcome":
            break
        if step.kind == "action":
            step = step.next
            continue
        if rng.random() < 0.07:
            pairs.append((step.slug, NOT_KNOWN))
            break
        option = rng.choice(step.options)
        pairs.append((step.slug, option.key))
        step = option.target
    decisions = [s for s in edition.step_list if s.kind == "decision"]
    if decisions and rng.random() < 0.15:
        extra = rng.choice(decisions)
        pairs.append((extra.slug, rng.choice([o.key for o in extra.options] + ["nonsense"])))
    if rng.random() < 0.05:
        pairs.append(("no-such-question", "yes"))
    rng.shuffle(pairs) if rng.random() < 0.1 else None
    extra: dict[str, str] = {}
    identified = _moment(rng) if rng.random() < 0.85 else None
    now = _moment(rng)
    if identified is not None and rng.random() < 0.8:
        now = identified + timedelta(minutes=rng.randrange(0, 120 * 24 * 60))
    if identified is not None:
        extra["t"] = format_identified_at(identified) if rng.random() < 0.9 else identified.date().isoformat()
    for parameter in ("applied", "registered", "eurodac-hit", "request-received", "accepted", "placed"):
        if rng.random() < 0.3:
            later = (identified or now) + timedelta(minutes=rng.randrange(-2 * 24 * 60, 60 * 24 * 60))
            extra[parameter] = format_identified_at(later)
    if rng.random() < 0.03:
        extra["applied"] = rng.choice(["yesterday", "2026-02-30T10:00", "1999-01-01", "2026-05-05T24:00"])
    if rng.random() < 0.2:
        extra["e"] = rng.choice(["1", "2", "0", "x", ""])
    if rng.random() < 0.25:
        extra["inst"] = rng.choice([i.slug for i in edition.institution_list] + ["nowhere"])
    return answers_query(pairs, **extra), now


@pytest.fixture(params=["bg", "en"])
def edition(request, demo_bg, demo_en):
    return {"bg": demo_bg, "en": demo_en}[request.param]


def test_every_demo_scenario_resolves_the_same(edition):
    rng = random.Random(16)
    cases = []
    for scenario in edition.scenarios:
        answers = answers_query(list(scenario.answers.items()))
        cases.append((answers, datetime(2026, 12, 5, 10, tzinfo=UTC)))
        for _ in range(4):
            identified = _moment(rng)
            now = identified + timedelta(hours=rng.randrange(0, 24 * 200))
            times = {
                "t": format_identified_at(identified),
                "applied": format_identified_at(identified + timedelta(hours=rng.randrange(1, 100))),
                "registered": format_identified_at(identified + timedelta(hours=rng.randrange(24, 400))),
            }
            cases.append((answers + "&" + answers_query([], **times), now))
    assert len(edition.scenarios) >= 3
    assert_same(edition, cases)


EDGE_TIMES = [
    "2026-03-29T03:30",  # skipped when the clocks go forward: read as 04:30
    "2026-03-29T02:59",
    "2026-10-25T03:30",  # repeated when the clocks go back: the first occurrence
    "2026-10-24T23:00",
    "2026-04-10T08:00",  # Good Friday (Orthodox) before Easter Monday
    "2026-12-23T17:45",  # before Christmas and the days off around New Year
    "2026-12-31T23:59",
    "2027-02-28T10:00",  # a month later: 28 March (and 31 January + 1 month)
    "2027-01-31T10:00",
    "2028-02-29T12:00",  # a leap day
    "2026-06-30T23:59",  # the last minute of Dublin III
    "2026-07-01",  # the AMMR's first day, date only
]


def test_edge_times_resolve_the_same(edition):
    """DST nights, holidays, month ends and the regime change, for every scenario and every event."""
    cases = []
    for scenario in edition.scenarios:
        answers = list(scenario.answers.items())
        for time in EDGE_TIMES:
            for parameter in ("t", "applied", "registered"):
                query = answers_query(answers, **{parameter: time})
                cases.append((query, datetime(2026, 12, 5, 10, tzinfo=UTC)))
            both = answers_query(answers, t=time, registered=time, applied=time)
            cases.append((both, datetime(2028, 6, 1, tzinfo=UTC)))
    assert_same(edition, cases)


def test_random_answers_and_times_resolve_the_same(edition):
    rng = random.Random(2026)
    cases = [random_case(edition, rng) for _ in range(RANDOM_CASES)]
    # the combinations reach what matters: complete paths, open questions, running and overdue deadlines
    summaries = client_summaries(edition, cases)
    assert sum(1 for s in summaries if s["outcome"]) > 50
    assert sum(1 for s in summaries if s["open"]) > 20
    assert sum(1 for s in summaries if s["regime_matters"]) > 50
    assert sum(1 for s in summaries if s["edition_message"]) > 10
    assert len({s["regimes"]["responsibility"][0] for s in summaries}) == 2  # Dublin III and the AMMR
    assert sum(1 for s in summaries for rule in s["rules"] if rule[3] and rule[4]) > 10
    assert sum(1 for s in summaries for rule in s["rules"] if rule[3] and not rule[4]) > 300
    assert_same(edition, cases)


def test_the_comparison_fails_when_the_client_has_other_holidays(demo_bg):
    """The comparison can fail: a client without December's holidays computes other due times."""
    document = edition_document(demo_bg)
    document["holidays"]["dates"] = [
        day for day in document["holidays"]["dates"] if not day.startswith("2026-12")
    ]
    times = answers_query([], t="2026-12-21T10:00", applied="2026-12-21T11:00", registered="2026-12-22T09:00")
    now = datetime(2026, 12, 22, 12, tzinfo=UTC)
    queries = [answers_query(list(scenario.answers.items())) + "&" + times for scenario in demo_bg.scenarios]
    payload = {
        "doc": document,
        "cases": [{"query": query, "now": int(now.timestamp() * 1000)} for query in queries],
    }
    result = subprocess.run(
        [NODE, str(HARNESS)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    theirs = json.loads(result.stdout)
    ours = [server_summary(demo_bg, query, now) for query in queries]
    assert any(mine["rules"] != other["rules"] for mine, other in zip(ours, theirs, strict=True))


def test_the_document_ships_the_bulgarian_holidays(demo_bg):
    holidays = edition_document(demo_bg)["holidays"]
    assert {"2026-04-10", "2026-04-13", "2026-05-06", "2026-12-24", "2026-12-25"} <= set(holidays["dates"])
    assert holidays["until"] >= 2036
