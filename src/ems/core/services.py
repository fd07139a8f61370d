"""Writes for the core app: the council's details and user accounts. Each is audited."""

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .audit import audit, changed_fields
from .errors import InvalidInput, NotPermitted
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


def _held_roles(user: User | None) -> set[roles.Role]:
    """The roles an account holds, whether or not it is switched on."""
    if user is None:
        return set()
    if user.is_superuser:
        return set(roles.Role)
    names = set(user.groups.values_list("name", flat=True))
    return {role for role in roles.Role if role.value in names}


def _check_account_change(acting_user, held: set[roles.Role], wanted: set[roles.Role]) -> None:
    """Refuse a change to an account that the acting user may not make (roles.may_change_account).

    The command line (acting_user None) may do anything.
    """
    if acting_user is None:
        return
    roles.require_role(acting_user, roles.MANAGE_USERS, "manage user accounts")
    granter = roles.roles_of(acting_user)
    if not roles.may_change_account(granter, held, wanted):
        refused = sorted(r.value for r in (held | wanted) - roles.grantable_roles(granter))
        raise NotPermitted(
            f"Only an Electoral Services Manager may grant or change the role "
            f"{' or '.join(refused)}."
        )


def _check_roles(wanted: set[roles.Role]) -> None:
    problem = roles.roles_problem(wanted)
    if problem:
        raise InvalidInput(f"{problem}.")


def _check_password(password: str, user: User) -> None:
    """The settings' AUTH_PASSWORD_VALIDATORS, for the command line too (forms run them first)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles_held: Iterable[roles.Role],
    acting_user,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user account holding one or more roles (Administrators and Managers)."""
    wanted = set(roles_held)
    _check_roles(wanted)
    _check_account_change(acting_user, set(), wanted)
    if User.objects.filter(username=username).exists():
        raise InvalidInput(f"There is already a user called {username}.")
    first, _, last = full_name.partition(" ")
    user = User(username=username, first_name=first, last_name=last, email=email)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.set([roles.role_group(role) for role in wanted])
    audit(
        acting_user=acting_user,
        action="user.created",
        object_type="user",
        object_id=user.pk,
        object_repr=username,
        after={"username": username, "roles": sorted(r.value for r in wanted)},
    )
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    roles_held: Iterable[roles.Role],
    full_name: str,
    email: str,
    acting_user,
    reason: str = "",
) -> User:
    """Change a user's roles, name and email address. Only the changes are audited."""
    wanted = set(roles_held)
    if acting_user is not None and user.pk == acting_user.pk:
        # Nobody escalates (or changes) their own roles; another Manager or Administrator must.
        raise NotPermitted("You cannot change your own account; ask another Manager.")
    _check_roles(wanted)
    _check_account_change(acting_user, _held_roles(user), wanted)
    first, _, last = full_name.partition(" ")
    before = {"roles": sorted(r.value for r in _held_roles(user)),
              "full_name": user.get_full_name(), "email": user.email}  # fmt: skip
    user.first_name, user.last_name, user.email = first, last, email
    user.save(update_fields=["first_name", "last_name", "email"])
    user.groups.set([roles.role_group(role) for role in wanted])
    user.__dict__.pop("_ems_roles", None)
    after = {"roles": sorted(r.value for r in wanted), "full_name": full_name.strip(),
             "email": email}  # fmt: skip
    old, new = changed_fields(before, after)
    if new:
        audit(
            acting_user=acting_user,
            action="user.updated",
            object_type="user",
            object_id=user.pk,
            object_repr=user.username,
            before=old,
            after=new,
            reason=reason,
        )
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, acting_user, reason: str = "") -> User:
    if acting_user is not None and user.pk == acting_user.pk and not active:
        raise InvalidInput("You cannot switch off your own account.")
    held = _held_roles(user)
    _check_account_change(acting_user, held, held)
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


@transaction.atomic
def user_password_set(*, user: User, password: str, acting_user, how: str) -> User:
    """Set a user's own password, after a password change or an emailed reset link.

    `how` is "changed" or "reset"; the password itself is never recorded.
    """
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if how == "reset":
        # The emailed link proves who they are: lift any sign-in lockout on their username.
        axes_reset(username=user.get_username())
    audit(
        acting_user=acting_user,
        action=f"user.password_{how}",
        object_type="user",
        object_id=user.pk,
        object_repr=user.username,
    )
    return user


@transaction.atomic
def two_factor_start(*, user: User, acting_user) -> TOTPDevice:
    """An authenticator for the user to add to their app, kept unconfirmed until they enter a
    code from it (two_factor_confirm). Reused until then, so reloading the page keeps the key."""
    if acting_user is not None and acting_user.pk != user.pk:
        raise NotPermitted("Only the user themselves can set up their two-factor sign-in.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        audit(acting_user=acting_user, action="user.two_factor_started", object_type="user",
              object_id=user.pk, object_repr=user.username)  # fmt: skip
    return device


def check_code_allowed(device: TOTPDevice) -> None:
    """After a wrong code django-otp refuses any code for 1, 2, 4, ... seconds (guessing)."""
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        raise InvalidInput("Too many wrong codes: wait a few seconds, then enter the code again.")


def two_factor_confirm(*, device: TOTPDevice, code: str, acting_user) -> TOTPDevice:
    """Confirm an authenticator with a code from it; it replaces any earlier one.

    The code is checked outside the transaction so that a wrong code still counts towards
    django-otp's throttling (a refused code rolls nothing back).
    """
    check_code_allowed(device)
    if not device.verify_token(code):
        raise InvalidInput("The code is not right: enter the 6-digit code your app shows now.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit(acting_user=acting_user, action="user.two_factor_set_up", object_type="user",
              object_id=device.user_id, object_repr=device.user.username)  # fmt: skip
    return device


@transaction.atomic
def two_factor_reset(*, user: User, acting_user, reason: str = "") -> int:
    """Remove a user's authenticator (a lost phone): they set one up at their next sign-in.
    Managers and Administrators, for the accounts they may change (roles.may_change_account)."""
    held = _held_roles(user)
    _check_account_change(acting_user, held, held)
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit(acting_user=acting_user, action="user.two_factor_reset", object_type="user",
          object_id=user.pk, object_repr=user.username, reason=reason)  # fmt: skip
    return removed


@transaction.atomic
def two_factor_issue(*, user: User, acting_user) -> TOTPDevice:
    """Give a user a confirmed authenticator key at once, replacing any other: the command line
    only (the demo's Manager and Finance users), as the key is shown to whoever runs it."""
    if acting_user is not None:
        raise NotPermitted("Users set up their own two-factor sign-in on their account page.")
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    audit(acting_user=acting_user, action="user.two_factor_set_up", object_type="user",
          object_id=user.pk, object_repr=user.username)  # fmt: skip
    return device
