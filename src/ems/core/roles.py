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
# User accounts are kept by Administrators, and by Managers for the roles only they may grant.
MANAGE_USERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})
# Finance sees staff bank details in full and prepares payroll; it is given alongside a data
# role (a finance officer who also works with electoral data holds both groups).
FINANCE = frozenset({Role.FINANCE})
# Manager and Finance reach everything or bank details and payroll: only a Manager grants them,
# and they sign in with a second factor (a code from an authenticator app).
MANAGER_GRANTS = frozenset({Role.MANAGER, Role.FINANCE})
TWO_FACTOR = frozenset({Role.MANAGER, Role.FINANCE})

# What each role may do, shown beside the role on the user pages.
DESCRIPTIONS = {
    Role.MANAGER: "Everything officers do, plus the council's details, decisions kept for the "
    "manager (exceptions, declarations, payments) and granting Manager or Finance",
    Role.OFFICER: "Works with the register, applications, elections, polling and staff",
    Role.READ_ONLY: "Sees electoral data but changes nothing",
    Role.ADMINISTRATOR: "Keeps user accounts (Officer, Read-only, Administrator); sees no "
    "electoral data",
    Role.FINANCE: "Sees staff bank details in full and exports the payroll file; give it with "
    "a data role such as Read-only",
}

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


def grantable_roles(granter: set[Role]) -> set[Role]:
    """The roles a user holding `granter` may give or take away.

    A Manager may grant every role. An Administrator keeps accounts but does not handle
    electoral data, bank details or payroll, so may grant Officer, Read-only and
    Administrator only: otherwise an Administrator could make a Manager and sign in as it.
    """
    if Role.MANAGER in granter:
        return set(Role)
    if Role.ADMINISTRATOR in granter:
        return set(Role) - MANAGER_GRANTS
    return set()


def may_change_account(granter: set[Role], held: set[Role], wanted: set[Role]) -> bool:
    """Whether a user holding `granter` may change an account holding `held` to hold `wanted`.

    Every role held before or after must be one the granter may grant, so an Administrator
    can neither make a Manager nor change (or switch on) a Manager's account.
    """
    allowed = grantable_roles(granter)
    return bool(allowed) and (held | wanted) <= allowed


def roles_problem(wanted: set[Role]) -> str | None:
    """Why a set of roles cannot be held together, or None.

    Finance reaches bank details and payroll from the staff pages, which need a data role.
    """
    if not wanted:
        return "Select at least one role"
    if Role.FINANCE in wanted and not wanted & VIEW_DATA:
        return "Give Finance with a data role (Read-only, Officer or Manager) for the staff pages"
    return None
