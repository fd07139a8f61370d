"""Writes to the register of electors. Every one checks the role, runs in one
transaction, bumps the elector's version and is audited; every change to what
the register shows also writes an Alteration (RPA 1983 s13A/13AB) for the next
notice of alteration.

Public functions (keyword arguments only):

    elector_add(...) -> Elector
    elector_delete(*, elector, acting_user, effective_date=None, reason="", expected_version=None)
    elector_change_name(*, elector, acting_user, first_names, surname, ...)
    elector_change_address(*, elector, property, acting_user, ...)
    electors_follow_properties(*, uprns, acting_user, reason="") -> dict
    properties_move(*, uprns, district, acting_user, reason="") -> dict
    elector_change_markers(*, elector, markers, acting_user, ...)
    elector_set_open_register_opt_out(*, elector, opt_out, acting_user, ...)
    elector_update(*, elector, expected_version, changes, acting_user, reason="")
    register_renumber(*, acting_user, polling_district=None, reason="") -> dict
    register_import(*, path, acting_user, display_name=None, progress=no_progress) -> dict
    register_export(*, path, acting_user, progress=no_progress) -> dict

Passing `expected_version` (the version the user saw) makes a change fail with
EditConflict if someone else changed the entry meanwhile (optimistic locking).
"""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from ems.core.audit import Change, audit, audit_many, changed_fields
from ems.core.errors import EditConflict, InvalidInput
from ems.core.importing import Progress, no_progress
from ems.core.jobs import job_handler
from ems.core.models import AuditEvent, Job
from ems.core.roles import EDIT_DATA, MANAGE, require_role
from ems.core.selectors import council_get
from ems.gazetteer.models import PollingDistrict, Property
from ems.gazetteer.services import properties_reallocate

from .formats.register_csv import RegisterCsvImporter, export_register
from .models import Alteration, Elector, format_elector_number
from .rules import attainers
from .rules import markers as marker_rules
from .rules.numbering import (
    Entry,
    Numbered,
    number_for_new_entry,
    numbers_for_new_entries,
    renumber,
)
from .search_keys import name_keys

RENUMBER_BATCH = 20000
MOVE_BATCH = 2000
NAME_FIELDS = ("title", "first_names", "middle_names", "surname", "previous_names")
MARKER_FIELDS = ("markers", "anonymous", "special_category")
OPT_OUT_FIELDS = ("open_register_opt_out",)
OTHER_REGISTER_FIELDS = ("date_of_attainment",)
PRIVATE_FIELDS = (
    "date_of_birth",
    "nationality",
    "correspondence_address",
    "email",
    "phone",
)
# What elector_update may change; the address has its own service.
UPDATABLE = NAME_FIELDS + MARKER_FIELDS + OPT_OUT_FIELDS + OTHER_REGISTER_FIELDS + PRIVATE_FIELDS
# Which kind of alteration a change to each group of fields is.
ALTERATION_GROUPS = (
    (Alteration.Kind.NAME, NAME_FIELDS),
    (Alteration.Kind.MARKER, MARKER_FIELDS),
    (Alteration.Kind.OPT_OUT, OPT_OUT_FIELDS),
    (Alteration.Kind.OTHER, OTHER_REGISTER_FIELDS),
)
MAX_LENGTHS = {
    "title": 20,
    "first_names": 100,
    "middle_names": 100,
    "surname": 100,
    "previous_names": 200,
    "nationality": 60,
    "phone": 30,
}


# Helpers ---------------------------------------------------------------------
def _nation() -> str:
    council = council_get()
    return council.country if council else attainers.ENGLAND


def _today() -> date:
    return timezone.localdate()


def snapshot(elector: Elector) -> dict[str, Any]:
    """The elector's recorded values, as JSON, for audit and Alteration before/after."""
    return {
        "elector_number": elector.elector_number,
        "polling_district": elector.polling_district.code,
        "markers": elector.markers,
        "title": elector.title,
        "first_names": elector.first_names,
        "middle_names": elector.middle_names,
        "surname": elector.surname,
        "previous_names": elector.previous_names,
        "date_of_birth": elector.date_of_birth.isoformat() if elector.date_of_birth else None,
        "nationality": elector.nationality,
        "date_of_attainment": (
            elector.date_of_attainment.isoformat() if elector.date_of_attainment else None
        ),
        "uprn": elector.property_id,
        "correspondence_address": elector.correspondence_address,
        "email": elector.email,
        "phone": elector.phone,
        "open_register_opt_out": elector.open_register_opt_out,
        "anonymous": elector.anonymous,
        "special_category": elector.special_category,
        "status": elector.status,
        "status_effective": elector.status_effective.isoformat(),
    }


