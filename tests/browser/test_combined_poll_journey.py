"""Issue 7's journey: a manager sets up a combined poll in the browser, from the statutory
timetable to poll cards: two elections on one day through the form, their timetable, the
polling scheme for the day, ballot paper numbers, then poll cards produced (the job runs at
once in tests) and the reconciliation report."""

import pytest
from playwright.sync_api import Page, expect

from ems.core.roles import Role
from tests.browser.test_count_journey import sign_in
from tests.conftest import make_user
from tests.gazetteer.factories import (
    PollingDistrictFactory,
    PollingPlaceFactory,
    PropertyFactory,
    WardFactory,
)
from tests.register.factories import ElectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def small_council():
    """Two wards, each one polling district with its polling place, and a few electors."""
    for code, ward_name, place_name in [("NA1", "North", "St Mark's Church Hall"),
                                        ("SA1", "South", "Scout Hut")]:  # fmt: skip
        district = PollingDistrictFactory(
            code=code,
            ward=WardFactory(name=ward_name),
            polling_place=PollingPlaceFactory(name=place_name),
        )
        for _ in range(3):
            ElectorFactory(property=PropertyFactory(polling_district=district))


def set_up_election(page: Page, *, title, kind, organisation, wards=(), division="", seats="1"):
    page.get_by_role("navigation").get_by_role("link", name="Elections", exact=True).click()
    page.get_by_role("link", name="Set up an election").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Type of election").select_option(label=kind)
    page.get_by_label("Polling day").fill("06/05/2027")
    page.get_by_label("Country").select_option(label="England")
    page.get_by_label("Organisation").fill(organisation)
    for ward in wards:
        page.get_by_label(ward, exact=True).check()
    page.get_by_label("Seats in each ward contested").fill(seats)
    if division:
        page.get_by_label("Other area contested").fill(division)
    page.get_by_role("button", name="Set up election").click()
    expect(page.get_by_text(f"{title} (")).to_be_visible()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def test_manager_sets_up_a_combined_poll_from_timetable_to_poll_cards(
    page: Page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("manager", Role.MANAGER)
    small_council()
    sign_in(page, live_server.url, "manager")

    set_up_election(page, title="Exampleton Borough Council elections",
                    kind="Local (principal council)", organisation="Exampleton",
                    wards=["North", "South"], seats="2")  # fmt: skip
    set_up_election(page, title="Police and Crime Commissioner election",
                    kind="Police and Crime Commissioner", organisation="Demoshire",
                    division="Demoshire police area")  # fmt: skip

    # The timetable, counted back from polling day, and the combined poll.
    timetable = page.get_by_role("table", name="Latest dates and times allowed by law")
    polling_day = timetable.get_by_role("row").filter(has_text="Polling day: polls open")
    expect(polling_day).to_contain_text("Thu 6 May 2027")
    expect(timetable.get_by_text("Deadline for delivery of nomination papers")).to_be_visible()
    expect(page.get_by_role("link", name="Exampleton Borough Council elections")).to_be_visible()

    # The polling scheme for the day: both polls share its stations.
    page.get_by_role("link", name="Polling scheme for this polling day").click()
    expect(
        page.get_by_role("heading", name="Polling scheme for Thursday 6 May 2027")
    ).to_be_visible()
    polls = page.locator("#polls")
    expect(polls.get_by_role("link", name="Exampleton Borough Council elections")).to_be_visible()
    expect(polls.get_by_role("link", name="Police and Crime Commissioner election")).to_be_visible()
    page.get_by_role("button", name="Start from the polling districts' polling places").click()
    expect(page.get_by_text("2 polling stations were added.")).to_be_visible()
    stations = page.get_by_role("table", name="Polling stations")
    expect(stations.get_by_text("St Mark's Church Hall")).to_be_visible()
    expect(stations.get_by_text("Scout Hut")).to_be_visible()
    for poll in ["Exampleton Borough Council elections", "Police and Crime Commissioner election"]:
        page.get_by_label("Poll", exact=True).select_option(label=poll)
        page.get_by_role("button", name="Number the ballot papers").click()
        expect(page.get_by_text("Ballot paper numbers set for 2 stations.")).to_be_visible()
    expect(
        page.get_by_text("Every polling district in the polls' areas has a station")
    ).to_be_visible()

    # Poll cards: the job runs, then the reconciliation report.
    page.get_by_role("navigation", name="Polling day sections").get_by_role(
        "link", name="Poll cards"
    ).click()
    page.get_by_role("button", name="Produce poll cards").click()
    expect(page.get_by_text("Succeeded")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Polling", exact=True).click()
    page.get_by_role("link", name="Thursday 6 May 2027").click()
    page.get_by_role("navigation", name="Polling day sections").get_by_role(
        "link", name="Poll cards"
    ).click()
    page.get_by_role("table", name="Poll card runs").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Poll card reconciliation")).to_be_visible()
    expect(
        page.get_by_text("Reconciled: every entitled elector has exactly one card.")
    ).to_be_visible()
    by_district = page.get_by_role("table", name="By polling district")
    expect(by_district.get_by_role("row", name="NA1")).to_contain_text("3")
    expect(by_district.get_by_role("row", name="SA1")).to_contain_text("3")
    expect(page.get_by_role("link", name="Print file for the supplier (CSV)")).to_be_visible()
