"""What a signed-in session still has to prove, and when it was last used.

Kept in the session itself, assessed once at login, so that no page pays a query for it: whether the
second factor is still to be entered (or set up), whether the account is staff (its session ends when
idle), and the time of its latest request.
"""

import time
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest

from .permissions import account_roles
from .selectors import totp_device_in_use

SECOND_FACTOR = "accounts_second_factor"
STAFF = "accounts_staff"
LAST_SEEN = "accounts_last_seen"
# The latest activity is rewritten at most once a minute: one session write a minute, not one per request.
ACTIVITY_RESOLUTION_SECONDS = 60


class SecondFactor(StrEnum):
    CODE_NEEDED = "code-needed"  # the account has an authenticator app: its code is still to be entered
    SETUP_NEEDED = "setup-needed"  # an administrator without one: must set it up before anything else
    PASSED = "passed"  # the code was entered, or the account does not use a second factor


def session_start(session, user) -> None:
    """Assess a session at login (and whenever the account's second factor changes)."""
    roles = account_roles(user)
    if totp_device_in_use(user) is not None:
        state = SecondFactor.CODE_NEEDED
    elif roles.administrator:
        state = SecondFactor.SETUP_NEEDED
    else:
        state = SecondFactor.PASSED
    session[SECOND_FACTOR] = state.value
    session[STAFF] = roles.staff
    session[LAST_SEEN] = int(time.time())


def second_factor_passed(session) -> None:
    session[SECOND_FACTOR] = SecondFactor.PASSED.value


def _signed_in(request: HttpRequest) -> bool:
    """Whether the session belongs to someone signed in; a session made before these checks existed is
    assessed now."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # a visitor: the session is not even looked at (no query, no "Vary: Cookie")
    session = request.session
    if SESSION_KEY not in session:
        return False
    if SECOND_FACTOR not in session:
        if not request.user.is_authenticated:
            return False
        session_start(session, request.user)
    return True


def second_factor_state(request: HttpRequest) -> SecondFactor | None:
    """None for a visitor."""
    if not _signed_in(request):
        return None
    return SecondFactor(request.session[SECOND_FACTOR])


def idle_too_long(request: HttpRequest) -> bool:
    """True when a staff session has had no request for SESSION_IDLE_MINUTES; otherwise this request
    becomes its latest activity."""
    if not _signed_in(request) or not request.session.get(STAFF):
        return False
    session = request.session
    now = int(time.time())
    idle = now - session.get(LAST_SEEN, now)
    if idle > settings.SESSION_IDLE_MINUTES * 60:
        return True
    if idle >= ACTIVITY_RESOLUTION_SECONDS:
        session[LAST_SEEN] = now
    return False
