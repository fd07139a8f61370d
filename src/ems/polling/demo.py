"""Demo data for the polling scheme, for `seed_demo` to call after it creates a poll.

    from ems.polling.demo import polling_demo_seed
    polling_demo_seed(election=election, acting_user=None)

Everything goes through the services, so the audit trail shows it too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ems.elections.models import Election

from . import selectors, services
from .models import EquipmentItem, PollingStation


def polling_demo_seed(*, election: Election, acting_user) -> dict:
    """Build the polling scheme of the election's polling day (shared by every poll on it):
    a station per polling place, a second station where a place has the most electors,
    bookings, a site visit, ballot paper numbers for each poll, equipment and rounds.
    Does nothing if the day already has stations."""
    day = election.polling_day
    if PollingStation.objects.filter(polling_day=day).exists():
        return {"stations": PollingStation.objects.filter(polling_day=day).count()}
    stations = services.scheme_copy_from_districts(polling_day=day, acting_user=acting_user)
    if not stations:
        return {"stations": 0}
    electors = selectors.station_electors(day)
    busiest = max(stations, key=lambda s: electors.get(s.pk, 0))
    assignment = busiest.serves.order_by("-pk").first()
    if assignment is not None and electors.get(busiest.pk, 0) > 1500:
        # Split the busiest district between two stations in the same building.
        numbers = sorted(
            assignment.polling_district.electors.filter(status="live").values_list(
                "number", flat=True
            )
        )
        if len(numbers) > 2:
            middle = numbers[len(numbers) // 2]
            services.station_district_remove(assignment=assignment, acting_user=acting_user)
            services.station_district_assign(
                station=busiest, polling_district=assignment.polling_district,
                number_to=middle - 1, acting_user=acting_user,
            )  # fmt: skip
            second = services.station_add(
                polling_day=day, polling_place=busiest.polling_place, name="Second station",
                acting_user=acting_user,
            )  # fmt: skip
            services.station_district_assign(
                station=second, polling_district=assignment.polling_district,
                number_from=middle, acting_user=acting_user,
            )  # fmt: skip
            stations.append(second)
    places = {s.polling_place_id: s.polling_place for s in stations}
    for i, place in enumerate(places.values()):
        services.venue_booking_save(
            polling_day=day, polling_place=place, contact_name=f"Caretaker {i + 1}",
            contact_phone=f"01632 960{i:03d}", cost=Decimal(90 + 15 * (i % 4)),
            status="confirmed" if i % 3 else "provisional", access_from="6am",
            acting_user=acting_user,
        )  # fmt: skip
    first_place = next(iter(places.values()))
    services.assessment_record(
        polling_place=first_place, visited_on=day.date - dt.timedelta(days=60),
        visited_by="Electoral services officer",
        answers={"parking": "no", "level_route": "yes", "entrance_width": "yes",
                 "step_free": "yes", "lighting": "yes", "signage": "yes", "seating": "yes",
                 "low_booth": "yes", "hearing_loop": "yes", "toilet": "n/a",
                 "approach_paths": "yes", "entrance_level": "yes", "ramp": "n/a",
                 "internal_doors": "yes", "room_space": "yes", "accessible_booth": "yes",
                 "ballot_box_height": "yes", "large_print": "yes", "handheld_copy": "yes",
                 "tactile_device": "yes", "magnifiers": "yes"},
        issues="No marked disabled parking bay.",
        mitigations="Two bays by the door coned off and signed on polling day.",
        public_summary="Step-free entrance at the front. Two parking bays by the door are "
        "kept for disabled voters.",
        acting_user=acting_user,
    )  # fmt: skip
    for poll in day.elections.order_by("pk"):
        # Each poll numbers its own ballot papers from 1.
        services.ballot_ranges_allocate(election=poll, spare_percent=5, acting_user=acting_user)
    ordered = sorted(stations, key=lambda s: s.number)
    boxes = services.equipment_add(
        kind=EquipmentItem.Kind.BALLOT_BOX,
        labels=[f"BB-{n:03d}" for n in range(1, len(ordered) + 3)],
        seal_numbers=[f"S{100000 + n}" for n in range(1, len(ordered) + 3)],
        acting_user=acting_user,
    )
    booths = services.equipment_add(
        kind=EquipmentItem.Kind.BOOTH,
        labels=[f"PB-{n:03d}" for n in range(1, 2 * len(ordered) + 1)],
        acting_user=acting_user,
    )
    packs = services.equipment_add(
        kind=EquipmentItem.Kind.STATIONERY,
        labels=[f"SP-{n:03d}" for n in range(1, len(ordered) + 1)],
        acting_user=acting_user,
    )
    services.equipment_add(
        kind=EquipmentItem.Kind.SIGNAGE, labels=["SIGN-001", "SIGN-002"], acting_user=acting_user
    )
    for i, station in enumerate(ordered):
        for item in (boxes[i], booths[2 * i], booths[2 * i + 1], packs[i]):
            services.equipment_allocate(item=item, station=station, acting_user=acting_user)
    half = max(1, len(ordered) // 2)
    for kind, when in (("delivery", day.date - dt.timedelta(days=1)), ("collection", day.date)):
        for name, group in (("North", ordered[:half]), ("South", ordered[half:])):
            if group:
                services.round_create(
                    polling_day=day, kind=kind, name=name, date=when, stations=group,
                    driver="Council transport", acting_user=acting_user,
                )  # fmt: skip
    return {"stations": len(ordered), "places": len(places)}
