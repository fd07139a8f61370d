"""Writes for the polling scheme, venue bookings, accessibility assessments and
equipment. Each checks the acting user's role (MANAGE) and writes audit events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from ems.core import roles
from ems.core.audit import Change, audit, audit_many, changed_fields
from ems.core.errors import InvalidInput
from ems.elections.models import Election, PollingDay
from ems.gazetteer.models import PollingDistrict, PollingPlace

from . import selectors
from .models import (
    AccessibilityAssessment,
    AssessmentPhoto,
    BallotPaperRange,
    EquipmentAllocation,
    EquipmentItem,
    PollingStation,
    Round,
    RoundStop,
    StaffingRule,
    StationDistrict,
    VenueBooking,
)
from .rules import accessibility, ballot_papers, staffing

CHANGE_SCHEME = "change the polling scheme"


def _require(acting_user, action: str = CHANGE_SCHEME) -> None:
    roles.require_role(acting_user, roles.MANAGE, action)


# ------------------------------------------------------------------ staffing ratios


@transaction.atomic
def staffing_rule_save(
    *,
    role: str,
    per_station: int,
    extra_every: int = 0,
    extra_over: int = 0,
    acting_user,
    reason: str = "",
) -> StaffingRule:
    """Add or change the ratio for one kind of polling staff."""
    _require(acting_user, "change the staffing ratios")
    role = role.strip()
    if not role:
        raise InvalidInput("Enter the kind of staff, for example Poll clerk.")
    if min(per_station, extra_every, extra_over) < 0:
        raise InvalidInput("Staffing numbers cannot be negative.")
    if not StaffingRule.objects.exists():
        # The first change starts from the default ratios, so none is lost.
        StaffingRule.objects.bulk_create(
            StaffingRule(role=r.role, per_station=r.per_station, extra_every=r.extra_every,
                         extra_over=r.extra_over, position=i)
            for i, r in enumerate(staffing.DEFAULT_RATIOS)
        )  # fmt: skip
    rule = StaffingRule.objects.filter(role=role).first()
    before = _rule_values(rule) if rule else None
    if rule is None:
        position = (StaffingRule.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        rule = StaffingRule(role=role, position=position)
    rule.per_station, rule.extra_every, rule.extra_over = per_station, extra_every, extra_over
    rule.save()
    audit(
        acting_user=acting_user,
        action="staffing_rule.saved",
        object_type="staffing_rule",
        object_id=rule.pk,
        object_repr=rule.role,
        before=before,
        after=_rule_values(rule),
        reason=reason,
    )
    return rule


def _rule_values(rule: StaffingRule) -> dict:
    return {
        "role": rule.role,
        "per_station": rule.per_station,
        "extra_every": rule.extra_every,
        "extra_over": rule.extra_over,
    }


# ------------------------------------------------------------------ stations


def _station_repr(station: PollingStation) -> str:
    return f"{station.polling_day.date} station {station.number} at {station.polling_place.name}"


@transaction.atomic
def station_add(
    *,
    polling_day: PollingDay,
    polling_place: PollingPlace,
    acting_user,
    number: int | None = None,
    name: str = "",
    districts: list[PollingDistrict] = (),
    reason: str = "",
) -> PollingStation:
    """Add a polling station in a polling place (a place may have several)."""
    _require(acting_user)
    if number is None:
        number = (
            PollingStation.objects.filter(polling_day=polling_day).aggregate(m=Max("number"))["m"]
            or 0
        ) + 1
    if number < 1:
        raise InvalidInput("The station number must be 1 or more.")
    if PollingStation.objects.filter(polling_day=polling_day, number=number).exists():
        raise InvalidInput(f"There is already a station {number} on this polling day.")
    station = PollingStation.objects.create(
        polling_day=polling_day, polling_place=polling_place, number=number, name=name.strip()
    )
    audit(
        acting_user=acting_user,
        action="polling_station.added",
        object_type="polling_station",
        object_id=station.pk,
        object_repr=_station_repr(station),
        after={"number": number, "polling_place": polling_place.name, "name": station.name},
        reason=reason,
    )
    for district in districts:
        station_district_assign(
            station=station, polling_district=district, acting_user=acting_user, reason=reason
        )
    return station


def _station_values(station: PollingStation) -> dict:
    return {"number": station.number, "name": station.name, "notes": station.notes}


@transaction.atomic
def station_update(
    *,
    station: PollingStation,
    acting_user,
    number: int | None = None,
    name: str | None = None,
    notes: str | None = None,
    reason: str = "",
) -> PollingStation:
    """Renumber or rename a station (numbers stay unique on the polling day).

    A new number shows on poll cards produced from then on: produce them again if
    they were produced already.
    """
    _require(acting_user)
    before = _station_values(station)
    if number is not None:
        if number < 1:
            raise InvalidInput("The station number must be 1 or more.")
        clash = (
            PollingStation.objects.filter(polling_day_id=station.polling_day_id, number=number)
            .exclude(pk=station.pk)
            .exists()
        )
        if clash:
            raise InvalidInput(f"There is already a station {number} on this polling day.")
        station.number = number
    if name is not None:
        station.name = name.strip()
    if notes is not None:
        station.notes = notes.strip()
    old, new = changed_fields(before, _station_values(station))
    if not new:
        return station
    station.save(update_fields=list(new))
    audit(
        acting_user=acting_user,
        action="polling_station.updated",
        object_type="polling_station",
        object_id=station.pk,
        object_repr=_station_repr(station),
        before=old,
        after=new,
        reason=reason,
    )
    return station


@transaction.atomic
def station_remove(*, station: PollingStation, acting_user, reason: str = "") -> None:
    """Remove a station with what hangs off it: the districts it serves, its ballot paper
    numbers, its equipment allocations and its stops on rounds (all kept in the audit)."""
    _require(acting_user)
    text = _station_repr(station)
    pk = station.pk
    before = {
        "station": text,
        **_station_values(station),
        "serves": [str(row) for row in station.serves.select_related("polling_district")],
        "ballot_ranges": [
            [election_id, first, last]
            for election_id, first, last in station.ballot_ranges.values_list(
                "election__election_id", "first_number", "last_number"
            )
        ],
        "equipment": list(station.allocations.values_list("item__label", flat=True)),
        "rounds": list(station.stops.values_list("round__name", flat=True)),
    }
    station.delete()
    audit(
        acting_user=acting_user,
        action="polling_station.removed",
        object_type="polling_station",
        object_id=pk,
        object_repr=text,
        before=before,
        reason=reason,
    )


@transaction.atomic
def station_district_assign(
    *,
    station: PollingStation,
    polling_district: PollingDistrict,
    acting_user,
    number_from: int | None = None,
    number_to: int | None = None,
    reason: str = "",
) -> StationDistrict:
    """Have a station serve a polling district, or a range of its elector numbers.

    A district may be split between stations by elector number; no elector number may
    be served by two stations on one polling day.
    """
    _require(acting_user)
    if number_from is not None and number_to is not None and number_to < number_from:
        raise InvalidInput("The last elector number is before the first.")
    new = ballot_papers.Span("new", number_from or 1, number_to or 10**9)
    others = StationDistrict.objects.filter(
        station__polling_day_id=station.polling_day_id, polling_district=polling_district
    ).select_related("station")
    for other in others:
        span = ballot_papers.Span("other", other.number_from or 1, other.number_to or 10**9)
        if ballot_papers.overlaps([new, span]):
            raise InvalidInput(
                f"Polling district {polling_district.code} ({other}) is already served by "
                f"{other.station}: split it by elector number so the ranges do not overlap."
            )
    row = StationDistrict.objects.create(
        station=station,
        polling_district=polling_district,
        number_from=number_from,
        number_to=number_to,
    )
    audit(
        acting_user=acting_user,
        action="polling_station.district_assigned",
        object_type="polling_station",
        object_id=station.pk,
        object_repr=_station_repr(station),
        after={"polling_district": polling_district.code, "from": number_from, "to": number_to},
        reason=reason,
    )
    return row


@transaction.atomic
def station_district_remove(*, assignment: StationDistrict, acting_user, reason: str = "") -> None:
    _require(acting_user)
    station = assignment.station
    before = {
        "polling_district": assignment.polling_district.code,
        "from": assignment.number_from,
        "to": assignment.number_to,
    }
    assignment.delete()
    audit(
        acting_user=acting_user,
        action="polling_station.district_removed",
        object_type="polling_station",
        object_id=station.pk,
        object_repr=_station_repr(station),
        before=before,
        reason=reason,
    )


@transaction.atomic
def scheme_copy_from_districts(
    *, polling_day: PollingDay, acting_user, reason: str = ""
) -> list[PollingStation]:
    """Start a scheme: one station per polling place named on a district (the districts
    of every poll on the day), each serving those districts. Only for an empty scheme."""
    _require(acting_user)
    if PollingStation.objects.filter(polling_day=polling_day).exists():
        raise InvalidInput("This polling day already has stations.")
    wanted = set()
    for election in polling_day.elections.all():
        wanted |= selectors.election_district_ids(election)
    by_place: dict[int, list[PollingDistrict]] = {}
    places = {}
    districts = PollingDistrict.objects.filter(pk__in=wanted).select_related("polling_place")
    for district in districts.order_by("code"):
        if district.polling_place is None:
            continue
        places[district.polling_place_id] = district.polling_place
        by_place.setdefault(district.polling_place_id, []).append(district)
    created = []
    for place_id, place_districts in by_place.items():
        created.append(
            station_add(
                polling_day=polling_day,
                polling_place=places[place_id],
                districts=place_districts,
                acting_user=acting_user,
                reason=reason or "Scheme started from the polling districts",
            )
        )
    return created


# ------------------------------------------------------------------ ballot papers


@transaction.atomic
def ballot_range_set(
    *,
    station: PollingStation,
    election: Election,
    first_number: int,
    last_number: int,
    acting_user,
    reason: str = "",
) -> BallotPaperRange:
    """Set a station's ballot paper numbers for one poll; refuses any overlap."""
    _require(acting_user)
    if election.polling_day_id != station.polling_day_id:
        raise InvalidInput("That poll is not on this station's polling day.")
    label = f"Station {station.number}"
    spans = [ballot_papers.Span(label, first_number, last_number)]
    others = BallotPaperRange.objects.filter(election=election).exclude(station=station)
    spans += [
        ballot_papers.Span(f"Station {n}", a, b)
        for n, a, b in others.values_list("station__number", "first_number", "last_number")
    ]
    found = ballot_papers.problems(spans)
    if found:
        raise InvalidInput("; ".join(found))
    row = BallotPaperRange.objects.filter(station=station, election=election).first()
    before = {"first": row.first_number, "last": row.last_number} if row else None
    if row is None:
        row = BallotPaperRange(station=station, election=election)
    row.first_number, row.last_number = first_number, last_number
    row.save()
    audit(
        acting_user=acting_user,
        action="ballot_range.set",
        object_type="polling_station",
        object_id=station.pk,
        object_repr=f"{election.election_id} {label}",
        before=before,
        after={"first": first_number, "last": last_number},
        reason=reason,
    )
    return row


