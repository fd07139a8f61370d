"""Moving properties between polling districts takes their electors with them."""

import re

import pytest
from django.urls import reverse

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.gazetteer.models import Property
from ems.register import services
from ems.register.models import Alteration, Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    """NA1 with three houses on Mill Road (two to move); NB1 with houses either side."""
    na1 = PollingDistrictFactory(code="NA1", name="North A")
    nb1 = PollingDistrictFactory(code="NB1", name="North B")

    def house(uprn, district, key):
        return PropertyFactory(
            uprn=uprn,
            address_line_1=f"{int(key)} Mill Road",
            polling_district=district,
            street="Mill Road",
            sort_key=key,
        )

    houses = {
        "na1_2": house(2, na1, "000002"),
        "na1_4": house(4, na1, "000004"),
        "na1_9": house(9, na1, "000009"),
        "nb1_1": house(11, nb1, "000001"),
        "nb1_3": house(13, nb1, "000003"),
        "nb1_5": house(15, nb1, "000005"),
    }
    electors = {
        "ann": ElectorFactory(property=houses["na1_2"], number=1, surname="Adams"),
        "bob": ElectorFactory(property=houses["na1_2"], number=2, surname="Brown"),
        "cat": ElectorFactory(property=houses["na1_4"], number=3, surname="Clark"),
        "dan": ElectorFactory(property=houses["na1_9"], number=4, surname="Dale"),
        "eve": ElectorFactory(property=houses["nb1_1"], number=1, surname="Evans"),
        "fay": ElectorFactory(property=houses["nb1_3"], number=2, surname="Ford"),
        "gus": ElectorFactory(property=houses["nb1_3"], number=2, suffix=1, surname="Gray"),
        "hal": ElectorFactory(property=houses["nb1_5"], number=3, surname="Hill"),
        "ivy": ElectorFactory(
            property=houses["na1_4"], number=5, surname="Irwin", status=Elector.Status.DELETED
        ),
    }
    return {"NA1": na1, "NB1": nb1, **houses, **electors}


def numbers():
    return dict(
        Elector.objects.exclude(status="deleted").values_list("surname", "polling_district__code")
    ), {
        e.surname: e.elector_number
        for e in Elector.objects.select_related("polling_district").exclude(status="deleted")
    }


def test_electors_move_with_their_properties_and_take_clash_free_numbers(area, officer):
    result = services.properties_move(
        uprns=[2, 4], district=area["NB1"], acting_user=officer, reason="2026 district review"
    )
    assert result == {"properties": 2, "electors": 3}
    _districts, shown = numbers()
    # 2 Mill Road comes after NB1-1 (1 Mill Road): 1/1, 1/2 in register order (Adams, Brown);
    # 4 Mill Road comes after 3 Mill Road, whose last entry is NB1-2/1: number 2, next suffix 2.
    assert shown == {
        "Adams": "NB1-1/1",
        "Brown": "NB1-1/2",
        "Clark": "NB1-2/2",
        "Dale": "NA1-4",
        "Evans": "NB1-1",
        "Ford": "NB1-2",
        "Gray": "NB1-2/1",
        "Hill": "NB1-3",
    }
    # The deleted entry stays where it was, with its old number.
    ivy = Elector.objects.get(pk=area["ivy"].pk)
    assert (ivy.polling_district.code, ivy.number, ivy.version) == ("NA1", 5, 1)
    assert Property.objects.get(uprn=4).polling_district.code == "NB1"
    ann = Elector.objects.get(pk=area["ann"].pk)
    assert ann.version == 2


def test_each_move_writes_an_alteration_and_audit_events(area, officer):
    services.properties_move(
        uprns=[2, 4], district=area["NB1"], acting_user=officer, reason="2026 district review"
    )
    alteration = Alteration.objects.get(elector=area["cat"])
    assert alteration.kind == Alteration.Kind.OTHER
    assert alteration.polling_district.code == "NB1"
    assert alteration.elector_number == "NB1-2/2"
    assert alteration.before == {"elector_number": "NA1-3", "polling_district": "NA1"}
    assert alteration.after == {"elector_number": "NB1-2/2", "polling_district": "NB1"}
    assert alteration.reason == "2026 district review"
    assert alteration.created_by == officer
    assert Alteration.objects.count() == 3
    events = list(AuditEvent.objects.order_by("id").values_list("action", "object_id", "actor"))
    assert events == [
        ("property.reallocated", "2", "officer"),
        ("property.reallocated", "4", "officer"),
        ("properties.reallocated", "NB1", "officer"),
        ("elector.district_changed", str(area["ann"].pk), "officer"),
        ("elector.district_changed", str(area["bob"].pk), "officer"),
        ("elector.district_changed", str(area["cat"].pk), "officer"),
        ("electors.followed_properties", "", "officer"),
    ]
    summary = AuditEvent.objects.get(action="electors.followed_properties")
    assert summary.after == {"electors": 3, "by_district": {"NB1": 3}}
    assert summary.reason == "2026 district review"
    cat = AuditEvent.objects.get(action="elector.district_changed", object_id=str(area["cat"].pk))
    assert (cat.before, cat.after) == (alteration.before, alteration.after)


