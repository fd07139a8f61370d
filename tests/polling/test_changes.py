"""Changing the scheme after it is set up: renumber and rename stations, remove them,
change or delete rounds, and mark equipment damaged or lost."""

import datetime

import pytest

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.polling import services
from ems.polling.models import EquipmentAllocation, PollingStation, Round, RoundStop


def last_audit():
    return AuditEvent.objects.order_by("-id").first()


def test_station_renumbered_and_renamed_with_audit(scheme, manager):
    services.station_update(station=scheme.station3, number=7, name="Hut", acting_user=manager,
                            reason="Council asked")  # fmt: skip
    scheme.station3.refresh_from_db()
    assert (scheme.station3.number, scheme.station3.name) == (7, "Hut")
    event = last_audit()
    assert event.action == "polling_station.updated"
    assert event.before == {"number": 3, "name": ""}
    assert event.after == {"number": 7, "name": "Hut"}
    assert event.reason == "Council asked"


def test_station_number_stays_unique_on_the_day(scheme, manager):
    with pytest.raises(InvalidInput, match="already a station 1"):
        services.station_update(station=scheme.station3, number=1, acting_user=manager)
    with pytest.raises(InvalidInput, match="1 or more"):
        services.station_update(station=scheme.station3, number=0, acting_user=manager)


def test_unchanged_station_writes_no_audit(scheme, manager):
    before = AuditEvent.objects.count()
    services.station_update(station=scheme.station1, number=1, name="Main hall",
                            acting_user=manager)  # fmt: skip
    assert AuditEvent.objects.count() == before


def test_officer_may_not_change_stations_rounds_or_equipment(scheme, officer):
    with pytest.raises(NotPermitted):
        services.station_update(station=scheme.station1, name="X", acting_user=officer)
    item = services.equipment_add(kind="booth", labels=["B-1"], acting_user=None)[0]
    with pytest.raises(NotPermitted):
        services.equipment_update(item=item, condition="lost", acting_user=officer)


def test_station_removal_audits_what_went_with_it(scheme, manager):
    box = services.equipment_add(kind="ballot_box", labels=["BB-1"], seal_numbers=["S1"],
                                 acting_user=None)[0]  # fmt: skip
    services.equipment_allocate(item=box, station=scheme.station3, acting_user=None)
    services.round_create(polling_day=scheme.day, kind="delivery", name="North",
                          date=datetime.date(2026, 5, 6), stations=[scheme.station3],
                          acting_user=None)  # fmt: skip
    services.station_remove(station=scheme.station3, acting_user=manager)
    assert not PollingStation.objects.filter(number=3).exists()
    assert not EquipmentAllocation.objects.exists() and not RoundStop.objects.exists()
    event = last_audit()
    assert event.action == "polling_station.removed"
    assert event.before["serves"] == ["NA2", "SA1"]
    assert event.before["equipment"] == ["BB-1"]
    assert event.before["rounds"] == ["North"]


def make_round(scheme, name="North", stations=None, kind="delivery"):
    return services.round_create(
        polling_day=scheme.day, kind=kind, name=name, date=datetime.date(2026, 5, 6),
        stations=stations or [scheme.station3, scheme.station1], acting_user=None,
    )  # fmt: skip


def test_round_changed_reordered_and_deleted(scheme, manager):
    round_ = make_round(scheme)
    services.round_update(round_=round_, name="North and east", driver="Sam",
                          stations=[scheme.station1, scheme.station2, scheme.station3],
                          acting_user=manager)  # fmt: skip
    assert [s.station.number for s in round_.stops.all()] == [1, 2, 3]
    event = last_audit()
    assert event.action == "round.updated"
    assert event.before == {"name": "North", "driver": "", "stations": [3, 1]}
    assert event.after == {"name": "North and east", "driver": "Sam", "stations": [1, 2, 3]}
    services.round_delete(round_=round_, acting_user=manager)
    assert not Round.objects.exists()
    assert last_audit().action == "round.deleted"
    assert last_audit().before["stations"] == [1, 2, 3]


def test_round_change_may_not_take_a_station_on_another_round(scheme, manager):
    north = make_round(scheme, stations=[scheme.station1])
    make_round(scheme, name="South", stations=[scheme.station3])
    with pytest.raises(InvalidInput, match="Stations 3 are already on a delivery round"):
        services.round_update(round_=north, stations=[scheme.station1, scheme.station3],
                              acting_user=manager)  # fmt: skip
    # Its own stations do not count against it.
    services.round_update(round_=north, stations=[scheme.station1], name="N",
                          acting_user=manager)  # fmt: skip
    with pytest.raises(InvalidInput, match="name"):
        services.round_update(round_=north, name=" ", acting_user=manager)