@transaction.atomic
def ballot_ranges_allocate(
    *,
    election: Election,
    acting_user,
    start: int = 1,
    spare_percent: int = 0,
    round_to: int = 50,
    reason: str = "",
) -> list[BallotPaperRange]:
    """Number every station's papers for a poll in turn, sized by its electors plus a spare
    margin and rounded up to whole books. Replaces the poll's ranges."""
    _require(acting_user)
    if start < 1 or spare_percent < 0 or round_to < 1:
        raise InvalidInput("Start at 1 or more, with a spare margin of 0% or more.")
    day = election.polling_day
    electors = selectors.station_electors(day)
    covered = selectors.election_district_ids(election)
    station_list = [
        s
        for s in selectors.stations(day)
        if any(a.polling_district_id in covered for a in s.serves.all())
    ]
    spans = ballot_papers.allocate(
        [(str(s.pk), electors.get(s.pk, 0)) for s in station_list],
        start=start,
        spare_percent=spare_percent,
        round_to=round_to,
    )
    before = list(
        BallotPaperRange.objects.filter(election=election).values_list(
            "station__number", "first_number", "last_number"
        )
    )
    BallotPaperRange.objects.filter(election=election).delete()
    rows = BallotPaperRange.objects.bulk_create(
        [
            BallotPaperRange(
                station_id=int(span.label),
                election=election,
                first_number=span.first,
                last_number=span.last,
            )
            for span in spans
        ]
    )
    by_pk = {s.pk: s.number for s in station_list}
    audit(
        acting_user=acting_user,
        action="ballot_range.allocated",
        object_type="election",
        object_id=election.pk,
        object_repr=election.election_id,
        before={"ranges": [list(r) for r in before]},
        after={"ranges": [[by_pk[int(s.label)], s.first, s.last] for s in spans]},
        reason=reason,
    )
    return rows


