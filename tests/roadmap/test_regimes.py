"""Two legal regimes chosen by date: Dublin III for applications registered until 30 June 2026, the AMMR
from 1 July 2026, and a step's deadline rules that follow the regime and the answers given."""

from datetime import date, datetime

import pytest
from django.utils import timezone, translation

from cases.deadlines import SOFIA
from cases.selectors import path_view
from roadmap.editions import PublishedEdition
from roadmap.regimes import BASIS_DATE, BASIS_IDENTIFIED, BASIS_TODAY, choose_regimes, rules_for_case
from roadmap.validation import validate_document

TODAY = date(2026, 12, 4)


def text(bg, en):
    return {"bg": bg, "en": en}


def dublin_document() -> dict:
    """The Dublin take-charge request in both regimes, with and without a Eurodac hit."""
    official = {
        "status": "verified",
        "kind": "official",
        "url": "https://eur-lex.europa.eu/x",
        "checked": "2026-12-04",
    }
    lead = [{"institution": "dab", "role": "leads"}]
    return {
        "regimes": [
            {
                "slug": "dublin-iii",
                "topic": "responsibility",
                "title": text("Дъблин III", "Dublin III"),
                "decided_by": "registered",
                "until": "2026-06-30",
                "source": official,
            },
            {
                "slug": "ammr",
                "topic": "responsibility",
                "title": text("РУУМ", "AMMR"),
                "decided_by": "registered",
                "from": "2026-07-01",
                "source": official,
            },
        ],
        "institutions": [{"slug": "dab", "kind": "state", "name": text("ДАБ", "SAR")}],
        "stages": [
            {
                "slug": "dublin",
                "title": text("Дъблин", "Dublin"),
                "steps": [
                    {
                        "slug": "start",
                        "kind": "action",
                        "start": True,
                        "title": text("Начало", "Start"),
                        "next": "d-hit",
                        "responsibilities": lead,
                    },
                    {
                        "slug": "d-hit",
                        "kind": "decision",
                        "title": text("Евродак", "Eurodac"),
                        "question": text("Hit?", "Hit?"),
                        "responsibilities": lead,
                        "options": [
                            {"key": "hit", "label": text("Да", "Yes"), "target": "request"},
                            {"key": "no-hit", "label": text("Не", "No"), "target": "request"},
                        ],
                    },
                    {
                        "slug": "request",
                        "kind": "action",
                        "title": text("Искане", "Request"),
                        "next": "end",
                        "responsibilities": lead,
                        "deadlines": [
                            {
                                "unit": "months",
                                "amount": 3,
                                "start": "applied",
                                "regime": "dublin-iii",
                                "source": official,
                                "expiry": text("България остава отговорна.", "Bulgaria stays responsible."),
                            },
                            {
                                "unit": "months",
                                "amount": 2,
                                "start": "eurodac-hit",
                                "regime": "dublin-iii",
                                "when": "d-hit:hit",
                                "source": official,
                            },
                            {
                                "unit": "months",
                                "amount": 2,
                                "start": "registered",
                                "regime": "ammr",
                                "source": official,
                                "expiry": text(
                                    "За непридружено дете производството може да продължи.",
                                    "For an unaccompanied child the procedure may continue.",
                                ),
                            },
                            {
                                "unit": "months",
                                "amount": 1,
                                "start": "eurodac-hit",
                                "regime": "ammr",
                                "when": "d-hit:hit",
                                "source": official,
                            },
                        ],
                    },
                    {
                        "slug": "end",
                        "kind": "outcome",
                        "title": text("Край", "End"),
                        "responsibilities": lead,
                    },
                ],
            }
        ],
    }


@pytest.fixture
def edition():
    document = dublin_document()
    assert validate_document(document) == []
    return PublishedEdition(1, timezone.now(), "", document).localized("en")


def applicable(edition, dates, answers):
    choices = choose_regimes(edition, dates=dates, today=TODAY)
    rules = rules_for_case(edition.steps["request"], choices=choices, answers=answers)
    return [(r.rule.regime.slug, r.rule.amount, r.rule.start) for r in rules if r.applies]


def test_the_registration_date_chooses_the_regime(edition):
    before = choose_regimes(edition, dates={"registered": date(2026, 6, 30)}, today=TODAY)["responsibility"]
    after = choose_regimes(edition, dates={"registered": date(2026, 7, 1)}, today=TODAY)["responsibility"]
    assert (before.regime.slug, before.basis) == ("dublin-iii", BASIS_DATE)
    assert (after.regime.slug, after.basis) == ("ammr", BASIS_DATE)


def test_registered_on_30_june_or_1_july_with_and_without_a_eurodac_hit(edition):
    june, july = {"registered": date(2026, 6, 30)}, {"registered": date(2026, 7, 1)}
    assert applicable(edition, june, {"d-hit": "no-hit"}) == [("dublin-iii", 3, "applied")]
    assert applicable(edition, june, {"d-hit": "hit"}) == [("dublin-iii", 2, "eurodac-hit")]
    assert applicable(edition, july, {"d-hit": "no-hit"}) == [("ammr", 2, "registered")]
    assert applicable(edition, july, {"d-hit": "hit"}) == [("ammr", 1, "eurodac-hit")]


