"""The offline copy in Chromium: save the demo roadmap with one institution's PDF, lose the connection,
read a step page (with the copy's banner), the stored PDF and the offline guide with three answers and its
handover note; a new edition published meanwhile is offered
back online and replaces the copy whole. WCAG 2 A/AA on the new page."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.links import answers_query
from cases.selectors import guide_state
from roadmap.editions import latest_edition
from roadmap.models import Edition

from .conftest import format_violations

pytestmark = pytest.mark.django_db(transaction=True)

STEP = "signal-to-dsp"
INSTITUTION = "dab"


@pytest.fixture
def demo_row(transactional_db, demo_edition_row):
    Edition.objects.create(**demo_edition_row)
    return demo_edition_row


def saved_caches(page: Page) -> list[str]:
    return page.evaluate("caches.keys()")


def test_save_read_offline_and_update(page: Page, context, demo_row, axe):
    page.goto("/bg/")
    page.get_by_role("link", name=re.compile("офлайн")).first.click()
    expect(page).to_have_url(re.compile(r"/bg/offline/$"))
    assert not axe(), format_violations(axe())

    expect(page.locator("[data-offline-status]")).to_contain_text("Няма")
    page.locator(f'input[name=pdf][value="/bg/institutions/{INSTITUTION}/what-we-do.pdf"]').check()
    page.get_by_role("button", name="Запази за офлайн ползване").click()
    done = page.locator("[data-offline-progress]")
    expect(done).to_contain_text("издание 1", timeout=60_000)
    expect(page.locator("[data-offline-status]")).to_contain_text("1 PDF")
    assert not axe(), format_violations(axe())
    assert [name for name in saved_caches(page) if name.startswith("offline-copy-bg-1-")]

    context.set_offline(True)
    page.goto(f"/bg/roadmap/{STEP}/")
    banner = page.locator(".offline-banner")
    expect(banner).to_contain_text("Офлайн копие — издание 1")
    expect(banner).to_contain_text("запазено днес")
    expect(page.locator("h1")).to_be_visible()
    # the stylesheets came from the copy too
    assert page.evaluate("getComputedStyle(document.querySelector('.offline-banner')).display") == "block"
    # the stored PDF, offline
    pdf = page.evaluate(
        f"""fetch('/bg/institutions/{INSTITUTION}/what-we-do.pdf')
              .then(async r => [r.headers.get('Content-Type'), (await r.text()).slice(0, 5)])"""
    )
    assert pdf == ["application/pdf", "%PDF-"]
    # the offline guide with three answers: the copy's page reads them from the address, and the
    # edition's JSON from the copy; the handover note is built in the browser
    roadmap = latest_edition().localized("bg")
    scenario = roadmap.scenario_map["green-border-asylum"]
    query = answers_query(list(scenario.answers.items())[:3])
    page.goto(f"/bg/guide/offline/?{query}")
    expect(page.locator(".offline-banner")).to_contain_text("Офлайн копие — издание 1")
    expect(page.locator(".offline-ready")).to_be_visible()
    server = guide_state(edition=roadmap, query_string=query, now=datetime.now(UTC))
    expect(page.locator(".done-steps > li")).to_have_count(len(server.done_steps))
    expect(page.locator("#offline-question")).to_have_text(server.path.pending.question)
    expect(page.locator(".handover-text h3").first).to_have_text("Ситуация (дадени отговори)")
    assert len(server.done_steps) >= 1
    # nothing of the case is kept: no cache holds a URL with a query string
    kept = page.evaluate(
        """caches.keys()
             .then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
             .then(lists => lists.flat().map(r => r.url))
             .then(urls => urls.filter(u => u.includes('?') && !u.includes('/static/')))"""
    )
    assert kept == []
    assert page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]

    # a page the copy does not hold: the search, the guide with answers
    page.goto("/bg/search/?q=dab")
    expect(page.locator("h1")).to_contain_text("не е в офлайн копието")
    expect(page.locator(".offline-banner")).to_be_visible()
    assert not axe(), format_violations(axe())  # the banner included

    # a coordinator publishes edition 2 while the officer is away
    Edition.objects.create(**{**demo_row, "number": 2, "published_at": timezone.now()})
    context.set_offline(False)
    page.goto(f"/bg/roadmap/{STEP}/")
    expect(page.locator(".offline-banner")).to_have_count(0)
    notice = page.locator(".offline-update")
    expect(notice).to_contain_text("Публикувано е издание 2")
    notice.get_by_role("button").click()
    expect(notice).to_contain_text("вече е от издание 2", timeout=60_000)
    copies = [name for name in saved_caches(page) if name.startswith("offline-copy-bg-")]
    assert len(copies) == 1 and copies[0].startswith("offline-copy-bg-2-")

    context.set_offline(True)
    page.goto("/bg/glossary/")
    expect(page.locator(".offline-banner")).to_contain_text("издание 2")
    pdf_type = page.evaluate(
        f"fetch('/bg/institutions/{INSTITUTION}/what-we-do.pdf').then(r => r.headers.get('Content-Type'))"
    )
    assert pdf_type == "application/pdf"  # the update kept the PDFs chosen
