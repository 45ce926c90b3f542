"""Logging in: the password (throttled per address, locked per username and address), the second factor,
and the security page where staff set up or remove their authenticator app."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from roadmap_site.client_address import client_address
from roadmap_site.qr import qr_svg
from roadmap_site.throttles import Limit, minutes

from . import services
from .forms import CodeForm
from .permissions import account_roles, security_view
from .selectors import totp_device_in_setup, totp_device_in_use
from .session_state import SecondFactor, second_factor_passed, second_factor_state, session_start

LOGIN_FAILURES = Limit("login-failures-per-address", "LOGIN_FAILURES_PER_ADDRESS")


def too_many_attempts(request: HttpRequest, seconds: int) -> HttpResponse:
    response = render(request, "429.html", {"minutes": minutes(seconds)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a username locked out from this address (AXES_LOCKOUT_CALLABLE)."""
    cooloff = settings.LOGIN_COOLOFF_MINUTES
    response = render(request, "registration/locked_out.html", {"minutes": cooloff}, status=429)
    response["Retry-After"] = str(cooloff * 60)
    return response


class LoginView(auth_views.LoginView):
    """Django's login; failed attempts from one address are counted whatever the username (spraying)."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = LOGIN_FAILURES.retry_after(request, client_address(request))
        if wait is not None:
            return too_many_attempts(request, wait)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        LOGIN_FAILURES.record(self.request, client_address(self.request))
        return super().form_invalid(form)


def _next_url(request: HttpRequest) -> str:
    """The page the login was for, when it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _second_factor_proven(request: HttpRequest) -> None:
    # A session that gained rights gets a new key (as Django's login does).
    request.session.cycle_key()
    second_factor_passed(request.session)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """After the password, the code from the account's authenticator app."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if second_factor_state(request) is not SecondFactor.CODE_NEEDED:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            services.totp_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            if error.code == "no_device":  # removed by an administrator meanwhile
                session_start(request.session, request.user)
                return redirect(_next_url(request))
            form.add_error("code", error)
        else:
            _second_factor_proven(request)
            return redirect(_next_url(request))
    return render(request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)})


def _confirm_setup(request: HttpRequest, code: str) -> str:
    services.totp_setup_confirm(user=request.user, code=code)
    _second_factor_proven(request)
    return _("The second factor is on: from now on, logging in also asks for a code from your app.")


def _remove(request: HttpRequest, code: str) -> str:
    services.totp_verify(user=request.user, code=code)
    services.second_factor_remove(user=request.user)
    session_start(request.session, request.user)
    if second_factor_state(request) is SecondFactor.SETUP_NEEDED:
        return _("The second factor was removed.")  # the page then asks an administrator for a new one
    return _("The second factor was removed: logging in asks for your password only.")


ACTIONS = {"confirm": _confirm_setup, "remove": _remove}


@security_view
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The account's second factor: set it up (QR code, secret, a code to confirm) or remove it."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start":
        services.totp_setup_start(user=request.user)
        return redirect(request.get_full_path())
    form = CodeForm(request.POST if action in ACTIONS else None)
    if form.is_valid():
        try:
            message = ACTIONS[action](request, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, message)
            sent_here = action == "confirm" and "next" in request.GET  # by the second-factor gate
            return redirect(_next_url(request) if sent_here else request.path)
    return render(request, "accounts/security.html", _security_page(request, form))


def _grouped(secret: bytes) -> str:
    """The secret as an authenticator app asks for it (base32), in groups of four for typing."""
    text = base64.b32encode(secret).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _security_page(request: HttpRequest, form: CodeForm) -> dict:
    user = request.user
    device = totp_device_in_use(user)
    setup = None if device else totp_device_in_setup(user)
    if setup is not None:
        setup.user = user  # its provisioning URL names the account
    return {
        "device": device,
        "setup": setup,
        "qr": qr_svg(setup.config_url, scale=4) if setup else None,
        "secret": _grouped(setup.bin_key) if setup else None,
        "required": account_roles(user).administrator,
        "setup_needed": second_factor_state(request) is SecondFactor.SETUP_NEEDED,
        "form": form,
    }
