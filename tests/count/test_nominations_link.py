"""The count takes its candidates from the statement of persons nominated, and ballot paper
accounts offer the polling day's stations with their ballot paper ranges."""

import datetime as dt

import pytest

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.count import selectors, services
from ems.count.models import BallotPaperAccount, ContestCandidate
from ems.elections import nominations as svc
from ems.elections import nominations_selectors as nsel
from ems.elections import services as election_services
from ems.polling import services as polling_services
from tests.elections.factories import PartyDescriptionFactory, RegisteredPartyFactory
from tests.gazetteer.factories import (
    PollingDistrictFactory,
    PollingPlaceFactory,
    PropertyFactory,
    WardFactory,
)
from tests.register.factories import ElectorFactory


@pytest.fixture
def election(manager):
    return election_services.election_create(
        title="Exampleshire District Council",
        election_type="local",
        poll_date=dt.date(2026, 5, 7),
        country="england",
        organisation="Exampleshire",
        areas=[election_services.AreaSpec(ward=WardFactory(name="Northgate"), seats=1)],
        acting_user=manager,
        generate_plan=False,
    )


@pytest.fixture
def area(election):
    return election.areas.get()


@pytest.fixture
def district(area):
    return PollingDistrictFactory(code="NA1", ward=area.ward)


def nominate(area, district, officer, manager, surname, other, *, valid=True, **kw):
    """A nomination delivered two days before the close, with two subscribers, decided."""
    at = nsel.nomination_deadlines(area.election).close_of_nominations - dt.timedelta(days=2)
    candidate = svc.candidate_add(
        area=area, surname=surname, other_names=other, home_address="1 High Street",
        acting_user=officer, **kw,
    )  # fmt: skip
    electors = [ElectorFactory(property=PropertyFactory(polling_district=district))
                for _ in range(2)]  # fmt: skip
    svc.subscribers_set(
        candidate=candidate,
        lines=[(e.elector_number, e.full_name) for e in electors],
        acting_user=officer,
        now=at,
    )
    svc.consent_record(candidate=candidate, given_on=at.date(), acting_user=officer)
    svc.nomination_deliver(candidate=candidate, delivered_at=at, acting_user=officer)
    if valid is None:
        return candidate
    return svc.nomination_decide(
        candidate=candidate, valid=valid, reason="" if valid else "Not a subscriber",
        acting_user=manager,
    )  # fmt: skip


@pytest.fixture
def nominated(area, district, officer, manager):
    party = RegisteredPartyFactory(name="Civic Alliance")
    PartyDescriptionFactory(party=party, description="Civic Alliance - Local Voice")
    return [
        nominate(area, district, officer, manager, "Young", "Zoe", party=party,
                 description="Civic Alliance - Local Voice", certificate_of_authorisation=True),
        nominate(area, district, officer, manager, "Adams", "Bea", description="Independent",
                 commonly_used_forenames="Betty"),
        nominate(area, district, officer, manager, "Moss", "Ian", valid=False),
        nominate(area, district, officer, manager, "Hill", "Ann", valid=None),
    ]  # fmt: skip


@pytest.mark.django_db
def test_valid_nominations_become_the_count_candidates_in_ballot_order(
    area, nominated, officer, manager
):
    young, adams, moss, hill = nominated
    outcome = services.candidates_from_nominations(contest=area, acting_user=officer)
    assert outcome["added"] == ["ADAMS, Betty", "YOUNG, Zoe"]
    rows = list(ContestCandidate.objects.filter(contest=area).values_list(
        "position", "name", "party", "nomination_id"))  # fmt: skip
    assert rows == [
        (1, "ADAMS, Betty", "Independent", adams.pk),
        (2, "YOUNG, Zoe", "Civic Alliance - Local Voice", young.pk),
    ]
    event = AuditEvent.objects.get(action="count.candidates_from_nominations")
    assert event.after["added"] == ["ADAMS, Betty", "YOUNG, Zoe"]

    # Idempotent: nothing changes, no audit event.
    again = services.candidates_from_nominations(contest=area, acting_user=officer)
    assert again == {"added": [], "updated": [], "unchanged": 2, "not_on_statement": []}
    assert AuditEvent.objects.filter(action="count.candidates_from_nominations").count() == 1

    # A late decision: Hill joins in ballot order; the others keep their rows.
    svc.nomination_decide(candidate=hill, valid=True, acting_user=manager)
    third = services.candidates_from_nominations(contest=area, acting_user=officer)
    assert third["added"] == ["HILL, Ann"]
    assert list(selectors.candidates_of(area).values_list("name", flat=True)) == [
        "ADAMS, Betty", "HILL, Ann", "YOUNG, Zoe"]  # fmt: skip


