"""The offline guide page in a real browser (online here): answers in the address → the same path and
handover note as the server's; answering and changing answers moves through the address only; axe-core
finds nothing on it."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from playwright.sync_api import Page, expect

from cases.deadlines import format_identified_at
from cases.links import answers_query
from cases.offline import handover_text
from cases.selectors import guide_state

from .conftest import format_violations


@pytest.fixture
def roadmap(transactional_db, demo):
    # transactional_db: the live server thread must see the demo's edition.
    return demo.localized("bg")


def server_note_lines(roadmap, query: str) -> list[str]:
    """The server's handover note for the link, as the page lists it (headings, items and lines)."""
    view = guide_state(edition=roadmap, query_string=query, now=datetime.now(UTC))
    lines = handover_text(view).splitlines()[1:]
    return [line.removeprefix("## ").lstrip(" ").removeprefix("- ") for line in lines if line]


def test_answers_in_the_address_show_the_path_and_the_handover_note(page: Page, roadmap, axe):
    scenario = roadmap.scenario_map["green-border-asylum"]
    identified = datetime.now(UTC) - timedelta(hours=30)
    query = answers_query(list(scenario.answers.items())[:3], t=format_identified_at(identified))
    page.goto(f"/bg/guide/offline/?{query}")
    expect(page.locator(".offline-ready")).to_be_visible()
    # the steps done are the server's, in its order
    server = guide_state(edition=roadmap, query_string=query, now=datetime.now(UTC))
    done = page.locator(".done-steps > li .fw-semibold")
    expect(done).to_have_text([f"{item.step.number} {item.step.title}" for item in server.done_steps])
    assert server.path.pending is not None
    expect(page.locator("#offline-question")).to_have_text(server.path.pending.question)
    # the handover note says what the server's says (due times computed in the browser included)
    note = page.locator(".handover-text").locator("h3, li, p")
    with mock.patch("cases.deadlines.timezone.now", return_value=datetime.now(UTC)):
        expected = server_note_lines(roadmap, query)
    expect(note).to_have_text(expected)
    assert server.running, "the link starts deadlines: the note compares due times"
    regimes = page.locator(".validity-note")
    expect(regimes).to_be_visible() if server.regime_matters else expect(regimes).to_be_hidden()
    assert not axe(), format_violations(axe())

    # answering moves on in the address; nothing is stored in the browser
    option = server.path.pending.options[0]
    page.get_by_role("link", name=option.label, exact=True).click()
    page.wait_for_url(lambda url: f"{server.path.pending.slug}%3A{option.key}" in url)
    after = guide_state(edition=roadmap, query_string=page.url.split("?", 1)[1], now=datetime.now(UTC))
    expect(page.locator(".done-steps > li")).to_have_count(len(after.done_steps))
    assert len(after.done_steps) > len(server.done_steps)
    stored = page.evaluate(
        "async () => [localStorage.length, sessionStorage.length, document.cookie,"
        " (await indexedDB.databases()).length]"
    )
    assert stored == [0, 0, "", 0]
    page.go_back()
    expect(page.locator("#offline-question")).to_have_text(server.path.pending.question)

    # the whole scenario: an end point, the legal regime said, the same note
    whole = answers_query(list(scenario.answers.items()), t=format_identified_at(identified))
    page.goto(f"/bg/guide/offline/?{whole}")
    expect(page.locator(".result-card")).to_be_visible()
    complete = guide_state(edition=roadmap, query_string=whole, now=datetime.now(UTC))
    assert complete.path.complete and complete.regime_matters
    expect(page.locator(".validity-note p")).to_have_count(len(complete.regime_notes))
    with mock.patch("cases.deadlines.timezone.now", return_value=datetime.now(UTC)):
        expected = server_note_lines(roadmap, whole)
    expect(page.locator(".handover-text").locator("h3, li, p")).to_have_text(expected)
    assert not axe(), format_violations(axe())


def test_the_page_in_english_on_a_phone(page: Page, demo, transactional_db, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/en/guide/offline/")
    expect(page.locator(".offline-ready")).to_be_visible()
    english = guide_state(edition=demo.localized("en"), query_string="", now=datetime.now(UTC))
    expect(page.locator("#offline-question")).to_have_text(english.path.pending.question)
    expect(page.locator(".handover-text h3").first).to_have_text("Situation (answers given)")
    assert page.evaluate("document.documentElement.scrollWidth <= 360")
    assert not axe(), format_violations(axe())


def test_without_the_document_the_page_says_so_and_old_answers_are_flagged(page: Page, roadmap):
    page.route("**/api/editions/**", lambda route: route.abort())
    page.goto("/bg/guide/offline/")
    expect(page.locator(".offline-failed")).to_be_visible()
    expect(page.locator(".offline-ready")).to_be_hidden()
    page.unroute("**/api/editions/**")
    first = next(s for s in roadmap.step_list if s.kind == "decision")
    page.goto(f"/bg/guide/offline/?{answers_query([(first.slug, first.options[0].key)], e=7)}")
    expect(page.locator(".offline-messages .other-edition")).to_contain_text("издание 7")
    expect(page.locator(".offline-messages .unread")).to_be_hidden()
