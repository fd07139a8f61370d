"""An officer signs in and finds a property: the Foundation's key journey."""

import pytest
from playwright.sync_api import Page, expect

from ems.core.roles import Role
from tests.conftest import make_user
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.two_factor import pass_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
    pass_two_factor(page, username)


def test_officer_signs_in_and_finds_a_property_by_postcode(page: Page, live_server):
    make_user("officer", Role.OFFICER)
    district = PollingDistrictFactory(code="NA1", name="Northfield North")
    PropertyFactory(
        uprn=100099000001, address_line_1="12 Acacia Avenue", postcode="EX1 2AB",
        polling_district=district,
    )  # fmt: skip
    PropertyFactory(uprn=100099000002, address_line_1="3 Mill Road", postcode="EX9 9ZZ")

    sign_in(page, live_server.url, "officer")
    page.get_by_role("navigation").get_by_role("link", name="Properties", exact=True).click()
    page.get_by_label("UPRN, postcode or address").fill("ex1 2ab")
    page.get_by_role("button", name="Search").click()

    results = page.get_by_role("table")
    expect(results.get_by_text("12 Acacia Avenue")).to_be_visible()
    expect(page.get_by_text("3 Mill Road")).to_have_count(0)
    # Officers find properties by address: the address is the link, the UPRN stays in view.
    expect(results.get_by_role("cell", name="100099000001", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="100099000001")).to_have_count(0)
    results.get_by_role("link", name="12 Acacia Avenue").click()
    expect(page.get_by_role("heading", name="12 Acacia Avenue")).to_be_visible()
    expect(page.get_by_text("NA1").first).to_be_visible()
