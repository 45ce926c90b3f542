"""manage.py create_coordinator: accounts for the people who edit the roadmap."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from roadmap.permissions import can_edit_roadmap, can_publish, can_read_audit

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"


def run(*args, stdin: str = ""):
    out = io.StringIO()
    call_command("create_coordinator", *args, stdin=io.StringIO(stdin), stdout=out)
    return out.getvalue()


def test_creates_a_coordinator_who_can_open_the_manage_pages(client):
    output = run("maria", "--email", "maria@example.org", "--password-stdin", stdin=PASSWORD + "\n")

    user = get_user_model().objects.get(username="maria")
    assert "Created coordinator" in output
    assert user.email == "maria@example.org" and user.check_password(PASSWORD)
    assert can_edit_roadmap(user) and can_publish(user) and not can_read_audit(user)
    assert not user.is_staff
    client.post(reverse("login"), {"username": "maria", "password": PASSWORD})
    assert client.get(reverse("manage:translations")).status_code == 200


def test_updates_an_existing_account_and_keeps_its_password(officer):
    officer.set_password(PASSWORD)
    officer.save()
    run(officer.username)  # not a terminal and no --password-stdin: an existing account keeps its password

    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert set(officer.groups.values_list("name", flat=True)) == {"officer", "coordinator"}


def test_admin_flag_makes_an_administrator():
    run("ivan", "--admin", "--password-stdin", stdin=PASSWORD + "\n")

    user = get_user_model().objects.get(username="ivan")
    assert user.is_staff and can_read_audit(user) and can_edit_roadmap(user)


def test_a_new_account_needs_a_password():
    with pytest.raises(CommandError, match="needs a password"):
        run("nobody")
    with pytest.raises(CommandError, match="No password"):
        run("nobody", "--password-stdin")
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_weak_passwords_are_refused():
    with pytest.raises(CommandError):
        run("weak", "--password-stdin", stdin="123\n")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_the_same_command_makes_a_trainer(db):
    from trainings.permissions import can_run_trainings

    out = io.StringIO()
    call_command(
        "create_coordinator",
        "elena",
        "--trainer",
        "--password-stdin",
        stdin=io.StringIO("a-long-Trainer-password-7\n"),
        stdout=out,
    )
    user = get_user_model().objects.get(username="elena")
    assert can_run_trainings(user) and not user.has_perm("roadmap.change_step")
    assert "/bg/trainings/" in out.getvalue()
