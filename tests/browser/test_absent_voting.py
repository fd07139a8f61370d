"""Each kind of absent vote application (postal, proxy, postal proxy, emergency proxy), a
Voter Authority Certificate and an Anonymous Elector's Document, from arrival on paper to
decision and letter or document, in the browser. Data is set up with factories; the officer
keys in the form (with the scanned signature or photograph), verifies identity, decides,
and opens the letter."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from ems.core.models import Council
from ems.core.roles import Role
from tests.absent_voting.conftest import PNG
from tests.browser.test_find_a_property import sign_in
from tests.conftest import make_user
from tests.elections.factories import ElectionFactory, PollingDayFactory
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUTTONS = {
    "postal": "Paper postal vote application",
    "proxy": "Paper proxy vote application",
    "postal_proxy": "Paper postal proxy (the proxy votes by post) application",
    "emergency_proxy": "Paper emergency proxy application",
    "vac": "Paper Voter Authority Certificate application",
    "aed": "Paper Voter Authority Certificate application",
}
DOCUMENTS = ("vac", "aed")


def _setup(tmp_path):
    Council.objects.create(
        name="Exampleshire District Council", gss_code="E07000041", country="england",
        ero_name="Pat Officer", ro_name="Pat Officer", office_address="Civic Centre",
        office_postcode="EX1 1AA",
    )  # fmt: skip
    district = PollingDistrictFactory(code="NA1", name="Northfield North")
    home = PropertyFactory(
        address_line_1="12 Acacia Avenue", postcode="EX1 2AB", polling_district=district
    )
    ElectorFactory(property=home, number=7, first_names="Nia", surname="Okafor")
    ElectorFactory(property=home, number=8, first_names="Ari", surname="Hidden", anonymous=True)
    poll = dt.date.today() + dt.timedelta(days=30)
    election = ElectionFactory(
        election_id=f"local.exampleshire.{poll}", title="Exampleshire by-election",
        polling_day=PollingDayFactory(date=poll),
    )  # fmt: skip
    make_user("officer", Role.OFFICER)
    image = tmp_path / "scan.png"
    image.write_bytes(PNG)
    return election, image


@pytest.mark.parametrize("kind", list(BUTTONS))
def test_paper_application_to_decision_and_letter(
    page: Page, live_server, settings, tmp_path, kind
):
    settings.MEDIA_ROOT = tmp_path
    election, image = _setup(tmp_path)
    sign_in(page, live_server.url, "officer")
    page.get_by_role("link", name="Absent voting").click()
    page.get_by_role("button", name=BUTTONS[kind]).click()

    if kind == "aed":
        page.get_by_role("radio", name="Anonymous Elector's Document").check()
        page.get_by_label("Poll it is wanted for").select_option(str(election.pk))
    page.get_by_label("Elector number", exact=True).fill("NA1-8" if kind == "aed" else "NA1-7")
    page.get_by_label("Date received (YYYY-MM-DD)").fill(dt.date.today().isoformat())
    page.get_by_label("Date of birth (YYYY-MM-DD)").fill("1979-04-12")
    page.get_by_label("National Insurance number", exact=True).fill("JG 10 37 59 A")
    if kind in DOCUMENTS:
        page.get_by_label("Photograph (PNG or JPEG)").set_input_files(str(image))
    else:
        page.get_by_label("Scanned signature (PNG or JPEG)").set_input_files(str(image))
        if kind == "emergency_proxy":
            page.get_by_label("Poll (for a particular poll)").select_option(str(election.pk))
        else:
            page.get_by_label("Until further notice").check()
        if kind != "postal":
            page.get_by_label("Proxy's full name").fill("Sam Proxy")
            page.get_by_label("Proxy's address").fill("3 Acacia Avenue\nEX1 2AB")
            grounds = "photo_id" if kind == "emergency_proxy" else "disability"
            page.get_by_label("Grounds").select_option(grounds)
            if grounds == "disability":
                page.get_by_label("Attested by (name and job)").fill("Dr A Jones, GP")
    page.get_by_role("button", name="Record application").click()
    expect(page.get_by_text("recorded.")).to_be_visible()
    if kind != "aed":
        expect(page.get_by_role("heading", name="Nia Okafor")).to_be_visible()
    expect(page.get_by_text("12 April 1979")).to_be_visible()

    if kind == "emergency_proxy":
        expect(page.get_by_text("needs no identity verification")).to_be_visible()
    else:
        page.get_by_label("Documentary evidence received and checked").check()
        page.get_by_label("What was checked").fill("Passport seen")
        page.get_by_role("button", name="Record verification").click()
        expect(page.get_by_text("Identity verification recorded.")).to_be_visible()

    if kind in DOCUMENTS:
        page.get_by_label("Issue the certificate").check()
        page.get_by_role("button", name="Save decision").click()
        expect(page.get_by_text("Certificate issued.")).to_be_visible()
        expect(page.get_by_text("Certificate number")).to_be_visible()
        letter = page.get_by_role("link", name="Certificate letter (PDF)")
    else:
        expect(page.get_by_text("the application can be granted")).to_be_visible()
        page.get_by_label("Grant").check()
        page.get_by_role("button", name="Save decision").click()
        expect(
            page.get_by_text("Application granted. The letter is ready to print.")
        ).to_be_visible()
        letter = page.get_by_role("link", name="Grant letter (PDF)")
    expect(letter).to_be_visible()
    response = page.request.get(live_server.url + letter.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
