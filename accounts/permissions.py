"""Who must use a second factor, who may, and whose sessions end when idle: the one place these rules live."""

from dataclasses import dataclass

from roadmap_site.permissions import requiring

STAFF_ROLES = frozenset({"coordinator", "trainer", "administrator"})


@dataclass(frozen=True)
class AccountRoles:
    staff: bool  # a coordinator, trainer or administrator: second factor offered, session ends when idle
    administrator: bool  # the administrator role or the Django admin (is_staff): second factor required


def account_roles(user) -> AccountRoles:
    """What the account's roles ask of its logins (one query for its groups)."""
    if not user.is_authenticated:
        return AccountRoles(staff=False, administrator=False)
    roles = set(user.groups.values_list("name", flat=True))
    administrator = user.is_staff or user.is_superuser or "administrator" in roles
    return AccountRoles(staff=administrator or bool(roles & STAFF_ROLES), administrator=administrator)


def can_use_second_factor(user) -> bool:
    return account_roles(user).staff


security_view = requiring(can_use_second_factor)