# ------------------------------------------------------------------ venues


BOOKING_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "cost",
    "status",
    "access_from",
    "notes",
)


def _booking_values(booking: VenueBooking) -> dict:
    values = {f: getattr(booking, f) for f in BOOKING_FIELDS}
    values["cost"] = str(values["cost"]) if values["cost"] is not None else None
    return values


@transaction.atomic
def venue_booking_save(
    *,
    polling_day: PollingDay,
    polling_place: PollingPlace,
    acting_user,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    cost: Decimal | None = None,
    status: str = VenueBooking.Status.ENQUIRED,
    access_from: str = "",
    notes: str = "",
    reason: str = "",
) -> VenueBooking:
    """Record or change the booking of a polling place for a polling day."""
    _require(acting_user, "book polling places")
    if status not in VenueBooking.Status.values:
        raise InvalidInput(f"Unknown booking status {status!r}.")
    if cost is not None and cost < 0:
        raise InvalidInput("The cost cannot be negative.")
    booking = VenueBooking.objects.filter(
        polling_day=polling_day, polling_place=polling_place
    ).first()
    before = _booking_values(booking) if booking else {}
    if booking is None:
        booking = VenueBooking(polling_day=polling_day, polling_place=polling_place)
    values = {
        "contact_name": contact_name.strip(),
        "contact_phone": contact_phone.strip(),
        "contact_email": contact_email.strip(),
        "cost": cost,
        "status": status,
        "access_from": access_from.strip(),
        "notes": notes.strip(),
    }
    for name, value in values.items():
        setattr(booking, name, value)
    booking.save()
    old, new = changed_fields(before, _booking_values(booking))
    audit(
        acting_user=acting_user,
        action="venue_booking.saved",
        object_type="venue_booking",
        object_id=booking.pk,
        object_repr=f"{polling_place.name} {polling_day.date}",
        before=old or None,
        after=new,
        reason=reason,
    )
    return booking


