"""Self-tests of the browser-test tooling: Debian's Chromium starts, the live server serves the npm
front-end packages, and the axe fixture really reports violations (so a clean result means something)."""

from playwright.sync_api import Page

from .conftest import format_violations


def test_live_server_serves_front_end_packages(page: Page):
    for path in (
        "/static/vendor/bootstrap/css/bootstrap.min.css",
        "/static/vendor/bootstrap/js/bootstrap.bundle.min.js",
        "/static/vendor/bootstrap-icons/bootstrap-icons.min.css",
    ):
        response = page.goto(path)
        assert response is not None and response.ok, path


def test_axe_reports_violations(page: Page, axe):
    page.set_content(
        '<!doctype html><html lang="bg"><title>Проба</title><main><img src="x.png"></main></html>'
    )
    assert [v["id"] for v in axe()] == ["image-alt"]

    page.set_content(
        '<!doctype html><html lang="bg"><title>Проба</title><main><img src="x.png" alt="Карта"></main></html>'
    )
    violations = axe()
    assert not violations, format_violations(violations)
