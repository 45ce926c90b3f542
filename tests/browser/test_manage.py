"""A coordinator in a real browser: moves who leads a step in the editable matrix, checks the pathway,
publishes edition 2; officers then see the change, and the page of edition 1 (where a printout's QR code
leads) says that edition is outdated and names the change."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from roadmap.demo import demo_load
from roadmap.editions import latest_edition
from roadmap.models import Institution, Step
from tests.factories import UserFactory

from .conftest import format_violations

STEP = "emergency-medical-care"


@pytest.fixture
def roadmap(transactional_db, roles):
    # transactional_db: the live server thread must see the rows.
    demo_load(folder=settings.BASE_DIR / "fixtures" / "demo")
    return latest_edition().localized("bg")


def log_in(page: Page, username: str) -> None:
    page.goto("/bg/accounts/login/")
    page.get_by_label("Потребител").fill(username)
    page.get_by_label("Парола").fill("correct horse battery staple")  # UserFactory's
    page.locator("main").get_by_role("button", name="Вход").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_coordinator_moves_a_lead_publishes_and_officers_see_it(page: Page, roadmap, axe):
    UserFactory(username="koordinator", groups=["coordinator"])
    step = Step.objects.get(slug=STEP)
    old_lead, new_lead = Institution.objects.get(slug="emergency-112"), Institution.objects.get(slug="health")
    log_in(page, "koordinator")

    page.goto(f"/bg/manage/responsibilities/?stage={step.stage.slug}")
    assert not axe("main"), format_violations(axe("main"))
    page.locator(f"select[name='cell-{step.pk}-{old_lead.pk}']").select_option("")
    page.locator(f"select[name='cell-{step.pk}-{new_lead.pk}']").select_option("leads")
    page.get_by_role("button", name="Запис на ролите").click()
    expect(page.locator(".alert-success")).to_contain_text("работното копие")

    page.get_by_role("link", name="Проверка на пътя").first.click()
    expect(page.locator("main")).to_contain_text("Няма грешки")

    page.goto("/bg/manage/publish/")
    expect(page.locator("main")).to_contain_text("Водещата роля за")  # the change, in plain words
    page.get_by_label("Какво се промени и защо (на български)").fill(
        "Спешната медицинска помощ се води от лечебните заведения."
    )
    page.get_by_label("Какво се промени и защо (на английски)").fill(
        "Emergency care is led by the hospitals."
    )
    page.locator("main form.publish-form").get_by_role("button", name="Публикуване").click()
    expect(page.locator(".alert-success")).to_contain_text("Издание 2 е публикувано")
    assert latest_edition().number == 2

    officer = page.context.browser.new_page(base_url=page.url.split("/bg/")[0])
    officer.goto(f"/bg/roadmap/{STEP}/")
    leading = officer.locator("li.responsibility.role-leads")
    expect(leading).to_have_count(1)
    expect(leading).to_contain_text(roadmap.institutions["health"].name)
    expect(officer.locator("footer")).to_contain_text("Издание 2")
    officer.goto("/bg/institutions/health/")
    expect(officer.locator("main")).to_contain_text(roadmap.steps[STEP].title)

    officer.goto(f"/bg/editions/1/?page=/bg/roadmap/{STEP}/")
    main = officer.locator("main")
    expect(main).to_contain_text("остаряла")
    expect(main).to_contain_text(f"Водещата роля за „{roadmap.steps[STEP].title}“")
    expect(main).to_contain_text(roadmap.institutions["health"].name)
    officer.get_by_role("link", name="Отворете актуалната страница онлайн").click()
    expect(officer).to_have_url(f"{page.url.split('/bg/')[0]}/bg/roadmap/{STEP}/")
    officer.close()