# ------------------------------------------------------------------ accessibility


@transaction.atomic
def assessment_record(
    *,
    polling_place: PollingPlace,
    visited_on: dt.date,
    visited_by: str,
    answers: dict[str, str],
    acting_user,
    issues: str = "",
    mitigations: str = "",
    public_summary: str = "",
    reason: str = "",
) -> AccessibilityAssessment:
    """Record a site visit: the checklist answers, the issues and their mitigations.

    Every item answered "no" needs a mitigation.
    """
    _require(acting_user, "record accessibility assessments")
    try:
        cleaned = accessibility.clean_answers(answers)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if not visited_by.strip():
        raise InvalidInput("Enter who made the site visit.")
    failed = accessibility.failed_items(cleaned)
    if failed and not mitigations.strip():
        raise InvalidInput(
            "Say how each problem will be put right (mitigations): " + "; ".join(failed)
        )
    assessment = AccessibilityAssessment.objects.create(
        polling_place=polling_place,
        visited_on=visited_on,
        visited_by=visited_by.strip(),
        answers=cleaned,
        issues=issues.strip(),
        mitigations=mitigations.strip(),
        public_summary=public_summary.strip(),
    )
    audit(
        acting_user=acting_user,
        action="accessibility_assessment.recorded",
        object_type="polling_place",
        object_id=polling_place.pk,
        object_repr=polling_place.name,
        after={
            "visited_on": visited_on.isoformat(),
            "visited_by": assessment.visited_by,
            "answers": cleaned,
            "issues": assessment.issues,
            "mitigations": assessment.mitigations,
            "public_summary": assessment.public_summary,
        },
        reason=reason,
    )
    return assessment


