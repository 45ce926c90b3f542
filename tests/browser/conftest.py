"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

Every test in this folder gets the `browser` marker automatically; script/test deselects them with
a reason when Chromium is missing (and fails instead with REQUIRE_BROWSER_TESTS=1, as CI does).
Relative URLs work: `page.goto("/bg/")` goes to the live server. Under pytest-xdist each worker has
its own live server and browser.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the main thread; without this every ORM call in a
# fixture or test raises SynchronousOnlyOperation (TECH-NOTES §4, §7.6).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The machine has no network beyond the package registries: without the background-networking flags
# Chromium keeps trying (and failing) to reach Google's services. --no-sandbox: we run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_JS = Path(os.environ.get("AXE_JS", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
AXE_SOURCE = f"() => {{ {AXE_JS.read_text()}\n}}" if AXE_JS.exists() else "() => {}"


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items, so select ours by path.
    skip = None
    if not os.access(CHROMIUM, os.X_OK) and os.environ.get("REQUIRE_BROWSER_TESTS") != "1":
        skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (Debian package chromium)")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium instead of a Playwright-downloaded browser (`playwright install` cannot work here).
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(autouse=True)
def no_csp_violations(browser, monkeypatch):
    """Every browser test also checks the Content-Security-Policy: whatever the browser refused (an
    inline script or style, a resource from elsewhere) fails the test. Chromium reports each refusal as
    a console error in every page of the test's browser contexts, the `page` fixture's and its own."""
    refused: list[str] = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("console", lambda message: refused.extend(csp_refusals([message])))
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield refused
    assert not refused, "Content-Security-Policy violations:\n" + "\n".join(refused)


def csp_refusals(messages) -> list[str]:
    """The console messages that are a Content-Security-Policy refusal, with the page they came from."""
    return [
        f"{message.location.get('url', '')}: {message.text}"
        for message in messages
        if message.type == "error" and "Content Security Policy" in message.text
    ]


@pytest.fixture(scope="session")
def base_url(live_server):
    # pytest-playwright passes base_url to every browser context, so tests can goto("/bg/").
    return live_server.url


@pytest.fixture
def axe(page):
    """Run axe-core on the current page; return its WCAG 2 A/AA violations (a list, empty when clean).

    `axe()` checks the whole document; `axe("main")` a part of it; `options=` replaces the defaults.
    Assert with `assert not axe(), format_violations(...)` for a readable failure.
    """

    def run(context=None, options=None):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # evaluated, not added as a <script> element: the site's Content-Security-Policy would
            # refuse an inline script (and report it as a violation)
            page.evaluate(AXE_SOURCE)
        opts = options or {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
        result = page.evaluate("([c, o]) => axe.run(c || document, o)", [context, opts])
        return result["violations"]

    return run


def format_violations(violations):
    """One line per violation and affected element, for assertion messages."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(map(str, node['target']))}")
    return "\n".join(lines)


@pytest.fixture
def roles(transactional_db):
    """The role groups with their permissions. Browser tests use transactional_db, whose flush after
    each test also deletes the groups the data migrations created: make them again, with the same code."""
    from importlib import import_module

    from django.apps import apps

    import_module("roadmap.migrations.0002_roles").create_roles(apps, None)
    import_module("cases.migrations.0003_roles_for_scenarios_and_history").grant(apps, None)
    import_module("trainings.migrations.0002_roles").grant(apps, None)
    import_module("meetings.migrations.0002_roles").grant(apps, None)
    import_module("library.migrations.0002_roles").grant(apps, None)
    import_module("datasets.migrations.0002_roles").grant(apps, None)
    import_module("datasets.migrations.0003_coordinators_add_series").grant(apps, None)
