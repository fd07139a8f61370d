"""Writes for polling and count staff. Each checks the acting user's role, runs in one
transaction and is audited. Personal data never goes to the log; bank details never go to
the audit trail (only the fact that they changed).

Public actions (the expression-of-interest form, the offer page, a person correcting their own
details through their link) have no signed-in user: they are audited with the actor
"public" and the link or form they came through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone

from ems.applications.rules.nino import normalise_nino
from ems.core import crypto, roles
from ems.core.audit import Change, audit, audit_many, changed_fields
from ems.core.errors import EmsError, InvalidInput
from ems.core.models import AuditEvent
from ems.core.postcodes import normalise_postcode
from ems.core.times import local_date
from ems.elections.models import Election, PollingDay
from ems.gazetteer.models import Property
from ems.polling import selectors as polling_selectors

from .models import (
    AccessLink,
    Appointment,
    Availability,
    Message,
    MessageTemplate,
    PayAdjustment,
    Payment,
    PayRate,
    Person,
    PollShare,
    Position,
    Session,
    StaffRole,
    TrainingBooking,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from .rules import bank, compliance, pay, placement, retention
from .wording import wording_fill

PUBLIC = "public"
ACTIVE_STATUSES = (
    Appointment.Status.PROPOSED,
    Appointment.Status.OFFERED,
    Appointment.Status.ACCEPTED,
)
# Polling scheme role names (polling.StaffingRule.role) that mean one of our roles.
SCHEME_ROLES = {
    "presiding officer": StaffRole.PRESIDING_OFFICER,
    "poll clerk": StaffRole.POLL_CLERK,
    "polling station inspector": StaffRole.INSPECTOR,
    "inspector": StaffRole.INSPECTOR,
}
SESSION_ROLES = {
    Session.Kind.VERIFICATION: (StaffRole.VERIFICATION, StaffRole.SUPERVISOR),
    Session.Kind.COUNT: (StaffRole.COUNT, StaffRole.SUPERVISOR),
    Session.Kind.POSTAL_OPENING: (StaffRole.POSTAL_OPENING, StaffRole.SUPERVISOR),
}
ROLE_ORDER = [r.value for r in StaffRole]
LINK_DAYS = 14


def _audit_public(*, action: str, object_type: str, object_id, after=None, reason="") -> None:
    AuditEvent.objects.create(
        actor=PUBLIC,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        after=after,
        reason=reason,
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ------------------------------------------------------------------ positions and pay


def session_add(
    *,
    polling_day: PollingDay,
    kind: str,
    name: str,
    starts_at: dt.datetime,
    staff: dict[str, int],
    venue: str = "",
    postcode: str = "",
    easting: float | None = None,
    northing: float | None = None,
    acting_user,
    reason: str = "",
) -> Session:
    """Add a count, verification or postal vote opening session with the staff it needs,
    e.g. staff={"count": 40, "supervisor": 4}."""
    roles.require_role(acting_user, roles.MANAGE, "plan count and postal vote sessions")
    if kind not in Session.Kind.values:
        raise InvalidInput(f"{kind!r} is not a kind of session.")
    if postcode and not normalise_postcode(postcode):
        raise InvalidInput("Enter a real postcode for the venue, like EX1 2AB.")
    with transaction.atomic():
        session = Session.objects.create(
            polling_day=polling_day, kind=kind, name=name, starts_at=starts_at, venue=venue,
            postcode=normalise_postcode(postcode) or "", easting=easting, northing=northing,
        )  # fmt: skip
        for role, number in staff.items():
            if role not in StaffRole.values or number < 0:
                raise InvalidInput(f"{role!r}: {number} is not a role and number of staff.")
            Position.objects.create(
                polling_day=polling_day, role=role, session=session, needed=number, derived=number
            )
        audit(
            acting_user=acting_user, action="staffing.session.add", object_type="staff session",
            object_id=session.pk, object_repr=name,
            after={"kind": kind, "starts_at": starts_at.isoformat(), "staff": staff},
            reason=reason,
        )  # fmt: skip
    return session


def positions_derive(
    *, polling_day: PollingDay, acting_user, stations_per_inspector: int = 10, reason: str = ""
) -> dict[str, int]:
    """Create or refresh the station positions from the polling scheme's staff-needed figures.

    A number an officer has edited (needed differs from what the scheme gave before) is kept;
    the scheme's new figure is recorded as `derived` so the page can show both. Inspectors
    are area-wide: one for every `stations_per_inspector` stations.
    """
    roles.require_role(acting_user, roles.MANAGE, "set the staff positions")
    if stations_per_inspector < 1:
        raise InvalidInput("Stations per inspector must be at least 1.")
    summaries = polling_selectors.scheme(polling_day)
    wanted: dict[tuple[str, int | None], int] = {}
    for summary in summaries:
        for scheme_role, number in summary.staff.items():
            role = SCHEME_ROLES.get(scheme_role.strip().lower())
            if role is not None:
                key = (role.value, summary.station.pk)
                wanted[key] = wanted.get(key, 0) + number
    if summaries:
        wanted[(StaffRole.INSPECTOR.value, None)] = math.ceil(
            len(summaries) / stations_per_inspector
        )
    existing = {
        (p.role, p.station_id): p
        for p in Position.objects.filter(polling_day=polling_day, session__isnull=True)
    }
    created, updated, kept = [], [], 0
    changes = []
    with transaction.atomic():
        for (role, station_id), number in wanted.items():
            position = existing.get((role, station_id))
            if position is None:
                created.append(
                    Position(
                        polling_day=polling_day,
                        role=role,
                        station_id=station_id,
                        needed=number,
                        derived=number,
                    )  # fmt: skip
                )
                continue
            if position.derived == number:
                continue
            edited = position.derived is not None and position.needed != position.derived
            before = {"needed": position.needed, "derived": position.derived}
            position.derived = number
            if edited:
                kept += 1
            else:
                position.needed = number
            updated.append(position)
            changes.append(
                Change("staffing.position.derive", "staff position", str(position.pk),
                       str(position), before, {"needed": position.needed, "derived": number})
            )  # fmt: skip
        Position.objects.bulk_create(created, batch_size=1000)
        Position.objects.bulk_update(updated, ["needed", "derived"], batch_size=1000)
        changes.extend(
            Change("staffing.position.derive", "staff position", str(p.pk), str(p.role), None,
                   {"needed": p.needed, "station": p.station_id})
            for p in created
        )  # fmt: skip
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
    return {"created": len(created), "updated": len(updated), "kept_edited": kept}


def position_set_needed(*, position: Position, needed: int, acting_user, reason: str = "") -> None:
    roles.require_role(acting_user, roles.MANAGE, "change the staff positions")
    if needed < 0 or needed > 500:
        raise InvalidInput("Enter a number of staff from 0 to 500.")
    with transaction.atomic():
        before = position.needed
        position.needed = needed
        position.save(update_fields=["needed"])
        audit(
            acting_user=acting_user, action="staffing.position.set_needed",
            object_type="staff position", object_id=position.pk, object_repr=str(position),
            before={"needed": before}, after={"needed": needed}, reason=reason,
        )  # fmt: skip


def pay_rate_save(
    *,
    election_type: str,
    role: str,
    fee: Decimal,
    training_fee: Decimal = Decimal(0),
    mileage_rate: Decimal = Decimal(0),
    extras: Decimal = Decimal(0),
    acting_user,
    reason: str = "",
) -> PayRate:
    roles.require_role(acting_user, roles.MANAGE, "set the pay table")
    if role not in StaffRole.values:
        raise InvalidInput(f"{role!r} is not a staff role.")
    if min(fee, training_fee, mileage_rate, extras) < 0:
        raise InvalidInput("Fees and rates cannot be negative.")
    values = {
        "fee": pay.money(fee), "training_fee": pay.money(training_fee),
        "mileage_rate": pay.money(mileage_rate), "extras": pay.money(extras),
    }  # fmt: skip
    with transaction.atomic():
        rate = PayRate.objects.filter(election_type=election_type, role=role).first()
        before = {k: str(getattr(rate, k)) for k in values} if rate else None
        if rate is None:
            rate = PayRate.objects.create(election_type=election_type, role=role, **values)
        else:
            for key, value in values.items():
                setattr(rate, key, value)
            rate.save(update_fields=list(values))
        audit(
            acting_user=acting_user, action="staffing.pay_rate.save", object_type="pay rate",
            object_id=rate.pk, object_repr=str(rate), before=before,
            after={k: str(v) for k, v in values.items()}, reason=reason,
        )  # fmt: skip
    return rate


def poll_shares_set(
    *,
    polling_day: PollingDay,
    shares: dict[Election, Decimal],
    agreed_with: str = "",
    acting_user,
    reason: str = "",
) -> None:
    """Record the agreed split of a combined polling day's staff cost between its polls."""
    roles.require_role(acting_user, roles.MANAGE, "record how combined poll costs are shared")
    if any(e.polling_day_id != polling_day.pk for e in shares):
        raise InvalidInput("Every poll must be held on this polling day.")
    if sum(shares.values()) != 100:
        raise InvalidInput("The shares must add up to 100%.")
    with transaction.atomic():
        before = {s.election.election_id: str(s.percent) for s in polling_day.shares.all()}
        PollShare.objects.filter(polling_day=polling_day).delete()
        PollShare.objects.bulk_create(
            PollShare(polling_day=polling_day, election=e, percent=p, agreed_with=agreed_with)
            for e, p in shares.items()
        )
        audit(
            acting_user=acting_user, action="staffing.poll_shares.set", object_type="polling day",
            object_id=polling_day.pk, object_repr=str(polling_day), before=before,
            after={e.election_id: str(p) for e, p in shares.items()}, reason=reason,
        )  # fmt: skip


# ------------------------------------------------------------------ the staff pool

