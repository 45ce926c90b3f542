"""The guide at the moment of work: "not known yet", what to do now, open forks, handover at any point,
deadlines anchored to their start event, "I am from …", and bad input that never gives a wrong overdue."""

from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import translation

from cases.links import answers_query
from cases.selectors import guide_state, with_now_filled
from roadmap.document import NOT_KNOWN
from roadmap.paths import resolve_path
from roadmap.validation import validate_document

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "bg", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
SCENARIO = "green-border-asylum"


def scenario_answers(edition, slug=SCENARIO) -> list[tuple[str, str]]:
    return resolve_path(edition, edition.scenario_map[slug].answers).answer_pairs()


def state(edition, pairs, **extra):
    return guide_state(edition=edition, query_string=answers_query(pairs, **extra), now=NOW)


def test_every_decision_on_every_scenario_path_accepts_not_known_yet_and_the_path_stops_there(demo_bg):
    for scenario in demo_bg.scenarios:
        pairs = resolve_path(demo_bg, scenario.answers).answer_pairs()
        for index, (decision, _key) in enumerate(pairs):
            view = state(demo_bg, pairs[:index] + [(decision, NOT_KNOWN)])
            assert view.path.open is demo_bg.steps[decision]
            assert view.path.pending is None and view.path.outcome is None
            assert view.steps[-1].step is view.path.open
            assert not view.messages
            (fork,) = view.open_forks
            assert fork.not_known
            assert [option.key for option, _query in fork.branches] == [
                option.key for option in demo_bg.steps[decision].options
            ]


def test_the_present_is_split_into_done_now_and_the_open_fork(demo_bg):
    pairs = scenario_answers(demo_bg)
    stop = pairs.index(next(p for p in pairs if p[0] == "d-asylum-decision"))
    view = state(demo_bg, pairs[:stop] + [("d-asylum-decision", NOT_KNOWN)])
    done, now = view.done_steps, view.now_steps
    assert done[-1].step.kind == "decision"  # the last question answered closes what is done
    assert [item.step.slug for item in now] == ["personal-interview"]
    assert done + now + [view.steps[-1]] == view.steps
    assert [i.slug for i in view.taking_over] == ["dab"]
    # the handover link keeps the open question open
    assert ("a", f"d-asylum-decision:{NOT_KNOWN}") in parse_qsl(view.query)


def test_handover_note_at_any_point_lists_the_open_question_and_no_outcome(client, demo, demo_bg):
    pairs = scenario_answers(demo_bg)
    stop = [slug for slug, _key in pairs].index("d-asylum-decision")
    query = answers_query(pairs[:stop] + [("d-asylum-decision", NOT_KNOWN)], t="2026-12-04T08:30")
    outcome = demo_bg.steps["integration-in-bulgaria"]
    granted = demo_bg.steps["d-asylum-decision"].options
    for name in ("cases:guide_handover", "cases:guide"):
        response = client.get(f"{url(name)}?{query}")
        html = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert demo_bg.steps["d-asylum-decision"].question in html
        assert "не е известно" in html.lower()
        assert outcome.title not in html
        assert f"<strong>{granted[0].label}</strong>" not in html  # never stated as the answer


def test_handover_now_is_offered_on_every_guide_page(client, demo, demo_bg):
    pairs = scenario_answers(demo_bg)
    for count in (0, 3, len(pairs)):
        html = client.get(f"{url('cases:guide')}?{answers_query(pairs[:count])}").content.decode()
        assert url("cases:guide_handover") + "?" in html


def test_progress_only_moves_forward_as_answers_are_added(demo_bg):
    for scenario in demo_bg.scenarios:
        pairs = resolve_path(demo_bg, scenario.answers).answer_pairs()
        values = [state(demo_bg, pairs[:count]).progress for count in range(len(pairs) + 1)]
        assert values == sorted(values), (scenario.slug, values)
        assert values[-1] == 100 and values[0] < 100


