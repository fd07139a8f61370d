"""The supply log and the publication pages."""

import datetime

import pytest
from django.urls import reverse

from ems.core.errors import EmsError, InvalidInput, NotPermitted
from ems.core.models import AuditEvent, Job
from ems.register.models import Edition, NoticeOfAlteration, Recipient, Supply
from ems.register.publication import register_publish
from ems.register.supply import recipient_create, register_supply
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

ON = datetime.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def electors(db):
    district = PollingDistrictFactory(code="NA1", name="North A")
    ElectorFactory(
        property=PropertyFactory(polling_district=district, street="Oak Road"),
        number=1,
        surname="Visible",
    )
    ElectorFactory(
        property=PropertyFactory(
            polling_district=district, address_line_1="9 Secret Street", street="Secret Street"
        ),
        number=2,
        surname="Hiddenname",
        anonymous=True,
    )
    return district


@pytest.fixture
def editions(electors):
    return (
        register_publish(kind="full", acting_user=None, published_on=ON),
        register_publish(kind="open", acting_user=None, published_on=ON),
    )


@pytest.fixture
def buyer(db):
    return recipient_create(
        name="Direct Mail Ltd",
        legal_basis="RPR 2001 Part VI: sale of the open register",
        open_register_only=True,
        acting_user=None,
    )


@pytest.fixture
def party(db):
    return recipient_create(name="Example Party", legal_basis="RPR 2001 reg 103", acting_user=None)


def test_recipient_create_is_audited(buyer):
    event = AuditEvent.objects.get(action="recipient.create")
    assert event.object_id == str(buyer.pk)
    assert event.after["open_register_only"] is True


def test_recipient_needs_a_name_and_legal_basis(db):
    with pytest.raises(InvalidInput, match="regulation"):
        recipient_create(name="Someone", legal_basis=" ", acting_user=None)
    assert not Recipient.objects.exists()


def test_only_a_manager_adds_recipients(officer):
    with pytest.raises(NotPermitted):
        recipient_create(name="X", legal_basis="Y", acting_user=officer)


def test_supply_of_the_open_register_to_a_buyer_is_recorded(editions, buyer, officer):
    _, open_edition = editions
    supply = register_supply(
        recipient=buyer, edition=open_edition, acting_user=officer, supplied_on=ON
    )
    assert supply.legal_basis == buyer.legal_basis
    assert supply.file_format == "csv"
    event = AuditEvent.objects.get(action="supply.record")
    assert event.after["edition_kind"] == "open"
    assert event.actor == "officer"


def test_full_register_refused_to_an_open_register_only_recipient(editions, buyer):
    full, _ = editions
    with pytest.raises(EmsError, match="open register only, not the full register"):
        register_supply(recipient=buyer, edition=full, acting_user=None, supplied_on=ON)
    assert not Supply.objects.exists()
    assert not AuditEvent.objects.filter(action="supply.record").exists()


def test_full_register_supplied_to_an_entitled_recipient(editions, party):
    full, _ = editions
    supply = register_supply(
        recipient=party, edition=full, acting_user=None, legal_basis="RPR 2001 reg 103(1)"
    )
    assert supply.legal_basis == "RPR 2001 reg 103(1)"


def test_a_reader_cannot_record_a_supply(editions, party, reader):
    with pytest.raises(NotPermitted):
        register_supply(recipient=party, edition=editions[0], acting_user=reader)


# ------------------------------------------------------------------ pages