PHOTO_TYPES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG"}
PHOTO_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def assessment_photo_add(
    *,
    assessment: AccessibilityAssessment,
    upload: UploadedFile,
    acting_user,
    caption: str = "",
    reason: str = "",
) -> AssessmentPhoto:
    """Keep a photo from the site visit (JPEG or PNG, up to 10 MB)."""
    _require(acting_user, "add site visit photos")
    name = upload.name or "photo"
    suffix = Path(name).suffix.lower()
    if suffix not in PHOTO_TYPES:
        raise InvalidInput(f"{name} must be a photo: a JPEG or PNG file.")
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise InvalidInput(f"{name} is larger than 10 MB.")
    head = next(upload.chunks(16), b"")
    if not head.startswith(PHOTO_TYPES[suffix]):
        raise InvalidInput(f"{name} is not a JPEG or PNG picture.")
    upload.seek(0)
    photo = AssessmentPhoto(assessment=assessment, caption=caption.strip())
    photo.image.save(f"place-{assessment.polling_place_id}{suffix}", upload, save=True)
    audit(
        acting_user=acting_user,
        action="accessibility_assessment.photo_added",
        object_type="polling_place",
        object_id=assessment.polling_place_id,
        object_repr=assessment.polling_place.name,
        after={"photo": photo.image.name, "caption": photo.caption},
        reason=reason,
    )
    return photo


# ------------------------------------------------------------------ equipment


CHANGE_EQUIPMENT = "manage election equipment"


@transaction.atomic
def equipment_add(
    *,
    kind: str,
    labels: list[str],
    acting_user,
    seal_numbers: list[str] | None = None,
    reason: str = "",
) -> list[EquipmentItem]:
    """Add items of stock (e.g. ballot boxes BB-001 to BB-040, each with its seal)."""
    _require(acting_user, CHANGE_EQUIPMENT)
    if kind not in EquipmentItem.Kind.values:
        raise InvalidInput(f"Unknown kind of equipment {kind!r}.")
    labels = [label.strip() for label in labels if label.strip()]
    if not labels:
        raise InvalidInput("Enter at least one asset number.")
    if len(set(labels)) != len(labels):
        raise InvalidInput("Each asset number may be entered once.")
    taken = list(EquipmentItem.objects.filter(label__in=labels).values_list("label", flat=True))
    if taken:
        raise InvalidInput("These asset numbers are already in stock: " + ", ".join(taken))
    seals = list(seal_numbers or [])
    items = EquipmentItem.objects.bulk_create(
        [
            EquipmentItem(kind=kind, label=label, seal_number=(seals[i] if i < len(seals) else ""))
            for i, label in enumerate(labels)
        ]
    )
    items = list(EquipmentItem.objects.filter(label__in=labels))
    audit_many(
        acting_user=acting_user,
        changes=[
            Change(
                action="equipment.added",
                object_type="equipment",
                object_id=item.pk,
                object_repr=str(item),
                after={"kind": kind, "label": item.label, "seal_number": item.seal_number},
            )
            for item in items
        ],
        reason=reason,
    )
    return items


