"""Reads for the polling scheme: which districts each poll covers, which station serves
an elector or a property, electors and staff per station, and the scheme's problems."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ems.elections.models import Election, PollingDay
from ems.gazetteer.models import PollingDistrict, PollingPlace, Property
from ems.register.models import Elector

from .models import (
    AccessibilityAssessment,
    BallotPaperRange,
    EquipmentAllocation,
    EquipmentItem,
    PollCardRun,
    PollingStation,
    Round,
    StaffingRule,
    StationDistrict,
    VenueBooking,
)
from .rules import ballot_papers, staffing
from .rules.accessibility import public_features

LIVE = Elector.Status.LIVE


# ------------------------------------------------------------------ polling days


def polling_days() -> QuerySet[PollingDay]:
    return PollingDay.objects.prefetch_related("elections").annotate(
        station_count=Count("polling_stations", distinct=True)
    )


def polling_day_get(pk: int) -> PollingDay:
    return PollingDay.objects.get(pk=pk)


def next_polling_day(today: dt.date | None = None) -> PollingDay | None:
    """The first polling day on or after today that has a polling scheme."""
    today = today or timezone.localdate()
    return (
        PollingDay.objects.filter(date__gte=today, polling_stations__isnull=False)
        .order_by("date")
        .first()
    )


def next_election(today: dt.date | None = None) -> Election | None:
    today = today or timezone.localdate()
    return (
        Election.objects.select_related("polling_day")
        .filter(polling_day__date__gte=today)
        .order_by("polling_day__date", "pk")
        .first()
    )


# ------------------------------------------------------------------ areas


def election_district_ids(election: Election) -> set[int]:
    """Polling districts in the area of a poll.

    An area linked to a ward, parish or constituency covers the districts in it. A
    poll with no areas, or with an area that is only a named division (a PCC area, a
    mayoralty, a referendum), covers the whole council area.
    """
    areas = list(election.areas.values_list("ward_id", "parish_id", "constituency_id"))
    if not areas or any(a == (None, None, None) for a in areas):
        return set(PollingDistrict.objects.values_list("pk", flat=True))
    query = Q(pk__in=[])
    for ward_id, parish_id, constituency_id in areas:
        if ward_id:
            query |= Q(ward_id=ward_id)
        if parish_id:
            query |= Q(parish_id=parish_id)
        if constituency_id:
            query |= Q(constituency_id=constituency_id)
    return set(PollingDistrict.objects.filter(query).values_list("pk", flat=True))


def polls_by_district(polling_day: PollingDay) -> dict[int, list[Election]]:
    """{district id: the polls on this day whose area covers it}, in a stable order."""
    result: dict[int, list[Election]] = defaultdict(list)
    for election in polling_day.elections.order_by("pk"):
        for district_id in election_district_ids(election):
            result[district_id].append(election)
    return dict(result)


# ------------------------------------------------------------------ stations


def stations(polling_day: PollingDay) -> QuerySet[PollingStation]:
    return (
        PollingStation.objects.filter(polling_day=polling_day)
        .select_related("polling_place")
        .prefetch_related("serves__polling_district", "ballot_ranges__election")
    )


def station_get(pk: int) -> PollingStation:
    return PollingStation.objects.select_related("polling_day", "polling_place").get(pk=pk)


@dataclass
class StationLookup:
    """Which station serves each elector number of each district (one query to build)."""

    by_district: dict[int, list[tuple[int | None, int | None, int]]] = field(default_factory=dict)

    def station_for(self, district_id: int, number: int) -> int | None:
        for first, last, station_id in self.by_district.get(district_id, ()):
            if (first is None or number >= first) and (last is None or number <= last):
                return station_id
        return None

    def stations_of(self, district_id: int) -> list[int]:
        return [s for _, _, s in self.by_district.get(district_id, ())]


def station_lookup(polling_day: PollingDay) -> StationLookup:
    lookup = StationLookup()
    rows = StationDistrict.objects.filter(station__polling_day=polling_day).values_list(
        "polling_district_id", "number_from", "number_to", "station_id"
    )
    for district_id, first, last, station_id in rows:
        lookup.by_district.setdefault(district_id, []).append((first, last, station_id))
    return lookup


def station_electors(polling_day: PollingDay) -> dict[int, int]:
    """{station id: live electors in the districts and number ranges it serves} (2 queries)."""
    assignments = list(
        StationDistrict.objects.filter(station__polling_day=polling_day).values_list(
            "pk", "station_id", "polling_district_id", "number_from", "number_to"
        )
    )
    result: dict[int, int] = defaultdict(int)
    whole = {d: s for _, s, d, first, last in assignments if first is None and last is None}
    if whole:
        counts = (
            Elector.objects.filter(status=LIVE, polling_district_id__in=list(whole))
            .values_list("polling_district_id")
            .annotate(n=Count("id"))
        )
        for district_id, n in counts:
            result[whole[district_id]] += n
    ranged = [a for a in assignments if a[3] is not None or a[4] is not None]
    if ranged:
        aggregates = {}
        for pk, _, district_id, first, last in ranged:
            condition = Q(polling_district_id=district_id)
            if first is not None:
                condition &= Q(number__gte=first)
            if last is not None:
                condition &= Q(number__lte=last)
            aggregates[f"a{pk}"] = Count("id", filter=condition)
        counts = Elector.objects.filter(status=LIVE).aggregate(**aggregates)
        for pk, station_id, *_ in ranged:
            result[station_id] += counts[f"a{pk}"] or 0
    return dict(result)


def staffing_ratios() -> list[staffing.Ratio]:
    rules = [
        staffing.Ratio(r.role, r.per_station, r.extra_every, r.extra_over)
        for r in StaffingRule.objects.all()
    ]
    return rules or list(staffing.DEFAULT_RATIOS)


@dataclass
class StationSummary:
    station: PollingStation
    electors: int
    staff: dict[str, int]

    @property
    def staff_total(self) -> int:
        return sum(self.staff.values())


def scheme(polling_day: PollingDay) -> list[StationSummary]:
    electors = station_electors(polling_day)
    ratios = staffing_ratios()
    return [
        StationSummary(s, electors.get(s.pk, 0), staffing.staff_for(ratios, electors.get(s.pk, 0)))
        for s in stations(polling_day)
    ]


def scheme_problems(polling_day: PollingDay) -> list[str]:
    """Districts in a poll's area with no station, ranges that overlap, ballot ranges that
    overlap."""
    found = []
    covered = polls_by_district(polling_day)
    lookup = station_lookup(polling_day)
    codes = dict(PollingDistrict.objects.values_list("pk", "code"))
    missing = sorted(codes[d] for d in covered if d not in lookup.by_district)
    if missing:
        found.append("No polling station serves polling district " + ", ".join(missing))
    for district_id, spans in lookup.by_district.items():
        as_spans = [
            ballot_papers.Span(f"{codes[district_id]} (station id {s})", a or 1, b or 10**9)
            for a, b, s in spans
        ]
        for a, b in ballot_papers.overlaps(as_spans):
            found.append(
                f"Polling district {codes[district_id]} is served twice: {a.label}, {b.label}"
            )
    for election in polling_day.elections.all():
        found.extend(f"{election.title}: {p}" for p in ballot_range_problems(election))
    return found


def ballot_range_problems(election: Election) -> list[str]:
    spans = [
        ballot_papers.Span(f"Station {n}", first, last)
        for n, first, last in BallotPaperRange.objects.filter(election=election).values_list(
            "station__number", "first_number", "last_number"
        )
    ]
    return ballot_papers.problems(spans)


# ------------------------------------------------------------------ places


def polling_places() -> QuerySet[PollingPlace]:
    return PollingPlace.objects.order_by("name")


def booking_for(polling_day: PollingDay, place: PollingPlace) -> VenueBooking | None:
    return VenueBooking.objects.filter(polling_day=polling_day, polling_place=place).first()


def latest_assessment(place: PollingPlace) -> AccessibilityAssessment | None:
    return place.assessments.prefetch_related("photos").first()


# ------------------------------------------------------------------ public finder


def _place_public(place: PollingPlace, assessment: AccessibilityAssessment | None) -> dict:
    return {
        "name": place.name,
        "address": [line.strip() for line in place.address.splitlines() if line.strip()],
        "postcode": place.postcode,
        "easting": place.easting,
        "northing": place.northing,
        "accessibility": {
            "notes": place.accessibility_notes,
            "summary": assessment.public_summary if assessment else "",
            "features": public_features(assessment.answers) if assessment else [],
            "assessed_on": assessment.visited_on.isoformat() if assessment else None,
        },
    }


def public_station_for_property(
    prop: Property, polling_day: PollingDay | None, lookup: StationLookup | None = None
) -> dict | None:
    """Where the people at a property vote: the polling place (building) and station
    numbers. Reads only station assignments and elector numbers, never names."""
    if prop.polling_district_id is None:
        return None
    place = None
    station_numbers: list[int] = []
    if polling_day is not None:
        lookup = lookup or station_lookup(polling_day)
        candidates = lookup.stations_of(prop.polling_district_id)
        found = list(
            PollingStation.objects.filter(pk__in=candidates).select_related("polling_place")
        )
        if len({s.polling_place_id for s in found}) > 1:
            # The district is split between buildings by elector number: the building of
            # the (non-anonymous) electors at the address decides. Within one building
            # no elector is read, so the answer never tells whether anyone is registered.
            numbers = Elector.objects.filter(
                property=prop, status=LIVE, anonymous=False
            ).values_list("number", flat=True)
            chosen = {lookup.station_for(prop.polling_district_id, n) for n in numbers}
            found = [s for s in found if s.pk in chosen] or found[:1]
        if found:
            place = found[0].polling_place
            station_numbers = sorted(s.number for s in found if s.polling_place_id == place.pk)
    if place is None:
        place = prop.polling_district.polling_place
    if place is None:
        return None
    data = _place_public(place, latest_assessment(place))
    data["station_numbers"] = station_numbers
    data["polling_district"] = prop.polling_district.code
    return data


def properties_in_postcode(postcode: str) -> QuerySet[Property]:
    return (
        Property.objects.filter(postcode=postcode, status=Property.Status.LIVE)
        .exclude(classification__in=[Property.Classification.COMMERCIAL, "land"])
        .select_related("polling_district__polling_place")
        .order_by("street", "sort_key", "uprn")
    )


def public_postcode_lookup(postcode: str, polling_day: PollingDay | None) -> dict:
    """The answer of the public finder for a postcode: one station for everyone, or a
    list of addresses to choose from when the postcode is split."""
    props = list(properties_in_postcode(postcode))
    lookup = station_lookup(polling_day) if polling_day else None
    by_property = {p.uprn: public_station_for_property(p, polling_day, lookup) for p in props}
    distinct = {repr(v) for v in by_property.values() if v is not None}
    return {
        "postcode": postcode,
        "polling_day": polling_day.date.isoformat() if polling_day else None,
        "polls": [e.title for e in polling_day.elections.all()] if polling_day else [],
        "address_picker": len(distinct) > 1,
        "station": next(iter(v for v in by_property.values() if v), None)
        if len(distinct) == 1
        else None,
        "addresses": [
            {
                "uprn": str(p.uprn),
                "address": p.single_line_address,
                "url": f"/polling/api/address/{p.uprn}/",
            }
            for p in props
        ]
        if len(distinct) > 1
        else [],
    }


# ------------------------------------------------------------------ equipment


def equipment_stock() -> QuerySet[EquipmentItem]:
    return EquipmentItem.objects.all()


def allocations(polling_day: PollingDay) -> QuerySet[EquipmentAllocation]:
    return EquipmentAllocation.objects.filter(polling_day=polling_day).select_related(
        "item", "station__polling_place"
    )


def rounds(polling_day: PollingDay) -> QuerySet[Round]:
    return Round.objects.filter(polling_day=polling_day).prefetch_related(
        "stops__station__polling_place"
    )


def poll_card_runs(polling_day: PollingDay) -> QuerySet[PollCardRun]:
    return PollCardRun.objects.filter(polling_day=polling_day).select_related("job", "created_by")
