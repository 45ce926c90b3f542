import copy

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from cases.links import answers_query, parse_answers
from cases.selectors import MAX_QUERY_STRING, guide_state
from roadmap.document import DocumentError
from roadmap.paths import resolve_path
from roadmap.services import content_import, edition_publish, pathway_problems

# The milestones of each scenario of the domain reference (§7), in the order they must appear.
SCENARIO_MILESTONES = {
    "green-border-asylum": [
        "secure-the-child",
        "record-as-unaccompanied",
        "receive-asylum-application",
        "screen-for-trafficking",
        "signal-to-dsp",
        "transfer-and-register",
        "appoint-representative",
        "vulnerability-assessment",
        "written-information",
        "personal-interview",
        "integration-in-bulgaria",
    ],
    "found-inland-no-asylum": [
        "signal-to-dsp",
        "police-protection",
        "dsp-opens-case",
        "explain-right-to-protection",
        "dsp-represents-child",
        "no-detention-handover",
        "emergency-placement-order",
        "guardianship-family-code",
        "family-tracing",
        "decide-residence-28a",
        "residence-permit-until-18",
    ],
    "travelling-with-relative": [
        "check-accompanying-adult",
        "relative-by-custom",
        "signal-to-dsp",
        "placement-with-relatives",
        "guardianship-family-code",
        "residence-permit-until-18",
    ],
    "ukraine-with-neighbour": [
        "ua-admit-child",
        "ua-declaration-of-care",
        "ua-alert-dsp",
        "ua-dsp-measures",
        "ua-register-temporary-protection",
        "ua-guardianship",
        "ua-health-and-school",
        "ua-family-contact",
        "ua-under-temporary-protection",
    ],
    "disputed-age": [
        "treat-as-child",
        "signal-to-dsp",
        "inform-age-exam-possible",
        "record-reasons-for-doubt",
        "age-examination",
        "age-assessed-adult",
    ],
    "suspected-trafficking": [
        "separate-from-exploiter",
        "notify-trafficking-24h",
        "crisis-centre-placement",
        "trafficking-needs-assessment",
        "criminal-proceedings",
        "court-placement",
        "residence-permit-until-18",
    ],
    "join-brother-dublin": [
        "receive-asylum-application",
        "appoint-representative",
        "dublin-take-charge-request",
        "dublin-transfer-decision",
        "dublin-transfer",
        "transferred-under-dublin",
    ],
    "missing-from-safe-zone": [
        "police-protection",
        "safe-zone-accommodation",
        "report-missing-child",
        "child-missing",
    ],
}


def test_the_demo_has_the_eight_scenarios_of_the_domain_reference(demo_bg):
    assert [s.slug for s in demo_bg.scenarios] == list(SCENARIO_MILESTONES)


@pytest.mark.parametrize("slug", list(SCENARIO_MILESTONES))
def test_each_demo_scenario_resolves_to_an_outcome_through_its_milestones_in_order(demo_bg, slug):
    scenario = demo_bg.scenario_map[slug]
    path = resolve_path(demo_bg, scenario.answers)
    assert path.complete, path
    assert path.steps[-1].kind == "outcome"
    assert path.errors == [] and path.ignored == [] and path.pending is None
    positions = [path.slugs.index(milestone) for milestone in SCENARIO_MILESTONES[slug]]
    assert positions == sorted(positions)
    assert path.slugs[0] == demo_bg.start.slug


def test_resolution_stops_at_the_first_unanswered_decision(demo_bg):
    path = resolve_path(demo_bg, {})
    assert path.pending is not None and path.pending.kind == "decision"
    assert not path.complete
    assert path.steps[-1] is path.pending


def test_unknown_decisions_options_and_skipped_decisions_become_messages(demo_bg):
    answers = dict(demo_bg.scenario_map["green-border-asylum"].answers)
    first = next(iter(answers))
    answers[first] = "no-such-option"
    answers["no-such-decision"] = "yes"
    path = resolve_path(demo_bg, answers)
    assert path.pending.slug == first
    assert any("no-such-option" in message for message in path.errors)
    assert any("no-such-decision" in message for message in path.errors)
    assert path.ignored  # the later answers are valid but not reached now


def test_guide_url_state_round_trips(demo_bg):
    answers = demo_bg.scenario_map["join-brother-dublin"].answers
    path = resolve_path(demo_bg, answers)
    query = answers_query(path.answer_pairs(), t="2026-11-20T10:00", e=1)
    params = QueryDict(query)
    parsed, errors = parse_answers(params.getlist("a"))
    assert errors == []
    assert parsed == answers
    assert params["t"] == "2026-11-20T10:00"
    assert resolve_path(demo_bg, parsed).slugs == path.slugs


@pytest.mark.parametrize(
    "query",
    [
        "a=garbage",
        "a=:",
        "a=d-emergency:",
        "a=" + "x" * 500,
        "t=2026-02-30T10:00",
        "t=yesterday",
        "a=d-emergency:no&" * 300,
        "e=abc",
        "a=%00%ff:%fe",
    ],
)
def test_guide_state_turns_bad_input_into_messages(demo_bg, query):
    view = guide_state(edition=demo_bg, query_string=query, now=timezone.now())
    assert view.path.steps  # always something to show
    assert view.messages or view.path.pending is not None


def test_guide_state_reads_what_it_can_from_a_huge_link(demo_bg):
    answers = demo_bg.scenario_map["green-border-asylum"].answers
    query = answers_query(list(answers.items())) + "&z=" + "x" * (MAX_QUERY_STRING * 3)
    with translation.override("en"):
        view = guide_state(edition=demo_bg, query_string=query, now=timezone.now())
    assert view.path.complete
    assert any("too long" in message for message in view.messages)


def test_answers_for_an_older_edition_say_so(demo_bg):
    query = answers_query([("d-emergency", "d-child-or-adult")], e=7)
    with translation.override("en"):
        view = guide_state(edition=demo_bg, query_string=query, now=timezone.now())
    assert any("edition 7" in message for message in view.messages)


def test_publishing_refuses_a_scenario_that_no_longer_reaches_an_outcome(db, demo_document):
    assert pathway_problems(demo_document) == []
    broken = copy.deepcopy(demo_document)
    scenario = broken["scenarios"][0]
    del scenario["answers"][next(reversed(scenario["answers"]))]  # forget the last answer
    problems = pathway_problems(broken)
    assert [p.where for p in problems] == [f"scenarios.{scenario['slug']}"]
    content_import(document=broken)
    with pytest.raises(DocumentError):
        edition_publish()


def test_scenario_answers_must_name_real_decisions_and_options(db, demo_document):
    demo_document["scenarios"][0]["answers"]["d-emergency"] = "maybe"
    demo_document["scenarios"][1]["answers"]["no-such-decision"] = "yes"
    with pytest.raises(DocumentError) as error:
        content_import(document=demo_document)
    assert {p.where for p in error.value.problems} == {
        "scenarios[0].answers.d-emergency",
        "scenarios[1].answers.no-such-decision",
    }
