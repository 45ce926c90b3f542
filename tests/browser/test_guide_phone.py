"""The guide on a 360 px phone at the moment of work: a border officer answers three questions, marks the
next one "not known yet" and hands over; deadlines run only from the events whose time is known; the
progress bar never moves back; axe finds nothing on the changed pages."""

import re
from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import Browser, expect

from cases.links import answers_query
from roadmap.document import NOT_KNOWN
from roadmap.paths import resolve_path

from .conftest import format_violations
from .test_guide import answer

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def roadmap(transactional_db, demo):
    return demo.localized("bg")


@pytest.fixture
def phone(browser: Browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    yield context.new_page()
    context.close()


def progress(page) -> int:
    return int(page.get_by_role("progressbar").get_attribute("value"))


def test_border_officer_marks_a_question_not_known_yet_and_hands_over(phone, roadmap):
    pairs = resolve_path(roadmap, roadmap.scenario_map["green-border-asylum"].answers).answer_pairs()
    phone.goto("/bg/guide/?inst=gdgp")
    seen = [progress(phone)]
    for decision, key in pairs[:3]:
        answer(phone, roadmap, decision, key)
        seen.append(progress(phone))
    assert seen == sorted(seen) and seen[-1] > seen[0]

    open_decision = roadmap.steps[pairs[3][0]]
    expect(phone.locator("#question")).to_have_text(open_decision.question)
    phone.locator(".not-known").click()
    phone.wait_for_url(re.compile(f"{open_decision.slug}%3A{NOT_KNOWN}"))
    expect(phone.locator(".open-forks")).to_contain_text(open_decision.question)
    expect(phone.locator(".now-card")).to_be_visible()
    assert progress(phone) >= seen[-1]

    # "handover now" is near the top of the page, above the fold on the phone
    handover = phone.locator('.guide-actions a[href*="/guide/handover/"]')
    assert handover.bounding_box()["y"] < PHONE["height"]
    handover.click()
    expect(phone).to_have_url(re.compile(r"/bg/guide/handover/\?"))
    note = phone.locator(".handover-note")
    expect(note.locator(".open-forks")).to_contain_text(open_decision.question)
    expect(note).to_contain_text("не е известно")
    # the open question is listed as not known, never with an answer nobody gave
    expect(note.locator(".answers li", has_text=open_decision.question).locator("strong")).to_have_text(
        "още не е известно"
    )
    expect(note).not_to_contain_text(roadmap.steps["integration-in-bulgaria"].title)
    expect(note.locator(".handover-fields")).to_contain_text(roadmap.institutions["gdgp"].name)
    pdf = note.locator('a[href*="handover.pdf"]')
    assert pdf.bounding_box()["y"] < PHONE["height"] * 2


def test_deadlines_run_only_from_the_events_whose_time_is_known(phone, roadmap):
    answers = resolve_path(roadmap, roadmap.scenario_map["green-border-asylum"].answers).answer_pairs()
    phone.goto(f"/bg/guide/?{answers_query(answers, t='2026-03-02T09:00')}")
    expect(phone.locator("#result-title")).to_be_visible()
    assert phone.locator(".is-overdue").count() == 0  # only the identification is known
    register = roadmap.steps["transfer-and-register"]
    row = phone.locator(".path-step", has_text=register.title)
    expect(row.locator(".due")).to_have_count(0)

    field = phone.locator("#event-applied")
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # the field fits the phone
    field.fill("2026-11-30T10:00")
    phone.get_by_role("button", name=re.compile("срокове", re.I)).click()
    expect(row.locator(".due").first).to_contain_text("8.12.2026")
    assert ("applied", "2026-11-30T10:00") in parse_qsl(urlparse(phone.url).query)


def test_the_now_button_fills_in_the_current_time(phone, roadmap):
    phone.goto("/bg/guide/")
    phone.locator('button[name="now"][value="t"]').click()
    phone.wait_for_url(re.compile(r"[?&]t=\d{4}-\d\d-\d\dT\d\d(:|%3A)\d\d"))
    assert phone.locator("#event-t").input_value()


@pytest.mark.parametrize("page_name", ["guide", "guide/handover"])
def test_the_guide_with_an_open_question_has_no_wcag_violations_on_a_phone(page, roadmap, axe, page_name):
    page.set_viewport_size(PHONE)
    pairs = resolve_path(roadmap, roadmap.scenario_map["disputed-age"].answers).answer_pairs()
    query = answers_query(pairs[:4] + [(pairs[4][0], NOT_KNOWN)], t="2026-12-01T09:30", inst="gdgp")
    page.goto(f"/bg/{page_name}/?{query}")
    violations = axe()
    assert not violations, format_violations(violations)
