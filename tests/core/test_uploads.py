"""Uploads: refused before the body is read, kept owner-only, deleted when their job is done."""

import os
import stat
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ems.absent_voting.images import private_root, save_image
from ems.core.errors import InvalidInput
from ems.core.jobs import job_start
from ems.core.models import AuditEvent, Job
from ems.core.uploads import job_upload_discard, save_csv_upload, upload_kept, uploads_root
from tests.gazetteer.factories import PollingDistrictFactory

HEADER = (
    "uprn,address_line_1,address_line_2,address_line_3,address_line_4,town,postcode,"
    "easting,northing,classification,polling_district_code\n"
)
MB = 1024 * 1024


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def kept_files(media) -> list:
    return [p for p in (media / "uploads").rglob("*") if p.is_file()]


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_upload_over_the_limit_is_refused_with_413_and_nothing_is_saved(
    officer_client, media, settings
):
    settings.EMS_MAX_UPLOAD_BYTES = MB
    upload = SimpleUploadedFile("big.csv", HEADER.encode() + b"1" * (2 * MB))
    response = officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    assert response.status_code == 413
    assert "The file is larger than 1 MB, the limit for uploads." in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert not (media / "uploads").exists()
    assert not Job.objects.exists()


def test_a_limit_under_a_megabyte_is_named_in_kilobytes(officer_client, media, settings):
    """A council that sets a small limit is told it, not "larger than 0 MB"."""
    settings.EMS_MAX_UPLOAD_BYTES = 100_000
    upload = SimpleUploadedFile("gazetteer.csv", HEADER.encode() + b"1" * 150_000)
    page = officer_client.post(
        reverse("gazetteer:upload_gazetteer"), {"file": upload}
    ).content.decode()
    assert "gazetteer.csv is larger than 98 KB" in page
    assert "0 MB" not in page
    assert not (media / "uploads").exists()


def test_the_declared_length_is_refused_before_the_body_is_read(officer_client, media):
    # The body is small; only the length the browser declares is too large.
    upload = SimpleUploadedFile("g.csv", (HEADER + "5,1 A Road,,,,T,EX1 2AB,,,,NA1\n").encode())
    response = officer_client.post(
        reverse("gazetteer:upload_gazetteer"), {"file": upload}, CONTENT_LENGTH=str(50 * 2**30)
    )
    assert response.status_code == 413
    assert not Job.objects.exists()


def test_a_signed_out_upload_is_refused_and_nothing_is_saved(client, db, media):
    upload = SimpleUploadedFile("g.csv", (HEADER + "5,1 A Road,,,,T,EX1 2AB,,,,NA1\n").encode())
    response = client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    assert response.status_code == 403
    assert "Sign in before uploading a file." in response.content.decode()
    assert not (media / "uploads").exists()


def test_a_large_signed_out_form_is_refused(client, db):
    body = "username=" + "x" * (2 * MB) + "&password=y"
    response = client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_a_kept_upload_is_readable_by_its_owner_only(media):
    old_umask = os.umask(0o022)  # the usual umask would make files world-readable
    try:
        path = save_csv_upload(SimpleUploadedFile("r.csv", b"a,b\n1,2\n"), purpose="register")
    finally:
        os.umask(old_umask)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(uploads_root()) == 0o700


def test_signatures_are_kept_readable_by_their_owner_only(media):
    old_umask = os.umask(0o022)
    try:
        relative = save_image(b"\x89PNG\r\n\x1a\n" + b"\0" * 20, purpose="signatures")
    finally:
        os.umask(old_umask)
    assert mode(private_root() / relative) == 0o600
    assert mode(private_root() / "signatures") == 0o700


def test_the_upload_is_deleted_after_its_job_succeeds(
    officer_client, media, django_capture_on_commit_callbacks
):
    PollingDistrictFactory(code="NA1")
    upload = SimpleUploadedFile("g.csv", (HEADER + "5,1 A Road,,,,T,EX1 2AB,,,,NA1\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    assert job.params["path"].startswith(str(media / "uploads"))
    assert kept_files(media) == []


def test_the_upload_is_deleted_after_its_job_fails(
    officer_client, media, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("g.csv", (HEADER + "x,1 A Road,,,,T,EX1 2AB,,,,\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("gazetteer:upload_gazetteer"), {"file": upload})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert kept_files(media) == []


def test_a_file_named_on_the_command_line_is_never_deleted(officer, media, tmp_path):
    own = tmp_path / "council.csv"
    own.write_text(HEADER)
    job = job_start(
        kind="gazetteer.import",
        title="Gazetteer",
        params={"path": str(own), "display_name": "council.csv", "delete_after": True},
        acting_user=officer,
    )
    job_upload_discard(job)
    assert own.exists()


def test_an_upload_read_while_the_person_waits_is_deleted_even_when_refused(media):
    with (
        pytest.raises(InvalidInput),
        upload_kept(SimpleUploadedFile("t.csv", b"a,b\n1,2\n"), purpose="staffing") as path,
    ):
        assert path.exists()
        raise InvalidInput("t.csv:2:a: not a date")
    assert kept_files(media) == []


def _aged(path, days: float):
    when = time.time() - days * 86400
    os.utime(path, (when, when))
    return path


def test_purge_uploads_deletes_only_old_files_no_job_still_needs(officer, media, capsys):
    old = _aged(save_csv_upload(SimpleUploadedFile("a.csv", b"a\n1\n"), purpose="x"), 3)
    recent = _aged(save_csv_upload(SimpleUploadedFile("b.csv", b"a\n1\n"), purpose="x"), 1)
    waiting = _aged(save_csv_upload(SimpleUploadedFile("c.csv", b"a\n1\n"), purpose="x"), 9)
    Job.objects.create(kind="gazetteer.import", title="Waiting", params={"path": str(waiting)})
    call_command("purge_uploads")
    assert "1 uploaded files older than 2 days deleted." in capsys.readouterr().out
    assert not old.exists() and recent.exists() and waiting.exists()
    call_command("purge_uploads", "--older-than-days", "0")
    assert not recent.exists() and waiting.exists()
    assert AuditEvent.objects.filter(action="uploads.purged").count() == 2