def test_editions_page_lists_and_downloads_the_same_bytes(editions, officer, officer_client):
    page = officer_client.get(reverse("register:editions"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Full register" in text and "Open register" in text
    assert "Publish an edition" not in text  # officers cannot publish
    full, _ = editions
    response = officer_client.get(reverse("register:edition_download", args=[full.pk]))
    body = b"".join(response.streaming_content)
    from ems.register.publication import edition_file

    assert body == edition_file(full).read_bytes()
    assert response["Content-Disposition"].startswith("attachment")
    assert b"Hiddenname" not in body
    event = AuditEvent.objects.get(action="edition.downloaded")
    assert (event.user, event.object_id) == (officer, str(full.pk))


def test_a_reader_may_download_the_open_register_but_not_the_full_one(editions, reader_client):
    full, open_edition = editions
    assert open_edition.kind == "open"
    response = reader_client.get(reverse("register:edition_download", args=[open_edition.pk]))
    assert response.status_code == 200
    response = reader_client.get(reverse("register:edition_download", args=[full.pk]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="edition.downloaded", object_id=str(full.pk))


def test_publish_page_runs_the_job(electors, manager_client, django_capture_on_commit_callbacks):
    page = manager_client.get(reverse("register:edition_publish"))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("register:edition_publish"),
            {
                "kind": "open",
                "file_format": "csv",
                "polling_district": "",
                "published_on": "01/12/2025",
            },
        )
    job = Job.objects.get(kind="register.publish")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    edition = Edition.objects.get()
    assert edition.kind == "open"
    assert edition.published_on == ON
    assert edition.created_by.username == "manager"
    assert job.result["entries_published"] == 1


def test_publish_page_shows_errors(electors, manager_client):
    response = manager_client.post(
        reverse("register:edition_publish"),
        {"kind": "open", "file_format": "csv", "published_on": "31/31/2025"},
    )
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("url_name", ["register:edition_publish", "register:recipient_add"])
def test_officers_cannot_publish_or_add_recipients(officer_client, url_name):
    assert officer_client.get(reverse(url_name)).status_code == 403


def test_administrators_cannot_see_editions(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("register:editions")).status_code == 403


def test_record_supply_page_refuses_full_register_to_buyer(editions, buyer, officer_client):
    full, open_edition = editions
    response = officer_client.post(
        reverse("register:supply_add"),
        {"recipient": buyer.pk, "edition": full.pk, "supplied_on": "02/12/2025"},
    )
    assert response.status_code == 200
    assert "open register only, not the full register" in response.content.decode()
    response = officer_client.post(
        reverse("register:supply_add"),
        {"recipient": buyer.pk, "edition": open_edition.pk, "supplied_on": "02/12/2025"},
    )
    assert response.status_code == 302
    page = officer_client.get(reverse("register:recipients")).content.decode()
    assert "Direct Mail Ltd" in page
    assert "2 December 2025" in page


def test_add_recipient_page(manager_client):
    response = manager_client.post(
        reverse("register:recipient_add"),
        {"name": "British Library", "legal_basis": "RPR 2001 Part VI", "contact": ""},
    )
    assert response.status_code == 302
    assert Recipient.objects.get().open_register_only is False


def test_notice_pages(electors, manager_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("register:notice_publish"),
            {
                "kind": "monthly",
                "period_start": "02/11/2025",
                "period_end": "01/12/2025",
                "published_on": "01/12/2025",
            },
        )
    # The notice is written by a background job; the job page shows it finished.
    job = Job.objects.get(kind="register.notice")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    job_page = manager_client.get(response["Location"]).content.decode()
    assert "Succeeded" in job_page
    assert "See the notices of alteration" in job_page
    notice = NoticeOfAlteration.objects.get()
    page = manager_client.get(reverse("register:notices")).content.decode()
    assert "Monthly notice" in page
    assert notice.alteration_count == 0


def test_notice_download_refuses_other_paths(electors, manager_client):
    notice = NoticeOfAlteration.objects.create(
        kind="monthly", published_on=ON, period_start=ON, period_end=ON
    )
    response = manager_client.get(
        reverse("register:notice_download", args=[notice.pk, "..%2F..%2Fsettings.py"])
    )
    assert response.status_code == 404


def test_readers_see_no_download_link_for_the_full_register(editions, reader_client):
    full, open_edition = editions
    page = reader_client.get(reverse("register:editions")).content.decode()
    assert reverse("register:edition_download", args=[open_edition.pk]) in page
    assert reverse("register:edition_download", args=[full.pk]) not in page
    assert "Officers and managers only" in page
