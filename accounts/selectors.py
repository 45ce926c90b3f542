"""Reads of an account's second-factor devices."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_in_use(user) -> TOTPDevice | None:
    """The account's confirmed authenticator app, if it has one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def totp_device_in_setup(user) -> TOTPDevice | None:
    """The secret shown to the account whose setup is not confirmed yet, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