PERSON_FIELDS = [
    "first_names", "surname", "email", "phone", "address", "postcode", "skills",
    "languages", "roles_wanted", "experience", "notes", "status",
]  # fmt: skip
SELF_SERVICE_FIELDS = ["email", "phone", "address", "postcode", "languages"]


def _coordinates(postcode: str) -> tuple[float | None, float | None]:
    """The mean easting/northing of the gazetteer's properties in the postcode, if any."""
    if not postcode:
        return None, None
    row = Property.objects.filter(postcode=postcode, easting__isnull=False).aggregate(
        e=Avg("easting"), n=Avg("northing")
    )
    return row["e"], row["n"]


def _clean_person(values: dict) -> dict:
    values = dict(values)
    for key in ("first_names", "surname"):
        if key in values:
            values[key] = (values[key] or "").strip()
            if not values[key]:
                raise InvalidInput("Enter the person's first names and surname.")
    if values.get("postcode"):
        postcode = normalise_postcode(values["postcode"])
        if postcode is None:
            raise InvalidInput("Enter a real postcode, like EX1 2AB.")
        values["postcode"] = postcode
    if "email" in values:
        values["email"] = (values["email"] or "").strip().lower()
    for key in ("roles_wanted",):
        if key in values and any(r not in StaffRole.values for r in values[key]):
            raise InvalidInput("Choose roles from the list.")
    return values


def _person_values(person: Person) -> dict:
    return {k: getattr(person, k) for k in PERSON_FIELDS}


def person_add(*, acting_user, reason: str = "", **values) -> Person:
    """Add someone to the pool. Values are Person fields (not compliance or bank details)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "add people to the staff pool")
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown details: {', '.join(sorted(unknown))}.")
    values = _clean_person(values)
    values.setdefault("status", Person.Status.ACTIVE)
    with transaction.atomic():
        easting, northing = _coordinates(values.get("postcode", ""))
        person = Person.objects.create(easting=easting, northing=northing, **values)
        audit(
            acting_user=acting_user, action="staffing.person.add", object_type="staff person",
            object_id=person.pk, object_repr=person.name, after=_person_values(person),
            reason=reason,
        )  # fmt: skip
    return person


def person_update(*, person: Person, acting_user, reason: str = "", **values) -> Person:
    roles.require_role(acting_user, roles.EDIT_DATA, "change staff details")
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown details: {', '.join(sorted(unknown))}.")
    return _person_update(person, _clean_person(values), acting_user=acting_user, reason=reason)


def _person_update(person: Person, values: dict, *, acting_user, reason: str, public=False):
    with transaction.atomic():
        before = _person_values(person)
        for key, value in values.items():
            setattr(person, key, value)
        fields = list(values)
        if "postcode" in values and values["postcode"] != before["postcode"]:
            person.easting, person.northing = _coordinates(person.postcode)
            fields += ["easting", "northing"]
        person.save(update_fields=fields)
        old, new = changed_fields(before, _person_values(person))
        if public:
            _audit_public(
                action="staffing.person.self_update", object_type="staff person",
                object_id=person.pk, after={"changed": sorted(new)}, reason=reason,
            )  # fmt: skip
        elif new:
            audit(
                acting_user=acting_user, action="staffing.person.update",
                object_type="staff person", object_id=person.pk, object_repr=person.name,
                before=old, after=new, reason=reason,
            )  # fmt: skip
    return person


def interest_submit(
    *,
    first_names: str,
    surname: str,
    email: str,
    postcode: str,
    phone: str = "",
    roles_wanted: Iterable[str] = (),
    languages: str = "",
) -> Person:
    """The public expression-of-interest form: a pending applicant, minimal details only."""
    values = _clean_person(
        {
            "first_names": first_names, "surname": surname, "email": email,
            "postcode": postcode, "phone": phone.strip(), "roles_wanted": list(roles_wanted),
            "languages": languages.strip(),
        }
    )  # fmt: skip
    if not values["email"]:
        raise InvalidInput("Enter your email address.")
    with transaction.atomic():
        easting, northing = _coordinates(values["postcode"])
        person = Person.objects.create(
            status=Person.Status.APPLICANT, easting=easting, northing=northing, **values
        )
        _audit_public(
            action="staffing.person.interest", object_type="staff person", object_id=person.pk,
            reason="expression of interest form",
        )  # fmt: skip
    return person


def person_set_status(*, person: Person, status: str, acting_user, reason: str = "") -> None:
    """Accept an applicant into the pool, or mark someone not available."""
    roles.require_role(acting_user, roles.EDIT_DATA, "change whether someone is in the pool")
    if status not in {Person.Status.ACTIVE, Person.Status.INACTIVE, Person.Status.APPLICANT}:
        raise InvalidInput("Choose a status from the list.")
    _person_update(person, {"status": status}, acting_user=acting_user, reason=reason)


def availability_set(
    *, person: Person, polling_day: PollingDay, available: bool, acting_user, reason: str = ""
) -> None:
    roles.require_role(acting_user, roles.EDIT_DATA, "record availability")
    with transaction.atomic():
        Availability.objects.update_or_create(
            person=person, polling_day=polling_day, defaults={"available": available}
        )
        audit(
            acting_user=acting_user, action="staffing.availability.set",
            object_type="staff person", object_id=person.pk, object_repr=person.name,
            after={"polling_day": str(polling_day.date), "available": available}, reason=reason,
        )  # fmt: skip


def availability_set_many(
    *, polling_day: PollingDay, answers: dict[int, bool], acting_user, reason: str = ""
) -> dict[str, int]:
    """Record availability for many people at once: {person id: available}. Only changed
    answers are written and audited (before and after)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record availability")
    live = set(
        Person.objects.filter(pk__in=list(answers))
        .exclude(status=Person.Status.ANONYMISED)
        .values_list("pk", flat=True)
    )
    if set(answers) - live:
        raise InvalidInput("Some of the people chosen are not in the staff pool.")
    with transaction.atomic():
        return _availability_write(polling_day, answers, acting_user=acting_user, reason=reason)