@pytest.mark.django_db
def test_a_candidate_added_by_hand_is_linked_not_duplicated_and_others_are_kept(
    area, nominated, officer
):
    services.candidate_add(contest=area, name="YOUNG, Zoe", acting_user=officer)
    services.candidate_add(contest=area, name="Someone Else", acting_user=officer)
    outcome = services.candidates_from_nominations(contest=area, acting_user=officer)
    assert outcome["added"] == ["ADAMS, Betty"]
    assert outcome["updated"] == ["YOUNG, Zoe"]
    assert outcome["not_on_statement"] == ["Someone Else"]
    rows = list(ContestCandidate.objects.filter(contest=area).values_list(
        "position", "name", "party"))  # fmt: skip
    assert rows == [
        (1, "ADAMS, Betty", "Independent"),
        (2, "YOUNG, Zoe", "Civic Alliance - Local Voice"),
        (3, "Someone Else", ""),
    ]


@pytest.mark.django_db
def test_no_valid_nominations_and_roles(area, district, officer, manager, reader):
    nominate(area, district, officer, manager, "Hill", "Ann", valid=None)
    with pytest.raises(InvalidInput, match="No one stands validly nominated"):
        services.candidates_from_nominations(contest=area, acting_user=officer)
    with pytest.raises(NotPermitted):
        services.candidates_from_nominations(contest=area, acting_user=reader)


@pytest.mark.django_db
def test_contest_page_offers_the_statement_and_uses_it(area, nominated, officer_client):
    page = officer_client.get(f"/count/contests/{area.pk}/").content.decode()
    assert "2 candidates stand validly nominated" in page
    assert "Use the candidates on the statement of persons nominated" in page
    response = officer_client.post(
        f"/count/contests/{area.pk}/", {"action": "nominations"}, follow=True
    )
    page = response.content.decode()
    assert "Candidates from the statement of persons nominated: 2 added." in page
    assert "ADAMS, Betty (Independent)" in page


@pytest.fixture
def stations(area, district):
    day = area.election.polling_day
    hall = PollingPlaceFactory(name="St Mark's Church Hall")
    other_ward = PollingDistrictFactory(code="SA1", ward=WardFactory(name="Southgate"))
    one = polling_services.station_add(
        polling_day=day,
        polling_place=hall,
        number=1,
        name="Main hall",
        districts=[district],
        acting_user=None,
    )
    na2 = PollingDistrictFactory(code="NA2", ward=area.ward)
    two = polling_services.station_add(
        polling_day=day, polling_place=hall, number=2, districts=[na2], acting_user=None
    )
    elsewhere = polling_services.station_add(
        polling_day=day, polling_place=hall, number=3, districts=[other_ward], acting_user=None
    )
    polling_services.ballot_range_set(
        station=one, election=area.election, first_number=1, last_number=1500, acting_user=None
    )
    return one, two, elsewhere  # fmt: skip


@pytest.mark.django_db
def test_stations_of_the_contest_with_their_ballot_paper_ranges(area, stations):
    choices = selectors.polling_stations_of(area)
    assert [c.label for c in choices] == [
        "Station 1 – St Mark's Church Hall, Main hall",
        "Station 2 – St Mark's Church Hall",
    ]
    assert choices[0].supplied == 1500
    assert choices[0].choice_label.endswith("papers 1 to 1,500 (1,500 supplied)")
    assert choices[1].supplied is None


@pytest.mark.django_db
def test_account_for_a_chosen_station_is_supplied_its_range(area, stations, officer_client):
    one = stations[0]
    page = officer_client.get(f"/count/contests/{area.pk}/").content.decode()
    assert "papers 1 to 1,500 (1,500 supplied)" in page
    form = {"action": "account", "account-kind": "station", "account-polling_station": one.pk,
            "account-station": "", "account-supplied": "", "account-issued": "900",
            "account-spoilt": "3", "account-unused": "597", "account-tendered": "0"}  # fmt: skip
    response = officer_client.post(f"/count/contests/{area.pk}/", form, follow=True)
    assert "was saved" in response.content.decode()
    account = BallotPaperAccount.objects.get(contest=area)
    assert (account.station, account.supplied, account.issued) == (
        "Station 1 – St Mark's Church Hall, Main hall", 1500, 900)  # fmt: skip

    # A range that does not balance is refused; a postal session is free text.
    form["account-unused"] = "500"
    page = officer_client.post(f"/count/contests/{area.pk}/", form).content.decode()
    assert "does not balance: 1,500 papers supplied but 1,403" in page
    postal = {**form, "account-kind": "postal", "account-polling_station": "",
              "account-station": "Postal session 1", "account-unused": "0",
              "account-spoilt": "0", "account-issued": "250"}  # fmt: skip
    officer_client.post(f"/count/contests/{area.pk}/", postal)
    assert BallotPaperAccount.objects.filter(kind="postal", station="Postal session 1").exists()
    neither = {**postal, "account-station": ""}
    page = officer_client.post(f"/count/contests/{area.pk}/", neither).content.decode()
    assert "Choose the polling station, or enter the station or opening session" in page
