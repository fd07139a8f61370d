import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ems.core.models import AuditEvent, Job
from ems.gazetteer.models import Property
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

HEADER = (
    "uprn,address_line_1,address_line_2,address_line_3,address_line_4,town,postcode,"
    "easting,northing,classification,polling_district_code\n"
)


def text_of(response) -> str:
    """The page as a person reads it: tags removed, spaces collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.split())


@pytest.fixture
def street(db):
    district = PollingDistrictFactory(code="NA1", name="North A")
    return [
        PropertyFactory(
            uprn=100 + n,
            address_line_1=f"{n} Acacia Avenue",
            postcode="EX1 2AB",
            polling_district=district,
            street="Acacia Avenue",
            sort_key=f"{n:07d}0",
        )
        for n in (2, 4, 6)
    ]


@pytest.mark.parametrize("query", ["102", "ex1 2ab", "EX1", "acacia 2", "ACACIA"])
def test_search_finds_a_property_by_uprn_postcode_or_address(reader_client, street, query):
    response = reader_client.get(reverse("gazetteer:property_search"), {"q": query})
    assert response.status_code == 200
    assert "2 Acacia Avenue" in response.content.decode()


def test_search_results_link_the_address_and_show_the_uprn(reader_client, street):
    page = reader_client.get(reverse("gazetteer:property_search"), {"q": "102"}).content.decode()
    href = reverse("gazetteer:property", args=[102])
    assert f'<a class="govuk-link" href="{href}">2 Acacia Avenue, Exampleton</a>' in page
    assert '<td class="govuk-table__cell">102</td>' in page


def test_search_with_no_match_says_so(reader_client, street):
    response = reader_client.get(reverse("gazetteer:property_search"), {"q": "Nowhere Lane"})
    assert "0 properties found for ‘Nowhere Lane’" in response.content.decode()


def test_property_page_shows_district_electors_and_history(reader_client, street):
    prop = street[0]
    ada = ElectorFactory(property=prop, first_names="Ada", surname="Lovelace")
    secret = ElectorFactory(
        property=prop, first_names="Secret", surname="Person", anonymous=True, number=7
    )
    AuditEvent.objects.create(
        actor="officer", action="property.updated", object_type="property", object_id="102"
    )
    page = reader_client.get(reverse("gazetteer:property", args=[102])).content.decode()
    assert "NA1 North A" in page
    # Each elector links to their entry in the register.
    ada_href = reverse("register:elector", args=[ada.pk])
    assert f'<a class="govuk-link" href="{ada_href}">Ada Lovelace</a>' in page
    # An anonymous elector is not listed to a read-only user at all: the address is the secret.
    secret_href = reverse("register:elector", args=[secret.pk])
    assert secret_href not in page
    assert "Secret" not in page
    assert "Anonymous" not in page
    assert reader_client.get(ada_href).status_code == 200
    assert "property.updated" in page


def test_property_page_lists_an_anonymous_elector_to_an_officer_by_number_only(
    officer_client, street
):
    secret = ElectorFactory(
        property=street[0], first_names="Secret", surname="Person", anonymous=True, number=7
    )
    page = officer_client.get(reverse("gazetteer:property", args=[102])).content.decode()
    secret_href = reverse("register:elector", args=[secret.pk])
    assert (
        f'<a class="govuk-link" href="{secret_href}">Anonymous elector'
        '<span class="govuk-visually-hidden"> NA1-7</span></a>'
    ) in page
    assert "Secret" not in page


def test_unknown_property_is_not_found(reader_client, db):
    assert reader_client.get(reverse("gazetteer:property", args=[9])).status_code == 404


def test_district_list_counts_properties_and_electors_in_one_query(
    reader_client, street, django_assert_max_num_queries
):
    ElectorFactory(property=street[0])
    PollingDistrictFactory(code="NB1")
    reader_client.get(reverse("gazetteer:district_list"))  # warm the session
    with django_assert_max_num_queries(8):
        response = reader_client.get(reverse("gazetteer:district_list"))
    page = text_of(response)
    assert re.search(r"NA1 North A Ward \d+ – 3 1 ", page)
    assert re.search(r"NB1 District \d+ Ward \d+ – 0 0 ", page)
    assert "Total 3 1" in page


def test_district_page_lists_its_properties_in_street_order(reader_client, street):
    page = reader_client.get(reverse("gazetteer:district", args=["NA1"])).content.decode()
    assert page.index("2 Acacia Avenue") < page.index("4 Acacia Avenue") < page.index("6 Acacia")


def test_unallocated_report_lists_live_residential_properties_only(reader_client, db):
    PropertyFactory(address_line_1="1 Lost Lane", polling_district=None)
    PropertyFactory(
        address_line_1="2 Lost Lane", polling_district=None, classification="commercial"
    )
    PropertyFactory(address_line_1="3 Lost Lane", polling_district=None, status="historic")
    page = reader_client.get(reverse("gazetteer:unallocated")).content.decode()
    assert "1 Lost Lane" in page
    assert "2 Lost Lane" not in page and "3 Lost Lane" not in page


def test_historic_with_electors_report(reader_client, street):
    Property.objects.filter(uprn=104).update(status="historic")
    ElectorFactory(property=street[1])
    page = reader_client.get(reverse("gazetteer:historic_with_electors")).content.decode()
    assert "4 Acacia Avenue" in page and "2 Acacia Avenue" not in page


def test_the_old_reallocation_address_leads_to_the_register_page(officer_client, street):
    # Moving properties moves their electors too, so the page is the register's.
    response = officer_client.get(reverse("gazetteer:reallocate"))
    assert response.status_code == 302
    assert response["Location"] == reverse("register:move_properties")
    page = officer_client.get(reverse("gazetteer:property_search")).content.decode()
    assert reverse("register:move_properties") in page


def test_uploading_a_gazetteer_runs_a_job(
    officer_client, db, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    PollingDistrictFactory(code="NA1")
    upload = SimpleUploadedFile("g.csv", (HEADER + "5,1 A Road,,,,T,EX1 2AB,,,,NA1\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    job = Job.objects.get()
    assert response.url == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", (job.message, job.errors)
    assert job.result["added"] == 1
    assert Property.objects.get(uprn=5).polling_district.code == "NA1"


def test_a_rejected_upload_shows_every_error_on_the_job_page(
    officer_client, db, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("g.csv", (HEADER + "x,1 A Road,,,,T,EX1 2AB,,,,\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    page = officer_client.get(response.url).content.decode()
    assert "g.csv:2:uprn: &#39;x&#39; is not a UPRN (expected 1 to 12 digits)" in page


def test_a_non_csv_upload_is_refused_with_a_clear_message(officer_client, db):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    page = response.content.decode()
    assert "photo.png must be a CSV file (.csv or .tsv)." in page
    assert "<title>Error: " in page
    assert not Job.objects.exists()


def test_an_oversized_upload_is_refused(officer_client, db, settings):
    settings.EMS_MAX_UPLOAD_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.csv", HEADER.encode() + b"1" * (1024 * 1024 + 1))
    response = officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    assert "big.csv is larger than 1 MB; the limit for uploads." in response.content.decode()
    assert not Job.objects.exists()


def test_only_a_manager_may_upload_districts(officer_client, db):
    assert officer_client.get(reverse("gazetteer:upload_districts")).status_code == 403


def test_districts_upload_page_is_there_for_a_manager(manager_client, db):
    response = manager_client.get(reverse("gazetteer:upload_districts"))
    assert "Import wards and polling districts" in response.content.decode()


def test_property_page_puts_the_address_on_lines_and_links_the_district(reader_client, street):
    page = reader_client.get(reverse("gazetteer:property", args=[102])).content.decode()
    assert "2 Acacia Avenue<br>Exampleton<br>EX1 2AB" in page
    href = reverse("gazetteer:district", args=["NA1"])
    assert f'<a class="govuk-link" href="{href}">NA1 North A</a>' in page
    assert "&lt;" not in page
