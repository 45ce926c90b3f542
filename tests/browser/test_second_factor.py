"""A coordinator in a real browser turns on the second factor: the security page's QR code and key, a code
from the "app" (computed here with django-otp's own TOTP) to confirm; then logs out, and the next login
asks for a code before the coordinators' pages open."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.factories import UserFactory

from .conftest import format_violations


@pytest.fixture
def coordinator(transactional_db, roles):
    # transactional_db: the live server thread must see the account.
    return UserFactory(username="koordinator", groups=["coordinator"])


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given `secret` (base32, as the page shows it) displays now."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def log_in(page: Page, username: str) -> None:
    page.goto("/bg/accounts/login/?next=/bg/manage/")
    page.get_by_label("Потребител").fill(username)
    page.get_by_label("Парола").fill("correct horse battery staple")  # UserFactory's
    page.locator("main").get_by_role("button", name="Вход").click()


def test_coordinator_sets_up_totp_and_the_next_login_asks_for_a_code(page: Page, coordinator, axe):
    log_in(page, "koordinator")
    expect(page).to_have_url(re.compile(r"/bg/manage/$"))  # no second factor yet: straight on

    page.locator("header a[href='/bg/accounts/security/']").click()
    expect(page).to_have_url(re.compile(r"/bg/accounts/security/$"))
    page.locator("main button[name='action'][value='start']").click()
    qr = page.locator("main .security-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 120  # big enough to scan from a screen
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", secret)  # 20 random bytes, as typed
    assert not axe("main"), format_violations(axe("main"))

    page.locator("main input[name='code']").fill("000000" if app_code(secret) != "000000" else "111111")
    page.locator("main button[name='action'][value='confirm']").click()
    expect(page.locator("main .invalid-feedback")).to_be_visible()
    page.wait_for_timeout(1100)  # a wrong code makes the next wait a second (django-otp)
    page.locator("main input[name='code']").fill(app_code(secret))
    page.locator("main button[name='action'][value='confirm']").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    expect(page.locator("main button[name='action'][value='remove']")).to_be_visible()

    page.locator("header form[action$='/accounts/logout/'] button").click()
    log_in(page, "koordinator")
    expect(page).to_have_url(re.compile(r"/bg/accounts/second-factor/\?next="))
    assert not axe("main"), format_violations(axe("main"))
    # the code shown now was used to confirm: the app's next one
    page.locator("main input[name='code']").fill(app_code(secret, steps_ahead=1))
    page.locator("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/bg/manage/$"))
    expect(page.locator("main h1")).to_be_visible()