def availability_import(*, path, polling_day: PollingDay, acting_user, display_name=None):
    """Import availability for a polling day from a CSV file (formats/availability_csv)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record availability")
    from .formats.availability_csv import AvailabilityImporter

    importer = AvailabilityImporter(path, polling_day=polling_day, display_name=display_name)
    return importer.run(acting_user=acting_user)


def _availability_write(polling_day, answers: dict[int, bool], *, acting_user, reason):
    existing = {}
    ids = list(answers)
    for start in range(0, len(ids), 5000):
        existing.update(
            (a.person_id, a)
            for a in Availability.objects.filter(
                polling_day=polling_day, person_id__in=ids[start : start + 5000]
            )
        )
    new, changed, changes = [], [], []
    for person_id, available in answers.items():
        row = existing.get(person_id)
        if row is None:
            new.append(Availability(person_id=person_id, polling_day=polling_day,
                                    available=available))  # fmt: skip
            before = None
        elif row.available != available:
            before = {"available": row.available}
            row.available = available
            changed.append(row)
        else:
            continue
        changes.append(
            Change("staffing.availability.set", "staff person", str(person_id), "", before,
                   {"polling_day": str(polling_day.date), "available": available})
        )  # fmt: skip
    Availability.objects.bulk_create(new, batch_size=1000)
    Availability.objects.bulk_update(changed, ["available"], batch_size=1000)
    audit_many(acting_user=acting_user, changes=changes, reason=reason)
    return {"added": len(new), "changed": len(changed), "unchanged": len(answers) - len(changes)}


# ------------------------------------------------------------------ merging duplicates

MERGE_CONTACT = ["email", "phone", "address", "postcode"]
MERGE_COMPLIANCE = [
    "ni_number", "bank_details", "right_to_work_checked_on", "right_to_work_document",
    "tax_code", "political_declaration_on", "conflict_declaration_on", "conflict_details",
]  # fmt: skip


def _merge_snapshot(person: Person) -> dict:
    """What the audit keeps of a person before a merge (no bank details or NI number)."""
    values = {k: v for k, v in _person_values(person).items()}
    values.update(
        {k: str(getattr(person, k)) if getattr(person, k) is not None else None
         for k in MERGE_COMPLIANCE if k not in ("bank_details", "ni_number")}
    )  # fmt: skip
    values["ni_number"] = "(recorded)" if person.ni_number else ""
    values["bank_details"] = "(recorded)" if person.bank_details else ""
    values["last_appointed_on"] = str(person.last_appointed_on or "")
    values["created_at"] = person.created_at.isoformat()
    return values


def merge_conflicts(keep: Person, duplicate: Person) -> list[str]:
    """Why two records cannot be merged (empty: they can). A read, for the page and the
    service: places on the same polling day, or different National Insurance numbers."""
    problems = []
    if keep.pk == duplicate.pk:
        problems.append("Choose two different people.")
    if Person.Status.ANONYMISED in (keep.status, duplicate.status):
        problems.append("An anonymised record cannot be merged.")
    if keep.ni_number and duplicate.ni_number and keep.ni_number != duplicate.ni_number:
        problems.append(
            "They have different National Insurance numbers: check they are the same person."
        )
    places: dict[int, dict[int, list[Appointment]]] = defaultdict(lambda: defaultdict(list))
    for a in Appointment.objects.filter(
        person__in=[keep, duplicate], status__in=BOOKABLE
    ).select_related("position__polling_day", "position__station", "position__session"):
        places[a.position.polling_day_id][a.person_id].append(a)
    for by_person in places.values():
        if len(by_person) > 1:
            both = [a for items in by_person.values() for a in items]
            day = both[0].position.polling_day.date
            problems.append(
                f"Both have a place on {day:%-d %B %Y} ("
                + "; ".join(f"{a.person.name}: {a.position} ({a.get_status_display().lower()})"
                            for a in both)
                + "). Withdraw one of them first."
            )  # fmt: skip
    return problems


def person_merge(*, keep: Person, duplicate: Person, acting_user, reason: str = "") -> Person:
    """Merge a duplicate record into the one kept, losing nothing.

    The kept record's details win; its empty details are filled from the duplicate, and the
    duplicate's different contact details are added to the notes. Appointments, availability,
    training (completions and bookings), messages and links move to the kept record (where
    both have an answer for the same polling day, module or session the kept one stays, with
    the earlier completion date and attendance from either). The audit event keeps both
    records as they were. Refused for the reasons in `merge_conflicts`.
    """
    roles.require_role(acting_user, roles.MANAGE, "merge duplicate staff records")
    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
        problems = merge_conflicts(keep, duplicate)
        if problems:
            raise InvalidInput(" ".join(problems))
        before = {
            "kept": _merge_snapshot(keep), "merged": _merge_snapshot(duplicate),
            "merged_id": duplicate.pk,
            # What the duplicate held that may be folded into the kept record's own answers.
            "merged_availability": {
                str(d): v for d, v in Availability.objects.filter(person=duplicate)
                .values_list("polling_day__date", "available")
            },
            "merged_training": {
                code: str(d) for code, d in TrainingCompletion.objects.filter(person=duplicate)
                .values_list("module__code", "completed_on")
            },
            "merged_bookings": {
                str(pk): a for pk, a in TrainingBooking.objects.filter(person=duplicate)
                .values_list("session_id", "attended")
            },
        }  # fmt: skip
        extra_notes = []
        for key in MERGE_CONTACT + ["skills", "languages"]:
            mine, theirs = getattr(keep, key), getattr(duplicate, key)
            if not mine and theirs:
                setattr(keep, key, theirs)
            elif mine and theirs and mine.strip().lower() != theirs.strip().lower():
                label = key.replace("_", " ")
                extra_notes.append(f"{label}: {' '.join(theirs.split())}")
        if duplicate.notes:
            extra_notes.append(duplicate.notes)
        if extra_notes:
            heading = f"From merged record {duplicate.pk}: "
            keep.notes = "\n".join(filter(None, [keep.notes, heading + "; ".join(extra_notes)]))
        for key in MERGE_COMPLIANCE:
            if not getattr(keep, key) and getattr(duplicate, key):
                setattr(keep, key, getattr(duplicate, key))
        keep.roles_wanted = sorted(set(keep.roles_wanted) | set(duplicate.roles_wanted))
        keep.experience = {
            role: max(keep.experience.get(role, 0), duplicate.experience.get(role, 0))
            for role in set(keep.experience) | set(duplicate.experience)
        }
        if keep.status == Person.Status.APPLICANT and duplicate.status == Person.Status.ACTIVE:
            keep.status = Person.Status.ACTIVE
        days = [d for d in (keep.last_appointed_on, duplicate.last_appointed_on) if d]
        keep.last_appointed_on = max(days) if days else None
        keep.created_at = min(keep.created_at, duplicate.created_at)
        if keep.postcode == duplicate.postcode and keep.easting is None:
            keep.easting, keep.northing = duplicate.easting, duplicate.northing
        elif keep.postcode and keep.easting is None:
            keep.easting, keep.northing = _coordinates(keep.postcode)
        moved = _merge_move(keep, duplicate)
        keep.save()
        duplicate.delete()
        after = _merge_snapshot(keep)
        after["moved"] = moved
        audit(
            acting_user=acting_user, action="staffing.person.merge", object_type="staff person",
            object_id=keep.pk, object_repr=keep.name, before=before, after=after,
            reason=reason,
        )  # fmt: skip
    return keep


def _merge_move(keep: Person, duplicate: Person) -> dict[str, int]:
    """Move everything the duplicate holds to the kept record; check nothing is left."""
    moved = {"appointments": Appointment.objects.filter(person=duplicate).update(person=keep)}
    # Availability: one answer per polling day; the kept record's answer stays.
    days = set(Availability.objects.filter(person=keep).values_list("polling_day_id", flat=True))
    theirs = Availability.objects.filter(person=duplicate)
    moved["availability"] = theirs.exclude(polling_day_id__in=days).update(person=keep)
    theirs.filter(polling_day_id__in=days).delete()  # kept in the audit event's before
    # Training completions: one per module; the earlier date counts.
    mine = {c.module_id: c for c in TrainingCompletion.objects.filter(person=keep)}
    moved["training"] = 0
    for c in TrainingCompletion.objects.filter(person=duplicate):
        kept = mine.get(c.module_id)
        if kept is None:
            c.person = keep
            c.save(update_fields=["person"])
            moved["training"] += 1
        else:
            if c.completed_on < kept.completed_on:
                kept.completed_on, kept.source = c.completed_on, c.source
                kept.save(update_fields=["completed_on", "source"])
            c.delete()
    # Session bookings: one per session; attended if either attended.
    booked = {b.session_id: b for b in TrainingBooking.objects.filter(person=keep)}
    moved["bookings"] = 0
    for b in TrainingBooking.objects.filter(person=duplicate):
        kept = booked.get(b.session_id)
        if kept is None:
            b.person = keep
            b.save(update_fields=["person"])
            moved["bookings"] += 1
        else:
            if b.attended and not kept.attended:
                kept.attended = True
                kept.save(update_fields=["attended"])
            b.delete()
    moved["messages"] = Message.objects.filter(person=duplicate).update(person=keep)
    moved["links"] = AccessLink.objects.filter(person=duplicate).update(person=keep)
    left = [
        model.__name__
        for model in (Appointment, Availability, TrainingCompletion, TrainingBooking, Message,
                      AccessLink)
        if model.objects.filter(person=duplicate).exists()
    ]  # fmt: skip
    if left:  # a new kind of record would otherwise be lost with the duplicate
        raise EmsError("Merging would lose records (" + ", ".join(left) + "); nothing merged.")
    return moved


# ------------------------------------------------------------------ compliance


def _bank_values(sort_code: str, account_number: str, account_name: str) -> dict:
    sort = bank.normalise_sort_code(sort_code)
    account = bank.normalise_account_number(account_number)
    if sort is None:
        raise InvalidInput("Enter a sort code of 6 digits, like 30-94-57.")
    if account is None:
        raise InvalidInput("Enter an account number of 6 to 8 digits.")
    if not account_name.strip():
        raise InvalidInput("Enter the name on the account.")
    return {"sort_code": sort, "account_number": account, "account_name": account_name.strip()}


def compliance_update(
    *,
    person: Person,
    acting_user,
    reason: str = "",
    ni_number: str | None = None,
    sort_code: str | None = None,
    account_number: str | None = None,
    account_name: str | None = None,
    right_to_work_checked_on: dt.date | None = None,
    right_to_work_document: str | None = None,
    tax_code: str | None = None,
    political_declaration_on: dt.date | None = None,
    conflict_declaration_on: dt.date | None = None,
    conflict_details: str | None = None,
) -> list[str]:
    """Record compliance details given (None: leave as it is). Returns what is still missing.

    Bank details are encrypted before they are saved and never written to the audit trail.
    """
    roles.require_role(acting_user, roles.EDIT_DATA, "record staff compliance details")
    return _compliance_update(
        person, acting_user=acting_user, reason=reason, public=False, ni_number=ni_number,
        sort_code=sort_code, account_number=account_number, account_name=account_name,
        right_to_work_checked_on=right_to_work_checked_on,
        right_to_work_document=right_to_work_document, tax_code=tax_code,
        political_declaration_on=political_declaration_on,
        conflict_declaration_on=conflict_declaration_on, conflict_details=conflict_details,
    )  # fmt: skip


def _compliance_update(person: Person, *, acting_user, reason, public, **given) -> list[str]:
    values: dict = {}
    if given["ni_number"] is not None:
        nino = normalise_nino(given["ni_number"])
        if nino is None:
            raise InvalidInput(
                "Enter a National Insurance number in the right format, like QQ 12 34 56 C."
            )
        values["ni_number"] = nino
    bank_given = [given[k] for k in ("sort_code", "account_number", "account_name")]
    if any(v for v in bank_given):
        values["bank_details"] = crypto.encrypt(_bank_values(*(v or "" for v in bank_given)))
    if given["tax_code"] is not None:
        if given["tax_code"] not in Person.TaxCode.values:
            raise InvalidInput("Choose tax statement A, B or C.")
        values["tax_code"] = given["tax_code"]
    for key in (
        "right_to_work_checked_on", "right_to_work_document", "political_declaration_on",
        "conflict_declaration_on", "conflict_details",
    ):  # fmt: skip
        if given[key] is not None:
            values[key] = given[key]
    with transaction.atomic():
        before = {k: str(getattr(person, k)) for k in values if k != "bank_details"}
        for key, value in values.items():
            setattr(person, key, value)
        if values:
            person.save(update_fields=list(values))
        after = {k: str(v) for k, v in values.items() if k != "bank_details"}
        if "ni_number" in after:
            before["ni_number"] = "(changed)" if before["ni_number"] else ""
            after["ni_number"] = "(recorded)"
        if "bank_details" in values:
            after["bank_details"] = "(changed; encrypted)"
        if public:
            _audit_public(
                action="staffing.compliance.self_update", object_type="staff person",
                object_id=person.pk, after={"changed": sorted(after)}, reason=reason,
            )  # fmt: skip
        elif values:
            audit(
                acting_user=acting_user, action="staffing.compliance.update",
                object_type="staff person", object_id=person.pk, object_repr=person.name,
                before=before, after=after, reason=reason,
            )  # fmt: skip
        if "bank_details" in values:
            _pay_approvals_withdraw(person, acting_user=acting_user, public=public)
    return compliance_missing(person)


def compliance_missing(person: Person) -> list[str]:
    return compliance.missing(
        compliance.Record(
            ni_number=person.ni_number,
            has_bank_details=bool(person.bank_details),
            right_to_work_checked_on=person.right_to_work_checked_on,
            tax_code=person.tax_code,
            political_declaration_on=person.political_declaration_on,
            conflict_declaration_on=person.conflict_declaration_on,
        )
    )


def bank_details_reveal(*, person: Person, acting_user, reason: str = "") -> dict:
    """The bank details in full, for the Finance role only; every viewing is audited."""
    roles.require_role(acting_user, roles.FINANCE, "see bank details in full")
    with transaction.atomic():
        audit(
            acting_user=acting_user, action="staffing.bank_details.view",
            object_type="staff person", object_id=person.pk, object_repr=person.name,
            reason=reason,
        )  # fmt: skip
    return crypto.decrypt(person.bank_details)


PAY_APPROVAL_WITHDRAWN = "staffing.payment.approval_withdrawn"
BANK_CHANGED_SUBJECT = "Staff bank details changed after pay was approved"


def _pay_approvals_withdraw(person: Person, *, acting_user, public: bool) -> None:
    """New bank details after pay was approved: the approval was of payment to the old
    account, so it is withdrawn (audited) and Finance are emailed once the change is saved.
    The payroll file leaves the pay out until a manager checks and approves it again."""
    payments = list(
        Payment.objects.select_for_update()
        .filter(appointment__person=person, status=Payment.Status.APPROVED)
        .select_related("appointment__position__polling_day")
    )
    for payment in payments:
        before = {"status": payment.status, "approved_by": payment.approved_by_id,
                  "approved_at": str(payment.approved_at)}  # fmt: skip
        payment.status, payment.approved_by, payment.approved_at = (
            Payment.Status.CALCULATED, None, None,
        )  # fmt: skip
        payment.save(update_fields=["status", "approved_by", "approved_at"])
        after = {"status": payment.status, "because": "bank details changed"}
        if public:
            _audit_public(
                action=PAY_APPROVAL_WITHDRAWN, object_type="staff appointment",
                object_id=payment.appointment_id, after={"before": before, **after},
                reason="bank details changed through their link after pay was approved",
            )  # fmt: skip
        else:
            audit(
                acting_user=acting_user, action=PAY_APPROVAL_WITHDRAWN,
                object_type="staff appointment", object_id=payment.appointment_id,
                object_repr=str(payment.appointment), before=before, after=after,
                reason="bank details changed after pay was approved",
            )  # fmt: skip
    if payments:
        days = sorted({p.appointment.position.polling_day.date for p in payments})
        transaction.on_commit(lambda: _finance_tell(person, days, public=public))


def _finance_tell(person: Person, days: list[dt.date], *, public: bool) -> None:
    """Email every Finance role user that a person's approved pay needs approving again
    (no bank details in the email)."""
    from django.contrib.auth import get_user_model

    recipients = sorted(
        set(
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.Role.FINANCE.value)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return
    how = "through their offer link" if public else "by electoral services"
    body = (
        f"The bank details of {person.name} (staff number {person.pk}) were changed {how} "
        f"after their pay for the polling day of "
        f"{', '.join(f'{d:%-d %B %Y}' for d in days)} was approved.\n\n"
        "The approval has been withdrawn, so the payroll file leaves this pay out. Check the "
        "change with the person, then ask a manager to approve the pay again (Staff, Pay)."
    )
    _send([EmailMessage(BANK_CHANGED_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, recipients)])


def bank_details_masked(person: Person) -> str:
    """What everyone else sees: the last four digits of the account number only."""
    if not person.bank_details:
        return ""
    return bank.mask(crypto.decrypt(person.bank_details).get("account_number", ""))


# ------------------------------------------------------------------ appointments


def _place_of(position: Position) -> placement.Place:
    if position.station_id:
        place = position.station.polling_place
        return placement.Place(place.postcode, place.easting, place.northing)
    if position.session_id:
        s = position.session
        return placement.Place(s.postcode, s.easting, s.northing)
    return placement.Place()


def experience_by_person(polling_day: PollingDay, person_ids=None) -> dict[int, dict[str, int]]:
    """{person id: {role: times}}: experience recorded on the person plus appointments
    accepted at earlier polling days (two queries)."""
    people = Person.objects.exclude(experience={})
    if person_ids is not None:
        people = people.filter(pk__in=person_ids)
    result: dict[int, dict[str, int]] = {
        pk: dict(exp) for pk, exp in people.values_list("pk", "experience")
    }
    worked = Appointment.objects.filter(
        status=Appointment.Status.ACCEPTED, position__polling_day__date__lt=polling_day.date
    )
    if person_ids is not None:
        worked = worked.filter(person_id__in=person_ids)
    for person_id, role, times in worked.values_list("person_id", "position__role").annotate(
        n=Count("id")
    ):
        mine = result.setdefault(person_id, {})
        mine[role] = mine.get(role, 0) + times
    return result


def _candidates(polling_day: PollingDay) -> list[placement.Candidate]:
    """Everyone in the pool not already placed on this polling day and not unavailable."""
    busy = set(
        Appointment.objects.filter(
            position__polling_day=polling_day, status__in=ACTIVE_STATUSES
        ).values_list("person_id", flat=True)
    )
    said = dict(
        Availability.objects.filter(polling_day=polling_day).values_list("person_id", "available")
    )
    experience = experience_by_person(polling_day)
    rows = Person.objects.filter(status=Person.Status.ACTIVE).values_list(
        "pk", "postcode", "easting", "northing"
    )
    return [
        placement.Candidate(pk, placement.Place(pc, e, n), experience.get(pk, {}), said.get(pk))
        for pk, pc, e, n in rows.iterator(chunk_size=5000)
        if pk not in busy and said.get(pk) is not False
    ]


class _Pool:
    """Candidates indexed by 5 km grid square and by postcode, to score only those nearby."""

    CELL = 5000.0

    def __init__(self, candidates: list[placement.Candidate]):
        self.taken: set[int] = set()
        self.grid: dict[tuple[int, int], list[placement.Candidate]] = defaultdict(list)
        # By postcode: everyone, and those whose home has no coordinates (the grid has the rest).
        self.by_outward: dict[str, list[placement.Candidate]] = defaultdict(list)
        self.by_area: dict[str, list[placement.Candidate]] = defaultdict(list)
        self.loose_outward: dict[str, list[placement.Candidate]] = defaultdict(list)
        self.loose_area: dict[str, list[placement.Candidate]] = defaultdict(list)
        self.everyone = candidates
        for c in candidates:
            outward, area = placement.outward(c.home.postcode), placement.area(c.home.postcode)
            if c.home.easting is not None and c.home.northing is not None:
                self.grid[self._cell(c.home.easting, c.home.northing)].append(c)
            else:
                self.loose_outward[outward].append(c)
                self.loose_area[area].append(c)
            self.by_outward[outward].append(c)
            self.by_area[area].append(c)

    def _cell(self, e: float, n: float) -> tuple[int, int]:
        return int(e // self.CELL), int(n // self.CELL)

    def nearby(self, work: placement.Place, enough: int = 25) -> list[placement.Candidate]:
        found: dict[int, placement.Candidate] = {}

        def take(items):
            for c in items:
                if c.id not in self.taken:
                    found[c.id] = c

        if work.easting is not None and work.northing is not None:
            cx, cy = self._cell(work.easting, work.northing)
            for ring in range(0, 5):
                for x in range(cx - ring, cx + ring + 1):
                    for y in range(cy - ring, cy + ring + 1):
                        if max(abs(x - cx), abs(y - cy)) == ring:
                            take(self.grid.get((x, y), ()))
                if len(found) >= enough:
                    break
        if work.postcode:
            located = work.easting is not None and work.northing is not None
            outward, area = self.loose_outward, self.loose_area
            if not located:
                outward, area = self.by_outward, self.by_area
            take(outward.get(placement.outward(work.postcode), ()))
            if len(found) < enough:
                take(area.get(placement.area(work.postcode), ()))
        if len(found) < enough:
            for c in self.everyone:
                if c.id not in self.taken:
                    found[c.id] = c
                    if len(found) >= enough * 4:
                        break
        return list(found.values())


def suggest(position: Position, *, limit: int = 10) -> list[tuple[int, placement.Score]]:
    """The best people for one position, with their scores (a read; used by the pages)."""
    pool = _Pool(_candidates(position.polling_day))
    work = _place_of(position)
    scored = [(c.id, placement.score(c, position.role, work)) for c in pool.nearby(work, 200)]
    scored = [(pk, s) for pk, s in scored if s is not None]
    scored.sort(key=lambda item: (-item[1].points, item[0]))
    return scored[:limit]


def _open_slots(polling_day: PollingDay, role_filter=None) -> list[tuple[Position, int]]:
    filled = dict(
        Appointment.objects.filter(position__polling_day=polling_day, status__in=ACTIVE_STATUSES)
        .values_list("position_id")
        .annotate(n=Count("id"))
    )
    positions = Position.objects.filter(polling_day=polling_day).select_related(
        "station__polling_place", "session"
    )
    if role_filter:
        positions = positions.filter(role__in=role_filter)
    slots = [(p, p.needed - filled.get(p.pk, 0)) for p in positions]
    slots = [(p, n) for p, n in slots if n > 0]
    slots.sort(key=lambda item: (ROLE_ORDER.index(item[0].role), item[0].pk))
    return slots


def staff_allocate(
    *, polling_day: PollingDay, acting_user, roles_to_fill=None, reason: str = ""
) -> dict[str, int]:
    """Propose the best available person for every unfilled place (presiding officers first).

    Greedy: each place takes the highest-scoring person not yet placed among those nearby
    (see rules.placement for the score). Proposals are not offers: an officer reviews them
    and sends offers.
    """
    roles.require_role(acting_user, roles.EDIT_DATA, "propose staff for positions")
    pool = _Pool(_candidates(polling_day))
    proposals: list[Appointment] = []
    unfilled = 0
    for position, open_places in _open_slots(polling_day, roles_to_fill):
        work = _place_of(position)
        for _ in range(open_places):
            best = None
            for c in pool.nearby(work):
                s = placement.score(c, position.role, work)
                if s is not None and (
                    best is None or (s.points, -c.id) > (best[1].points, -best[0].id)
                ):
                    best = (c, s)
            if best is None:
                unfilled += 1
                continue
            pool.taken.add(best[0].id)
            proposals.append(
                Appointment(
                    position=position,
                    person_id=best[0].id,
                    score=best[1].points,
                    score_reasons=list(best[1].reasons),
                )  # fmt: skip
            )
    with transaction.atomic():
        Appointment.objects.bulk_create(proposals, batch_size=1000)
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("staffing.appointment.propose", "staff appointment", str(a.pk), "",
                       None, {"position": a.position_id, "person": a.person_id,
                              "score": a.score})
                for a in proposals
            ),
            reason=reason,
        )  # fmt: skip
    return {"proposed": len(proposals), "unfilled": unfilled}


def appointment_propose(
    *, position: Position, person: Person, reserve: bool = False, acting_user, reason: str = ""
) -> Appointment:
    """Place one person by hand (or on the reserve list for the position)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "propose staff for positions")
    if person.status != Person.Status.ACTIVE:
        raise InvalidInput(f"{person.name} is not in the staff pool.")
    with transaction.atomic():
        if Appointment.objects.filter(
            person=person, position__polling_day=position.polling_day, status__in=ACTIVE_STATUSES
        ).exists():
            raise InvalidInput(f"{person.name} already has a place on this polling day.")
        status = Appointment.Status.RESERVE if reserve else Appointment.Status.PROPOSED
        work = _place_of(position)
        exp = experience_by_person(position.polling_day, [person.pk]).get(person.pk, {})
        s = placement.score(
            placement.Candidate(
                person.pk, placement.Place(person.postcode, person.easting, person.northing), exp
            ),
            position.role,
            work,
        )
        appointment = Appointment.objects.create(
            position=position, person=person, status=status, score=s.points if s else 0,
            score_reasons=list(s.reasons) if s else [],
        )  # fmt: skip
        audit(
            acting_user=acting_user, action="staffing.appointment.propose",
            object_type="staff appointment", object_id=appointment.pk,
            object_repr=str(appointment), after={"status": status}, reason=reason,
        )  # fmt: skip
    return appointment


