"""The public polling station finder and its JSON API: no sign-in, nothing personal."""

import datetime

import pytest
from django.utils import timezone

from ems.polling import services
from tests.gazetteer.factories import PollingPlaceFactory, PropertyFactory

NAMES = ["Alice", "Archer", "Bob", "Baker", "Hidden", "Person", "Fay", "Cole", "Gil", "Abroad"]


@pytest.fixture
def upcoming(scheme, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 4, 1))
    return scheme


def assert_nothing_personal(text):
    for name in NAMES:
        assert name not in text


def test_finder_needs_no_sign_in_and_shows_station_with_accessibility(client, upcoming):
    services.assessment_record(
        polling_place=upcoming.hall, visited_on=datetime.date(2026, 3, 1), visited_by="Officer",
        answers={"step_free": "yes", "parking": "no"}, mitigations="Cones for a disabled bay",
        public_summary="Step-free entrance from Church Lane.", acting_user=None,
    )  # fmt: skip
    response = client.get("/polling/find/", {"postcode": "ex1 2ab"})
    assert response.status_code == 200
    text = response.content.decode()
    # EX1 2AB holds NA1 (the hall) and NA2 (the scout hut): choose the address.
    assert "Choose your address" in text
    assert "1 Acacia Avenue" in text and "1 Mill Road" in text
    assert_nothing_personal(text)
    response = client.get(f"/polling/find/address/{upcoming.prop_a.uprn}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "St Mark&#39;s Church Hall" in text
    assert "Step-free entrance from Church Lane." in text
    assert "Step-free access" in text
    assert "Thursday 7 May 2026" in text
    assert "more than one polling station in this building" in text
    assert_nothing_personal(text)


def test_finder_single_station_postcode_shows_it_at_once(client, upcoming):
    response = client.get("/polling/find/", {"postcode": "EX2 1AA"})
    text = response.content.decode()
    assert "Your polling station" in text and "Scout Hut" in text
    assert "Choose your address" not in text


def test_finder_invalid_postcode_is_an_error_with_error_title(client, upcoming):
    response = client.get("/polling/find/", {"postcode": "nonsense"})
    text = response.content.decode()
    assert "<title>Error: Find your polling station" in text
    assert "Enter a real postcode" in text


def test_api_postcode_split_and_address(client, upcoming):
    data = client.get("/polling/api/postcode/ex12ab/").json()
    assert data["postcode"] == "EX1 2AB"
    assert data["polling_day"] == "2026-05-07"
    assert data["address_picker"] is True and data["station"] is None
    assert {a["uprn"] for a in data["addresses"]} == {"200001", "200002", "200003"}
    assert_nothing_personal(repr(data))
    data = client.get(f"/polling/api/address/{upcoming.prop_c.uprn}/").json()
    assert data["station"]["name"] == "Scout Hut"
    assert data["station"]["station_numbers"] == [3]
    assert data["station"]["polling_district"] == "NA2"
    assert_nothing_personal(repr(data))


def test_api_rejects_a_bad_postcode_and_unknown_address(client, upcoming):
    assert client.get("/polling/api/postcode/XYZ/").status_code == 400
    assert client.get("/polling/api/address/999/").status_code == 404


def test_api_docs_public(client, db):
    response = client.get("/polling/api/")
    assert response.status_code == 200
    assert "/polling/api/postcode/" in response.content.decode()


def test_district_split_between_buildings_uses_named_electors_only(client, upcoming):
    # Move NA1 numbers 4+ to a station in another building.
    annex = PollingPlaceFactory(name="Annex", address="Back Lane", postcode="EX1 9ZZ")
    upcoming.station2.polling_place = annex
    upcoming.station2.save()
    data = client.get(f"/polling/api/address/{upcoming.prop_b.uprn}/").json()
    assert data["station"]["name"] == "Annex"  # Dan Baker, NA1-4
    data = client.get(f"/polling/api/address/{upcoming.prop_a.uprn}/").json()
    assert data["station"]["name"] == "St Mark's Church Hall"
    empty = PropertyFactory(uprn=200099, postcode="EX1 2AB", polling_district=upcoming.na1)
    data = client.get(f"/polling/api/address/{empty.uprn}/").json()
    assert data["station"]["name"] in {"St Mark's Church Hall", "Annex"}


def test_no_upcoming_poll_shows_usual_polling_place(client, scheme, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2027, 1, 1))
    data = client.get(f"/polling/api/address/{scheme.prop_c.uprn}/").json()
    assert data["polling_day"] is None
    assert data["station"]["name"] == "Scout Hut"


def test_finder_explains_an_empty_or_too_long_postcode(client, scheme):
    text = client.get("/polling/find/?postcode=").content.decode()
    assert "<title>Error: Find your polling station" in text and "Enter your postcode" in text
    text = client.get("/polling/find/?postcode=not+a+postcode").content.decode()
    assert "Enter a real postcode, like EX1 2AB" in text
    assert 'href="#id_postcode"' in text


def test_polling_pages_mark_polling_in_the_navigation(reader_client, scheme):
    import re

    text = reader_client.get(f"/polling/day/{scheme.day.pk}/").content.decode()
    active = re.search(r'item--active">\s*<a[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*<', text)
    assert active is not None and active.group(1) == "Polling"