def test_a_failure_part_way_leaves_properties_and_register_unchanged(area, officer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Alteration.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.properties_move(uprns=[2, 4], district=area["NB1"], acting_user=officer)
    assert Property.objects.filter(polling_district__code="NB1").count() == 3
    _districts, shown = numbers()
    assert shown["Adams"] == "NA1-1" and shown["Clark"] == "NA1-3"
    assert not Alteration.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_read_only_user_is_refused_and_nothing_moves(area, reader):
    with pytest.raises(NotPermitted):
        services.properties_move(uprns=[2], district=area["NB1"], acting_user=reader)
    with pytest.raises(NotPermitted):
        services.electors_follow_properties(uprns=[2], acting_user=reader)
    assert Property.objects.get(uprn=2).polling_district.code == "NA1"
    assert Elector.objects.get(pk=area["ann"].pk).polling_district.code == "NA1"


def test_moving_nothing_is_refused(area, officer):
    with pytest.raises(InvalidInput):
        services.properties_move(uprns=[], district=area["NB1"], acting_user=officer)


def test_electors_already_in_their_property_district_stay(area):
    assert services.electors_follow_properties(uprns=[2, 4, 11], acting_user=None) == {
        "electors": 0,
        "by_district": {},
    }
    assert not AuditEvent.objects.exists()


def test_follow_repairs_electors_left_behind_by_a_gazetteer_only_move(area):
    Property.objects.filter(uprn=9).update(polling_district=area["NB1"])
    result = services.electors_follow_properties(uprns=[9], acting_user=None, reason="Tidy")
    assert result == {"electors": 1, "by_district": {"NB1": 1}}
    # 9 Mill Road comes after 5 Mill Road (NB1-3) in NB1.
    assert numbers()[1]["Dale"] == "NB1-3/1"
    assert AuditEvent.objects.get(action="elector.district_changed").actor == "command line"


def test_moves_into_an_empty_district_number_from_zero(area, officer):
    empty = PollingDistrictFactory(code="NC1", name="North C")
    services.properties_move(uprns=[2, 9], district=empty, acting_user=officer)
    shown = numbers()[1]
    assert (shown["Adams"], shown["Brown"], shown["Dale"]) == ("NC1-0/1", "NC1-0/2", "NC1-0/3")


# The page ---------------------------------------------------------------------
def text_of(response) -> str:
    """The page as a person reads it: tags removed, spaces collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.split())


def test_preview_counts_properties_and_electors_then_confirm_moves_both(area, officer_client):
    data = {"street": "mill road", "postcode": "", "target_district": "NB1", "reason": "Review"}
    preview = officer_client.post(reverse("register:move_properties"), {**data, "preview": "1"})
    page = text_of(preview)
    assert "Properties chosen 6" in page
    assert "Already in NB1 3" in page
    assert "Properties that will move 3" in page
    # Ann, Bob, Cat and Dan: the deleted entry does not count.
    assert "Electors who move with them 4" in page
    assert "Moving from NA1: 3" in page
    assert "get new elector numbers there" in page
    assert "Move 3 properties and 4 electors" in page
    assert Property.objects.filter(polling_district__code="NB1").count() == 3
    done = officer_client.post(
        reverse("register:move_properties"), {**data, "confirm": "1"}, follow=True
    )
    assert "3 properties and 4 electors moved to polling district NB1 North B." in text_of(done)
    assert Property.objects.filter(polling_district__code="NB1").count() == 6
    assert numbers()[1]["Dale"] == "NB1-3/1"
    assert Alteration.objects.filter(kind="other").count() == 4


def test_the_page_needs_a_choice_of_properties(area, officer_client):
    response = officer_client.post(
        reverse("register:move_properties"),
        {"target_district": "NB1", "reason": "x", "preview": "1"},
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "Enter a street, a postcode or some UPRNs" in page


def test_a_read_only_user_cannot_open_or_use_the_page(area, reader_client):
    data = {"uprns": "2", "target_district": "NB1", "reason": "x", "confirm": "1"}
    assert reader_client.get(reverse("register:move_properties")).status_code == 403
    assert reader_client.post(reverse("register:move_properties"), data).status_code == 403
    assert Property.objects.get(uprn=2).polling_district.code == "NA1"
    assert Elector.objects.get(pk=area["ann"].pk).polling_district.code == "NA1"
