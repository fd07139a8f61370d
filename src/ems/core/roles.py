"""Roles decide who may do what.

Roles are Django groups with these names. A service checks the role of its
`acting_user` with `require_role`. `acting_user=None` means the command line,
which is trusted because it already needs shell access to the server.
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group

from .errors import NotPermitted


class Role(StrEnum):
    MANAGER = "Electoral Services Manager"
    OFFICER = "Electoral Services Officer"
    READ_ONLY = "Read-only"
    ADMINISTRATOR = "Administrator"
    FINANCE = "Finance"


# What each kind of action needs. Administrators manage users only: they do
# not see or change electoral data.
VIEW_DATA = frozenset({Role.MANAGER, Role.OFFICER, Role.READ_ONLY})
EDIT_DATA = frozenset({Role.MANAGER, Role.OFFICER})
MANAGE = frozenset({Role.MANAGER})
MANAGE_USERS = frozenset({Role.ADMINISTRATOR})
# Finance sees staff bank details in full and prepares payroll; it is given alongside a data
# role (a finance officer who also works with electoral data holds both groups).
FINANCE = frozenset({Role.FINANCE})

User = AbstractBaseUser | AnonymousUser


def roles_of(user: User | None) -> set[Role]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_ems_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        if user.is_superuser:
            cached = set(Role)
        user._ems_roles = cached
    return cached


def has_role(user: User | None, allowed: frozenset[Role]) -> bool:
    return bool(roles_of(user) & allowed)


def require_role(user: User | None, allowed: frozenset[Role], action: str) -> None:
    """Raise NotPermitted unless the user holds one of the allowed roles.

    None is the command line and is always allowed.
    """
    if user is None:
        return
    if not has_role(user, allowed):
        names = " or ".join(sorted(r.value for r in allowed))
        raise NotPermitted(f"You need the role {names} to {action}.")


def role_group(role: Role) -> Group:
    """The group for a role. Migrations create them; a flushed test database may not have them."""
    group, _created = Group.objects.get_or_create(name=role.value)
    return group
