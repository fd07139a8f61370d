"""An application from arrival to register entry and letters, once for each verification route.

DWP match (the batch is uploaded in the browser), local data match (a council-tax record),
documentary evidence after an evidence request, attestation, and an exception by a manager.
Data is set up with services and factories; the officer's work is done in the browser.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ems.applications import services
from ems.applications.models import Application
from ems.applications.sources import FileApplicationSource
from ems.core.roles import Role
from tests.applications.factories import batch, item, write_batch
from tests.browser.test_find_a_property import sign_in
from tests.conftest import make_user
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = {
    "dwp": ("Amira", "Dawson"),
    "local_data": ("Liam", "Lockwood"),
    "documents": ("Dora", "Evans"),
    "attestation": ("Ari", "Thomas"),
    "exception": ("Ezra", "Cole"),
}


def _application(route: str, home) -> dict:
    first, surname = PEOPLE[route]
    return item(
        1,
        application_id=f"IER-{route.upper()}",
        applicant={"first_names": first, "surname": surname, "date_of_birth": "1988-02-03"},
        address={"lines": [home.address_line_1], "postcode": home.postcode, "uprn": home.uprn},
        contact={},
        dwp_result="match" if route == "dwp" else "no_match",
    )


def _objection_period_over(reference: str) -> None:
    """Listed for inspection three weeks ago, so the objection period has ended."""
    Application.objects.filter(reference=reference).update(
        listed_on=timezone.localdate() - timedelta(days=21)
    )


def _open(page: Page, base_url: str, reference: str) -> None:
    app = Application.objects.get(reference=reference)
    page.goto(f"{base_url}/applications/{app.pk}/")
    expect(page.get_by_text(f"Application {reference} (Online")).to_be_visible()


def _verify(page: Page, how: str, detail: str) -> None:
    page.get_by_label(how).check()
    page.get_by_label("What was checked").fill(detail)
    page.get_by_role("button", name="Record verification").click()
    expect(page.get_by_text("Identity verification recorded.")).to_be_visible()


@pytest.mark.parametrize("route", list(PEOPLE))
def test_an_application_goes_from_arrival_to_register_entry_and_letters(
    page: Page, live_server, settings, tmp_path, route
):
    settings.MEDIA_ROOT = tmp_path
    district = PollingDistrictFactory(code="NA1", name="Northfield North")
    home = PropertyFactory(
        address_line_1="12 Acacia Avenue", postcode="EX1 2AB", polling_district=district
    )
    make_user("officer", Role.OFFICER)
    make_user("manager", Role.MANAGER)
    reference = f"IER-{route.upper()}"
    first, surname = PEOPLE[route]
    data = _application(route, home)

    if route == "dwp":
        # Arrival: the officer uploads the IER DS batch; the import runs as a job.
        sign_in(page, live_server.url, "officer")
        path = tmp_path / "online.json"
        path.write_text(json.dumps(batch([data], "B-DWP")))
        page.goto(f"{live_server.url}/applications/")
        page.get_by_role("button", name="Upload a batch of online applications").click()
        page.get_by_label("Batch file").set_input_files(str(path))
        page.get_by_role("button", name="Check and import").click()
        expect(page.get_by_text("Succeeded")).to_be_visible()
        expect(page.get_by_text("Verified by dwp")).to_be_visible()
    else:
        if route == "local_data":
            tax = tmp_path / "council-tax.csv"
            tax.write_text(
                "first_names,surname,date_of_birth,uprn,postcode\n"
                f"{first},{surname},1988-02-03,{home.uprn},EX1 2AB\n"
            )
            services.local_data_import(path=tax, dataset="council-tax", acting_user=None)
        services.batch_import(
            source=FileApplicationSource(write_batch(tmp_path, [data], f"B-{route}")),
            acting_user=None,
        )
        sign_in(page, live_server.url, "manager" if route == "exception" else "officer")
    _objection_period_over(reference)
    _open(page, live_server.url, reference)
    expect(page.get_by_role("heading", name=f"{first} {surname}")).to_be_visible()

    if route == "dwp":
        expect(page.get_by_text("Verified by DWP match")).to_be_visible()
    elif route == "local_data":
        expect(page.get_by_text("Verified by Local data match (council-tax)")).to_be_visible()
    else:
        expect(page.get_by_text("Not verified yet.")).to_be_visible()
        if route == "documents":
            page.get_by_role("button", name="Request evidence of identity").click()
            expect(page.get_by_text("Evidence requested: the letter is ready")).to_be_visible()
            expect(page.get_by_role("link", name="Evidence request letter (PDF)")).to_be_visible()
            _verify(page, "Documentary evidence received and checked", "Passport seen")
            expect(page.get_by_text("Verified by Documentary evidence")).to_be_visible()
        elif route == "attestation":
            _verify(page, "Attestation by a registered elector", "J Smith, NA1-12")
            expect(page.get_by_text("Verified by Attestation")).to_be_visible()
        else:
            _verify(page, "Exception (manager only)", "Lives in a care home; no documents")
            expect(page.get_by_text("Verified by Exception (ERO decision)")).to_be_visible()

    expect(page.get_by_text("Ready to determine").first).to_be_visible()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Application approved: the register entry is pending")).to_be_visible()

    letter = page.get_by_role("link", name="Approval letter (PDF)")
    expect(letter).to_be_visible()
    response = page.request.get(live_server.url + letter.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.get_by_role("link", name="Register entry NA1-").click()
    expect(page.get_by_role("heading", name=f"{first} {surname}")).to_be_visible()
    expect(page.get_by_text("Pending addition").first).to_be_visible()
    expect(page.get_by_text("12 Acacia Avenue").first).to_be_visible()