def _new_link(person: Person, appointment: Appointment | None, days: int) -> str:
    token = secrets.token_urlsafe(32)
    AccessLink.objects.create(
        token_hash=_hash(token), person=person, appointment=appointment,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )  # fmt: skip
    return token


def link_url(site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("staffing:offer", args=[token])


def _fill(text: str, appointment: Appointment | None, person: Person, **extra) -> str:
    values = dict(
        first_name=person.first_names.split(" ")[0],
        surname=person.surname,
        **extra,
    )
    if appointment is not None:
        values.update(
            role=appointment.position.get_role_display(),
            place=appointment.position.place_name,
            date=f"{appointment.position.polling_day.date:%-d %B %Y}",
        )
    return wording_fill(text, values, label="The message template")


OFFER_SUBJECT = "Offer of work at the elections on {date}"
OFFER_BODY = (
    "Dear {first_name} {surname},\n\nThe Returning Officer would like to appoint you as "
    "{role} at {place} on {date}.\n\nPlease accept or decline using this link, which works "
    "for {days} days:\n{link}\n\nYou can also check and correct your details there."
)


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)


def offers_send(
    *,
    appointments: Iterable[Appointment],
    site_url: str,
    acting_user,
    days_valid: int = LINK_DAYS,
    reminder: bool = False,
    reason: str = "",
) -> int:
    """Email offers (or reminders, with a fresh link) to the people proposed or offered."""
    roles.require_role(acting_user, roles.EDIT_DATA, "send offers to staff")
    wanted = (
        {Appointment.Status.OFFERED} if reminder else {Appointment.Status.PROPOSED,
                                                       Appointment.Status.RESERVE}
    )  # fmt: skip
    emails: list[EmailMessage] = []
    now = timezone.now()
    with transaction.atomic():
        chosen = [
            a
            for a in Appointment.objects.filter(
                pk__in=[a.pk for a in appointments], status__in=wanted
            ).select_related("person", "position__polling_day", "position__station",
                             "position__session")
        ]  # fmt: skip
        logs = []
        for appointment in chosen:
            person = appointment.person
            if not person.email:
                continue
            token = _new_link(person, appointment, days_valid)
            body = _fill(
                OFFER_BODY, appointment, person, days=days_valid, link=link_url(site_url, token)
            )
            subject = _fill(OFFER_SUBJECT, appointment, person)
            if reminder:
                subject = "Reminder: " + subject
                appointment.reminders_sent += 1
                appointment.last_reminder_at = now
            else:
                appointment.status = Appointment.Status.OFFERED
                appointment.offered_at = now
            emails.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
            logs.append(
                Message(person=person, kind="reminder" if reminder else "offer",
                        subject=subject, body="(offer email with a personal link)",
                        by=_user(acting_user))
            )  # fmt: skip
        sent = [a for a in chosen if a.person.email]
        Appointment.objects.bulk_update(
            sent, ["status", "offered_at", "reminders_sent", "last_reminder_at"]
        )
        Message.objects.bulk_create(logs)
        action = "staffing.offer.remind" if reminder else "staffing.offer.send"
        audit_many(
            acting_user=acting_user,
            changes=(
                Change(action, "staff appointment", str(a.pk), "", None, {"status": a.status})
                for a in sent
            ),
            reason=reason,
        )
    _send(emails)
    return len(emails)