def test_without_dates_the_regime_in_force_today_comes_first_and_the_previous_one_is_shown(edition):
    translation.activate("en")
    choice = choose_regimes(edition, dates={}, today=TODAY)["responsibility"]
    assert (choice.regime.slug, choice.basis, [r.slug for r in choice.alternatives]) == (
        "ammr",
        BASIS_TODAY,
        ["dublin-iii"],
    )
    rules = rules_for_case(edition.steps["request"], choices={"responsibility": choice}, answers={})
    assert [(r.applies, r.rule.regime.slug, r.rule.amount) for r in rules] == [
        (True, "ammr", 2),
        (False, "dublin-iii", 3),
        (False, "dublin-iii", 2),
        (False, "ammr", 1),
    ]
    conditions = [r.condition for r in rules if not r.applies]
    assert conditions[0] == "Dublin III: when the application is registered on or before 30.06.2026"
    assert conditions[1] == conditions[0] + "; if: Hit? — Yes"
    assert conditions[2] == "AMMR: when the application is registered on or after 1.07.2026; if: Hit? — Yes"
    assert rules[0].regime_note == "AMMR: when the application is registered on or after 1.07.2026"


def test_a_child_identified_after_the_change_can_only_fall_under_the_new_regime(edition):
    after = choose_regimes(edition, dates={"identified": date(2026, 7, 5)}, today=TODAY)["responsibility"]
    assert (after.regime.slug, after.basis, after.alternatives) == ("ammr", BASIS_IDENTIFIED, [])
    before = choose_regimes(edition, dates={"identified": date(2026, 6, 20)}, today=TODAY)["responsibility"]
    assert (before.regime.slug, before.basis, [r.slug for r in before.alternatives]) == (
        "ammr",
        BASIS_TODAY,
        ["dublin-iii"],
    )


def test_an_unaccompanied_childs_request_after_the_time_limit_says_what_follows(edition):
    # Registered on 1 July 2026, no Eurodac hit: the AMMR's two months ran out on 1 September.
    registered = datetime(2026, 7, 1, 10, 0, tzinfo=SOFIA)
    view = path_view(
        edition=edition,
        answers={"d-hit": "no-hit"},
        identified_at=None,
        now=datetime(2026, 12, 4, 12, 0, tzinfo=SOFIA),
        times={"registered": registered},
    )
    request = next(item for item in view.steps if item.step.slug == "request")
    due = request.rules.applicable[0].due
    assert due.at == datetime(2026, 9, 1, 10, 0, tzinfo=SOFIA) and due.overdue
    assert request.rules.applicable[0].rule.expiry == "For an unaccompanied child the procedure may continue."
    # Registered on 30 June (Dublin III): three months from the application, and a different consequence.
    view = path_view(
        edition=edition,
        answers={"d-hit": "no-hit"},
        identified_at=None,
        now=datetime(2026, 12, 4, 12, 0, tzinfo=SOFIA),
        times={
            "registered": datetime(2026, 6, 30, 10, 0, tzinfo=SOFIA),
            "applied": datetime(2026, 6, 29, 10, 0, tzinfo=SOFIA),
        },
    )
    request = next(item for item in view.steps if item.step.slug == "request")
    rule = request.rules.applicable[0]
    assert (rule.due.at, rule.rule.expiry) == (
        datetime(2026, 9, 29, 10, 0, tzinfo=SOFIA),
        "Bulgaria stays responsible.",
    )


def test_a_deadline_whose_start_is_not_known_gets_no_due_date_and_is_never_overdue(edition):
    view = path_view(
        edition=edition,
        answers={"d-hit": "hit"},
        now=datetime(2026, 12, 4, 12, 0, tzinfo=SOFIA),
        identified_at=datetime(2026, 7, 2, 10, 0, tzinfo=SOFIA),
    )
    request = next(item for item in view.steps if item.step.slug == "request")
    rule = request.rules.applicable[0]
    assert (rule.rule.regime.slug, rule.rule.start, rule.due, rule.waits_for) == (
        "ammr",
        "eurodac-hit",
        None,
        True,
    )
    assert request.due is None


def test_overlapping_regimes_and_unknown_statuses_are_refused_with_the_field_path():
    document = dublin_document()
    document["regimes"][1]["from"] = "2026-06-30"
    document["legal_acts"] = [{"slug": "ammr", "short_name": text("РУУМ", "AMMR"), "title": text("Р", "R")}]
    document["legal_references"] = [
        {
            "slug": "ammr-39",
            "act": "ammr",
            "provision": text("чл. 39", "Art. 39"),
            "summary": text("С", "S"),
            "source": {"status": "probably"},
        },
        {
            "slug": "ammr-40",
            "act": "ammr",
            "provision": text("чл. 40", "Art. 40"),
            "summary": text("С", "S"),
            "source": {"status": "verified", "kind": "official"},
        },
    ]
    problems = {problem.where for problem in validate_document(document)}
    assert {
        "regimes[1].from",
        "legal_references[0].source.status",
        "legal_references[1].source.url",
        "legal_references[1].source.checked",
    } <= problems
