"""The guide in a real browser: an officer walks scenario A, changes an earlier answer, prints the
handover note; the guide works with JavaScript off; axe-core finds nothing on guide and scenario pages."""

import re
from urllib.parse import parse_qsl, unquote, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from roadmap.paths import resolve_path

from .conftest import format_violations


@pytest.fixture
def roadmap(transactional_db, demo):
    # transactional_db: the live server thread must see the demo's edition.
    return demo.localized("bg")


def answer(page: Page, roadmap, decision: str, key: str) -> None:
    option = next(o for o in roadmap.steps[decision].options if o.key == key)
    expect(page.locator("#question")).to_have_text(roadmap.steps[decision].question)
    page.get_by_role("link", name=option.label, exact=True).click()
    # the next page carries this answer in its URL: wait for it, so the next question is read from it
    page.wait_for_url(lambda url: f"{decision}:{key}" in unquote(url))
    page.locator("#question, #result-title").first.wait_for()


def answers_in(url: str) -> list[tuple[str, str]]:
    return [tuple(value.split(":", 1)) for name, value in parse_qsl(urlparse(url).query) if name == "a"]


def walk(page: Page, roadmap, answers: dict[str, str]) -> None:
    """Answer whatever the guide asks, from the given answers, until it stops asking."""
    for _ in range(len(answers) + 1):
        question = page.locator("#question")
        if question.count() == 0:
            return
        decision = next(
            slug
            for slug, step in roadmap.steps.items()
            if step.kind == "decision" and step.question == question.inner_text()
        )
        answer(page, roadmap, decision, answers[decision])


def test_officer_walks_scenario_a_changes_an_answer_and_opens_the_handover_note(page: Page, roadmap):
    scenario = roadmap.scenario_map["green-border-asylum"]
    page.goto("/bg/guide/")
    walk(page, roadmap, scenario.answers)
    expect(page.locator("#result-title")).to_be_visible()
    expect(page.locator(".now-card")).to_contain_text(roadmap.steps["integration-in-bulgaria"].title)
    given = answers_in(page.url)
    assert dict(given) == scenario.answers

    # back two answers: "change" the second-to-last answered question
    page.locator(".change-link").nth(len(given) - 2).click()
    assert answers_in(page.url) == given[:-2]
    decision, _key = given[-2]
    expect(page.locator("#question")).to_have_text(roadmap.steps[decision].question)

    # change it: any other answer than the one given, then finish
    other = next(o for o in roadmap.steps[decision].options if o.key != _key)
    answer(page, roadmap, decision, other.key)
    changed = {**scenario.answers, decision: other.key}
    walk(page, roadmap, changed)
    expected = resolve_path(roadmap, changed)
    assert expected.complete
    expect(page.locator("#result-title")).to_be_visible()
    expect(page.locator(".now-card")).to_contain_text(expected.outcome.title)
    assert [s for s, _k in answers_in(page.url)] == [a.decision.slug for a in expected.answers]

    page.locator('input[name="t"]').fill("2026-11-20T09:30")
    page.get_by_role("button", name=re.compile("срокове", re.I)).click()
    expect(page.locator(".path-step .due").first).to_be_visible()
    assert ("t", "2026-11-20T09:30") in parse_qsl(urlparse(page.url).query)

    page.locator('.guide-actions a[href*="/guide/handover/"]').click()
    expect(page).to_have_url(re.compile(r"/bg/guide/handover/\?"))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".tick").first).to_be_visible()
    expect(page.locator(".handover-fields")).to_contain_text("20.11.2026 09:30")


def test_the_guide_works_without_javascript(browser: Browser, live_server, roadmap):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/bg/guide/")
    walk(page, roadmap, roadmap.scenario_map["ukraine-with-neighbour"].answers)
    expect(page.locator("main")).to_contain_text(roadmap.steps["ua-under-temporary-protection"].title)
    expect(page.locator("#permalink")).to_be_visible()  # the link is there to copy by hand
    expect(page.locator("[data-copy]")).to_be_hidden()  # and no dead JS-only buttons
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/bg/guide/",
        "/bg/guide/?a=d-emergency:d-child-or-adult",
        "/en/guide/?a=d-emergency:d-child-or-adult&a=bad",
        "/bg/scenarios/",
        "/bg/scenarios/green-border-asylum/?t=2026-11-20T09:30",
        "/en/scenarios/ukraine-with-neighbour/",
    ],
)
def test_guide_and_scenario_pages_have_no_wcag_violations(page: Page, roadmap, axe, path):
    page.goto(path)
    violations = axe()
    assert not violations, format_violations(violations)


def test_completed_guide_and_handover_note_have_no_wcag_violations(page: Page, roadmap, axe):
    from cases.links import answers_query

    query = answers_query(list(roadmap.scenario_map["disputed-age"].answers.items()), t="2026-11-20T09:30")
    for path in (f"/bg/guide/?{query}", f"/bg/guide/handover/?{query}"):
        page.goto(path)
        violations = axe()
        assert not violations, format_violations(violations)
