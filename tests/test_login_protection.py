"""Logging in behind a proxy: the client's address from a trusted proxy count (never from what the client
sends), the lockout per username and address, the unlock command, and the throttles on password spraying
and on the certificate check's name form. Pages in English (their Bulgarian comes with the catalogue)."""

import re
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from roadmap_site.client_address import client_address
from trainings.certificates import certificate_issue

from .factories import UserFactory
from .trainings.factories import ParticipantFactory, RegistrationFactory, attend

PASSWORD = "correct horse battery staple"  # UserFactory's
PROXY = "10.0.0.2"  # the reverse proxy: every request reaches Django from it
ATTACKER, COORDINATOR_DESK = "198.51.100.7", "203.0.113.5"


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, None, PROXY),
        (0, "203.0.113.5", PROXY),  # no proxy trusted: the header is the client's word, ignored
        (1, None, PROXY),  # a request that did not come through the proxy
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "203.0.113.99, 198.51.100.7", "198.51.100.7"),  # the client's own X-Forwarded-For, ignored
        (1, "1.1.1.1,2.2.2.2,  198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.99, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # two proxies: the second from right
        (2, "198.51.100.7", PROXY),  # shorter than the proxy count
        (1, "not-an-address", PROXY),
        (1, "203.0.113.5, <script>", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_believes_only_what_the_trusted_proxies_appended(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers)
    assert client_address(request) == expected


def log_in(client: Client, username: str, password: str, *, address: str):
    """A login POST as the proxy passes it on: from PROXY, with the client's address appended."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_an_attacker_locks_a_username_out_only_from_their_own_address(behind_proxy):
    UserFactory(username="koordinator", groups=["coordinator"])
    attacker = Client()
    answers = [log_in(attacker, "koordinator", f"wrong{n}", address=ATTACKER).status_code for n in range(6)]
    assert answers == [200, 200, 200, 200, 429, 429]
    locked = log_in(attacker, "koordinator", PASSWORD, address=ATTACKER)
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "blocked for 30 minutes" in locked.content.decode()  # DJANGO_LOGIN_COOLOFF_MINUTES' default
    assert locked["Retry-After"] == "1800"
    # the attacker's own X-Forwarded-For naming the coordinator's address changes nothing: the proxy
    # appends the address it saw
    spoofed = attacker.post(
        reverse("login"),
        {"username": "koordinator", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{COORDINATOR_DESK}, {ATTACKER}",
    )
    assert spoofed.status_code == HTTPStatus.TOO_MANY_REQUESTS

    coordinator = Client()
    response = log_in(coordinator, "koordinator", PASSWORD, address=COORDINATOR_DESK)
    assert response.status_code == HTTPStatus.FOUND
    assert coordinator.get(reverse("manage:dashboard")).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_cannot_dodge_the_lockout():
    UserFactory(username="koordinator", groups=["coordinator"])
    attacker = Client()
    for n in range(5):
        log_in(attacker, "koordinator", "wrong", address=f"192.0.2.{n}")  # a new "address" every time
    assert log_in(attacker, "koordinator", PASSWORD, address="192.0.2.77").status_code == 429


@pytest.mark.django_db
def test_unlock_user_lifts_the_lockout_from_every_address(behind_proxy):
    UserFactory(username="koordinator", groups=["coordinator"])
    for address in (ATTACKER, COORDINATOR_DESK):
        for _attempt in range(5):
            log_in(Client(), "koordinator", "wrong", address=address)
    assert log_in(Client(), "koordinator", PASSWORD, address=COORDINATOR_DESK).status_code == 429

    call_command("unlock_user", "koordinator")
    assert log_in(Client(), "koordinator", PASSWORD, address=COORDINATOR_DESK).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_unlock_user_removes_the_second_factor_when_asked(capsys):
    user = UserFactory(username="admin", groups=["administrator"], is_staff=True)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    call_command("unlock_user", "admin")
    assert TOTPDevice.objects.filter(user=user).exists()
    call_command("unlock_user", "admin", "--remove-second-factor")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert "1 authenticator app(s) removed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No account"):
        call_command("unlock_user", "nobody")


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_throttled_whatever_the_usernames(settings, behind_proxy):
    settings.LOGIN_FAILURES_PER_ADDRESS = "3/15m"
    UserFactory(username="koordinator", groups=["coordinator"])
    attacker = Client()
    for name in ("ivan", "maria", "petar"):
        assert log_in(attacker, name, "Password1", address=ATTACKER).status_code == HTTPStatus.OK
    refused = log_in(attacker, "koordinator", PASSWORD, address=ATTACKER)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = refused.content.decode()
    assert "Too many attempts" in page and re.search(r"Try again in \d+ minutes?\.", page)
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in attacker.session
    # the throttle counts failures per address: the coordinator elsewhere logs in
    assert log_in(Client(), "koordinator", PASSWORD, address=COORDINATOR_DESK).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_successful_logins_do_not_use_up_the_address(settings, behind_proxy):
    settings.LOGIN_FAILURES_PER_ADDRESS = "2/15m"
    UserFactory(username="koordinator", groups=["coordinator"])
    for _login in range(4):
        assert log_in(Client(), "koordinator", PASSWORD, address=ATTACKER).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_the_admin_login_is_the_sites_login():
    response = Client(headers={"accept-language": "en"}).get("/admin/login/?next=/admin/roadmap/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/en/accounts/login/?next=/admin/roadmap/"
    assert Client().get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_throttle_cache_table_is_made_by_migrate():
    assert "throttle_cache" in connection.introspection.table_names()


@pytest.fixture
def certificate(db):
    registration = attend(RegistrationFactory(participant=ParticipantFactory(full_name="Елена Димитрова")), 3)
    certificate_issue(registration=registration)
    registration.refresh_from_db()
    return reverse("trainings:certificate_check", kwargs={"code": registration.certificate_code})


def check_name(url: str, name: str, *, address: str):
    return Client().post(url, {"name": name}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_certificate_name_guesses_from_one_address_are_throttled(settings, behind_proxy, certificate):
    settings.CERTIFICATE_NAME_CHECKS_PER_ADDRESS = "3/h"
    for guess in ("Иван Иванов", "Мария Петрова", "Елена Петрова"):
        response = check_name(certificate, guess, address=ATTACKER)
        assert response.status_code == HTTPStatus.OK and "does not match" in response.content.decode()
    refused = check_name(certificate, "Елена Димитрова", address=ATTACKER)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = refused.content.decode()
    assert "Too many names were checked" in page
    assert "match this certificate" not in page and "matches this certificate" not in page
    assert "Елена Димитрова" in page  # the certificate itself is still shown
    assert int(refused["Retry-After"]) <= 3600
    # another address is not held back by this one
    other = check_name(certificate, "Елена Димитрова", address=COORDINATOR_DESK)
    assert other.status_code == HTTPStatus.OK and "The name matches" in other.content.decode()


def test_certificate_name_guesses_on_one_certificate_are_throttled_across_addresses(
    settings, behind_proxy, certificate
):
    settings.CERTIFICATE_NAME_CHECKS_PER_CODE = "4/h"
    for n in range(4):
        assert check_name(certificate, "Иван Иванов", address=f"192.0.2.{n}").status_code == HTTPStatus.OK
    refused = check_name(certificate, "Елена Димитрова", address="192.0.2.200")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many names were checked" in refused.content.decode()
    # reading the certificate is never throttled
    assert Client().get(certificate).status_code == HTTPStatus.OK


def test_a_name_check_form_error_is_not_counted(settings, certificate):
    settings.CERTIFICATE_NAME_CHECKS_PER_ADDRESS = "1/h"
    client = Client()
    assert client.post(certificate, {"name": ""}).status_code == HTTPStatus.OK
    assert client.post(certificate, {"name": "Елена Димитрова"}).status_code == HTTPStatus.OK
    assert client.post(certificate, {"name": "Елена Димитрова"}).status_code == 429