def _user(acting_user):
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def offer_letters(
    *, appointments: Iterable[Appointment], site_url: str, acting_user, days_valid: int = 28
) -> bytes:
    """Offer letters as one PDF (one page each) with each person's link; marks them offered."""
    roles.require_role(acting_user, roles.EDIT_DATA, "print offer letters")
    from django.template.loader import render_to_string
    from weasyprint import HTML  # slow to import

    from ems.core.selectors import council_get

    letters = []
    now = timezone.now()
    with transaction.atomic():
        chosen = list(
            Appointment.objects.filter(
                pk__in=[a.pk for a in appointments],
                status__in=[Appointment.Status.PROPOSED, Appointment.Status.OFFERED,
                            Appointment.Status.RESERVE],
            ).select_related("person", "position__polling_day", "position__station",
                             "position__session")
        )  # fmt: skip
        for appointment in chosen:
            token = _new_link(appointment.person, appointment, days_valid)
            letters.append(
                {"appointment": appointment, "person": appointment.person,
                 "link": link_url(site_url, token),
                 "expires": timezone.localdate(now + dt.timedelta(days=days_valid))}
            )  # fmt: skip
            if appointment.status != Appointment.Status.OFFERED:
                appointment.status = Appointment.Status.OFFERED
                appointment.offered_at = now
        Appointment.objects.bulk_update(chosen, ["status", "offered_at"])
        Message.objects.bulk_create(
            Message(person=a.person, kind="letter", subject="Offer letter printed",
                    by=_user(acting_user))
            for a in chosen
        )  # fmt: skip
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("staffing.offer.letter", "staff appointment", str(a.pk), "", None,
                       {"status": a.status})
                for a in chosen
            ),
        )  # fmt: skip
    html = render_to_string(
        "staffing/offer_letters.html", {"letters": letters, "council": council_get()}
    )
    return HTML(string=html).write_pdf()


def link_get(token: str) -> AccessLink:
    """The link for a token, or EmsError if it is unknown or has expired."""
    link = (
        AccessLink.objects.filter(token_hash=_hash(token or ""))
        .select_related("person", "appointment__position__polling_day")
        .first()
    )
    if link is None:
        raise EmsError("This link is not recognised. Contact electoral services for a new one.")
    if link.expires_at <= timezone.now():
        raise EmsError(
            "This link has expired. Contact electoral services and we will send you a new one."
        )
    if link.person.status == Person.Status.ANONYMISED:
        raise EmsError("This link is not recognised. Contact electoral services for a new one.")
    return link


def link_details_problem(link: AccessLink) -> str | None:
    """Why this link may no longer change the person's details (None: it may).

    Details, bank details above all, change only through a live offer link: not one for an
    offer declined or withdrawn, nor one replaced by a newer link (a reminder or letter
    sends a fresh one). An expired link is refused by link_get.
    """
    appointment = link.appointment
    if appointment is not None and appointment.status == Appointment.Status.DECLINED:
        return (
            "You declined this offer, so this link can no longer change your details. "
            "Contact electoral services if your details have changed."
        )
    if appointment is not None and appointment.status == Appointment.Status.WITHDRAWN:
        return (
            "This offer has been withdrawn, so this link can no longer change your details. "
            "Contact electoral services if your details have changed."
        )
    newer = AccessLink.objects.filter(
        person_id=link.person_id, appointment_id=link.appointment_id, pk__gt=link.pk
    )
    if newer.exists():
        return (
            "We have sent you a newer link. Use the link in our most recent email or letter "
            "to change your details."
        )
    return None


def offer_respond(*, token: str, accept: bool) -> Appointment:
    """The person's answer through their link."""
    with transaction.atomic():
        link = link_get(token)
        appointment = link.appointment
        if appointment is None:
            raise EmsError("This link is for your details only: there is no offer to answer.")
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status == Appointment.Status.DECLINED:
            raise EmsError(
                "You have already declined this offer. Contact electoral services if you can "
                "do it after all."
            )
        if appointment.status not in (Appointment.Status.OFFERED, Appointment.Status.ACCEPTED):
            raise EmsError("This offer is no longer open. Contact electoral services.")
        before = appointment.status
        appointment.status = Appointment.Status.ACCEPTED if accept else Appointment.Status.DECLINED
        appointment.responded_at = timezone.now()
        appointment.save(update_fields=["status", "responded_at"])
        if accept:
            Person.objects.filter(pk=appointment.person_id).update(
                last_appointed_on=link.appointment.position.polling_day.date
            )
        _audit_public(
            action="staffing.offer.respond", object_type="staff appointment",
            object_id=appointment.pk, after={"before": before, "status": appointment.status},
            reason="answered through their link",
        )  # fmt: skip
    return appointment


