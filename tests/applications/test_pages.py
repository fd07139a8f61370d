import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ems.applications import services
from ems.applications.models import Application
from ems.applications.sources import FileApplicationSource
from tests.gazetteer.factories import PropertyFactory
from tests.register.factories import ElectorFactory

from .factories import item, write_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return PropertyFactory(address_line_1="12 Acacia Avenue", postcode="EX1 2AB")


def load(tmp_path, items):
    path = write_batch(tmp_path, items)
    services.batch_import(source=FileApplicationSource(path), acting_user=None)


def test_index_shows_queues_and_batch_duplicates(officer_client, tmp_path, home):
    ElectorFactory(
        property=home, first_names="Alice", surname="Example1", date_of_birth=date(1990, 4, 1)
    )
    load(tmp_path, [item(1, address={"uprn": home.uprn}), item(2, dwp_result="no_match")])
    page = officer_client.get(reverse("applications:index")).content.decode()
    assert "Awaiting address match" in page and "Ready to determine" in page
    assert "B-1" in page and "Applications" in page


def test_address_matching_on_the_application_page(officer_client, tmp_path, home):
    PropertyFactory(address_line_1="21 Acacia Avenue", postcode="EX1 2AB")
    load(tmp_path, [item(1, address={"lines": ["12 Acacia Ave"]})])
    app = Application.objects.get()
    url = reverse("applications:detail", args=[app.pk])
    page = officer_client.get(url).content.decode()
    assert page.index("12 Acacia Avenue") < page.index("21 Acacia Avenue")
    response = officer_client.post(url, {"action": "confirm_property", "uprn": home.uprn})
    assert response.status_code == 302
    page = officer_client.get(url).content.decode()
    assert "Address confirmed: 12 Acacia Avenue" in page
    assert f"UPRN {home.uprn}" in page