@transaction.atomic
def equipment_update(
    *,
    item: EquipmentItem,
    acting_user,
    seal_number: str | None = None,
    condition: str | None = None,
    notes: str | None = None,
    reason: str = "",
) -> EquipmentItem:
    """Change an item's seal number (a new seal for each poll), condition (good, needs
    repair, damaged, lost or written off) or notes. An item that is no longer good stays
    on the station it was sent to (the record of where it went) but cannot be sent again."""
    _require(acting_user, CHANGE_EQUIPMENT)
    before = {"seal_number": item.seal_number, "condition": item.condition, "notes": item.notes}
    if condition is not None and condition not in EquipmentItem.Condition.values:
        raise InvalidInput(f"Unknown condition {condition!r}.")
    if seal_number is not None:
        item.seal_number = seal_number.strip()
    if condition is not None:
        item.condition = condition
    if notes is not None:
        item.notes = notes.strip()
    item.save(update_fields=["seal_number", "condition", "notes"])
    old, new = changed_fields(
        before, {"seal_number": item.seal_number, "condition": item.condition, "notes": item.notes}
    )
    audit(
        acting_user=acting_user,
        action="equipment.updated",
        object_type="equipment",
        object_id=item.pk,
        object_repr=str(item),
        before=old,
        after=new,
        reason=reason,
    )
    return item


@transaction.atomic
def equipment_allocate(
    *, item: EquipmentItem, station: PollingStation, acting_user, reason: str = ""
) -> EquipmentAllocation:
    """Send an item to a station for its polling day (each item to one station a day)."""
    _require(acting_user, CHANGE_EQUIPMENT)
    if item.condition != EquipmentItem.Condition.GOOD:
        raise InvalidInput(f"{item} is {item.get_condition_display().lower()}: it cannot be sent.")
    existing = (
        EquipmentAllocation.objects.filter(item=item, polling_day_id=station.polling_day_id)
        .select_related("station")
        .first()
    )
    if existing is not None:
        raise InvalidInput(f"{item} is already allocated to {existing.station}.")
    if item.kind == EquipmentItem.Kind.BALLOT_BOX and not item.seal_number:
        raise InvalidInput(f"Record the seal number of {item} before allocating it.")
    allocation = EquipmentAllocation.objects.create(
        item=item, station=station, polling_day_id=station.polling_day_id
    )
    audit(
        acting_user=acting_user,
        action="equipment.allocated",
        object_type="equipment",
        object_id=item.pk,
        object_repr=str(item),
        after={"station": station.number, "polling_day": station.polling_day.date.isoformat()},
        reason=reason,
    )
    return allocation


@transaction.atomic
def equipment_deallocate(*, allocation: EquipmentAllocation, acting_user, reason: str = "") -> None:
    _require(acting_user, CHANGE_EQUIPMENT)
    item, station = allocation.item, allocation.station
    allocation.delete()
    audit(
        acting_user=acting_user,
        action="equipment.deallocated",
        object_type="equipment",
        object_id=item.pk,
        object_repr=str(item),
        before={"station": station.number},
        reason=reason,
    )


