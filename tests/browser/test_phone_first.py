"""Phone first (issue 12), at 360 × 640: the step page's summary above the fold, the flowchart as a
vertical path with the canvas one tap away, and no WCAG A/AA violation on either."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import format_violations

# transaction=True: the live server answers from another thread, which must see the demo's edition.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 640}
STEP = "receive-asylum-application"
SCENARIO = "green-border-asylum"


def test_the_step_summary_is_above_the_fold_on_a_phone(page: Page, demo):
    page.set_viewport_size(PHONE)
    page.goto(f"/bg/roadmap/{STEP}/?inst=dab")
    for row in ("glance-what", "glance-leads", "glance-own", "glance-deadline", "glance-legal"):
        box = page.locator(f".{row}").bounding_box()
        assert box is not None and box["height"] > 0, row
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (row, box)
    expect(page.locator(".glance-own .own-badge")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_flowchart_opens_as_a_vertical_path_and_the_canvas_is_one_tap_away(page: Page, demo):
    page.set_viewport_size(PHONE)
    page.goto(f"/bg/flowchart/?scenario={SCENARIO}")
    expect(page.locator("#flowchart-path")).to_be_visible()
    expect(page.locator("#flowchart-path .fc-vstep.is-on-path").first).to_be_visible()
    expect(page.locator("#flowchart-canvas")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.locator('#flowchart-path a[href="#flowchart-canvas"]').click()
    expect(page.locator("#flowchart-canvas .flowchart-svg")).to_be_visible()
    page.locator('#flowchart-canvas a[href="#flowchart-path"]').click()
    expect(page.locator("#flowchart-canvas")).to_be_hidden()


def test_a_desktop_still_opens_the_canvas(page: Page, demo):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/bg/flowchart/?scenario={SCENARIO}")
    expect(page.locator("#flowchart-canvas .flowchart-svg")).to_be_visible()
    expect(page.locator("#flowchart-path")).to_be_hidden()


@pytest.mark.parametrize(
    "path",
    [f"/bg/roadmap/{STEP}/?inst=dab", "/en/roadmap/d-child-or-adult/", f"/bg/flowchart/?scenario={SCENARIO}"],
)
def test_phone_pages_have_no_wcag_a_or_aa_violation(page: Page, axe, demo, path):
    page.set_viewport_size(PHONE)
    response = page.goto(path)
    assert response is not None and response.ok
    violations = axe()
    assert not violations, format_violations(violations)
