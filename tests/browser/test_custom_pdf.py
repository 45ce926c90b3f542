"""A PDF of a case in a real browser: the officer asks for it, sees "being prepared" while the background
worker renders it, and the page turns into the PDF by itself (roadmap_site/pdf_jobs.py)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.links import answers_query
from roadmap_site import pdf_jobs

from .conftest import format_violations

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", pdf_jobs.QUEUE]}}


@pytest.fixture
def queued(transactional_db, demo, settings, pdf_cache, fake_weasyprint):
    # transactional_db: the live server thread sees the edition and the queued task.
    settings.TASKS = DATABASE
    settings.CUSTOM_PDF_WAIT_SECONDS = 0
    return fake_weasyprint


def test_the_being_prepared_page_turns_into_the_pdf_by_itself(page: Page, queued, run_worker, axe):
    case = answers_query([("d-emergency", "d-child-or-adult")], t="2026-03-02T09:00")
    page.goto(f"{reverse('cases:guide_pdf')}?{case}")
    expect(page.get_by_role("heading", name="PDF файлът се подготвя")).to_be_visible()
    assert "/bg/pdf/" in page.url
    assert queued == []
    violations = axe()
    assert not violations, format_violations(violations)
    back = page.get_by_role("link", name="Обратно към страницата").get_attribute("href")
    assert back.startswith(reverse("cases:guide") + "?") and "d-emergency" in back  # the guide, as it was

    run_worker(queues=[pdf_jobs.QUEUE])
    # The page reloads itself (every PAGE_REFRESH_SECONDS) and now gets the PDF.
    with page.expect_response(lambda response: "/bg/pdf/" in response.url and response.status == 200) as info:
        pass
    assert info.value.headers["content-type"] == "application/pdf"
    assert len(queued) == 1
