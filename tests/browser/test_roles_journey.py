"""A Manager signs in for the first time (setting up two-factor sign-in), adds a finance
officer holding Finance and Read-only, who then signs in and reaches the staff pages."""

import pytest
from playwright.sync_api import Page, expect

from ems.core.roles import Role
from tests.browser.test_find_a_property import sign_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sets_up_two_factor_and_adds_a_finance_officer(page: Page, live_server):
    make_user("manager", Role.MANAGER)
    sign_in(page, live_server.url, "manager")  # first sign-in: sets up the authenticator app
    expect(page.get_by_text("Two-factor sign-in is set up.")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Users").click()
    page.get_by_label("Username").fill("fin")
    page.get_by_label("Full name").fill("Fin Ance")
    page.get_by_label("Email address").fill("fin@example.org")
    page.get_by_label("Finance", exact=True).check()
    page.get_by_label("Read-only", exact=True).check()
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text("User fin created.")).to_be_visible()
    expect(page.get_by_role("row", name="fin Fin Ance Finance, Read-only")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "fin")
    page.get_by_role("navigation").get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_text("Set up (required for your role)")).to_be_visible()
