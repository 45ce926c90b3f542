"""The second factor (TOTP, django-otp): required of administrators, offered to coordinators and trainers on
the security page; a login with an authenticator app reaches nothing before its code. These tests log in
with the password form, as people do (force_login would pass the second factor). Pages in English."""

import base64
import re
from http import HTTPStatus

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


def english_client() -> Client:
    # pages outside /<lang>/ (the admin) answer in the browser's language
    return Client(headers={"accept-language": "en"})


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or that many 30-second steps later: a code is used once)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=steps_ahead):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return "111111" if code(device) == "000000" else "000000"


def log_in(client: Client, user, *, next_url: str = "") -> str:
    """The password form; returns where it sends to."""
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    return response["Location"]


def sent_to_second_factor(response, next_url: str) -> bool:
    expected = redirect_to_login(next_url, login_url=reverse("accounts:second_factor"))["Location"]
    return response.status_code == HTTPStatus.FOUND and response["Location"] == expected


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def coordinator_with_app(coordinator):
    return coordinator, with_app(coordinator)


# The security page: who may open it


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", "login"),
        ("officer", 403),
        ("coordinator", 200),
        ("trainer", 200),
        ("administrator", 200),
    ],
)
def test_the_security_page_is_for_staff(client, request, actor, expected):
    url = reverse("accounts:security")
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    response = client.get(url)
    if expected == "login":
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == redirect_to_login(url)["Location"]
    else:
        assert response.status_code == expected
    # an action is refused the same way
    if expected != 200:
        assert client.post(url, {"action": "start"}).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
        assert not TOTPDevice.objects.exists()


def test_the_second_factor_page_sends_visitors_to_log_in_and_others_on(client, officer):
    url = reverse("accounts:second_factor")
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(officer)
    assert client.get(f"{url}?next=/en/guide/")["Location"] == "/en/guide/"
    assert client.get(f"{url}?next=https://evil.example/")["Location"] == reverse("roadmap:home")


def test_the_security_page_makes_a_fixed_number_of_queries(client, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    client.post(reverse("accounts:security"), {"action": "start"})
    # session, user, groups (who may), devices in use and in setup, groups (required?); the page's frame:
    # the latest edition, the user's and their groups' permissions (the menu)
    with django_assert_num_queries(9):
        assert client.get(reverse("accounts:security")).status_code == HTTPStatus.OK


# Setting it up


def test_a_coordinator_sets_up_the_second_factor_with_the_key_shown(client, coordinator):
    client.force_login(coordinator)
    url = reverse("accounts:security")
    assert "The second factor is off" in client.get(url).content.decode()
    assert client.post(url, {"action": "start"})["Location"] == url
    page = client.get(url).content.decode()
    assert "<svg" in page and 'role="img"' in page and "style=" not in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=coordinator)
    assert not device.confirmed
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key

    wrong = client.post(url, {"action": "confirm", "code": wrong_code(device)})
    assert wrong.status_code == HTTPStatus.OK
    assert "This code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    refused = client.post(url, {"action": "confirm", "code": "12 ab"})
    assert "Enter the 6 digits" in refused.content.decode()

    # a wrong code makes the next one wait (django-otp's back-off); the test does not wait
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    confirmed = client.post(url, {"action": "confirm", "code": code(device)}, follow=True)
    assert "The second factor is on" in confirmed.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_starting_again_replaces_the_unconfirmed_key(client, trainer):
    client.force_login(trainer)
    url = reverse("accounts:security")
    client.post(url, {"action": "start"})
    first = TOTPDevice.objects.get(user=trainer).key
    client.post(url, {"action": "start"})
    assert list(TOTPDevice.objects.filter(user=trainer).values_list("key", flat=True)) != [first]
    assert TOTPDevice.objects.filter(user=trainer).count() == 1


# Logging in with it


def test_a_login_with_an_app_reaches_nothing_before_the_code(coordinator_with_app):
    coordinator, device = coordinator_with_app
    client = english_client()
    dashboard = reverse("manage:dashboard")
    assert sent_to_second_factor_after(client, coordinator, dashboard)
    for url in (dashboard, reverse("roadmap:home"), reverse("accounts:security"), "/admin/"):
        assert sent_to_second_factor(client.get(url), url), url
    assert client.post(dashboard).status_code == HTTPStatus.FOUND  # a form's POST: sent, without next

    second_factor = f"{reverse('accounts:second_factor')}?next={dashboard}"
    page = client.get(second_factor)
    assert page.status_code == HTTPStatus.OK and "Now enter the 6-digit code" in page.content.decode()
    wrong = client.post(second_factor, {"code": wrong_code(device)})
    assert "This code is not right" in wrong.content.decode()
    assert client.get(dashboard).status_code == HTTPStatus.FOUND

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    key_before = client.session.session_key
    response = client.post(second_factor, {"code": code(device), "next": dashboard})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == dashboard
    assert client.session.session_key != key_before  # a new session key once the code is in
    assert client.get(dashboard).status_code == HTTPStatus.OK


def sent_to_second_factor_after(client, user, next_url) -> bool:
    location = log_in(client, user, next_url=next_url)
    assert location == next_url  # the login page itself sends on; the gate catches the next request
    return sent_to_second_factor(client.get(next_url), next_url)


