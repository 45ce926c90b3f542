"""Two gates every page of a signed-in session passes (in process_view, so the page's URL name is known)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.shortcuts import redirect, resolve_url
from django.utils.translation import ngettext

from .session_state import SecondFactor, idle_too_long, second_factor_state

# What a login waiting for its second factor may still open.
OPEN_WHILE = {
    SecondFactor.CODE_NEEDED: {"accounts:second_factor", "logout"},
    SecondFactor.SETUP_NEEDED: {"accounts:security", "accounts:second_factor", "logout"},
}
SENT_TO = {
    SecondFactor.CODE_NEEDED: "accounts:second_factor",
    SecondFactor.SETUP_NEEDED: "accounts:security",
}


def _send_to(request, url: str):
    """A redirect to `url` that comes back to this page afterwards, unless this was a form's POST."""
    if request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path(), login_url=url)
    return redirect(url)


class IdleSessionMiddleware:
    """Signs staff out after SESSION_IDLE_MINUTES without a request, to the login page with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        try:
            expired = idle_too_long(request)
        except DatabaseError:
            return None  # the view meets the same error and answers with the 503 page
        if not expired:
            return None
        logout(request)
        minutes = settings.SESSION_IDLE_MINUTES
        messages.info(
            request,
            ngettext(
                "You were logged out after %(minutes)s minute without activity. Log in again to continue.",
                "You were logged out after %(minutes)s minutes without activity. Log in again to continue.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return _send_to(request, resolve_url(settings.LOGIN_URL))


class SecondFactorMiddleware:
    """A login whose second factor is still to be entered (or, for an administrator, set up) reaches no
    page but that one, and logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        try:
            state = second_factor_state(request)
        except DatabaseError:
            return None  # the view meets the same error and answers with the 503 page
        if state in (None, SecondFactor.PASSED) or request.resolver_match.view_name in OPEN_WHILE[state]:
            return None
        return _send_to(request, resolve_url(SENT_TO[state]))
