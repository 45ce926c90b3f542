"""manage.py create_coordinator <username> [--email E] [--password-stdin] [--admin | --trainer]"""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


@transaction.atomic
def role_account_save(
    *, username: str, email: str | None, password: str | None, admin: bool = False, role: str = "coordinator"
) -> tuple[AbstractBaseUser, bool]:
    """Create or update an active account in a role's group (`role`; administrator when `admin`);
    returns (user, created). A new account needs a password; an existing one keeps its own unless
    given one."""
    user_model = get_user_model()
    user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
    created = user is None
    if created:
        if not password:
            raise ValueError("A new account needs a password.")
        user = user_model(**{user_model.USERNAME_FIELD: username})
    if email is not None:
        user.email = email
    if password:
        validate_password(password, user)
        user.set_password(password)
    user.is_active = True
    if admin:
        user.is_staff = True
    user.save()
    group = Group.objects.get(name="administrator" if admin else role)
    user.groups.add(group)
    return user, created


class Command(BaseCommand):
    help = (
        "Create a coordinator account (or give an existing account the coordinator role). Coordinators "
        "edit the working copy and publish editions at /bg/manage/. With --admin: an administrator, who "
        "may also use the Django admin and read the audit trail. With --trainer: a trainer, who runs the "
        "training sessions at /bg/trainings/."
    )

    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", help="The account's e-mail address.")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input (for scripts).",
        )
        roles = parser.add_mutually_exclusive_group()
        roles.add_argument(
            "--admin",
            action="store_true",
            help="Put the account in the administrator group (every permission, Django admin).",
        )
        roles.add_argument(
            "--trainer",
            action="store_true",
            help="Put the account in the trainer group (training sessions and participants).",
        )

    def handle(self, *args, username, email, password_stdin, admin, trainer, **options):
        exists = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).exists()
        stdin = options.get("stdin", sys.stdin)
        password = self._password(stdin, password_stdin=password_stdin, required=not exists)
        try:
            user, created = role_account_save(
                username=username,
                email=email,
                password=password,
                admin=admin,
                role="trainer" if trainer else "coordinator",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        role = "administrator" if admin else "trainer" if trainer else "coordinator"
        verb = "Created" if created else "Updated"
        where = "/bg/trainings/" if trainer else "/bg/manage/"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {role} “{user.get_username()}”. Sign in and open {where}.")
        )

    def _password(self, stdin, *, password_stdin: bool, required: bool) -> str | None:
        if password_stdin:
            password = stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
            return password
        if not (hasattr(stdin, "isatty") and stdin.isatty()):
            if required:
                raise CommandError(
                    "A new account needs a password: use --password-stdin or run interactively."
                )
            return None
        while True:
            password = getpass.getpass("Password: ")
            if not password and not required:
                return None
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ. Try again.")
            elif password:
                return password