def test_verify_and_determine_through_the_page(officer_client, tmp_path, home):
    load(tmp_path, [item(1, dwp_result="no_match", address={"uprn": home.uprn})])
    app = Application.objects.get()
    url = reverse("applications:detail", args=[app.pk])
    assert "Awaiting verification" in officer_client.get(url).content.decode()
    officer_client.post(url, {"action": "verify", "route": "attestation", "detail": "J Smith"})
    page = officer_client.get(url).content.decode()
    assert "Verified by <strong>Attestation</strong>" in page
    assert "In objection period" in page
    page = officer_client.post(url, {"action": "determine", "decision": "approve"}).content.decode()
    assert "cannot be approved yet: In objection period" in page
    Application.objects.filter(pk=app.pk).update(listed_on=date.today() - timedelta(days=20))
    response = officer_client.post(url, {"action": "determine", "decision": "approve"})
    assert response.status_code == 302
    page = officer_client.get(url).content.decode()
    assert "Application approved" in page and "Pending addition" in page
    letter = app.letters.get(kind="approval")
    pdf = officer_client.get(reverse("applications:letter", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_reject_needs_a_reason(officer_client, tmp_path, home):
    load(tmp_path, [item(1, address={"uprn": home.uprn})])
    url = reverse("applications:detail", args=[Application.objects.get().pk])
    page = officer_client.post(url, {"action": "determine", "decision": "reject"}).content.decode()
    assert "Give the reason for rejecting the application" in page


def test_paper_form_validates_nino(officer_client, home):
    url = reverse("applications:paper")
    data = {
        "route": "ordinary",
        "received_on": "2025-06-02",
        "first_names": "Pat",
        "surname": "Paper",
        "date_of_birth": "1970-01-01",
        "nationality": "GB",
        "nino": "QQ123456C",
        "address_lines": "12 Acacia Avenue",
        "postcode": "ex1 2ab",
    }
    page = officer_client.post(url, data).content.decode()
    assert "<title>Error: Key in a paper application" in page
    assert "Enter a National Insurance number in the correct format" in page
    response = officer_client.post(url, {**data, "nino": "AB 12 34 56 C"})
    assert response.status_code == 302
    app = Application.objects.get()
    assert (
        app.nino == "AB123456C" and app.channel == "paper" and app.received_on == date(2025, 6, 2)
    )


def test_bulk_close_duplicates_page(officer_client, tmp_path, home):
    ElectorFactory(
        property=home, first_names="Alice", surname="Example1", date_of_birth=date(1990, 4, 1)
    )
    load(tmp_path, [item(1, address={"uprn": home.uprn})])
    page = officer_client.get(reverse("applications:queue", args=["duplicates"])).content.decode()
    assert "Already registered at this address" in page
    app = Application.objects.get()
    response = officer_client.post(
        reverse("applications:close_duplicates"), {"application": [app.pk]}, follow=True
    )
    assert "1 closed as duplicates, 0 closed as changes of address" in response.content.decode()


def test_reader_sees_but_cannot_change(reader_client, tmp_path, home):
    load(tmp_path, [item(1, address={"uprn": home.uprn})])
    url = reverse("applications:detail", args=[Application.objects.get().pk])
    page = reader_client.get(url).content.decode()
    assert "Save decision" not in page
    assert reader_client.post(url, {"action": "acknowledge"}).status_code == 403
    assert reader_client.get(reverse("applications:paper")).status_code == 403


def test_uploading_a_batch_runs_a_job_and_lists_the_bad_records(
    officer_client, tmp_path, settings, django_capture_on_commit_callbacks, home
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ems.core.models import Job

    from .factories import batch

    settings.MEDIA_ROOT = tmp_path
    data = json.dumps(batch([item(1), item(2, applicant={"nino": "bad"})], "B-WEB")).encode()
    upload = SimpleUploadedFile("online.json", data, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("applications:batch_upload"), {"file": upload})
    job = Job.objects.get()
    assert response.url == reverse("core:job", args=[job.pk])
    page = officer_client.get(response.url).content.decode()
    assert "Succeeded" in page and "Records skipped" in page
    assert "online.json:2:applicant.nino: not a National Insurance number" in page
    assert Application.objects.get().reference == "IER-000001"
    batch_page = officer_client.get(reverse("applications:index")).content.decode()
    assert "B-WEB" in batch_page
    from ems.applications.models import Batch

    detail = officer_client.get(reverse("applications:batch", args=[Batch.objects.get().pk]))
    assert "online.json:2:applicant.nino" in detail.content.decode()


def test_uploading_a_batch_all_or_nothing_imports_nothing(
    officer_client, tmp_path, settings, django_capture_on_commit_callbacks, home
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import batch

    settings.MEDIA_ROOT = tmp_path
    data = json.dumps(batch([item(1), item(2, applicant={"nino": "bad"})])).encode()
    upload = SimpleUploadedFile("online.json", data)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("applications:batch_upload"), {"file": upload, "all_or_nothing": "on"}
        )
    page = officer_client.get(response.url).content.decode()
    assert "Failed" in page and "nothing was imported" in page
    assert Application.objects.count() == 0


def test_uploading_something_other_than_json_is_refused(officer_client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("batch.csv", b"a,b\n1,2\n")
    response = officer_client.post(reverse("applications:batch_upload"), {"file": upload})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "batch.csv must be an IER DS batch file (.json)" in page


def test_readers_cannot_upload_batches(reader_client):
    assert reader_client.get(reverse("applications:batch_upload")).status_code == 403


def test_the_matched_property_is_a_link_to_its_page(officer_client, tmp_path, home):
    load(tmp_path, [item(1, address={"uprn": home.uprn})])
    page = officer_client.get(reverse("applications:detail", args=[Application.objects.get().pk]))
    html = page.content.decode()
    href = reverse("gazetteer:property", args=[home.uprn])
    assert f'<a class="govuk-link" href="{href}">{home} (UPRN {home.uprn})</a>' in html
    assert "&lt;a" not in html
