"""The admin's user pages: an administrator who is not a superuser cannot raise anyone (themself included)
to superuser, grant single permissions, or take over a superuser's account."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def change_form(user, **changes) -> dict:
    """The admin change form's fields as the browser sends them back."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [group.pk for group in user.groups.all()],
        **changes,
    }
    if user.is_staff:
        data["is_staff"] = "on"
    return data


def test_an_administrator_cannot_make_anyone_a_superuser(client, administrator, coordinator):
    client.force_login(administrator)
    permission = Permission.objects.get(codename="change_user")
    for target in (coordinator, administrator):
        url = f"/admin/auth/user/{target.pk}/change/"
        page = client.get(url).content.decode()
        assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
        response = client.post(url, change_form(target, is_superuser="on", user_permissions=[permission.pk]))
        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        target.refresh_from_db()
        assert not target.is_superuser and not target.user_permissions.exists()


def test_an_administrator_cannot_change_a_superusers_account(client, administrator):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(administrator)
    assert client.post(f"/admin/auth/user/{superuser.pk}/password/", {}).status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        f"/admin/auth/user/{superuser.pk}/change/", change_form(superuser, email="x@x.example")
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert client.post(f"/admin/auth/user/{superuser.pk}/delete/", {"post": "yes"}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.email != "x@x.example"


def test_a_superuser_still_can(client, coordinator):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = f"/admin/auth/user/{coordinator.pk}/change/"
    assert 'name="is_superuser"' in client.get(url).content.decode()
    client.post(url, change_form(coordinator, is_superuser="on"))
    coordinator.refresh_from_db()
    assert coordinator.is_superuser
