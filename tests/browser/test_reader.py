"""The reader pages in a real browser, on the demo roadmap: the officer's path from the home page to a
step and its English version, WCAG 2 A/AA (axe-core), a phone screen, the keyboard and print.

Screenshots for a human to look at: `SCREENSHOTS=/tmp/shots pytest tests/browser/test_reader.py -p no:xdist`
saves full-page PNGs at 360 and 1280 px (and a print preview) there; without it that test is skipped.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import format_violations

# transaction=True: the live server answers from another thread, which must see the demo's edition.
pytestmark = pytest.mark.django_db(transaction=True)

DECISION = "d-child-or-adult"
ACTION = "signal-to-dsp"
INSTITUTION = "dab"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def step_title(demo, slug, lang):
    step = next(s for stage in demo.content["stages"] for s in stage["steps"] if s["slug"] == slug)
    return step["title"][lang]


def focused(page: Page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
                text: el.textContent.trim()};
    }""")


def test_officer_goes_from_home_to_a_step_and_reads_it_in_english(page: Page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto("/bg/")
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    page.locator('main a[href="/bg/roadmap/"]').click()  # "browse the roadmap"
    expect(page).to_have_url(re.compile(r"/bg/roadmap/$"))
    expect(page.locator("h1")).to_be_visible()

    page.locator(f'main a.step-link[href="/bg/roadmap/{ACTION}/"]').click()
    expect(page).to_have_url(re.compile(rf"/bg/roadmap/{ACTION}/$"))
    expect(page.locator("h1")).to_contain_text(step_title(demo, ACTION, "bg"))
    expect(page.locator("#who-title")).to_be_visible()
    expect(page.locator(".responsibility.role-leads").first).to_be_visible()
    expect(page.locator("#legal-title")).to_be_visible()
    expect(page.locator(".legal-list li").first).to_be_visible()

    page.locator(".language-switcher").get_by_role("link", name=re.compile(r"^EN\b")).click()
    expect(page).to_have_url(re.compile(rf"/en/roadmap/{ACTION}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(step_title(demo, ACTION, "en"))
    expect(page.locator("#who-title")).to_have_text("Who is responsible")


AXE_PAGES = [
    "/bg/",
    "/bg/roadmap/",
    f"/bg/roadmap/{DECISION}/",
    f"/bg/roadmap/{ACTION}/",
    f"/bg/institutions/{INSTITUTION}/",
    "/bg/responsibilities/",
    "/bg/glossary/",
    "/bg/search/?q=дете",
]


def test_reader_pages_have_no_wcag_a_or_aa_violation(page: Page, axe, demo):
    page.set_viewport_size(DESKTOP)
    found = {}
    for path in AXE_PAGES:
        response = page.goto(path)
        assert response is not None and response.ok, path
        if violations := axe():
            found[path] = format_violations(violations)
    assert not found, "\n".join(f"{path}:\n{text}" for path, text in found.items())


def test_reader_pages_on_a_phone_have_no_horizontal_scroll(page: Page, demo):
    page.set_viewport_size(PHONE)
    # the action step and the institution have long deadlines, the matrix a wide table in a scroll box
    wide = {}
    for path in (
        f"/bg/roadmap/{ACTION}/",
        f"/bg/roadmap/{DECISION}/",
        "/bg/roadmap/",
        f"/bg/institutions/{INSTITUTION}/",
        "/bg/responsibilities/",
    ):
        page.goto(path)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            wide[path] = width
    assert not wide


def test_step_page_on_a_phone(page: Page, demo):
    page.set_viewport_size(PHONE)
    page.goto(f"/bg/roadmap/{DECISION}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    menu = page.locator("#main-nav")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    toggler.click()
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.locator('a[href="/bg/roadmap/"]')).to_be_visible()
    expect(page.locator("#site-search")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.reload()
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")  # the next stop is inside the page content, not the menu
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_keyboard_reaches_the_language_switcher_and_the_search_box(page: Page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto(f"/bg/roadmap/{ACTION}/")
    stops = []
    for _ in range(25):
        page.keyboard.press("Tab")
        stops.append(focused(page))
    assert "skip-link" in stops[0]["cls"].split()
    assert any(s["id"] == "site-search" for s in stops), stops
    assert any(s["href"] == f"/en/roadmap/{ACTION}/" for s in stops), stops
    # the search box works from the keyboard alone
    page.locator("#site-search").focus()
    page.keyboard.type("ДАБ")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/bg/search/\?q="))
    expect(page.locator(f'main a[href="/bg/institutions/{INSTITUTION}/"]')).to_be_visible()


def test_printed_step_page_has_no_navigation(page: Page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto(f"/bg/roadmap/{ACTION}/")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    for chrome in (".site-header", ".breadcrumb", ".skip-link", ".step-nav .btn"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#who-title")).to_be_visible()
    expect(page.locator("#legal-title")).to_be_visible()
    if shots := os.environ.get("SCREENSHOTS"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/print-step.png", full_page=True)


SHOT_PAGES = {
    "home": "/bg/",
    "overview": "/bg/roadmap/",
    "step-decision": f"/bg/roadmap/{DECISION}/",
    "step-action": f"/bg/roadmap/{ACTION}/",
    "institution": f"/bg/institutions/{INSTITUTION}/",
    "matrix": "/bg/responsibilities/",
}


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS"), reason="set SCREENSHOTS=<folder> to save screenshots")
def test_save_screenshots_for_review(page: Page, demo):
    folder = Path(os.environ["SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in SHOT_PAGES.items():
            page.goto(path)
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