def own_details_update(*, token: str, reason: str = "", **values) -> list[str]:
    """A person corrects their own contact details, and gives compliance details, by a live
    link (link_details_problem).

    Contact fields: email, phone, address, postcode, languages. Compliance: ni_number,
    sort_code, account_number, account_name, tax_code, political/conflict declarations
    (as booleans: today's date is recorded). Returns what is still missing.
    """
    link = link_get(token)
    person = link.person
    contact = {k: values[k] for k in SELF_SERVICE_FIELDS if k in values and values[k] is not None}
    today = timezone.localdate()
    given = {
        "ni_number": values.get("ni_number") or None,
        "sort_code": values.get("sort_code") or None,
        "account_number": values.get("account_number") or None,
        "account_name": values.get("account_name") or None,
        "right_to_work_checked_on": None,
        "right_to_work_document": None,
        "tax_code": values.get("tax_code") or None,
        "political_declaration_on": today if values.get("political_declaration") else None,
        "conflict_declaration_on": today if values.get("conflict_declaration") else None,
        "conflict_details": values.get("conflict_details") or None,
    }
    with transaction.atomic():
        if link.appointment_id is not None:  # an answer given meanwhile counts
            link.appointment = Appointment.objects.select_for_update().get(pk=link.appointment_id)
        problem = link_details_problem(link)
        if problem:
            raise EmsError(problem)
        if contact:
            _person_update(person, _clean_person(contact), acting_user=None,
                           reason="corrected through their link", public=True)  # fmt: skip
        return _compliance_update(
            person, acting_user=None, reason="given through their link", public=True, **given
        )


def appointment_confirm(*, appointment: Appointment, acting_user, reason: str = "") -> None:
    """Confirm an accepted appointment. Blocked until the person's compliance is complete."""
    roles.require_role(acting_user, roles.EDIT_DATA, "confirm appointments")
    if appointment.status != Appointment.Status.ACCEPTED:
        raise InvalidInput("Only an accepted offer can be confirmed.")
    missing = compliance_missing(Person.objects.get(pk=appointment.person_id))
    if missing:
        raise InvalidInput(
            f"{appointment.person.name} cannot be appointed yet: missing "
            + ", ".join(m.lower() for m in missing)
            + "."
        )
    with transaction.atomic():
        appointment.confirmed_at = timezone.now()
        appointment.save(update_fields=["confirmed_at"])
        audit(
            acting_user=acting_user, action="staffing.appointment.confirm",
            object_type="staff appointment", object_id=appointment.pk,
            object_repr=str(appointment), after={"confirmed": True}, reason=reason,
        )  # fmt: skip


def appointment_withdraw(
    *, appointment: Appointment, acting_user, reason: str = ""
) -> list[tuple[int, placement.Score | None]]:
    """Record a withdrawal (however late) and return replacements to propose: the
    position's reserves first, then the best suggestions."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record a withdrawal")
    if appointment.status in (Appointment.Status.WITHDRAWN, Appointment.Status.DECLINED):
        raise InvalidInput("This appointment has already ended.")
    with transaction.atomic():
        before = appointment.status
        appointment.status = Appointment.Status.WITHDRAWN
        appointment.confirmed_at = None
        appointment.save(update_fields=["status", "confirmed_at"])
        audit(
            acting_user=acting_user, action="staffing.appointment.withdraw",
            object_type="staff appointment", object_id=appointment.pk,
            object_repr=str(appointment), before={"status": before},
            after={"status": appointment.status}, reason=reason,
        )  # fmt: skip
    reserves = [
        (pk, None)
        for pk in Appointment.objects.filter(
            position=appointment.position, status=Appointment.Status.RESERVE
        )
        .order_by("-score")
        .values_list("person_id", flat=True)
    ]
    return reserves + suggest(appointment.position, limit=5)


# ------------------------------------------------------------------ training


def training_module_save(
    *, code: str, title: str, kind: str, roles_required: list[str], acting_user, reason=""
) -> TrainingModule:
    roles.require_role(acting_user, roles.MANAGE, "set training modules")
    if any(r not in StaffRole.values for r in roles_required):
        raise InvalidInput("Choose roles from the list.")
    with transaction.atomic():
        module, created = TrainingModule.objects.update_or_create(
            code=code.strip(), defaults={"title": title, "kind": kind, "roles": roles_required}
        )
        audit(
            acting_user=acting_user, action="staffing.training_module.save",
            object_type="training module", object_id=module.pk, object_repr=module.code,
            after={"title": title, "kind": kind, "roles": roles_required, "new": created},
            reason=reason,
        )  # fmt: skip
    return module


def training_completions_import(*, path, acting_user, display_name: str | None = None) -> dict:
    """Import completion records from the learning platform (see formats/training_csv)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "import training completions")
    from .formats.training_csv import TrainingCompletionImporter

    return TrainingCompletionImporter(path, display_name=display_name).run(acting_user=acting_user)


def training_completion_record(
    *, person: Person, module: TrainingModule, completed_on: dt.date, acting_user, reason=""
) -> None:
    roles.require_role(acting_user, roles.EDIT_DATA, "record training")
    with transaction.atomic():
        TrainingCompletion.objects.update_or_create(
            person=person, module=module,
            defaults={"completed_on": completed_on, "source": "recorded by hand"},
        )  # fmt: skip
        audit(
            acting_user=acting_user, action="staffing.training.complete",
            object_type="staff person", object_id=person.pk, object_repr=person.name,
            after={"module": module.code, "completed_on": str(completed_on)}, reason=reason,
        )  # fmt: skip


# ------------------------------------------------------------------ in-person training sessions

BOOKABLE = (
    Appointment.Status.PROPOSED,
    Appointment.Status.OFFERED,
    Appointment.Status.ACCEPTED,
    Appointment.Status.RESERVE,
)


def training_session_add(
    *,
    module: TrainingModule,
    polling_day: PollingDay,
    starts_at: dt.datetime,
    venue: str,
    capacity: int,
    roles_for: list[str] | None = None,
    acting_user,
    reason: str = "",
) -> TrainingSession:
    """Plan an in-person session of a module for the staff of some roles on a polling day
    (`roles_for` empty: every role the module is for)."""
    roles.require_role(acting_user, roles.MANAGE, "plan training sessions")
    roles_for = list(roles_for or [])
    if module.kind != TrainingModule.Kind.IN_PERSON:
        raise InvalidInput(f"{module.title} is a digital module: it has no sessions to book.")
    if any(r not in StaffRole.values for r in roles_for):
        raise InvalidInput("Choose roles from the list.")
    if not venue.strip():
        raise InvalidInput("Enter where the session is held.")
    if capacity < 1 or capacity > 1000:
        raise InvalidInput("Enter a capacity from 1 to 1,000 people.")
    if local_date(starts_at) > polling_day.date:
        raise InvalidInput("Training must take place on or before the polling day.")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            module=module, polling_day=polling_day, starts_at=starts_at, venue=venue.strip(),
            capacity=capacity, roles=roles_for,
        )  # fmt: skip
        audit(
            acting_user=acting_user, action="staffing.training_session.add",
            object_type="training session", object_id=session.pk, object_repr=str(session),
            after={"module": module.code, "starts_at": starts_at.isoformat(),
                   "venue": session.venue, "capacity": capacity, "roles": roles_for},
            reason=reason,
        )  # fmt: skip
    return session


def training_session_book(
    *, session: TrainingSession, people: Iterable[Person], acting_user, reason: str = ""
) -> int:
    """Book people onto a session: all or none. Refused when the session would be over
    capacity, when someone has no place on the polling day in a role the session is for, or
    is booked onto another session of the same module. Returns the number newly booked."""
    roles.require_role(acting_user, roles.EDIT_DATA, "book staff onto training")
    wanted = {p.pk: p for p in people}
    with transaction.atomic():
        # Lock the session so two officers booking at once cannot overfill it.
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        already = set(session.bookings.values_list("person_id", flat=True))
        new = [pk for pk in wanted if pk not in already]
        if not new:
            return 0
        if session.polling_day_id is not None:
            placed = set(
                Appointment.objects.filter(
                    person_id__in=new, position__polling_day_id=session.polling_day_id,
                    position__role__in=session.for_roles, status__in=BOOKABLE,
                ).values_list("person_id", flat=True)
            )  # fmt: skip
            unplaced = [wanted[pk].name for pk in new if pk not in placed]
            if unplaced:
                raise InvalidInput(
                    "This session is for staff placed as "
                    + ", ".join(dict(StaffRole.choices)[r].lower() for r in session.for_roles)
                    + ". Not placed in those roles: " + ", ".join(sorted(unplaced)) + "."
                )  # fmt: skip
        elsewhere = dict(
            TrainingBooking.objects.filter(person_id__in=new, session__module_id=session.module_id)
            .exclude(session=session)
            .exclude(attended=False)
            .values_list("person_id", "session__starts_at")
        )
        if elsewhere:
            names = sorted(
                f"{wanted[pk].name} ({when:%-d %B})"
                for pk, when in ((pk, timezone.localtime(w)) for pk, w in elsewhere.items())
            )
            raise InvalidInput(
                "Already booked onto another session of this module: " + ", ".join(names)
                + ". Cancel that booking first."
            )  # fmt: skip
        left = session.capacity - len(already)
        if len(new) > left:
            raise InvalidInput(
                f"The session has {max(left, 0)} place{'s' if left != 1 else ''} left: "
                f"{len(new)} cannot be booked. Choose fewer people or another session."
            )
        TrainingBooking.objects.bulk_create(
            TrainingBooking(session=session, person_id=pk) for pk in new
        )
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("staffing.training.book", "staff person", str(pk), wanted[pk].name,
                       None, {"session": session.pk, "module": session.module.code})
                for pk in new
            ),
            reason=reason,
        )  # fmt: skip
    return len(new)


