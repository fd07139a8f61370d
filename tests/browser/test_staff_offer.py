"""A member of polling staff answers their offer from the link in their email, without
signing in; an expired link says so."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from ems.staffing import services
from ems.staffing.models import AccessLink, Appointment
from tests.polling.factories import Scheme
from tests.staffing.factories import PersonFactory
from tests.staffing.test_services import offer_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offer_links(base_url: str) -> list[str]:
    scheme = Scheme()
    services.positions_derive(polling_day=scheme.day, acting_user=None)
    PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=None)
    services.offers_send(appointments=Appointment.objects.all(), site_url=base_url,
                         acting_user=None)  # fmt: skip
    return [f"{base_url}/staffing/offer/{offer_token(m)}/" for m in mail.outbox]


def test_staff_member_accepts_the_offer_and_gives_bank_details(page: Page, live_server):
    link = offer_links(live_server.url)[0]
    page.goto(link)
    expect(page.get_by_role("heading", name="Your offer of work at the elections")).to_be_visible()
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text("Thank you: you have accepted the offer.")).to_be_visible()
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    page.get_by_label("Sort code").fill("30-94-57")
    page.get_by_label("Account number").fill("31926819")
    page.get_by_label("Name on the account").fill("P Worker")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_text("Your details have been saved.")).to_be_visible()
    expect(page.get_by_text("Bank account recorded: ****6819")).to_be_visible()
    assert Appointment.objects.filter(status="accepted").count() == 1


def test_expired_link_says_so(page: Page, live_server):
    link = offer_links(live_server.url)[0]
    AccessLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page.goto(link)
    expect(page.get_by_role("heading", name="There is a problem with this link")).to_be_visible()
    expect(page.get_by_text("This link has expired.")).to_be_visible()
    expect(page.get_by_role("button", name="Accept the offer")).to_have_count(0)