def test_a_code_is_accepted_once(coordinator_with_app):
    coordinator, device = coordinator_with_app
    first, second = english_client(), english_client()
    log_in(first, coordinator)
    log_in(second, coordinator)
    used = code(device)
    first.post(reverse("accounts:second_factor"), {"code": used})
    response = second.post(reverse("accounts:second_factor"), {"code": used})
    assert response.status_code == HTTPStatus.OK and "This code is not right" in response.content.decode()


def test_wrong_codes_make_the_next_attempt_wait(coordinator_with_app):
    coordinator, device = coordinator_with_app
    client = english_client()
    log_in(client, coordinator)
    url = reverse("accounts:second_factor")
    client.post(url, {"code": wrong_code(device)})
    response = client.post(url, {"code": code(device)})  # right, but too soon after a wrong one
    assert "Too many wrong codes: wait" in response.content.decode()
    assert client.get(reverse("roadmap:home")).status_code == HTTPStatus.FOUND


def test_logging_out_is_open_while_the_code_is_awaited(coordinator_with_app):
    coordinator, _device = coordinator_with_app
    client = english_client()
    log_in(client, coordinator)
    assert client.post(reverse("logout")).status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session


def test_a_login_without_an_app_goes_straight_on_for_coordinators_and_trainers(coordinator, trainer):
    for user, url in (
        (coordinator, reverse("manage:dashboard")),
        (trainer, reverse("trainings:session_list")),
    ):
        client = english_client()
        log_in(client, user)
        assert client.get(url).status_code == HTTPStatus.OK


# Administrators must


def test_an_administrator_without_an_app_sets_one_up_before_anything_else(administrator):
    client = english_client()
    log_in(client, administrator)
    security = reverse("accounts:security")
    for url in (
        "/admin/",
        reverse("manage:audit"),
        reverse("trainings:session_list"),
        reverse("roadmap:home"),
    ):
        response = client.get(url)
        assert response["Location"] == redirect_to_login(url, login_url=security)["Location"], url
    page = client.get(f"{security}?next=/admin/").content.decode()
    assert "Administrators must use a second factor. Set it up to continue." in page

    client.post(f"{security}?next=/admin/", {"action": "start"})
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(f"{security}?next=/admin/", {"action": "confirm", "code": code(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == HTTPStatus.OK

    # from now on a code at every login
    again = english_client()
    log_in(again, administrator)
    assert sent_to_second_factor(again.get("/admin/"), "/admin/")
    again.post(reverse("accounts:second_factor"), {"code": code(device, steps_ahead=1)})
    assert again.get("/admin/").status_code == HTTPStatus.OK


def test_the_django_admin_flag_alone_requires_it_too(db):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = english_client()
    log_in(client, superuser)
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:security"))


def test_an_administrator_who_removes_the_app_must_set_up_a_new_one(administrator):
    device = with_app(administrator)
    client = english_client()
    log_in(client, administrator)
    client.post(reverse("accounts:second_factor"), {"code": code(device)})
    security = reverse("accounts:security")
    page = client.get(security).content.decode()
    assert "The second factor is on" in page and "Administrators must use a second factor" in page

    wrong = client.post(security, {"action": "remove", "code": wrong_code(device)})
    assert "This code is not right" in wrong.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    page = client.post(security, {"action": "remove", "code": code(device, steps_ahead=1)}, follow=True)
    assert not TOTPDevice.objects.filter(user=administrator).exists()
    text = page.content.decode()
    assert "The second factor was removed." in text and "password only" not in text
    assert "Set it up to continue" in text
    assert client.get("/admin/")["Location"].startswith(security)


def test_a_coordinator_who_removes_the_app_logs_in_with_the_password_only(coordinator_with_app):
    coordinator, device = coordinator_with_app
    client = english_client()
    log_in(client, coordinator)
    client.post(reverse("accounts:second_factor"), {"code": code(device)})
    response = client.post(
        reverse("accounts:security"), {"action": "remove", "code": code(device, steps_ahead=1)}, follow=True
    )
    assert "The second factor was removed" in response.content.decode()
    again = english_client()
    log_in(again, coordinator)
    assert again.get(reverse("manage:dashboard")).status_code == HTTPStatus.OK


def test_an_app_removed_by_unlock_user_lets_the_waiting_login_on(coordinator_with_app):
    coordinator, device = coordinator_with_app
    client = english_client()
    log_in(client, coordinator)
    TOTPDevice.objects.filter(user=coordinator).delete()  # manage.py unlock_user --remove-second-factor
    response = client.post(reverse("accounts:second_factor"), {"code": "123456"})
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("manage:dashboard")).status_code == HTTPStatus.OK


def test_force_login_in_tests_passes_the_second_factor(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_the_security_link_is_in_the_menu_for_staff_only(client, coordinator, officer):
    link = f'href="{reverse("accounts:security")}"'
    client.force_login(officer)
    assert link not in client.get(reverse("roadmap:glossary")).content.decode()
    client.force_login(coordinator)
    assert link in client.get(reverse("roadmap:glossary")).content.decode()


def test_the_second_factor_page_makes_a_fixed_number_of_queries(
    coordinator_with_app, django_assert_num_queries
):
    coordinator, _device = coordinator_with_app
    client = english_client()
    log_in(client, coordinator)
    # session, user; the page's frame: the latest edition, the user's and their groups' permissions
    with django_assert_num_queries(5):
        assert client.get(reverse("accounts:second_factor")).status_code == HTTPStatus.OK