def training_booking_cancel(
    *, session: TrainingSession, person: Person, acting_user, reason: str = ""
) -> None:
    """Cancel a booking (a place is freed). An attended session cannot be cancelled."""
    roles.require_role(acting_user, roles.EDIT_DATA, "cancel training bookings")
    with transaction.atomic():
        booking = TrainingBooking.objects.filter(session=session, person=person).first()
        if booking is None:
            raise InvalidInput(f"{person.name} is not booked onto this session.")
        if booking.attended:
            raise InvalidInput(f"{person.name} attended this session: it cannot be cancelled.")
        booking.delete()
        audit(
            acting_user=acting_user, action="staffing.training.cancel",
            object_type="staff person", object_id=person.pk, object_repr=person.name,
            before={"session": session.pk, "module": session.module.code}, after=None,
            reason=reason,
        )  # fmt: skip


def _session_source(session: TrainingSession) -> str:
    return f"attended session {session.pk}"


def training_attendance_record(
    *, session: TrainingSession, attended: Iterable[int], acting_user, reason: str = ""
) -> dict[str, int]:
    """Record who came to a session: `attended` is the ids of the booked people who did; every
    other booking is marked as not attended. Attending completes the module (on the session's
    date); un-marking removes a completion this session gave, never one from elsewhere."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record training attendance")
    came = set(attended)
    if session.starts_at > timezone.now():
        raise InvalidInput("The session has not taken place yet.")
    with transaction.atomic():
        bookings = list(session.bookings.select_for_update())
        unknown = came - {b.person_id for b in bookings}
        if unknown:
            raise InvalidInput("Only people booked onto the session can be marked as attended.")
        source = _session_source(session)
        day = timezone.localtime(session.starts_at).date()
        existing = {
            c.person_id: c
            for c in TrainingCompletion.objects.filter(
                module_id=session.module_id, person_id__in=[b.person_id for b in bookings]
            )
        }
        changes, changed = [], []
        new_completions, removed = [], []
        for b in bookings:
            now = b.person_id in came
            if b.attended == now:
                continue
            changes.append(
                Change("staffing.training.attend", "staff person", str(b.person_id), "",
                       {"session": session.pk, "attended": b.attended},
                       {"session": session.pk, "attended": now})
            )  # fmt: skip
            b.attended = now
            changed.append(b)
            record = existing.get(b.person_id)
            if now and record is None:
                new_completions.append(
                    TrainingCompletion(person_id=b.person_id, module_id=session.module_id,
                                       completed_on=day, source=source)
                )  # fmt: skip
            elif not now and record is not None and record.source == source:
                removed.append(record.pk)
        TrainingBooking.objects.bulk_update(changed, ["attended"])
        TrainingCompletion.objects.bulk_create(new_completions)
        TrainingCompletion.objects.filter(pk__in=removed).delete()
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
    return {
        "attended": len(came),
        "changed": len(changed),
        "completed": len(new_completions),
        "completions_removed": len(removed),
    }


# ------------------------------------------------------------------ communications


def email_recipients(people: Iterable[Person]) -> list[Person]:
    """Those of `people` a bulk email goes to: with an email address, not anonymised."""
    return [p for p in people if p.email and p.status != Person.Status.ANONYMISED]


def bulk_email_preview(*, people: Iterable[Person], template: MessageTemplate) -> dict:
    """What `bulk_email` would send (a read; nothing is sent or logged): the number of
    recipients and the message as the first of them would get it."""
    recipients = email_recipients(people)
    first = recipients[0] if recipients else None
    return {
        "count": len(recipients),
        "first": first,
        "subject": _fill(template.subject, None, first) if first else "",
        "body": _fill(template.body, None, first) if first else "",
    }


def bulk_email(
    *, people: Iterable[Person], template: MessageTemplate, acting_user, kind="bulk", reason=""
) -> int:
    """Send a template to each person with an email address, and log it against them."""
    roles.require_role(acting_user, roles.EDIT_DATA, "email staff")
    people = email_recipients(people)
    emails = [
        EmailMessage(
            _fill(template.subject, None, p),
            _fill(template.body, None, p),
            settings.DEFAULT_FROM_EMAIL,
            [p.email],
        )  # fmt: skip
        for p in people
    ]
    with transaction.atomic():
        Message.objects.bulk_create(
            Message(person=p, kind=kind, subject=e.subject, body=e.body, by=_user(acting_user))
            for p, e in zip(people, emails, strict=True)
        )
        audit(
            acting_user=acting_user, action="staffing.email.bulk", object_type="message template",
            object_id=template.pk, object_repr=template.name, after={"recipients": len(people)},
            reason=reason,
        )  # fmt: skip
    _send(emails)
    return len(emails)


def _training_reminder_body(person: Person, todo, spaces: dict[int, list]) -> str:
    lines = [_fill("Dear {first_name},", None, person), ""]
    lines.append("Please complete your election training before polling day.")
    if todo.digital:
        lines += ["", "On the learning platform: " + ", ".join(m.title for m in todo.digital) + "."]
    for session in todo.booked:
        when = timezone.localtime(session.starts_at)
        lines += ["", f"You are booked onto {session.module.title} on {when:%A %-d %B at %H:%M}"
                  f", {session.venue}. Please attend: it completes that training."]  # fmt: skip
    for module in todo.to_book:
        lines += ["", f"You have not booked a place on {module.title} yet."]
        options = spaces.get(module.pk, [])
        if options:
            lines.append("Sessions with places left (contact electoral services to book):")
            lines += [f"- {timezone.localtime(s.starts_at):%A %-d %B at %H:%M}, {s.venue}"
                      for s in options]  # fmt: skip
        else:
            lines.append("Contact electoral services and we will book you a place.")
    lines += ["", "Contact electoral services if you need help."]
    return "\n".join(lines)


def training_reminders_send(
    *, polling_day: PollingDay, acting_user, reason: str = "", now: dt.datetime | None = None
) -> int:
    """Email everyone offered or accepted who has training still to do: digital modules to
    complete, in-person sessions to book (with the sessions that have places), and sessions
    booked but not yet attended (a reminder of when and where)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "remind staff about training")
    from . import selectors

    todo = selectors.training_todo(polling_day)
    spaces: dict[int, list] = defaultdict(list)
    now = now or timezone.now()
    for row in selectors.training_sessions(polling_day):
        if row.places_left and row.session.starts_at > now:
            spaces[row.session.module_id].append(row.session)
    subject = "Training to complete before polling day"
    emails, logs = [], []
    with transaction.atomic():
        for p in Person.objects.filter(pk__in=list(todo)).exclude(email=""):
            body = _training_reminder_body(p, todo[p.pk], spaces)
            emails.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [p.email]))
            logs.append(Message(person=p, kind="training", subject=subject, body=body,
                                by=_user(acting_user)))  # fmt: skip
        Message.objects.bulk_create(logs)
        audit(
            acting_user=acting_user, action="staffing.training.remind", object_type="polling day",
            object_id=polling_day.pk, object_repr=str(polling_day),
            after={"recipients": len(emails)}, reason=reason,
        )  # fmt: skip
    _send(emails)
    return len(emails)


