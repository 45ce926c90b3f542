"""The profile in figures in a real browser on a 360 px phone: a coordinator's figure without a source is
refused next to the field, the sourced one appears on the public page in its chart and table, nothing
scrolls sideways, and neither page has a WCAG A/AA violation."""

import pytest
from playwright.sync_api import Page, expect

from datasets.demo import demo_profile_load
from tests.factories import UserFactory

from .conftest import format_violations
from .test_manage import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 640}


@pytest.fixture
def profile(transactional_db, roles):
    demo_profile_load()


def test_a_coordinator_adds_a_sourced_year_and_readers_see_it(page: Page, profile, axe):
    UserFactory(username="maria", groups=["coordinator"])
    page.set_viewport_size(PHONE)
    log_in(page, "maria")
    page.goto("/bg/manage/profile/sar-applications/")
    page.get_by_role("link", name="Добавяне на 2024 г.").click()
    expect(page.get_by_label("Година")).to_have_value("2024")
    page.get_by_label("Стойност").fill("2011")
    page.locator("main").get_by_role("button", name="Запис").click()
    expect(page.locator("#id_source_url").locator("xpath=..").locator("..")).to_contain_text(
        "Посочете адреса на източника"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe()
    assert not violations, format_violations(violations)

    page.get_by_label("Наименование на източника").fill("Тестов източник")
    page.get_by_label("Адрес на източника").fill("https://example.org/sar-2024")
    page.get_by_label("Дата на източника").fill("2025-03-01")
    page.locator("main").get_by_role("button", name="Запис").click()
    expect(page.get_by_text("Записано: 2024 г., 2011.")).to_be_visible()

    page.goto("/bg/profile/")
    section = page.locator("#sar-applications")
    expect(section.locator("svg[role=img]")).to_contain_text("2\u00a0011")  # grouped as Bulgarian writes it
    expect(section.get_by_role("link", name="Тестов източник")).to_have_attribute(
        "href", "https://example.org/sar-2024"
    )
    expect(page.locator("#decisions")).to_contain_text("Все още няма числа с посочен източник.")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe()
    assert not violations, format_violations(violations)
