"""The Content-Security-Policy in Chromium: the main pages of every kind of user load, run their scripts
and keep their look with nothing refused — no inline script or style, nothing from another site.

Two witnesses: the `securitypolicyviolation` events each page fires (collected here), and the console
errors the autouse `no_csp_violations` fixture in conftest.py fails any browser test on."""

from urllib.parse import unquote

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from roadmap.demo import demo_load
from roadmap.editions import latest_edition
from roadmap.models import Step
from tests.factories import UserFactory
from trainings.demo import demo_trainings_load
from trainings.models import TrainingSession

PASSWORD = "correct horse battery staple"  # UserFactory's
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def watched(page: Page) -> Page:
    page.context.add_init_script(VIOLATIONS)
    return page


def visit(page: Page, path: str, status: int = 200) -> None:
    """Open a page and fail on any violation it reported (init scripts run again on each document)."""
    response = page.goto(path)
    assert response is not None and response.status == status, path
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == [], path


def log_in(page: Page, username: str, login: str = "/bg/accounts/login/") -> None:
    page.goto(login)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture
def roadmap(transactional_db, roles):
    # the whole working copy (the coordinators' pages and the admin show it), published as edition 1
    demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")
    return latest_edition().localized("bg")


def test_reader_pages_and_the_guide_walk_refuse_nothing(watched: Page, roadmap):
    for path in (
        "/bg/",
        "/bg/roadmap/",
        "/bg/roadmap/secure-the-child/",
        "/en/responsibilities/",
        "/bg/glossary/",
        "/bg/search/?q=дете",
        "/bg/scenarios/green-border-asylum/",
        "/bg/accounts/login/",
        "/bg/editions/1/",
    ):
        visit(watched, path)
    visit(watched, "/bg/no-such-page/", status=404)

    visit(watched, "/bg/guide/")
    scenario = roadmap.scenario_map["green-border-asylum"]
    for _ in range(4):
        question = watched.locator("#question").inner_text()
        decision = next(s for s, step in roadmap.steps.items() if step.question == question)
        option = next(o for o in roadmap.steps[decision].options if o.key == scenario.answers[decision])
        watched.get_by_role("link", name=option.label, exact=True).click()
        watched.wait_for_url(lambda url, d=decision: f"{d}:" in unquote(url))
        assert watched.evaluate("window.__cspViolations") == []
    # the progress bar is a <progress> now, and the guide's script still runs (it shows "Copy link")
    assert int(watched.get_by_role("progressbar").get_attribute("value")) > 0
    expect(watched.locator("[data-copy]")).to_be_visible()
    watched.get_by_role("link", name="Предаване сега").click()
    assert watched.evaluate("window.__cspViolations") == []


def test_the_flowchart_refuses_nothing_and_is_sized_by_its_script(watched: Page, roadmap):
    watched.set_viewport_size({"width": 1280, "height": 900})
    visit(watched, "/bg/flowchart/?scenario=green-border-asylum")
    svg = watched.locator(".flowchart-svg")
    natural = int(svg.get_attribute("data-natural-width"))
    assert svg.evaluate("s => s.style.getPropertyValue('--fc-width')") == f"{natural}px"
    # readable size: at least 70 % of the natural width, scrolled where the highlighted path starts
    assert svg.bounding_box()["width"] >= natural * 0.7 - 1
    watched.get_by_label("Цялата схема").check()
    assert svg.bounding_box()["width"] <= 1280


def test_coordinators_pages_refuse_nothing(watched: Page, roadmap):
    UserFactory(username="koordinator", groups=["coordinator"])
    log_in(watched, "koordinator")
    for path in (
        "/bg/manage/",
        "/bg/manage/steps/",
        "/bg/manage/responsibilities/",
        "/bg/manage/verification/",
        "/bg/manage/publish/",
    ):
        visit(watched, path)
    visit(watched, "/bg/manage/steps/secure-the-child/")
    # the live Markdown preview puts the server's HTML into the page
    field = watched.locator("textarea[data-markdown-preview]").first
    field.fill("**Удебелено** и [връзка](https://example.org)")
    expect(watched.locator("#markdown-preview strong").first).to_have_text("Удебелено")
    assert watched.evaluate("window.__cspViolations") == []


def test_trainers_pages_refuse_nothing(watched: Page, roadmap):
    demo_trainings_load()
    session = TrainingSession.objects.get(region="ruse")
    day = session.days.order_by("date").first()
    UserFactory(username="obuchitel", groups=["trainer"])
    log_in(watched, "obuchitel")
    for path in (
        "/bg/trainings/",
        f"/bg/trainings/{session.pk}/",
        f"/bg/trainings/{session.pk}/attendance/{day.date.isoformat()}/",
        "/bg/trainings/participants/",
        "/bg/trainings/dashboard/",
    ):
        visit(watched, path)
    # the dashboard's Print button works through static/js/site.js, not an onclick="" attribute
    watched.evaluate("window.print = () => { window.__printed = true; }")
    watched.locator("[data-print]").click()
    assert watched.evaluate("window.__printed") is True


def test_the_admin_refuses_nothing(watched: Page, roadmap):
    UserFactory(username="admin", groups=["administrator"], is_staff=True)
    log_in(watched, "admin", login="/admin/login/")
    step_id = Step.objects.get(slug="secure-the-child").pk
    for path in (
        "/admin/",
        "/admin/roadmap/step/",
        f"/admin/roadmap/step/{step_id}/change/",
        f"/admin/roadmap/step/{step_id}/history/",
        "/admin/auth/user/",
    ):
        visit(watched, path)


def test_the_watcher_catches_a_refusal(page: Page, roadmap, no_csp_violations):
    page.context.add_init_script(VIOLATIONS)
    visit(page, "/bg/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__cspViolations")[0].startswith("style-src-attr")
    page.wait_for_timeout(100)
    assert no_csp_violations and "Content Security Policy" in no_csp_violations[0]
    no_csp_violations.clear()  # seen: the fixture's own check would fail this test
