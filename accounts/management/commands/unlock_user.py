from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import user_unlock


class Command(BaseCommand):
    help = (
        "Lift a login lockout for a username from every address; with --remove-second-factor also remove "
        "its authenticator app (a lost phone), so that the next login sets a new one up."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--remove-second-factor",
            action="store_true",
            help="also remove the account's authenticator app (TOTP)",
        )

    def handle(self, *args, username, remove_second_factor, **options):
        try:
            unlocked = user_unlock(username=username, remove_second_factor=remove_second_factor)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No account with the username {username!r}.") from error
        self.stdout.write(f"{username}: {unlocked.attempts_cleared} failed login attempt(s) cleared.")
        if remove_second_factor:
            self.stdout.write(
                f"{username}: {unlocked.devices_removed} authenticator app(s) removed; "
                "the next login asks to set one up (administrators) or needs none."
            )
