"""Scheme services: roles, audit, no overlapping districts or ballot ranges, equipment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.polling import selectors, services
from ems.polling.models import EquipmentItem


def test_officer_cannot_change_the_scheme(scheme, officer):
    with pytest.raises(NotPermitted):
        services.station_add(polling_day=scheme.day, polling_place=scheme.hut, acting_user=officer)


def test_station_add_is_audited_and_numbered(scheme, manager):
    station = services.station_add(
        polling_day=scheme.day, polling_place=scheme.hut, acting_user=manager
    )
    assert station.number == 4
    event = AuditEvent.objects.filter(action="polling_station.added").latest("id")
    assert event.actor == "manager" and event.after["number"] == 4
    with pytest.raises(InvalidInput, match="already a station 4"):
        services.station_add(
            polling_day=scheme.day, polling_place=scheme.hut, number=4, acting_user=manager
        )


def test_district_cannot_be_served_twice(scheme):
    with pytest.raises(InvalidInput, match="already served"):
        services.station_district_assign(
            station=scheme.station3, polling_district=scheme.na1, number_from=3, acting_user=None
        )


def test_electors_and_staff_per_station(scheme):
    electors = selectors.station_electors(scheme.day)
    # Station 1: NA1 1-3; station 2: NA1 4+ (incl. anonymous); station 3: NA2 (2) + SA1 (1).
    assert electors == {scheme.station1.pk: 3, scheme.station2.pk: 2, scheme.station3.pk: 3}
    services.staffing_rule_save(role="Poll clerk", per_station=1, extra_every=1, extra_over=2,
                                acting_user=None)  # fmt: skip
    summary = {s.station.number: s.staff for s in selectors.scheme(scheme.day)}
    assert summary[1] == {"Presiding officer": 1, "Poll clerk": 2}
    assert summary[2] == {"Presiding officer": 1, "Poll clerk": 1}


def test_ballot_ranges_never_overlap(scheme):
    services.ballot_range_set(station=scheme.station1, election=scheme.local, first_number=1,
                              last_number=100, acting_user=None)  # fmt: skip
    with pytest.raises(InvalidInput, match="overlaps"):
        services.ballot_range_set(station=scheme.station2, election=scheme.local,
                                  first_number=100, last_number=200, acting_user=None)  # fmt: skip
    # Another poll has its own numbers.
    services.ballot_range_set(station=scheme.station2, election=scheme.pcc, first_number=50,
                              last_number=60, acting_user=None)  # fmt: skip
    rows = services.ballot_ranges_allocate(election=scheme.local, start=1001, round_to=10,
                                           acting_user=None)  # fmt: skip
    assert [(r.first_number, r.last_number) for r in rows] == [(1001, 1010), (1011, 1020),
                                                               (1021, 1030)]  # fmt: skip
    assert selectors.ballot_range_problems(scheme.local) == []
    assert selectors.scheme_problems(scheme.day) == []


def test_scheme_problems_name_a_district_without_station(scheme):
    scheme.station3.serves.filter(polling_district=scheme.sa1).delete()
    assert selectors.scheme_problems(scheme.day) == [
        "No polling station serves polling district SA1"
    ]


def test_scheme_from_districts(db, scheme):
    from tests.elections.factories import ElectionFactory, PollingDayFactory

    day = PollingDayFactory(date=datetime.date(2027, 5, 6))
    ElectionFactory(election_id="local.x.2027-05-06", polling_day=day)
    created = services.scheme_copy_from_districts(polling_day=day, acting_user=None)
    assert sorted(s.polling_place.name for s in created) == ["Scout Hut", "St Mark's Church Hall"]
    assert selectors.scheme_problems(day) == []


def test_booking_and_assessment(scheme, manager):
    booking = services.venue_booking_save(
        polling_day=scheme.day, polling_place=scheme.hall, contact_name="Vicar",
        cost=120, status="confirmed", acting_user=manager,
    )  # fmt: skip
    assert booking.get_status_display() == "Confirmed"
    with pytest.raises(InvalidInput, match="mitigations"):
        services.assessment_record(
            polling_place=scheme.hall, visited_on=datetime.date(2026, 3, 1), visited_by="Me",
            answers={"parking": "no"}, acting_user=manager,
        )  # fmt: skip
    assessment = services.assessment_record(
        polling_place=scheme.hall, visited_on=datetime.date(2026, 3, 1), visited_by="Me",
        answers={"parking": "no"}, mitigations="Reserve two bays", acting_user=manager,
    )  # fmt: skip
    png = SimpleUploadedFile("door.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    photo = services.assessment_photo_add(assessment=assessment, upload=png, caption="Door",
                                          acting_user=manager)  # fmt: skip
    assert photo.image.name.startswith("polling/photos/")
    fake = SimpleUploadedFile("door.jpg", b"not a picture", "image/jpeg")
    with pytest.raises(InvalidInput, match="not a JPEG or PNG"):
        services.assessment_photo_add(assessment=assessment, upload=fake, acting_user=manager)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["venue_booking.saved", "accessibility_assessment.recorded",
                            "accessibility_assessment.photo_added"]  # fmt: skip


def test_equipment_allocation_and_rounds(scheme):
    boxes = services.equipment_add(kind="ballot_box", labels=["BB-001", "BB-002"],
                                   seal_numbers=["S1"], acting_user=None)  # fmt: skip
    services.equipment_allocate(item=boxes[0], station=scheme.station1, acting_user=None)
    with pytest.raises(InvalidInput, match="already allocated"):
        services.equipment_allocate(item=boxes[0], station=scheme.station2, acting_user=None)
    with pytest.raises(InvalidInput, match="seal number"):
        services.equipment_allocate(item=boxes[1], station=scheme.station2, acting_user=None)
    services.equipment_update(item=boxes[1], condition="needs_repair", acting_user=None)
    with pytest.raises(InvalidInput, match="needs repair"):
        services.equipment_allocate(
            item=EquipmentItem.objects.get(label="BB-002"), station=scheme.station2,
            acting_user=None,
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="already in stock"):
        services.equipment_add(kind="booth", labels=["BB-001"], acting_user=None)
    round_ = services.round_create(
        polling_day=scheme.day, kind="delivery", name="North", date=datetime.date(2026, 5, 6),
        stations=[scheme.station3, scheme.station1], acting_user=None,
    )  # fmt: skip
    assert [s.station.number for s in round_.stops.all()] == [3, 1]
    with pytest.raises(InvalidInput, match="already on a delivery round"):
        services.round_create(
            polling_day=scheme.day, kind="delivery", name="Again", date=datetime.date(2026, 5, 6),
            stations=[scheme.station1], acting_user=None,
        )  # fmt: skip


def test_demo_seed_builds_a_whole_scheme(db, scheme):
    from ems.polling.demo import polling_demo_seed
    from ems.polling.models import PollingStation
    from tests.elections.factories import ElectionFactory, PollingDayFactory

    day = PollingDayFactory(date=datetime.date(2027, 5, 6))
    election = ElectionFactory(election_id="local.demo.2027-05-06", polling_day=day)
    result = polling_demo_seed(election=election, acting_user=None)
    assert result == {"stations": 2, "places": 2}
    assert selectors.scheme_problems(day) == []
    assert PollingStation.objects.filter(polling_day=day, allocations__isnull=False).exists()
    assert polling_demo_seed(election=election, acting_user=None) == {"stations": 2}
