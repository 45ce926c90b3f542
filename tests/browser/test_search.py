"""The search page in a real browser on a phone: a typo corrected, groups with jump links, highlighted words,
WCAG 2 A/AA (axe-core) with the new markup."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import format_violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}


def test_search_on_a_phone_corrects_a_typo_and_jumps_between_groups(page: Page, axe, demo):
    page.set_viewport_size(PHONE)
    page.goto("/bg/")
    page.locator("#home-search").fill("трафк")
    page.locator("#home-search").press("Enter")
    expect(page.locator(".search-corrected")).to_contain_text("трафик")
    expect(page.locator('section[aria-labelledby="group-steps"] mark').first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if shots := os.environ.get("SCREENSHOTS"):  # for a human to look at, as in test_reader.py
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/search-typo-phone.png")
        page.screenshot(path=f"{shots}/search-typo-phone-full.png", full_page=True)

    jump = page.locator('.search-jump a[href="#group-scenarios"]')
    expect(jump).to_be_visible()
    jump.click()
    expect(page).to_have_url(re.compile(r"#group-scenarios$"))
    expect(page.locator("#group-scenarios")).to_be_in_viewport()
    expect(page.locator('a[href="/bg/scenarios/suspected-trafficking/"]')).to_be_visible()

    violations = axe()
    assert not violations, format_violations(violations)


def test_search_with_nothing_found_names_the_word(page: Page, axe, demo):
    page.set_viewport_size(PHONE)
    page.goto("/bg/search/?q=xyzzy")
    expect(page.locator("main")).to_contain_text("„xyzzy“")
    violations = axe()
    assert not violations, format_violations(violations)
