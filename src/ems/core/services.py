"""Writes for the core app: the council's details and user accounts. Each is audited."""

from django.contrib.auth.models import User
from django.db import transaction

from . import roles
from .audit import audit, changed_fields
from .errors import InvalidInput
from .models import Council

COUNCIL_FIELDS = [
    "name", "gss_code", "country", "ero_name", "ro_name", "office_address",
    "office_postcode", "telephone", "email", "website",
]  # fmt: skip


def _council_values(council: Council) -> dict:
    return {name: getattr(council, name) for name in COUNCIL_FIELDS}


@transaction.atomic
def council_save(*, acting_user, reason: str = "", **values) -> Council:
    """Create or update the council's details (one row)."""
    roles.require_role(acting_user, roles.MANAGE, "change the council's details")
    unknown = set(values) - set(COUNCIL_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown council fields: {', '.join(sorted(unknown))}")
    council = Council.objects.select_for_update().first() or Council()
    before = _council_values(council) if council.pk else {}
    for name, value in values.items():
        setattr(council, name, value)
    council.full_clean()
    council.save()
    old, new = changed_fields(before, _council_values(council))
    if new:
        audit(
            acting_user=acting_user,
            action="council.updated" if before else "council.created",
            object_type="council",
            object_id=council.pk,
            object_repr=council.name,
            before=old or None,
            after=new,
            reason=reason,
        )
    return council


@transaction.atomic
def user_create(
    *, username: str, password: str, role: roles.Role, acting_user, full_name: str = ""
) -> User:
    """Create a user account in one role (Administrators only)."""
    roles.require_role(acting_user, roles.MANAGE_USERS, "create user accounts")
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"There is already a user called {username}.")
    first, _, last = full_name.partition(" ")
    user = User.objects.create_user(
        username=username, password=password, first_name=first, last_name=last
    )
    user.groups.add(roles.role_group(role))
    audit(
        acting_user=acting_user,
        action="user.created",
        object_type="user",
        object_id=user.pk,
        object_repr=username,
        after={"username": username, "role": role.value},
    )
    return user


@transaction.atomic
def user_set_role(*, user: User, role: roles.Role, acting_user, reason: str = "") -> User:
    roles.require_role(acting_user, roles.MANAGE_USERS, "change a user's role")
    before = sorted(user.groups.values_list("name", flat=True))
    user.groups.set([roles.role_group(role)])
    audit(
        acting_user=acting_user,
        action="user.role_changed",
        object_type="user",
        object_id=user.pk,
        object_repr=user.username,
        before={"roles": before},
        after={"roles": [role.value]},
        reason=reason,
    )
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, acting_user, reason: str = "") -> User:
    roles.require_role(acting_user, roles.MANAGE_USERS, "switch user accounts on or off")
    if user == acting_user and not active:
        raise InvalidInput("You cannot switch off your own account.")
    before = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(
        acting_user=acting_user,
        action="user.activated" if active else "user.deactivated",
        object_type="user",
        object_id=user.pk,
        object_repr=user.username,
        before={"is_active": before},
        after={"is_active": active},
        reason=reason,
    )
    return user