def test_lost_item_cannot_be_sent_again(scheme, manager):
    box = services.equipment_add(kind="ballot_box", labels=["BB-9"], seal_numbers=["S9"],
                                 acting_user=None)[0]  # fmt: skip
    services.equipment_update(item=box, condition="lost", notes="Left at the count",
                              acting_user=manager)  # fmt: skip
    assert box.get_condition_display() == "Lost"
    assert last_audit().after == {"condition": "lost", "notes": "Left at the count"}
    with pytest.raises(InvalidInput, match="is lost"):
        services.equipment_allocate(item=box, station=scheme.station1, acting_user=manager)
    with pytest.raises(InvalidInput, match="Unknown condition"):
        services.equipment_update(item=box, condition="stolen", acting_user=manager)


# ------------------------------------------------------------------ pages


def test_station_page_renames_and_reports_a_clash(manager_client, scheme):
    url = f"/polling/station/{scheme.station3.pk}/"
    response = manager_client.post(url, {"edit_station": "1", "number": "8", "name": "Hut"})
    assert response.status_code == 302
    assert "Station 8 (Hut) at Scout Hut" in manager_client.get(url).content.decode()
    response = manager_client.post(url, {"edit_station": "1", "number": "1"})
    text = response.content.decode()
    assert "<title>Error: " in text and "There is already a station 1" in text


def test_reader_sees_no_station_change_form(reader_client, scheme):
    text = reader_client.get(f"/polling/station/{scheme.station3.pk}/").content.decode()
    assert "Change the station" not in text and "Remove Station 3" not in text


def test_station_remove_button(manager_client, scheme):
    response = manager_client.post(f"/polling/station/{scheme.station3.pk}/remove/")
    assert response["Location"] == f"/polling/day/{scheme.day.pk}/"
    assert not PollingStation.objects.filter(pk=scheme.station3.pk).exists()


def test_equipment_item_page_marks_damaged(manager_client, scheme):
    item = services.equipment_add(kind="booth", labels=["BOOTH-1"], acting_user=None)[0]
    equipment = f"/polling/day/{scheme.day.pk}/equipment/"
    assert f"/equipment/items/{item.pk}/" in manager_client.get(equipment).content.decode()
    url = f"/polling/day/{scheme.day.pk}/equipment/items/{item.pk}/"
    assert "Change Polling booth BOOTH-1" in manager_client.get(url).content.decode()
    response = manager_client.post(url, {"condition": "damaged", "notes": "Broken leg"})
    assert response["Location"] == equipment
    text = manager_client.get(equipment).content.decode()
    assert "Damaged" in text


def test_equipment_item_page_needs_a_manager(reader_client, scheme):
    item = services.equipment_add(kind="booth", labels=["BOOTH-1"], acting_user=None)[0]
    url = f"/polling/day/{scheme.day.pk}/equipment/items/{item.pk}/"
    assert reader_client.get(url).status_code == 403


def test_round_page_changes_and_deletes(manager_client, scheme):
    round_ = make_round(scheme)
    url = f"/polling/day/{scheme.day.pk}/rounds/{round_.pk}/"
    text = manager_client.get(url).content.decode()
    assert 'value="3, 1"' in text and 'value="06/05/2026"' in text
    response = manager_client.post(url, {"save": "1", "name": "North", "date": "06/05/2026",
                                         "stations": "1, 9"})  # fmt: skip
    assert "There is no station 9 on this polling day" in response.content.decode()
    response = manager_client.post(url, {"save": "1", "name": "North", "date": "07/05/2026",
                                         "driver": "Sam", "stations": "1 2 3"})  # fmt: skip
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.date == datetime.date(2026, 5, 7) and round_.driver == "Sam"
    response = manager_client.post(url, {"delete": "1"})
    assert response.status_code == 302 and not Round.objects.exists()


def test_site_visit_form_groups_the_checklist_and_saves_new_items(manager_client, scheme):
    url = f"/polling/station/{scheme.station1.pk}/"
    text = manager_client.get(url).content.decode()
    for legend in ("Getting there", "The entrance", "Inside", "Voting"):
        assert f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}' in text
    assert "Will a tactile voting device be provided?" in text
    response = manager_client.post(url, {
        "assessment": "1", "visited_on": "01/03/2026", "visited_by": "Officer",
        "q_tactile_device": "yes", "q_large_print": "yes", "q_hearing_loop": "no",
        "mitigations": "Bring the loop from the office",
    })  # fmt: skip
    assert response.status_code == 302
    text = manager_client.get(url).content.decode()
    assert "18 of the checklist's questions were not checked on this visit." in text
    public = manager_client.get("/polling/find/address/200001/").content.decode()
    assert "Tactile voting device" in public and "Large-print ballot paper on display" in public
