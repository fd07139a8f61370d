"""Issue 9's journey: a manager verifies a ballot paper account (with a discrepancy
explained), enters and declares a first-past-the-post result in the browser, and anyone
can then read it on the published results page without signing in."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from ems.core.roles import Role
from ems.elections import services as election_services
from ems.polling import services as polling_services
from tests.conftest import make_user
from tests.count.test_nominations_link import nominate
from tests.gazetteer.factories import PollingDistrictFactory, PollingPlaceFactory, WardFactory
from tests.two_factor import pass_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_like_election(manager):
    """A local election in one ward with two candidates validly nominated and a polling
    station with its ballot paper numbers, made through the services."""
    election = election_services.election_create(
        title="Exampleton Borough Council elections",
        election_type="local",
        poll_date=dt.date(2026, 5, 7),
        country="england",
        organisation="Exampleton",
        areas=[election_services.AreaSpec(ward=WardFactory(name="Northgate"), seats=1)],
        acting_user=manager,
        generate_plan=False,
    )
    area = election.areas.get()
    district = PollingDistrictFactory(code="NA1", ward=area.ward)
    nominate(area, district, manager, manager, "Adams", "Bea", description="Independent")
    nominate(area, district, manager, manager, "Young", "Zoe", description="Independent")
    station = polling_services.station_add(
        polling_day=election.polling_day,
        polling_place=PollingPlaceFactory(name="St Mark's Church Hall"),
        number=1,
        districts=[district],
        acting_user=None,
    )
    polling_services.ballot_range_set(
        station=station, election=election, first_number=1, last_number=500, acting_user=None
    )
    return election, area


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
    pass_two_factor(page, username)


def test_manager_verifies_counts_and_declares_then_the_public_sees_the_result(
    page: Page, live_server
):
    manager = make_user("manager", Role.MANAGER)
    election, area = demo_like_election(manager)
    sign_in(page, live_server.url, "manager")

    page.get_by_role("navigation").get_by_role("link", name="Count", exact=True).click()
    page.get_by_role("link", name="Exampleton Borough Council elections").click()
    page.get_by_role("link", name="Northgate").click()
    expect(page.get_by_role("heading", name="Northgate")).to_be_visible()

    # The candidates come from the statement of persons nominated.
    page.get_by_role(
        "button", name="Use the candidates on the statement of persons nominated"
    ).click()
    expect(
        page.get_by_text("Candidates from the statement of persons nominated: 2 added.")
    ).to_be_visible()
    expect(page.get_by_text("ADAMS, Bea (Independent)")).to_be_visible()

    # The ballot paper account of the polling station (papers supplied from its range).
    page.get_by_text("Record a ballot paper account").click()
    account = page.locator("details", has_text="Record a ballot paper account")
    account.get_by_label("Polling station", exact=True).select_option(
        label="Station 1 – St Mark's Church Hall: papers 1 to 500 (500 supplied)"
    )
    account.get_by_label("Ballot papers issued").fill("301")
    account.get_by_label("Spoilt ballot papers").fill("2")
    account.get_by_label("Unused ballot papers").fill("197")
    account.get_by_label("Tendered ballot papers").fill("1")
    account.get_by_role("button", name="Save account").click()
    expect(
        page.get_by_text("The account for Station 1 – St Mark's Church Hall was saved.")
    ).to_be_visible()

    # Verification: one paper fewer in the box than the account says, explained.
    page.get_by_role("link", name="Verify Station 1").click()
    page.get_by_label("Ballot papers found in the box").fill("300")
    page.get_by_role("button", name="Save verification").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_text("explain the difference").first).to_be_visible()
    page.get_by_label("Explanation of any difference").fill(
        "Presiding officer's note: one voter left with a ballot paper"
    )
    page.get_by_role("button", name="Save verification").click()
    expect(page.get_by_text("was verified")).to_be_visible()
    expect(page.get_by_text("1 of 1 ballot paper accounts verified")).to_be_visible()
    expect(page.get_by_text("-1: Presiding officer's note")).to_be_visible()

    # The first-past-the-post result, then the declaration.
    page.get_by_role("link", name="Enter the result (first past the post)").click()
    page.get_by_label("Votes for ADAMS, Bea (Independent)").fill("176")
    page.get_by_label("Votes for YOUNG, Zoe (Independent)").fill("121")
    page.get_by_label("Unmarked or wholly void for uncertainty").fill("3")
    page.get_by_role("button", name="Record the result").click()
    expect(page.get_by_text("Version 1 of the result was recorded.")).to_be_visible()
    page.get_by_role("button", name="Declare version 1 as the result").click()
    expect(page.get_by_text("The result of Northgate was declared and published.")).to_be_visible()

    # Anyone can read the published result, without signing in.
    public = page.context.browser.new_context().new_page()
    public.goto(f"{live_server.url}/count/results/")
    expect(public.get_by_text("Signed in as")).to_have_count(0)
    public.get_by_role("link", name="Exampleton Borough Council elections").click()
    public.get_by_role("link", name="Northgate").first.click()
    expect(public.get_by_role("heading", name="Result: Northgate")).to_be_visible()
    row = public.get_by_role("row", name="ADAMS, Bea")
    expect(row.get_by_text("176")).to_be_visible()
    expect(row.get_by_text("Elected")).to_be_visible()
    expect(public.get_by_role("row", name="YOUNG, Zoe").get_by_text("Elected")).to_have_count(0)
    public.context.close()
