"""Changes to an account's login: its authenticator app (TOTP, django-otp) and lifting a lockout."""

from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .selectors import totp_device_in_setup, totp_device_in_use


def _verify(device: TOTPDevice, code: str) -> None:
    """django-otp checks the code against the device's clock window, refuses a code used before, and makes
    each wrong code wait twice as long as the last."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
        raise ValidationError(
            ngettext(
                "Too many wrong codes: wait %(seconds)s second, then enter the code your app shows.",
                "Too many wrong codes: wait %(seconds)s seconds, then enter the code your app shows.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    if not device.verify_token(code):
        raise ValidationError(
            _("This code is not right or has expired. Enter the code your app shows now."), code="wrong"
        )


@transaction.atomic
def totp_setup_start(*, user) -> TOTPDevice:
    """A new secret for the account to enter in an authenticator app, unconfirmed until a code from the app
    is entered; replaces a setup that was not finished."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_setup_confirm(*, user, code: str) -> TOTPDevice:
    """Confirm the setup with a code from the app: from now on the account's logins ask for a code."""
    device = totp_device_in_setup(user)
    if device is None:
        raise ValidationError(_("There is no setup to confirm: start again."), code="no_setup")
    _verify(device, code)
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def totp_verify(*, user, code: str) -> TOTPDevice:
    """The account's device when it accepts `code`; ValidationError when it does not."""
    device = totp_device_in_use(user)
    if device is None:
        raise ValidationError(_("This account has no authenticator app."), code="no_device")
    _verify(device, code)
    return device


@transaction.atomic
def second_factor_remove(*, user) -> int:
    """Remove the account's authenticator app (and any unfinished setup); returns how many were removed."""
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return removed


@dataclass(frozen=True)
class Unlocked:
    attempts_cleared: int
    devices_removed: int


def user_unlock(*, username: str, remove_second_factor: bool = False) -> Unlocked:
    """Lift the account's login lockout from every address; with `remove_second_factor`, also remove its
    authenticator app (lost phone), so that its next login sets a new one up. Raises User.DoesNotExist."""
    user = get_user_model().objects.get_by_natural_key(username)
    attempts = axes_reset(username=user.get_username())
    devices = second_factor_remove(user=user) if remove_second_factor else 0
    return Unlocked(attempts_cleared=attempts, devices_removed=devices)
