"""A trainer in a real browser: creates a one-day session, imports a CSV registration list (preview, then
confirm), ticks attendance for day 1 on a phone-sized screen and saves; then, when the print and report
pages exist, opens the sign-in sheet, a certificate PDF and the dashboard."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import UserFactory
from trainings.models import Attendance, Registration, TrainingSession

from .conftest import format_violations

CSV = (
    "Име;Институция;Длъжност;Област;Имейл;Съгласие\n"
    "Милена Атанасова;ОДМВР Бургас;инспектор;Бургас;m.atanasova@example.invalid;да\n"
    "Борислав Драганов;Главна дирекция „Гранична полиция“;гранични полицай;Бургас;;да\n"
    "Ралица Маринова;ДСП Бургас;социален работник;Бургас;r.marinova@example.invalid;да\n"
)
DAY = datetime.date(2024, 5, 14)


@pytest.fixture
def roadmap(transactional_db, roles, demo):
    # transactional_db: the live server thread must see the demo's edition.
    return demo


def log_in(page: Page, username: str) -> None:
    page.goto("/bg/accounts/login/")
    page.get_by_label("Потребител").fill(username)
    page.get_by_label("Парола").fill("correct horse battery staple")  # UserFactory's
    page.locator("main").get_by_role("button", name="Вход").click()
    expect(page).not_to_have_url("/bg/accounts/login/")


def test_trainer_creates_a_session_imports_a_list_and_ticks_attendance(page: Page, roadmap, axe, tmp_path):
    UserFactory(username="obuchitel", groups=["trainer"])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "obuchitel")

    page.goto("/bg/trainings/new/")
    page.locator("#id_title").fill("Обучение по пътната карта — Бургас")
    page.locator("#id_region").select_option("burgas")
    page.locator("#id_town").fill("Бургас")
    page.locator("#id_start_date").fill(DAY.isoformat())
    page.locator("#id_end_date").fill(DAY.isoformat())
    page.locator("#id_capacity").fill("20")
    page.locator("#id_target_institutions").select_option(["gdgp", "dsp"])
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/bg/trainings/\d+/$"))
    session = TrainingSession.objects.get()
    assert session.target_institutions == ["gdgp", "dsp"] and session.days.count() == 1
    assert not axe("main"), format_violations(axe("main"))

    page.locator(f"a[href='/bg/trainings/{session.pk}/import/']").first.click()
    csv_file = tmp_path / "списък.csv"
    csv_file.write_text(CSV, encoding="utf-8-sig")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("table.import-preview tbody tr")).to_have_count(3)
    expect(page.locator("table.import-preview")).to_contain_text("Борислав Драганов")
    assert not Registration.objects.exists()  # nothing written before the confirmation
    page.locator("form:has(input[name=token]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/bg/trainings/{session.pk}/$"))
    expect(page.locator("main table")).to_contain_text("Ралица Маринова")
    assert Registration.objects.filter(session=session).count() == 3

    page.locator(f"a[href='/bg/trainings/{session.pk}/attendance/{DAY.isoformat()}/']").click()
    checkboxes = page.locator("input[name=present]")
    expect(checkboxes).to_have_count(3)
    box = checkboxes.first.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24  # big enough for a thumb
    assert not axe("main"), format_violations(axe("main"))
    page.get_by_label("Борислав Драганов").check()
    page.get_by_label("Милена Атанасова").check()
    page.locator("form.attendance-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    present = set(
        Attendance.objects.filter(day__date=DAY).values_list(
            "registration__participant__full_name", flat=True
        )
    )
    assert present == {"Борислав Драганов", "Милена Атанасова"}
    expect(page.get_by_label("Ралица Маринова")).not_to_be_checked()
    expect(page.get_by_label("Милена Атанасова")).to_be_checked()

    # Print the day's sign-in sheet, issue and print a certificate, see the dashboard count.
    sheet = reverse("trainings:signin_sheet", args=[session.pk, DAY.isoformat()])
    registration = Registration.objects.get(participant__full_name="Милена Атанасова")
    certificate = reverse("trainings:certificate_pdf", args=[registration.pk])
    dashboard = reverse("trainings:dashboard")
    response = page.request.get(sheet)
    assert response.ok and response.headers["content-type"].startswith("application/pdf")
    page.goto(certificate)  # not issued yet: a page offering to issue it (the attendance rule is met)
    with page.expect_response(lambda r: r.url.endswith(certificate)) as issued:
        page.locator("main form[action$='/certificate/issue/'] button[type=submit]").click()
    assert issued.value.ok and issued.value.headers["content-type"].startswith("application/pdf")
    assert Registration.objects.get(pk=registration.pk).certificate_code
    page.goto(dashboard)
    expect(page.locator("[data-figure=trained]")).to_have_text("2")  # two people attended a day


def test_long_selects_are_searchable_and_work_without_javascript(page: Page, roadmap, axe, browser):
    """The session form's institutions and steps: typed to search and chosen with Tom Select; with
    JavaScript off, the same form works with the plain selects."""
    UserFactory(username="obuchitel", groups=["trainer"])
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, "obuchitel")
    page.goto("/bg/trainings/new/")
    page.locator("#id_title").fill("Обучение — Видин")
    page.locator("#id_region").select_option("vidin")
    page.locator("#id_town").fill("Видин")
    page.locator("#id_start_date").fill(DAY.isoformat())
    page.locator("#id_end_date").fill(DAY.isoformat())
    search = page.locator("#id_target_institutions-ts-control")
    search.click()
    search.fill("гранична")
    options = page.locator("#id_target_institutions-ts-dropdown .option")
    expect(options.first).to_be_visible()
    # Tom Select filters after the typing: wait until no option without the words is left.
    expect(
        page.locator("#id_target_institutions-ts-dropdown .option:not(:has-text('ранична'))")
    ).to_have_count(0)
    assert all("ранична" in text for text in options.all_inner_texts())  # only the matching ones
    options.first.click()
    search.fill("няма-такава-институция")
    expect(page.locator("#id_target_institutions-ts-dropdown .no-results")).to_have_text("Няма съвпадения.")
    search.fill("")
    page.keyboard.press("Escape")
    expect(
        page.locator("#id_target_institutions_helptext, #hint_id_target_institutions").first
    ).to_contain_text("Пишете, за да търсите")
    assert not axe("main"), format_violations(axe("main"))
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/bg/trainings/\d+/$"))
    assert TrainingSession.objects.get().target_institutions == ["gdgp"]

    # JavaScript off: the plain select
    context = browser.new_context(java_script_enabled=False, base_url=page.url.split("/bg/")[0])
    plain = context.new_page()
    log_in(plain, "obuchitel")
    session = TrainingSession.objects.get()
    plain.goto(f"/bg/trainings/{session.pk}/edit/")
    expect(plain.locator("#id_target_institutions")).to_be_visible()
    plain.locator("#id_target_institutions").select_option(["gdgp", "dsp"])
    plain.locator("main form button[type=submit]").last.click()
    expect(plain).to_have_url(re.compile(rf"/bg/trainings/{session.pk}/$"))
    session.refresh_from_db()
    assert session.target_institutions == ["gdgp", "dsp"]
    context.close()
