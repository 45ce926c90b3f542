"""A trainer on a phone records a consultative meeting (written minutes, a new participant, a proposal on a
roadmap step) and turns the proposal into a change note; a coordinator finds it on the step's edit page
and marks it handled."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from meetings.models import Meeting, Proposal
from roadmap.demo import demo_load
from roadmap.models import StepChangeNote
from tests.factories import UserFactory

from .conftest import format_violations
from .test_trainings import log_in


@pytest.fixture
def working_copy(transactional_db, roles):
    # The change note names steps of the working copy; transactional_db: the live server sees it.
    return demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")


def test_a_meeting_proposal_reaches_the_coordinators_step_page(page: Page, working_copy, axe, browser):
    UserFactory(username="obuchitel", groups=["trainer"])
    UserFactory(username="koordinator", groups=["coordinator"])
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, "obuchitel")

    page.goto("/bg/meetings/new/")
    page.locator("#id_date").fill("2024-06-12")
    page.locator("#id_town").fill("Русе")
    page.locator("#id_organiser").fill("Български Червен кръст")
    page.locator("#id_minutes").fill("Решено: **единен дежурен телефон**.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/bg/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    expect(page.locator("main strong", has_text="единен дежурен телефон")).to_be_visible()
    assert not axe("main"), format_violations(axe("main"))

    page.goto(f"/bg/meetings/{meeting.pk}/participants/")
    page.locator("#id_new-full_name").fill("Десислава Маринова")
    page.locator("#id_new-institution_slug").select_option("dazd")
    page.locator("#id_new-consent_date").fill("2024-06-05")
    page.locator("section[aria-labelledby=new-heading] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Държавна агенция за закрила на детето")

    page.goto(f"/bg/meetings/{meeting.pk}/proposals/new/")
    page.locator("#id_text").fill("Единен дежурен телефон на ОЗД в областта за сигнали извън работно време.")
    page.locator("#id_owner_institution").select_option("ozd")
    page.locator("#id_step_slugs").select_option(["d-out-of-hours"])
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/bg/meetings/{meeting.pk}/#proposals$"))
    page.get_by_role("button", name="Отбелязване като прието").click()
    page.get_by_role("button", name="Превръщане в бележка за промяна до координаторите").click()
    expect(page.locator("main")).to_contain_text("(отворена)")
    assert Proposal.objects.get().status == "agreed"
    assert not axe("main"), format_violations(axe("main"))

    coordinator = browser.new_page(base_url=page.url.split("/bg/")[0], viewport={"width": 360, "height": 800})
    log_in(coordinator, "koordinator")
    coordinator.goto("/bg/manage/steps/d-out-of-hours/")
    notes = coordinator.locator("#change-notes")
    expect(notes).to_contain_text("Единен дежурен телефон на ОЗД")
    expect(notes.get_by_role("link", name="Консултативна среща, Русе, 12.06.2024")).to_be_visible()
    notes.get_by_role("button", name="Отбелязване като обработена").click()
    expect(coordinator.locator("#change-notes")).to_contain_text("Обработена на")
    assert StepChangeNote.objects.get().status == "handled"
    coordinator.close()