def _text(value: Any, field: str, *, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidInput(f"The {field.replace('_', ' ')} must be text.")
    if required and not text:
        raise InvalidInput(f"Enter the elector's {field.replace('_', ' ')}.")
    limit = MAX_LENGTHS.get(field)
    if limit and len(text) > limit:
        raise InvalidInput(f"The {field.replace('_', ' ')} must be {limit} characters or fewer.")
    return text


def _markers(value: str) -> str:
    try:
        return marker_rules.normalise(value or "")
    except marker_rules.MarkerError as exc:
        raise InvalidInput(f"Franchise markers: {exc}.") from exc


def _derived_markers(elector: Elector) -> str:
    young = attainers.is_young_elector(elector.date_of_birth, _nation(), _today())
    return marker_rules.derive(
        elector.markers,
        anonymous=elector.anonymous,
        overseas=elector.special_category == Elector.SpecialCategory.OVERSEAS,
        young=young,
    )


def _lock_district(district: PollingDistrict) -> None:
    """Serialise number allocation within a district (row lock on PostgreSQL)."""
    PollingDistrict.objects.select_for_update().filter(pk=district.pk).first()


def _numbered_entries(district_id: int, *, exclude_id=None, chunk_size: int = 2000):
    """The district's entries that are not deleted, as (entry, number, suffix) for numbering."""
    rows = (
        Elector.objects.filter(polling_district_id=district_id)
        .exclude(status=Elector.Status.DELETED)
        .exclude(pk=exclude_id)
        .values_list(
            "id",
            "number",
            "suffix",
            "property_id",
            "property__street",
            "property__sort_key",
            "surname",
            "first_names",
        )
    )
    for pk, number, suffix, prop, street, sort_key, surname, first in rows.iterator(
        chunk_size=chunk_size
    ):
        entry = Entry(pk, street if prop is not None else None, sort_key or "", surname, first)
        yield Numbered(entry, number, suffix)


def _next_number(district: PollingDistrict, entry: Entry, *, exclude_id=None) -> tuple[int, int]:
    """Rule 2(b): the number for an entry added to a district between publications."""
    return number_for_new_entry(entry, list(_numbered_entries(district.pk, exclude_id=exclude_id)))


def _entry_for(elector_id: int | None, prop: Property | None, surname: str, first: str) -> Entry:
    # A new elector has no id yet: the largest possible one puts it after its equals.
    pk = elector_id if elector_id is not None else 2**63
    if prop is None:
        return Entry(pk, None, "", surname, first)
    return Entry(pk, prop.street, prop.sort_key, surname, first)


def _conflict(elector: Elector) -> EditConflict:
    last = (
        AuditEvent.objects.filter(object_type="elector", object_id=str(elector.pk))
        .order_by("-at", "-id")
        .first()
    )
    if last is None:
        return EditConflict(
            f"{elector.elector_number} was changed by someone else since you opened it. "
            "Reload it to see the changes before you change it again."
        )
    when = timezone.localtime(last.at).strftime("%d %B %Y at %H:%M")
    return EditConflict(
        f"{elector.elector_number} was changed by {last.actor} on {when} since you opened it. "
        "Reload it to see the changes before you change it again."
    )


def _locked(elector: Elector, expected_version: int | None) -> Elector:
    locked = (
        Elector.objects.select_for_update(of=("self",))
        .select_related("polling_district", "property")
        .get(pk=elector.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise _conflict(locked)
    if locked.status == Elector.Status.DELETED:
        raise InvalidInput(f"{locked.elector_number} has been deleted from the register.")
    return locked


def _write_alterations(
    *,
    elector: Elector,
    before: dict,
    after: dict,
    acting_user,
    effective_date: date,
    reason: str,
    kinds: tuple = ALTERATION_GROUPS,
) -> list[Alteration]:
    written = []
    for kind, fields in kinds:
        keys = [f for f in fields if before.get(f) != after.get(f)]
        if not keys:
            continue
        written.append(
            Alteration.objects.create(
                elector=elector,
                kind=kind,
                effective_date=effective_date,
                reason=reason,
                before={"elector_number": before["elector_number"]} | {k: before[k] for k in keys},
                after={"elector_number": after["elector_number"]} | {k: after[k] for k in keys},
                polling_district=elector.polling_district,
                elector_number=elector.elector_number,
                created_by=acting_user,
            )
        )
    return written


def _save_change(
    *,
    elector: Elector,
    locked: Elector,
    before: dict,
    action: str,
    acting_user,
    reason: str,
    effective_date: date | None,
    kinds: tuple = ALTERATION_GROUPS,
) -> Elector:
    """Save the changed fields of `locked`, write Alterations and one audit event."""
    locked.markers = _derived_markers(locked)
    if any(before[f] != getattr(locked, f) for f in ("first_names", "surname")):
        for key, value in name_keys(locked.first_names, locked.surname).items():
            setattr(locked, key, value)
    after = snapshot(locked)
    old, new = changed_fields(before, after)
    if not old and not new:
        return elector
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    _write_alterations(
        elector=locked,
        before=before,
        after=after,
        acting_user=acting_user,
        effective_date=effective_date or _today(),
        reason=reason,
        kinds=kinds,
    )
    audit(
        acting_user=acting_user,
        action=action,
        object_type="elector",
        object_id=locked.pk,
        object_repr=locked.elector_number,
        before=old,
        after=new,
        reason=reason,
    )
    elector.refresh_from_db()
    return elector


# Services --------------------------------------------------------------------
def elector_add(
    *,
    acting_user,
    property: Property | None = None,  # noqa: A002 - the model's own field name
    polling_district: PollingDistrict | None = None,
    first_names: str,
    surname: str,
    title: str = "",
    middle_names: str = "",
    previous_names: str = "",
    date_of_birth: date | None = None,
    nationality: str = "",
    date_of_attainment: date | None = None,
    markers: str = "",
    open_register_opt_out: bool = False,
    anonymous: bool = False,
    special_category: str = "",
    correspondence_address: str = "",
    email: str = "",
    phone: str = "",
    effective_date: date | None = None,
    reason: str = "",
) -> Elector:
    """Add an entry to the register (RPA 1983 s13A/13AB).

    The district is the property's, or `polling_district` for an elector with
    no property. The number follows rule 2(b) (numbering.number_for_new_entry).
    An effective date in the future makes a pending addition. An attainer's date
    of attainment is worked out from the date of birth if not given.
    """
    require_role(acting_user, EDIT_DATA, "add electors to the register")
    today = _today()
    effective = effective_date or today
    nation = _nation()
    if property is not None:
        if property.status == Property.Status.HISTORIC:
            raise InvalidInput(f"{property} is a historic property: choose a live address.")
        if property.polling_district_id is None:
            raise InvalidInput(f"{property} is not in a polling district.")
        if polling_district is not None and polling_district.pk != property.polling_district_id:
            raise InvalidInput(f"{property} is not in polling district {polling_district.code}.")
        polling_district = property.polling_district
    if polling_district is None:
        raise InvalidInput("Choose the elector's address or, with no address, a polling district.")
    if special_category not in Elector.SpecialCategory.values:
        raise InvalidInput(f"{special_category!r} is not a special category.")
    if date_of_birth is not None:
        if date_of_birth > today:
            raise InvalidInput("The date of birth is in the future.")
        if not attainers.may_register(date_of_birth, nation, today):
            raise InvalidInput("The elector is too young to be registered yet.")
        if date_of_attainment is None and attainers.is_attainer(date_of_birth, nation, today):
            date_of_attainment = attainers.date_of_attainment(date_of_birth, nation)
    elector = Elector(
        polling_district=polling_district,
        property=property,
        title=_text(title, "title"),
        first_names=_text(first_names, "first_names", required=True),
        middle_names=_text(middle_names, "middle_names"),
        surname=_text(surname, "surname", required=True),
        previous_names=_text(previous_names, "previous_names"),
        date_of_birth=date_of_birth,
        nationality=_text(nationality, "nationality"),
        date_of_attainment=date_of_attainment,
        markers=_markers(markers),
        correspondence_address=_text(correspondence_address, "correspondence_address"),
        email=_text(email, "email"),
        phone=_text(phone, "phone"),
        open_register_opt_out=bool(open_register_opt_out),
        anonymous=bool(anonymous),
        special_category=special_category,
        status=(Elector.Status.PENDING_ADDITION if effective > today else Elector.Status.LIVE),
        status_effective=effective,
    )
    elector.markers = _derived_markers(elector)
    for key, value in name_keys(elector.first_names, elector.surname).items():
        setattr(elector, key, value)
    with transaction.atomic():
        _lock_district(polling_district)
        elector.number, elector.suffix = _next_number(
            polling_district, _entry_for(None, property, elector.surname, elector.first_names)
        )
        elector.save()
        after = snapshot(elector)
        Alteration.objects.create(
            elector=elector,
            kind=Alteration.Kind.ADDITION,
            effective_date=effective,
            reason=reason,
            after=after,
            polling_district=polling_district,
            elector_number=elector.elector_number,
            created_by=acting_user,
        )
        audit(
            acting_user=acting_user,
            action="elector.added",
            object_type="elector",
            object_id=elector.pk,
            object_repr=elector.elector_number,
            after=after,
            reason=reason,
        )
    return elector


def elector_delete(
    *,
    elector: Elector,
    acting_user,
    effective_date: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Elector:
    """Delete an entry (RPA 1983 s13A/13AB). A future effective date makes a pending deletion.

    A deleted entry's number is free again; a pending deletion keeps its number.
    """
    require_role(acting_user, EDIT_DATA, "delete electors from the register")
    today = _today()
    effective = effective_date or today
    with transaction.atomic():
        locked = _locked(elector, expected_version)
        before = snapshot(locked)
        locked.status = (
            Elector.Status.PENDING_DELETION if effective > today else Elector.Status.DELETED
        )
        locked.status_effective = effective
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.save()
        after = snapshot(locked)
        Alteration.objects.create(
            elector=locked,
            kind=Alteration.Kind.DELETION,
            effective_date=effective,
            reason=reason,
            before=before,
            after={"elector_number": after["elector_number"], "status": after["status"]},
            polling_district=locked.polling_district,
            elector_number=locked.elector_number,
            created_by=acting_user,
        )
        old, new = changed_fields(before, after)
        audit(
            acting_user=acting_user,
            action="elector.deleted",
            object_type="elector",
            object_id=locked.pk,
            object_repr=locked.elector_number,
            before=old,
            after=new,
            reason=reason,
        )
    elector.refresh_from_db()
    return elector


def elector_update(
    *,
    elector: Elector,
    expected_version: int | None,
    changes: dict[str, Any],
    acting_user,
    reason: str = "",
    effective_date: date | None = None,
) -> Elector:
    """Change any of the fields in UPDATABLE at once (the edit page).

    Raises EditConflict if the entry's version is no longer `expected_version`,
    naming who changed it and when. Each group of register fields changed (name,
    markers, open register choice, other) writes one Alteration; contact
    details, date of birth and nationality are not shown in the register and
    are audited only.
    """
    require_role(acting_user, EDIT_DATA, "change electors' details")
    unknown = sorted(set(changes) - set(UPDATABLE))
    if unknown:
        raise InvalidInput("These details cannot be changed here: " + ", ".join(unknown) + ".")
    with transaction.atomic():
        locked = _locked(elector, expected_version)
        before = snapshot(locked)
        for field, value in changes.items():
            if field == "markers":
                value = _markers(value)
            elif field in ("open_register_opt_out", "anonymous"):
                value = bool(value)
            elif field == "special_category":
                if value not in Elector.SpecialCategory.values:
                    raise InvalidInput(f"{value!r} is not a special category.")
            elif field in ("date_of_birth", "date_of_attainment"):
                if value is not None and not isinstance(value, date):
                    raise InvalidInput(f"The {field.replace('_', ' ')} must be a date.")
            else:
                value = _text(value, field, required=field in ("first_names", "surname"))
            setattr(locked, field, value)
        return _save_change(
            elector=elector,
            locked=locked,
            before=before,
            action="elector.updated",
            acting_user=acting_user,
            reason=reason,
            effective_date=effective_date,
        )


def elector_change_name(
    *,
    elector: Elector,
    acting_user,
    first_names: str,
    surname: str,
    middle_names: str | None = None,
    title: str | None = None,
    previous_names: str | None = None,
    effective_date: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Elector:
    """Change of name. The old full name is added to previous_names unless given."""
    changes: dict[str, Any] = {"first_names": first_names, "surname": surname}
    if middle_names is not None:
        changes["middle_names"] = middle_names
    if title is not None:
        changes["title"] = title
    if previous_names is None:
        old = elector.full_name
        earlier = elector.previous_names
        previous_names = old if not earlier else f"{earlier}; {old}"
        previous_names = previous_names[: MAX_LENGTHS["previous_names"]]
    changes["previous_names"] = previous_names
    return _change(elector, expected_version, changes, "elector.name_changed", acting_user,
                   reason, effective_date, "change electors' names")  # fmt: skip


def elector_change_markers(
    *,
    elector: Elector,
    markers: str,
    acting_user,
    effective_date: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Elector:
    """Change the franchise markers (derived N, F and Z follow the facts, not this)."""
    return _change(elector, expected_version, {"markers": markers}, "elector.markers_changed",
                   acting_user, reason, effective_date, "change franchise markers")  # fmt: skip


def elector_set_open_register_opt_out(
    *,
    elector: Elector,
    opt_out: bool,
    acting_user,
    effective_date: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Elector:
    """Record the elector's choice to be left out of (or put back in) the open register."""
    return _change(elector, expected_version, {"open_register_opt_out": opt_out},
                   "elector.open_register_changed", acting_user, reason, effective_date,
                   "change open register choices")  # fmt: skip


def _change(elector, expected_version, changes, action, acting_user, reason, effective, what):
    require_role(acting_user, EDIT_DATA, what)
    with transaction.atomic():
        locked = _locked(elector, expected_version)
        before = snapshot(locked)
        for field, value in changes.items():
            if field == "markers":
                value = _markers(value)
            elif field == "open_register_opt_out":
                value = bool(value)
            else:
                value = _text(value, field, required=field in ("first_names", "surname"))
            setattr(locked, field, value)
        return _save_change(
            elector=elector,
            locked=locked,
            before=before,
            action=action,
            acting_user=acting_user,
            reason=reason,
            effective_date=effective,
        )


def elector_change_address(
    *,
    elector: Elector,
    property: Property,  # noqa: A002 - the model's own field name
    acting_user,
    effective_date: date | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Elector:
    """Move an elector to another qualifying address.

    Within the same polling district the number stays. A move to another
    district gives a new number there (rule 2(b)); the Alteration (kind
    address) is listed under the new district and its `before` keeps the old
    number and district.
    """
    require_role(acting_user, EDIT_DATA, "change electors' addresses")
    if property.status == Property.Status.HISTORIC:
        raise InvalidInput(f"{property} is a historic property: choose a live address.")
    if property.polling_district_id is None:
        raise InvalidInput(f"{property} is not in a polling district.")
    with transaction.atomic():
        locked = _locked(elector, expected_version)
        before = snapshot(locked)
        if locked.property_id == property.pk:
            return elector
        district = property.polling_district
        if district.pk != locked.polling_district_id:
            _lock_district(district)
            locked.polling_district = district
            locked.number, locked.suffix = _next_number(
                district,
                _entry_for(locked.pk, property, locked.surname, locked.first_names),
                exclude_id=locked.pk,
            )
        locked.property = property
        return _save_change(
            elector=elector,
            locked=locked,
            before=before,
            action="elector.address_changed",
            acting_user=acting_user,
            reason=reason,
            effective_date=effective_date,
            kinds=((Alteration.Kind.ADDRESS, ("uprn", "polling_district", "elector_number")),),
        )


def electors_follow_properties(
    *, uprns: Iterable[int], acting_user, reason: str = ""
) -> dict[str, Any]:
    """Move the electors at these properties into their property's polling district.

    After the gazetteer moves properties to another polling district, each
    entry that is not deleted and sits in a district other than its property's
    moves to the property's district (the part of the register it belongs in,
    RPR 2001 reg 41(1)) and takes a new number there by rule 2(b): the number of
    the entry before it in register order plus the next free suffix
    (numbering.numbers_for_new_entries), so nothing already in the district is
    renumbered and no number clashes. Electors at unallocated properties stay.

    Each moved elector gets one Alteration of kind "other" (its qualifying
    address is unchanged: only its part of the register and its number are),
    listed under the new district with the old number and district in
    `before`, a version bump and one audit event; one more audit event sums up
    the move. Returns {"electors": n, "by_district": {code: n}}.
    """
    require_role(acting_user, EDIT_DATA, "move electors to their property's polling district")
    wanted = sorted(set(uprns))
    now = timezone.now()
    effective = _today()
    # (id, old district id, old number, old suffix, version, entry) by new district id.
    moving: dict[int, list[tuple[int, int, int, int, int, Entry]]] = {}
    with transaction.atomic():
        for start in range(0, len(wanted), MOVE_BATCH):
            rows = (
                Elector.objects.select_for_update(of=("self",))
                .filter(property_id__in=wanted[start : start + MOVE_BATCH])
                .filter(property__polling_district__isnull=False)
                .exclude(status=Elector.Status.DELETED)
                .exclude(polling_district_id=F("property__polling_district_id"))
                .order_by("id")
                .values_list(
                    "id",
                    "polling_district_id",
                    "number",
                    "suffix",
                    "version",
                    "property__polling_district_id",
                    "property__street",
                    "property__sort_key",
                    "surname",
                    "first_names",
                )
            )
            for pk, old, number, suffix, version, new, street, key, surname, first in rows:
                entry = Entry(pk, street, key or "", surname, first)
                moving.setdefault(new, []).append((pk, old, number, suffix, version, entry))
        if not moving:
            return {"electors": 0, "by_district": {}}
        codes = dict(PollingDistrict.objects.values_list("id", "code"))
        updates: list[Elector] = []
        alterations: list[Alteration] = []
        changes: list[Change] = []
        by_district: dict[str, int] = {}
        for district_id in sorted(moving):
            movers = moving[district_id]
            _lock_district(PollingDistrict(pk=district_id))
            numbers = numbers_for_new_entries(
                (entry for *_, entry in movers),
                _numbered_entries(district_id, chunk_size=MOVE_BATCH),
            )
            code = codes[district_id]
            by_district[code] = len(movers)
            for pk, old_district, old_number, old_suffix, version, _entry in movers:
                number, suffix = numbers[pk]
                before = {
                    "elector_number": format_elector_number(
                        codes[old_district], old_number, old_suffix
                    ),
                    "polling_district": codes[old_district],
                }
                after = {
                    "elector_number": format_elector_number(code, number, suffix),
                    "polling_district": code,
                }
                updates.append(
                    Elector(
                        pk=pk,
                        polling_district_id=district_id,
                        number=number,
                        suffix=suffix,
                        version=version + 1,
                        updated_at=now,
                    )
                )
                alterations.append(
                    Alteration(
                        elector_id=pk,
                        kind=Alteration.Kind.OTHER,
                        effective_date=effective,
                        reason=reason,
                        before=before,
                        after=after,
                        polling_district_id=district_id,
                        elector_number=after["elector_number"],
                        created_by=acting_user,
                        created_at=now,
                    )
                )
                changes.append(
                    Change(
                        action="elector.district_changed",
                        object_type="elector",
                        object_id=str(pk),
                        object_repr=after["elector_number"],
                        before=before,
                        after=after,
                    )
                )
        # New (district, number, suffix) triples are free in their district and
        # distinct from each other, so the rows can be written in any order.
        Elector.objects.bulk_update(
            updates,
            ["polling_district", "number", "suffix", "version", "updated_at"],
            batch_size=MOVE_BATCH // 2,
        )
        Alteration.objects.bulk_create(alterations, batch_size=MOVE_BATCH)
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
        result = {"electors": len(updates), "by_district": by_district}
        audit(
            acting_user=acting_user,
            action="electors.followed_properties",
            object_type="register",
            object_repr="electors moved with their properties",
            after=result,
            reason=reason,
        )
    return result


def properties_move(
    *,
    uprns: Iterable[int],
    district: PollingDistrict,
    acting_user,
    reason: str = "",
) -> dict[str, int]:
    """Move properties to a polling district and their electors with them, all or nothing.

    The gazetteer's `properties_reallocate` moves the properties, then
    `electors_follow_properties` moves the electors at every chosen property
    into the new district with new numbers; both in one transaction, so a
    failure in either leaves properties and register unchanged. Returns
    {"properties": moved, "electors": moved}.
    """
    require_role(acting_user, EDIT_DATA, "move properties between polling districts")
    wanted = sorted(set(uprns))
    with transaction.atomic():
        properties = properties_reallocate(
            uprns=wanted, district=district, acting_user=acting_user, reason=reason
        )
        electors = electors_follow_properties(uprns=wanted, acting_user=acting_user, reason=reason)
    return {"properties": properties, "electors": electors["electors"]}


def register_renumber(
    *, acting_user, polling_district: PollingDistrict | None = None, reason: str = ""
) -> dict[str, int]:
    """Rule 2(a): renumber every entry that is not deleted 1..n in register order.

    Used at publication of the revised register. Numbers are written in two
    phases so the unique constraint on (district, number, suffix) is never
    broken: first every number moves above the highest in use, then each entry
    takes its new number. Versions are not bumped: a renumbering is not an edit.
    Returns {"districts": ..., "electors": ..., "renumbered": ...}.
    """
    require_role(acting_user, MANAGE, "renumber the register")
    scope = Elector.objects.exclude(status=Elector.Status.DELETED)
    if polling_district is not None:
        scope = scope.filter(polling_district=polling_district)
    with transaction.atomic():
        rows = scope.values_list(
            "id",
            "polling_district_id",
            "number",
            "suffix",
            "property_id",
            "property__street",
            "property__sort_key",
            "surname",
            "first_names",
        ).iterator(chunk_size=20000)
        by_district: dict[int, list[Entry]] = {}
        current: dict[int, tuple[int, int]] = {}
        for pk, district_id, number, suffix, prop, street, sort_key, surname, first in rows:
            entry = Entry(pk, street if prop is not None else None, sort_key or "", surname, first)
            by_district.setdefault(district_id, []).append(entry)
            current[pk] = (number, suffix)
        updates: list[tuple[int, int]] = []
        for entries in by_district.values():
            for pk, number in renumber(entries).items():
                if current[pk] != (number, 0):
                    updates.append((pk, number))
        if updates:
            highest = scope.aggregate(m=Max("number"))["m"] or 0
            offset = max(highest, len(current)) + 1
            _shift_numbers([pk for pk, _ in updates], offset)
            _write_numbers(updates)
        result = {
            "districts": len(by_district),
            "electors": len(current),
            "renumbered": len(updates),
        }
        audit(
            acting_user=acting_user,
            action="register.renumbered",
            object_type="register",
            object_id=polling_district.code if polling_district else "",
            object_repr=str(polling_district) if polling_district else "whole register",
            after=result,
            reason=reason,
        )
    return result


def _shift_numbers(ids: list[int], offset: int) -> None:
    """Phase 1: move the numbers that will change above every number in use."""
    for start in range(0, len(ids), RENUMBER_BATCH):
        Elector.objects.filter(pk__in=ids[start : start + RENUMBER_BATCH]).update(
            number=F("number") + offset
        )


def _write_numbers(updates: list[tuple[int, int]]) -> None:
    """Phase 2: give each entry its new number (suffix 0), in batches."""
    table = connection.ops.quote_name(Elector._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(updates), RENUMBER_BATCH):
            batch = updates[start : start + RENUMBER_BATCH]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} AS e SET number = v.number, suffix = 0 "  # noqa: S608
                    "FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::integer[]) AS number) v "
                    "WHERE e.id = v.id",
                    [[pk for pk, _ in batch], [n for _, n in batch]],
                )
            else:
                cursor.executemany(
                    f"UPDATE {table} SET number = %s, suffix = 0 WHERE id = %s",  # noqa: S608
                    [(n, pk) for pk, n in batch],
                )


def register_import(
    *,
    path: Path | str,
    acting_user,
    display_name: str | None = None,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Add the electors in a register CSV file (formats.register_csv), all or nothing.

    Raises ImportRejected listing every problem as FILE:ROW:COLUMN. Writes one
    Alteration (addition) per elector and one audit event for the file.
    """
    require_role(acting_user, MANAGE, "import the register")
    importer = RegisterCsvImporter(path, display_name=display_name)
    return importer.run(acting_user=acting_user, progress=progress)


def register_export(
    *, path: Path | str, acting_user, progress: Progress = no_progress
) -> dict[str, int]:
    """Write the register (not deleted, not anonymous entries) to a CSV file; audited."""
    require_role(acting_user, MANAGE, "export the register")
    result = export_register(path, progress=progress)
    audit(
        acting_user=acting_user,
        action="register.exported",
        object_type="register",
        object_repr=Path(path).name,
        after=result,
    )
    return result


@job_handler("register.import")
def run_register_import(job: Job, progress: Progress) -> dict[str, Any]:
    return register_import(
        path=job.params["path"],
        display_name=job.params.get("display_name"),
        acting_user=job.created_by,
        progress=progress,
    )