def _check_round(*, polling_day: PollingDay, kind: str, name: str, stations, exclude=None) -> None:
    if kind not in Round.Kind.values:
        raise InvalidInput(f"A round is a delivery or a collection, not {kind!r}.")
    if not name.strip():
        raise InvalidInput("Enter a name for the round.")
    if not stations:
        raise InvalidInput("Choose the stations the round visits.")
    if any(s.polling_day_id != polling_day.pk for s in stations):
        raise InvalidInput("Every station must be on this polling day.")
    if len({s.pk for s in stations}) != len(stations):
        raise InvalidInput("A round visits each station once.")
    already = RoundStop.objects.filter(
        round__polling_day=polling_day, round__kind=kind, station__in=stations
    )
    if exclude is not None:
        already = already.exclude(round=exclude)
    numbers = list(already.values_list("station__number", flat=True))
    if numbers:
        listed = ", ".join(str(n) for n in sorted(numbers))
        raise InvalidInput(f"Stations {listed} are already on a {kind} round.")


def _round_values(round_: Round) -> dict:
    return {
        "kind": round_.kind,
        "name": round_.name,
        "date": round_.date.isoformat(),
        "driver": round_.driver,
        "stations": list(
            round_.stops.order_by("position").values_list("station__number", flat=True)
        ),
    }


@transaction.atomic
def round_create(
    *,
    polling_day: PollingDay,
    kind: str,
    name: str,
    date: dt.date,
    stations: list[PollingStation],
    acting_user,
    driver: str = "",
    reason: str = "",
) -> Round:
    """A delivery or collection round visiting stations in the order given."""
    _require(acting_user, CHANGE_EQUIPMENT)
    _check_round(polling_day=polling_day, kind=kind, name=name, stations=stations)
    round_ = Round.objects.create(
        polling_day=polling_day, kind=kind, name=name.strip(), date=date, driver=driver.strip()
    )
    RoundStop.objects.bulk_create(
        [RoundStop(round=round_, station=s, position=i) for i, s in enumerate(stations, start=1)]
    )
    audit(
        acting_user=acting_user,
        action="round.created",
        object_type="round",
        object_id=round_.pk,
        object_repr=str(round_),
        after=_round_values(round_),
        reason=reason,
    )
    return round_


@transaction.atomic
def round_update(
    *,
    round_: Round,
    acting_user,
    name: str | None = None,
    date: dt.date | None = None,
    driver: str | None = None,
    stations: list[PollingStation] | None = None,
    reason: str = "",
) -> Round:
    """Change a round's name, date, driver or stations (in visiting order)."""
    _require(acting_user, CHANGE_EQUIPMENT)
    before = _round_values(round_)
    new_name = round_.name if name is None else name
    new_stations = stations
    if new_stations is None:
        new_stations = [stop.station for stop in round_.stops.select_related("station")]
    _check_round(
        polling_day=round_.polling_day,
        kind=round_.kind,
        name=new_name,
        stations=new_stations,
        exclude=round_,
    )
    round_.name = new_name.strip()
    if date is not None:
        round_.date = date
    if driver is not None:
        round_.driver = driver.strip()
    round_.save(update_fields=["name", "date", "driver"])
    if stations is not None:
        RoundStop.objects.filter(round=round_).delete()
        RoundStop.objects.bulk_create(
            [RoundStop(round=round_, station=s, position=i) for i, s in enumerate(stations, 1)]
        )
    old, new = changed_fields(before, _round_values(round_))
    if new:
        audit(
            acting_user=acting_user,
            action="round.updated",
            object_type="round",
            object_id=round_.pk,
            object_repr=str(round_),
            before=old,
            after=new,
            reason=reason,
        )
    return round_


@transaction.atomic
def round_delete(*, round_: Round, acting_user, reason: str = "") -> None:
    """Delete a delivery or collection round and its stops."""
    _require(acting_user, CHANGE_EQUIPMENT)
    before = _round_values(round_)
    pk, text = round_.pk, str(round_)
    round_.delete()
    audit(
        acting_user=acting_user,
        action="round.deleted",
        object_type="round",
        object_id=pk,
        object_repr=text,
        before=before,
        reason=reason,
    )
