from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ems.applications import services
from ems.applications.models import Application, DeletionNotice, LetterTemplate, Review
from ems.applications.sources import FileApplicationSource
from ems.core.models import Job
from ems.register.models import Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

from .factories import item, write_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return PropertyFactory(
        address_line_1="1 Acacia Avenue", postcode="EX1 2AB",
        polling_district=PollingDistrictFactory(code="NA1"),
    )  # fmt: skip


def test_start_a_review_send_the_notice_and_see_the_letter(officer_client, home):
    elector = ElectorFactory(property=home, first_names="Rex", surname="Review")
    response = officer_client.post(
        reverse("applications:reviews"),
        {"elector": elector.elector_number, "grounds": "Council tax shows a new occupier"},
    )
    review = Review.objects.get()
    assert response.url == reverse("applications:review", args=[review.pk])
    officer_client.post(response.url, {"action": "notice"})
    page = officer_client.get(response.url).content.decode()
    assert "Notice of review created." in page and "Notice of review letter (PDF)" in page
    page = officer_client.post(
        response.url, {"action": "decide", "decision": "remove", "reason": "Left"}
    ).content.decode()
    assert "The review cannot be decided yet: the elector may ask for a hearing until" in page


def test_unknown_elector_number_is_an_error(officer_client, home):
    page = officer_client.post(
        reverse("applications:reviews"), {"elector": "ZZ9-99", "grounds": "x"}
    ).content.decode()
    assert "<title>Error: " in page and "Enter the elector number of a current entry" in page


def test_death_file_upload_matches_and_officer_confirms(
    officer_client, home, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    dead = ElectorFactory(
        property=home, first_names="Ada", surname="Gone", date_of_birth=date(1930, 1, 2)
    )
    text = (
        "surname,first_names,date_of_birth,date_of_death,address,postcode,uprn\n"
        f"Gone,Ada,1930-01-02,2025-05-01,1 Acacia Avenue,EX1 2AB,{home.uprn}\n"
    )
    upload = SimpleUploadedFile("deaths.csv", text.encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("applications:death_upload"), {"file": upload})
    assert response.url == reverse("core:job", args=[Job.objects.get().pk])
    page = officer_client.get(reverse("applications:deletions")).content.decode()
    assert "Ada Gone" in page and "Name, date of birth and address agree" in page
    notice = DeletionNotice.objects.get()
    officer_client.post(reverse("applications:deletions_confirm"), {"notice": [notice.pk]})
    dead.refresh_from_db()
    assert dead.status == Elector.Status.DELETED
    page = officer_client.get(reverse("applications:deletions")).content.decode()
    assert "1 entries deleted" in page and "No notices waiting." in page


def test_registered_elsewhere_form(officer_client, home):
    elector = ElectorFactory(property=home)
    response = officer_client.post(
        reverse("applications:registered_elsewhere"),
        {"elector": elector.elector_number, "other_council": "Exampleshire DC"},
    )
    assert response.url == reverse("applications:deletions")
    page = officer_client.get(response.url).content.decode()
    assert "Registered at an address elsewhere" in page and "Exampleshire DC" in page


def test_manager_edits_a_letter_and_officers_cannot(manager_client, officer, home):
    url = reverse("applications:letter_template", args=["approval"])
    page = manager_client.get(url).content.decode()
    assert "Merge fields" in page and "application.decision_reason" in page
    page = manager_client.post(
        url, {"subject": "Registered", "body": "{{ application.nothing }}"}
    ).content.decode()
    assert "<title>Error: " in page and "The template cannot be used" in page
    response = manager_client.post(url, {"subject": "Registered", "body": "Dear friend"})
    assert response.status_code == 302
    assert LetterTemplate.objects.get(kind="approval").body == "Dear friend"
    manager_client.post(url, {"action": "reset", "subject": "", "body": ""})
    assert LetterTemplate.objects.count() == 0
    manager_client.force_login(officer)
    assert manager_client.get(url).status_code == 403


def test_print_batch_download(officer_client, tmp_path, home):
    path = write_batch(tmp_path, [item(1, address={"uprn": home.uprn})])
    services.batch_import(source=FileApplicationSource(path), acting_user=None)
    services.letter_generate(
        application=Application.objects.get(), kind="acknowledgement", acting_user=None
    )
    page = officer_client.get(reverse("applications:letter_templates")).content.decode()
    assert "1 letters are waiting to be printed" in page
    response = officer_client.post(reverse("applications:letters_print"))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert (
        "0 letters are waiting"
        in officer_client.get(reverse("applications:letter_templates")).content.decode()
    )


def test_statistics_page_and_csv(reader_client, tmp_path, home):
    path = write_batch(
        tmp_path, [item(1, address={"uprn": home.uprn}), item(2, dwp_result="no_match")]
    )
    services.batch_import(source=FileApplicationSource(path), acting_user=None)
    app = Application.objects.get(reference="IER-000001")
    Application.objects.filter(pk=app.pk).update(
        outcome="approved", determined_on=date(2025, 6, 12)
    )
    page = reader_client.get(reverse("applications:statistics")).content.decode()
    assert "June 2025" in page
    csv_text = reader_client.get(reverse("applications:statistics") + "?format=csv").content
    lines = csv_text.decode().splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(","), strict=True))
    assert row["month"] == "2025-06" and row["received"] == "2"
    assert row["channel:online"] == "2" and row["outcome:approved"] == "1"
    assert row["verified_by:dwp"] == "1" and row["verified_by:none"] == "1"
    assert row["determined"] == "1" and row["mean_days_to_determine"] == "10.0"


def test_dismiss_a_notice_needs_a_reason(officer_client, home):
    notice = services.registered_elsewhere_add(
        elector=ElectorFactory(property=home), other_council="X DC", acting_user=None
    )
    url = reverse("applications:deletion_dismiss", args=[notice.pk])
    officer_client.post(url, {"reason": ""})
    page = officer_client.get(reverse("applications:deletions")).content.decode()
    assert "Give the reason for dismissing the notice." in page
    officer_client.post(url, {"reason": "Not our elector"})
    notice.refresh_from_db()
    assert notice.status == DeletionNotice.Status.DISMISSED
