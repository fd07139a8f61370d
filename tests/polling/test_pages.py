"""Officer pages: VIEW to see, MANAGE to change."""

from django.test import Client

from ems.core.models import Job
from ems.polling.models import PollCardRun, PollingStation


def test_scheme_page_shows_stations_electors_and_staff(reader_client, scheme):
    response = reader_client.get(f"/polling/day/{scheme.day.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Station 1 (Main hall)" in text and "NA1 1-3" in text and "NA1 4-end" in text
    assert "1 presiding officer, 1 poll clerk" in text
    assert "Add a polling station" not in text  # read-only users see no forms


def test_reader_cannot_change_the_scheme(reader_client, scheme):
    response = reader_client.post(
        f"/polling/day/{scheme.day.pk}/", {"add_station": "1", "polling_place": scheme.hut.pk}
    )
    assert response.status_code == 403


def test_sign_in_needed_for_officer_pages(client, scheme):
    response = client.get(f"/polling/day/{scheme.day.pk}/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_manager_adds_station_and_assigns_district(manager_client, scheme):
    response = manager_client.post(
        f"/polling/day/{scheme.day.pk}/",
        {"add_station": "1", "polling_place": scheme.hut.pk, "name": "Annexe"},
    )
    station = PollingStation.objects.get(name="Annexe")
    assert response.status_code == 302 and response["Location"] == f"/polling/station/{station.pk}/"
    response = manager_client.post(
        f"/polling/station/{station.pk}/", {"assign": "1", "polling_district": scheme.na1.pk}
    )
    text = response.content.decode()
    assert "<title>Error: " in text
    assert "already served" in text


def test_station_page_booking(manager_client, scheme):
    url = f"/polling/station/{scheme.station1.pk}/"
    response = manager_client.post(
        url, {"booking": "1", "status": "confirmed", "contact_name": "Vicar", "cost": "85.50"}
    )
    assert response.status_code == 302
    text = manager_client.get(url).content.decode()
    assert "Confirmed" in text and "£85.50" in text


def test_poll_card_job_and_reconciliation_view(
    manager_client, reader, scheme, django_capture_on_commit_callbacks
):
    reader_client = Client()
    reader_client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/polling/day/{scheme.day.pk}/poll-cards/")
    job = Job.objects.get(kind="polling.poll_cards")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED, job.message
    run = PollCardRun.objects.get()
    assert job.result["poll_card_run"] == run.pk and job.result["reconciled"] == "yes"
    job_page = manager_client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/polling/poll-cards/{run.pk}/"' in job_page
    assert "See the poll card files and the reconciliation report" in job_page
    assert "next_url" not in job_page.lower().replace(" ", "_")
    text = reader_client.get(f"/polling/poll-cards/{run.pk}/").content.decode()
    assert "Reconciled: every entitled elector has exactly one card." in text
    assert "Print file for the supplier" not in text  # files hold names: managers only
    assert reader_client.get(f"/polling/poll-cards/{run.pk}/supplier/").status_code == 403
    response = manager_client.get(f"/polling/poll-cards/{run.pk}/supplier/")
    assert response.status_code == 200
    assert b"Alice" in b"".join(response.streaming_content)
    listing = reader_client.get(f"/polling/day/{scheme.day.pk}/poll-cards/").content.decode()
    assert "Produce poll cards" not in listing


def test_equipment_page(manager_client, scheme):
    url = f"/polling/day/{scheme.day.pk}/equipment/"
    manager_client.post(url, {"add": "1", "kind": "ballot_box", "labels": "BB-001\nBB-002",
                              "seal_numbers": "S1\nS2"})  # fmt: skip
    response = manager_client.post(
        url, {"round": "1", "kind": "delivery", "name": "North", "date": "06/05/2026",
              "stations": "3, 1"}
    )  # fmt: skip
    assert response.status_code == 302
    text = manager_client.get(url).content.decode()
    assert "BB-002" in text and "Delivery round North" in text