def test_with_only_the_identification_time_known_nothing_later_is_overdue(demo_bg):
    view = state(demo_bg, scenario_answers(demo_bg), t="2026-03-02T09:00")
    assert view.path.complete
    assert not [item for item in view.steps if item.due and item.due.overdue]
    immediate = [rule for _item, rule in view.running]
    assert immediate and all(rule.due.immediate for rule in immediate)
    register = next(item for item in view.steps if item.step.slug == "transfer-and-register")
    assert register.due is None and any(rule.waits_for for rule in register.rules.applicable)


def test_a_deadline_gets_its_due_time_when_its_start_event_is_entered(demo_bg):
    view = state(
        demo_bg,
        scenario_answers(demo_bg),
        t="2026-11-30T09:00",
        applied="2026-11-30T10:00",
        registered="2026-12-01T10:00",
    )
    register = next(item for item in view.steps if item.step.slug == "transfer-and-register")
    assert register.due is not None and register.due.at.date().isoformat() == "2026-12-08"
    decision = next(item for item in view.steps if item.step.slug == "d-asylum-decision")
    assert decision.due is not None and not decision.due.overdue
    assert {field.parameter for field in view.event_fields} >= {"t", "applied", "registered"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"t": "2026-12-01T09:00", "applied": "2026-11-01T09:00"}, "преди"),
        ({"t": "9999-01-01T00:00"}, "години"),
        ({"registered": "2026-02-30T10:00"}, "не е"),
    ],
)
def test_impossible_event_times_are_left_out_with_a_message(demo_bg, extra, message):
    view = state(demo_bg, scenario_answers(demo_bg), **extra)
    assert any(message in text for text in view.messages), view.messages
    assert not [item for item in view.steps if item.due and item.due.overdue]


def test_repeated_contradictory_and_foreign_answers_give_a_note(demo_bg):
    pairs = scenario_answers(demo_bg)
    twice = "&".join([answers_query(pairs[:2]), answers_query([(pairs[1][0], NOT_KNOWN)])])
    view = guide_state(edition=demo_bg, query_string=twice, now=NOW)
    assert view.messages and view.path.open is demo_bg.steps[pairs[1][0]]
    off_path = guide_state(
        edition=demo_bg, query_string=answers_query(pairs[:1] + [("d-asylum-decision", "x")]), now=NOW
    )
    assert off_path.messages


def test_the_now_button_fills_the_current_minute_and_redirects(client, demo):
    assert with_now_filled("a=d-emergency:no&now=applied", NOW) == "a=d-emergency:no&applied=2026-12-04T14:00"
    assert with_now_filled("a=d-emergency:no&now=evil", NOW) is None
    assert with_now_filled("a=d-emergency:no", NOW) is None
    response = client.get(url("cases:guide"), {"t": "", "now": "t"})
    assert response.status_code == HTTPStatus.FOUND
    assert "t=" in response["Location"] and "now=" not in response["Location"]


def test_i_am_from_puts_my_duties_first_and_marks_them(client, demo, demo_bg):
    pairs = scenario_answers(demo_bg)[:4]
    view = state(demo_bg, pairs, inst="gdgp")
    assert view.own is demo_bg.institutions["gdgp"]
    marked = [item for item in view.steps if item.own]
    assert marked and all(item.own[0].institution.slug == "gdgp" for item in marked)
    assert "gdgp" not in [i.slug for i in view.taking_over]
    assert "inst=gdgp" in view.query
    html = client.get(f"{url('cases:guide_handover')}?{view.query}").content.decode()
    assert "your-part" in html and demo_bg.institutions["gdgp"].name in html
    unknown = state(demo_bg, pairs, inst="no-such-institution")
    assert unknown.own is None and unknown.messages


def test_no_option_may_be_named_like_the_not_known_answer(demo_document):
    document = {**demo_document}
    stages = [dict(stage, steps=[dict(step) for step in stage["steps"]]) for stage in document["stages"]]
    decision = next(step for stage in stages for step in stage["steps"] if step.get("kind") == "decision")
    decision["options"] = [dict(decision["options"][0], key=NOT_KNOWN)] + list(decision["options"][1:])
    document["stages"] = stages
    assert any(NOT_KNOWN in problem.message for problem in validate_document(document))