def enquiry_log(
    *, person: Person, subject: str, body: str = "", acting_user, reason: str = ""
) -> Message:
    """Record an enquiry received from a person (by phone, email or at the counter)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "log enquiries")
    if not subject.strip():
        raise InvalidInput("Enter what the enquiry was about.")
    with transaction.atomic():
        message = Message.objects.create(
            person=person, direction=Message.Direction.IN, kind="enquiry",
            subject=subject.strip(), body=body, by=_user(acting_user),
        )  # fmt: skip
        audit(
            acting_user=acting_user, action="staffing.enquiry.log", object_type="staff person",
            object_id=person.pk, object_repr=person.name, reason=reason,
        )  # fmt: skip
    return message


# ------------------------------------------------------------------ payments

KM_PER_MILE = Decimal("1.609344")


def _lead_election_type(polling_day: PollingDay) -> str:
    """The pay table used on a combined day: the poll with the largest agreed share (or, with
    no shares recorded, the first poll by identifier)."""
    share = polling_day.shares.select_related("election").first()
    if share:
        return share.election.election_type
    election = polling_day.elections.order_by("election_id").first()
    if election is None:
        raise InvalidInput("There is no poll on this polling day.")
    return election.election_type


def payments_calculate(
    *,
    polling_day: PollingDay,
    acting_user,
    miles: dict[int, Decimal] | None = None,
    extras: dict[int, Decimal] | None = None,
    deductions: dict[int, Decimal] | None = None,
    reason: str = "",
) -> dict[str, int]:
    """Work out each confirmed appointment's pay from the pay table and the manual
    adjustments recorded against it (`pay_adjustment_add`).

    Miles: a mileage claim recorded as an adjustment (the latest one) replaces the return
    journey from home to the station as the crow flies (when both have coordinates; else 0).
    Extras are the pay table's extras plus every extra payment recorded; deductions the sum of
    those recorded. `miles`, `extras` and `deductions` (per appointment id) are for commands
    and tests: miles replaces, extras and deductions add. Training fee is paid when every module
    for the role is complete (attending an in-person session completes its module). Approved
    payments are not recalculated.
    """
    roles.require_role(acting_user, roles.EDIT_DATA, "calculate staff pay")
    return _payments_calculate(
        polling_day, acting_user=acting_user, miles=miles or {}, extras=extras or {},
        deductions=deductions or {}, reason=reason,
    )  # fmt: skip


def _adjustment_totals(appointment_ids) -> dict[int, dict[str, Decimal]]:
    """{appointment id: {"miles": latest claim, "extra": sum, "deduction": sum}}."""
    result: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = PayAdjustment.objects.filter(appointment_id__in=list(appointment_ids)).order_by(
        "at", "id"
    )
    for appointment_id, kind, amount in rows.values_list("appointment_id", "kind", "amount"):
        mine = result[appointment_id]
        if kind == PayAdjustment.Kind.MILES:
            mine["miles"] = amount
        else:
            mine[kind] = mine.get(kind, Decimal(0)) + amount
    return result


def _payments_calculate(
    polling_day: PollingDay, *, acting_user, miles, extras, deductions, reason, only=None
) -> dict[str, int]:
    from . import selectors

    election_type = _lead_election_type(polling_day)
    rates = {r.role: r for r in PayRate.objects.filter(election_type=election_type)}
    appointments = Appointment.objects.filter(
        position__polling_day=polling_day,
        status=Appointment.Status.ACCEPTED,
        confirmed_at__isnull=False,
    ).select_related("person", "position__station__polling_place", "position__session")
    if only is not None:
        appointments = appointments.filter(pk__in=only)
    appointments = list(appointments)
    missing_rates = sorted({a.position.get_role_display() for a in appointments
                            if a.position.role not in rates})  # fmt: skip
    if missing_rates:
        raise InvalidInput(
            f"The pay table has no rate at a {election_type} election for: "
            + ", ".join(missing_rates)
            + "."
        )
    trained = selectors.training_done(polling_day, needs_a_module=True)
    approved = set(
        Payment.objects.filter(
            appointment__in=appointments, status=Payment.Status.APPROVED
        ).values_list("appointment_id", flat=True)
    )
    adjusted = _adjustment_totals(a.pk for a in appointments)
    written = 0
    with transaction.atomic():
        changes = []
        for a in appointments:
            if a.pk in approved:
                continue
            rate = rates[a.position.role]
            lines = adjusted.get(a.pk, {})
            trip = miles.get(a.pk, lines.get("miles"))
            if trip is None:
                km = placement.distance_km(
                    placement.Place(a.person.postcode, a.person.easting, a.person.northing),
                    _place_of(a.position),
                )
                trip = (Decimal(str(km)) * 2 / KM_PER_MILE) if km is not None else Decimal(0)
            result = pay.calculate(
                fee=rate.fee, training_fee=rate.training_fee, trained=a.pk in trained,
                miles=trip, mileage_rate=rate.mileage_rate,
                extras=rate.extras + lines.get("extra", Decimal(0))
                + extras.get(a.pk, Decimal(0)),
                deductions=lines.get("deduction", Decimal(0))
                + deductions.get(a.pk, Decimal(0)),
            )  # fmt: skip
            values = {
                "fee": result.fee, "training": result.training, "miles": result.miles,
                "mileage": result.mileage, "extras": result.extras,
                "deductions": result.deductions, "total": result.total,
                "status": Payment.Status.CALCULATED,
            }  # fmt: skip
            Payment.objects.update_or_create(appointment=a, defaults=values)
            changes.append(
                Change("staffing.payment.calculate", "staff appointment", str(a.pk), "", None,
                       {k: str(v) for k, v in values.items()})
            )  # fmt: skip
            written += 1
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
    return {"calculated": written, "already_approved": len(approved)}


def pay_adjustment_add(
    *,
    appointment: Appointment,
    kind: str,
    amount: Decimal,
    reason: str,
    acting_user,
) -> PayAdjustment:
    """Record miles claimed, an extra payment or a deduction for one appointment, with its
    reason. If pay has been calculated, it is recalculated at once so what a manager
    approves always includes every adjustment. Refused once the pay is approved."""
    roles.require_role(acting_user, roles.EDIT_DATA, "adjust staff pay")
    if kind not in PayAdjustment.Kind.values:
        raise InvalidInput("Choose miles claimed, an extra payment or a deduction.")
    if not (reason or "").strip():
        raise InvalidInput("Enter the reason for the adjustment.")
    if amount < 0 or (amount == 0 and kind != PayAdjustment.Kind.MILES):
        raise InvalidInput("Enter an amount more than 0 (a deduction is taken off the pay).")
    if kind == PayAdjustment.Kind.MILES and amount > 2000:
        raise InvalidInput("Enter the miles claimed, up to 2,000.")
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        _check_pay_open(appointment)
        adjustment = PayAdjustment.objects.create(
            appointment=appointment, kind=kind, amount=pay.money(amount),
            reason=reason.strip(), by=_user(acting_user),
        )  # fmt: skip
        audit(
            acting_user=acting_user, action="staffing.pay_adjustment.add",
            object_type="staff appointment", object_id=appointment.pk,
            object_repr=str(appointment),
            after={"kind": kind, "amount": str(adjustment.amount), "reason": adjustment.reason},
            reason=adjustment.reason,
        )  # fmt: skip
        _recalculate_one(appointment, acting_user=acting_user)
    return adjustment


def pay_adjustment_remove(*, adjustment: PayAdjustment, acting_user, reason: str = "") -> None:
    """Take away an adjustment entered in error (audited with what it was)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "adjust staff pay")
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=adjustment.appointment_id)
        _check_pay_open(appointment)
        before = {"kind": adjustment.kind, "amount": str(adjustment.amount),
                  "reason": adjustment.reason}  # fmt: skip
        adjustment.delete()
        audit(
            acting_user=acting_user, action="staffing.pay_adjustment.remove",
            object_type="staff appointment", object_id=appointment.pk,
            object_repr=str(appointment), before=before, after=None, reason=reason,
        )  # fmt: skip
        _recalculate_one(appointment, acting_user=acting_user)


def _check_pay_open(appointment: Appointment) -> None:
    if Payment.objects.filter(appointment=appointment, status=Payment.Status.APPROVED).exists():
        raise InvalidInput(
            "This pay has been approved: it cannot be adjusted. Ask a manager about a correction."
        )


def _recalculate_one(appointment: Appointment, *, acting_user) -> None:
    if Payment.objects.filter(appointment=appointment).exists():
        _payments_calculate(
            appointment.position.polling_day,
            acting_user=acting_user, miles={}, extras={}, deductions={},
            reason="recalculated after a pay adjustment", only=[appointment.pk],
        )  # fmt: skip


def payments_approve(*, polling_day: PollingDay, acting_user, reason: str = "") -> int:
    """A manager approves every calculated payment of the polling day."""
    roles.require_role(acting_user, roles.MANAGE, "approve staff pay")
    with transaction.atomic():
        payments = Payment.objects.filter(
            appointment__position__polling_day=polling_day, status=Payment.Status.CALCULATED
        )
        ids = list(payments.values_list("pk", "total"))
        Payment.objects.filter(pk__in=[pk for pk, _ in ids]).update(
            status=Payment.Status.APPROVED, approved_by=_user(acting_user),
            approved_at=timezone.now(),
        )  # fmt: skip
        audit(
            acting_user=acting_user, action="staffing.payment.approve", object_type="polling day",
            object_id=polling_day.pk, object_repr=str(polling_day),
            after={"payments": len(ids), "total": str(sum((t for _, t in ids), Decimal(0)))},
            reason=reason,
        )  # fmt: skip
    return len(ids)


# ------------------------------------------------------------------ retention


def staff_retention_apply(
    *, today: dt.date | None = None, years: int | None = None, dry_run: bool, acting_user
) -> list[int]:
    """Anonymise people whose records are past the retention period (rules.retention).

    Names, contact details, notes, compliance and bank details are cleared; appointments and
    payments stay (as numbers) for the election accounts. Returns the ids affected.
    """
    roles.require_role(acting_user, roles.MANAGE, "apply the staff retention schedule")
    today = today or timezone.localdate()
    years = years or getattr(settings, "EMS_STAFF_RETENTION_YEARS", retention.DEFAULT_YEARS)
    rows = Person.objects.exclude(status=Person.Status.ANONYMISED).values_list(
        "pk", "last_appointed_on", "created_at"
    )
    due = [
        pk
        for pk, last, created in rows.iterator(chunk_size=5000)
        if retention.is_due(
            last_appointed_on=last,
            created_on=timezone.localdate(created),
            today=today,
            years=years,
        )  # fmt: skip
    ]
    if dry_run or not due:
        return due
    blank = {
        "first_names": "Anonymised", "surname": "", "email": "", "phone": "", "address": "",
        "postcode": "", "easting": None, "northing": None, "skills": "", "languages": "",
        "notes": "", "ni_number": "", "bank_details": "", "right_to_work_document": "",
        "conflict_details": "", "status": Person.Status.ANONYMISED, "experience": {},
        "roles_wanted": [],
    }  # fmt: skip
    with transaction.atomic():
        for start in range(0, len(due), 1000):
            chunk = due[start : start + 1000]
            Person.objects.filter(pk__in=chunk).update(**blank)
            Message.objects.filter(person_id__in=chunk).update(body="")
            AccessLink.objects.filter(person_id__in=chunk).delete()
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("staffing.person.anonymise", "staff person", str(pk), "", None,
                       {"years": years})
                for pk in due
            ),
            reason="retention schedule",
        )  # fmt: skip
    return due


def payroll_export(*, polling_day: PollingDay, acting_user, reason: str = "") -> str:
    """The payroll CSV (formats/payroll_csv) of approved payments: Finance role only, as it
    holds bank details in full. Every export is audited."""
    roles.require_role(acting_user, roles.FINANCE, "export the payroll file")
    from . import selectors
    from .formats.payroll_csv import payroll_csv

    payments = list(selectors.payments(polling_day).filter(status=Payment.Status.APPROVED))
    if not payments:
        raise InvalidInput("There are no approved payments to export.")
    with transaction.atomic():
        audit(
            acting_user=acting_user, action="staffing.payroll.export", object_type="polling day",
            object_id=polling_day.pk, object_repr=str(polling_day),
            after={"payments": len(payments), "total": str(sum(p.total for p in payments))},
            reason=reason,
        )  # fmt: skip
    return payroll_csv(payments)
