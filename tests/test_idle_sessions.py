"""Staff sessions (coordinators, trainers, administrators) end after DJANGO_SESSION_IDLE_MINUTES without a
request; a visitor or an officer's session does not. Pages in English."""

import time
from http import HTTPStatus

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import translation

from accounts.session_state import LAST_SEEN

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_a_visitor_has_no_session_to_end(client):
    response = client.get(reverse("roadmap:home"))
    assert response.status_code == HTTPStatus.OK
    assert not client.session.keys()


def test_an_officers_session_does_not_end_when_idle(client, officer):
    client.force_login(officer)
    idle_for(client, 10 * HOUR)
    assert client.get(reverse("roadmap:home")).status_code == HTTPStatus.OK
    assert SESSION_KEY in client.session


@pytest.mark.parametrize(
    ("actor", "url_name"),
    [
        ("coordinator", "manage:dashboard"),
        ("trainer", "trainings:session_list"),
        ("administrator", "manage:audit"),
    ],
)
def test_a_staff_session_idle_past_the_limit_ends_at_the_login_page(client, request, actor, url_name):
    # (not `page`: that is pytest-playwright's fixture, which would make this a live-server test)
    client.force_login(request.getfixturevalue(actor))
    url = reverse(url_name)
    idle_for(client, HOUR - 5 * 60)
    assert client.get(url).status_code == HTTPStatus.OK

    idle_for(client, HOUR + 1)
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == redirect_to_login(url)["Location"]
    assert SESSION_KEY not in client.session
    login = client.get(response["Location"]).content.decode()
    assert "You were logged out after 60 minutes without activity." in login


def test_the_idle_limit_is_a_setting(client, coordinator, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(coordinator)
    idle_for(client, 5 * 60 + 1)
    response = client.get(reverse("manage:dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert "after 5 minutes without activity" in client.get(response["Location"]).content.decode()


def test_an_ended_session_sends_a_form_post_to_the_login_page_without_coming_back(client, coordinator):
    client.force_login(coordinator)
    idle_for(client, 2 * HOUR)
    response = client.post(reverse("manage:stage_create"), {"slug": "x"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("login")


def test_each_request_counts_as_activity_written_at_most_once_a_minute(client, coordinator):
    client.force_login(coordinator)
    idle_for(client, 30)
    seen = client.session[LAST_SEEN]
    client.get(reverse("manage:dashboard"))
    assert client.session[LAST_SEEN] == seen  # no session write for every request

    idle_for(client, 50 * 60)
    client.get(reverse("manage:dashboard"))
    assert abs(client.session[LAST_SEEN] - time.time()) < 5
    # an hour after the last request, not after the login
    idle_for(client, 0)
    assert client.get(reverse("manage:dashboard")).status_code == HTTPStatus.OK


def test_a_session_from_before_the_idle_check_is_assessed_on_its_next_request(client, coordinator):
    client.force_login(coordinator)
    session = client.session
    for key in list(session.keys()):
        if key.startswith("accounts_"):
            del session[key]
    session.save()
    assert client.get(reverse("manage:dashboard")).status_code == HTTPStatus.OK
    assert client.session["accounts_staff"] is True
    idle_for(client, 2 * HOUR)
    assert client.get(reverse("manage:dashboard")).status_code == HTTPStatus.FOUND
