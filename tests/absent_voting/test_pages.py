"""Absent voting pages: what officers and read-only users see and can do."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ems.absent_voting import services
from ems.absent_voting.models import (
    AbsentVoteApplication,
    Arrangement,
    Letter,
    Notice,
    OverseasDeclaration,
    RejectedStatement,
    VacApplication,
)
from ems.core.models import AuditEvent, Job
from tests.elections.factories import ElectionFactory, PollingDayFactory

from .conftest import PNG, at


@pytest.fixture
def reader_too(reader):
    """A second browser for a read-only user, beside the officer's."""
    other = Client()
    other.force_login(reader)
    return other


def _png(name="signature.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _paper_postal(client, number="NA1-1", slug="postal", **extra):
    data = {
        "elector_number": number,
        "received_on": "2026-03-01",
        "received_time": "10:30",
        "scope": "standing",
        "date_of_birth": "1980-01-01",
        "nino": "JG 10 37 59 A",
        "signature": _png(),
        **extra,
    }
    return client.post(reverse("absent_voting:paper", args=[slug]), data)


def _app(scheme, elector, **values):
    data = {"kind": "postal", "scope": "standing", "elector": elector,
            "date_of_birth": dt.date(1980, 1, 1), "received_at": at(2026, 3, 1)}  # fmt: skip
    data.update(values)
    return services.application_create(acting_user=None, values=data, signature=PNG)


def test_service_navigation_and_index_for_a_reader(scheme, reader_client):
    response = reader_client.get(reverse("absent_voting:index"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Absent voting" in text and "Awaiting identity verification" in text
    assert "Signatures due for refresh" in text
    assert "Paper postal vote application" not in text  # no editing for read-only users


def test_paper_postal_application_checks_the_signature_by_content(
    scheme, officer_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("signature.png", b"GIF89a not really", content_type="image/png")
    response = _paper_postal(officer_client, signature=fake)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Error: Paper postal vote application" in text
    assert "not a PNG or JPEG image" in text
    assert not AbsentVoteApplication.objects.exists()

    response = _paper_postal(officer_client)
    app = AbsentVoteApplication.objects.get()
    assert response.url == reverse("absent_voting:application", args=[app.pk])
    assert app.signature_file.startswith("signatures/") and app.nino == "JG103759A"
    assert app.received_at.hour == 10 and app.received_at.minute == 30


def test_paper_form_reports_an_unknown_elector_and_missing_signature(scheme, officer_client):
    response = _paper_postal(officer_client, number="ZZ9-99", signature="")
    text = response.content.decode()
    assert "Upload the scanned signature, or record a waiver" in text
    response = _paper_postal(officer_client, number="ZZ9-99")
    assert "There is no current register entry with this elector number" in (
        response.content.decode()
    )


def test_read_only_users_never_see_signature_or_date_of_birth(
    scheme, reader_client, officer, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path
    app = _app(scheme, scheme.electors[0], date_of_birth=dt.date(1971, 2, 13))
    page = reader_client.get(reverse("absent_voting:application", args=[app.pk])).content.decode()
    assert "Alice Archer" in page
    assert "13 February 1971" not in page and "1971" not in page
    assert "Held (not shown to your role)" in page
    assert reverse("absent_voting:signature", args=[app.pk]) not in page
    assert app.signature_file not in page
    assert reader_client.get(reverse("absent_voting:signature", args=[app.pk])).status_code == 403

    client.force_login(officer)
    page = client.get(reverse("absent_voting:application", args=[app.pk])).content.decode()
    assert "13 February 1971" in page
    assert reverse("absent_voting:signature", args=[app.pk]) in page
    image = client.get(reverse("absent_voting:signature", args=[app.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content == PNG and "no-store" in image["Cache-Control"]


def test_signature_needs_sign_in_and_is_not_under_a_media_url(scheme, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = _app(scheme, scheme.electors[0])
    response = client.get(reverse("absent_voting:signature", args=[app.pk]))
    assert response.status_code == 302 and "sign-in" in response.url
    assert client.get(f"/media/private/{app.signature_file}").status_code in (302, 404)


def test_verify_grant_and_letter(scheme, officer_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = _app(scheme, scheme.electors[0])
    url = reverse("absent_voting:application", args=[app.pk])
    page = officer_client.get(url).content.decode()
    assert "Not verified yet." in page and "identity has not been verified" in page
    response = officer_client.post(url, {"action": "verify", "route": "documents", "detail": ""})
    assert "Error:" in response.content.decode()
    officer_client.post(url, {"action": "verify", "route": "documents", "detail": "Passport"})
    response = officer_client.post(url, {"action": "decide", "decision": "grant", "reason": ""})
    assert response.status_code == 302
    page = officer_client.get(url).content.decode()
    assert "Application granted. The letter is ready to print." in page
    assert "Granted on" in page and "Grant letter (PDF)" in page
    letter = Letter.objects.get(kind="grant")
    pdf = officer_client.get(reverse("absent_voting:letter", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert Arrangement.objects.filter(elector=scheme.electors[0], status="active").exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions[-4:] == [
        "application.verified", "absent_vote.granted", "application.granted", "letter.generated",
    ]  # fmt: skip


def test_refusal_needs_a_reason_and_read_only_cannot_decide(scheme, officer_client, reader_too):
    app = _app(scheme, scheme.electors[0])
    url = reverse("absent_voting:application", args=[app.pk])
    assert reader_too.post(url, {"action": "decide", "decision": "refuse"}).status_code == 403
    response = officer_client.post(url, {"action": "decide", "decision": "grant"})
    assert "cannot be granted" in response.content.decode()
    officer_client.post(url, {"action": "decide", "decision": "refuse", "reason": ""})
    # The rules give the reasons (not verified), so a refusal without a typed reason is fine.
    app.refresh_from_db()
    assert app.outcome == "refused" and "not been verified" in app.decision_reason
    assert Letter.objects.filter(kind="refusal").exists()


def test_queues(scheme, officer_client):
    a = _app(scheme, scheme.electors[0])
    b = _app(scheme, scheme.electors[1])
    services.application_verify(application=b, route="documents", detail="x", acting_user=None)
    awaiting = officer_client.get(reverse("absent_voting:queue", args=["awaiting_verification"]))
    assert a.reference in awaiting.content.decode() and b.reference not in awaiting.content.decode()
    ready = officer_client.get(reverse("absent_voting:queue", args=["ready_to_decide"]))
    assert b.reference in ready.content.decode()
    assert officer_client.get("/absent-voting/queue/nonsense/").status_code == 404


@pytest.mark.parametrize(
    ("slug", "extra"),
    [
        ("proxy", {"scope": "standing", "grounds": "disability", "attested_by": "Dr Who, GP",
                   "proxy_name": "Sam Proxy", "proxy_address": "3 Acacia Avenue\nEX1 2AB"}),
        ("postal-proxy", {"scope": "standing", "grounds": "employment", "attested_by": "Boss",
                          "proxy_elector_number": "NA1-2", "proxy_address": "1 Acacia Avenue"}),
        ("emergency-proxy", {"scope": "election", "grounds": "photo_id",
                             "received_on": "2026-05-07", "received_time": "16:59",
                             "proxy_name": "Sam Proxy", "proxy_address": "3 Acacia Avenue"}),
    ],
)  # fmt: skip
def test_proxy_forms(scheme, officer_client, settings, tmp_path, slug, extra):
    settings.MEDIA_ROOT = tmp_path
    if extra["scope"] == "election":
        poll = dt.date.today() + dt.timedelta(days=60)
        election = ElectionFactory(
            election_id=f"local.exampleshire.{poll}", election_type="local",
            polling_day=PollingDayFactory(date=poll),
        )  # fmt: skip
        # Received yesterday: a receipt date after today is refused.
        extra = {**extra, "election": election.pk, "received_on": str(poll - dt.timedelta(days=61))}
    response = _paper_postal(
        officer_client, slug=slug, **{"nino": "", "no_nino_reason": "None", **extra}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = AbsentVoteApplication.objects.get()
    if slug != "emergency-proxy":
        services.application_verify(
            application=app, route="documents", detail="x", acting_user=None
        )
    officer_client.post(response.url, {"action": "decide", "decision": "grant"})
    app.refresh_from_db()
    assert app.outcome == "granted", app.decision_reason
    assert app.kind == slug.replace("-", "_")


def test_a_poll_that_has_passed_cannot_be_granted(scheme, officer_client):
    poll = dt.date.today() - dt.timedelta(days=10)
    election = ElectionFactory(polling_day=PollingDayFactory(date=poll))
    received = at(poll.year, poll.month, poll.day) - dt.timedelta(days=40)
    app = _app(
        scheme, scheme.electors[0], scope="election", election=election, received_at=received
    )
    services.application_verify(application=app, route="documents", detail="x", acting_user=None)
    url = reverse("absent_voting:application", args=[app.pk])
    response = officer_client.post(url, {"action": "decide", "decision": "grant"})
    assert "has already taken place" in response.content.decode()


def test_postal_form_does_not_ask_about_a_proxy(scheme, officer_client):
    page = officer_client.get(reverse("absent_voting:paper", args=["postal"])).content.decode()
    assert "Where the postal ballot goes" in page and "Proxy&#39;s full name" not in page
    page = officer_client.get(reverse("absent_voting:paper", args=["proxy"])).content.decode()
    assert "Proxy&#39;s full name" in page and "Where the postal ballot goes" not in page
    assert officer_client.get("/absent-voting/paper/nonsense/").status_code == 404


def test_batch_upload_runs_as_a_job(
    scheme, officer_client, settings, tmp_path, png_b64, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    batch = {
        "format": "absent-vote-batch", "version": 1, "batch_id": "AV-WEB-1",
        "gss_code": "E07000041",
        "applications": [{
            "application_id": "AV-1", "submitted_at": "2026-03-01T10:00:00+00:00",
            "kind": "postal", "period": {"type": "standing"},
            "elector": {"elector_number": "NA1-1", "first_names": "Alice", "surname": "Archer"},
            "date_of_birth": "1980-01-01", "nino": "JG103759A", "dwp_result": "match",
            "signature": {"image_base64": png_b64},
        }],
    }  # fmt: skip
    upload = SimpleUploadedFile("batch.json", json.dumps(batch).encode(), "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("absent_voting:batch_upload"), {"file": upload})
    job = Job.objects.get()
    assert response.url == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert AbsentVoteApplication.objects.get().verified_by == "dwp"
    wrong = SimpleUploadedFile("batch.csv", b"a,b\n", "text/csv")
    response = officer_client.post(reverse("absent_voting:batch_upload"), {"file": wrong})
    assert "must be an absent vote batch file (.json)" in response.content.decode()


def _grant(scheme, elector, **values):
    app = _app(scheme, elector, **values)
    services.application_verify(application=app, route="documents", detail="x", acting_user=None)
    return services.application_determine(
        application=app, acting_user=None, letter=False, today=dt.date(2026, 3, 2)
    )


def test_lists_and_marked_registers_download(scheme, reader_client):
    alice, _bob, _cara, _dan, hidden = scheme.electors[:5]
    _grant(scheme, alice, date_of_birth=dt.date(1966, 6, 6))
    _grant(scheme, hidden)
    page = reader_client.get(reverse("absent_voting:lists", args=[scheme.local.pk]))
    text = page.content.decode()
    assert "Postal voters list" in text and "Station 1" in text
    url = reverse("absent_voting:list_download", args=[scheme.local.pk, "postal_voters", "csv"])
    csv_text = b"".join(reader_client.get(url).streaming_content).decode()
    assert csv_text.splitlines()[0] == "elector_number,name,ballot_address"
    assert "NA1-1,Alice Archer" in csv_text
    assert "1966" not in csv_text and "Hidden" not in csv_text and "NA1-5" not in csv_text
    url = reverse("absent_voting:list_download", args=[scheme.local.pk, "proxies", "pdf"])
    assert reader_client.get(url).content.startswith(b"%PDF")
    url = reverse(
        "absent_voting:marked_register", args=[scheme.local.pk, scheme.station1.pk, "csv"]
    )
    lines = b"".join(reader_client.get(url).streaming_content).decode().splitlines()
    assert lines[1] == "NA1-1,,Alice Archer,A"
    url = reverse(
        "absent_voting:marked_register", args=[scheme.local.pk, scheme.station2.pk, "pdf"]
    )
    assert reader_client.get(url).content.startswith(b"%PDF")


def test_renewals_send_reminders_and_record_replies(scheme, officer_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    arrangement = _grant(scheme, scheme.electors[0])
    arrangement = Arrangement.objects.get(application=arrangement)
    today = dt.date.today()
    Arrangement.objects.filter(pk=arrangement.pk).update(
        ends_on=today + dt.timedelta(days=40), signature_on=dt.date(2015, 1, 1)
    )
    page = officer_client.get(reverse("absent_voting:renewals")).content.decode()
    assert "1 postal votes end in the next 3 months" in page
    assert "1 signatures over five years old" in page
    officer_client.post(reverse("absent_voting:renewals"), {"action": "send_reapply"})
    officer_client.post(reverse("absent_voting:renewals"), {"action": "send_signature"})
    assert set(Notice.objects.values_list("kind", flat=True)) == {"reapply", "signature"}
    page = officer_client.get(reverse("absent_voting:renewals")).content.decode()
    assert "0 postal votes end" in page and "Notice signature letter (PDF)" in page
    notice = Notice.objects.get(kind="signature")
    url = reverse("absent_voting:notice", args=[notice.pk])
    response = officer_client.post(url, {"response": "reapplied"})
    assert "Upload the fresh signature." in response.content.decode()
    response = officer_client.post(url, {"response": "reapplied", "signature": _png()})
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.signature_on == dt.date.today()


def test_cancel_an_arrangement(scheme, officer_client, reader_too):
    arrangement = Arrangement.objects.get(application=_grant(scheme, scheme.electors[0]))
    url = reverse("absent_voting:arrangement", args=[arrangement.pk])
    assert "Held (not shown to your role)" in reader_too.get(url).content.decode()
    assert reader_too.post(url, {"reason": "asked"}).status_code == 403
    officer_client.post(url, {"reason": "The elector asked"})
    arrangement.refresh_from_db()
    assert arrangement.status == "cancelled"
    assert Letter.objects.filter(kind="cancellation").exists()


def test_rejection_notices_import_and_send(scheme, officer_client):
    _grant(scheme, scheme.electors[0])
    url = reverse("absent_voting:rejections", args=[scheme.local.pk])
    bad = SimpleUploadedFile("rejected.csv", b"elector_number,reasons,offence_suspected\nZZ-1,x,\n")
    response = officer_client.post(url, {"action": "import", "file": bad})
    assert "rejected.csv:2" in response.content.decode()
    good = SimpleUploadedFile(
        "rejected.csv", b"elector_number,reasons,offence_suspected\nNA1-1,signature_mismatch,no\n"
    )
    officer_client.post(url, {"action": "import", "file": good})
    assert RejectedStatement.objects.count() == 1
    page = officer_client.get(url).content.decode()
    assert "the signature did not match the example we hold" in page
    officer_client.post(url, {"action": "send"})
    assert RejectedStatement.objects.get().sent_on is not None
    assert Letter.objects.filter(kind="rejection_notice").exists()


def test_vac_paper_verify_issue_and_register(
    scheme, officer_client, reader_too, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = {"document": "vac", "elector_number": "NA1-1", "received_on": "2026-03-01",
            "date_of_birth": "1980-01-01", "photo": _png("me.jpg")}  # fmt: skip
    response = officer_client.post(reverse("absent_voting:vac_paper"), data)
    app = VacApplication.objects.get()
    assert response.url == reverse("absent_voting:vac", args=[app.pk])
    officer_client.post(response.url, {"action": "verify", "route": "documents", "detail": "x"})
    officer_client.post(response.url, {"action": "decide", "decision": "issue"})
    page = officer_client.get(response.url).content.decode()
    assert "Certificate issued." in page and "Certificate number" in page
    assert "Certificate letter (PDF)" in page
    register = reader_too.get(reverse("absent_voting:vac_index")).content.decode()
    assert app.certificate.number in register and "Weekly statistics" in register
    assert reader_too.get(reverse("absent_voting:vac_photo", args=[app.pk])).status_code == 403
    assert "1980" not in reader_too.get(response.url).content.decode()


def test_overseas_declaration_renewal_and_reminders(scheme, officer_client, settings, tmp_path):
    gil = scheme.electors[6]  # marker F
    response = officer_client.post(
        reverse("absent_voting:overseas_new"),
        {"elector_number": "NA1-1", "kind": "declaration", "basis": "registered",
         "received_on": "2024-02-01", "last_uk_address": "1 Acacia Avenue"},
    )  # fmt: skip
    assert "not an overseas elector" in response.content.decode()
    declaration = services.overseas_declaration_record(
        elector=gil, acting_user=None,
        values={"kind": "declaration", "basis": "registered", "received_on": dt.date(2024, 2, 1),
                "last_uk_address": "1 Mill Road"},
    )  # fmt: skip
    url = reverse("absent_voting:overseas_declaration", args=[declaration.pk])
    officer_client.post(url, {"decision": "accept"})
    declaration.refresh_from_db()
    assert declaration.ends_on == services.overseas.registration_ends(dt.date.today())
    assert Letter.objects.filter(kind="overseas_decision").exists()
    # A registration that took effect on 1 March 2024 ends on 1 November 2026.
    OverseasDeclaration.objects.filter(pk=declaration.pk).update(
        takes_effect=dt.date(2024, 3, 1), ends_on=dt.date(2026, 11, 1)
    )
    letter = services.overseas_reminders_send(acting_user=None, today=dt.date(2026, 7, 1))
    assert letter is not None and letter.kind == "overseas_reminder"
    assert services.overseas_reminders_send(acting_user=None, today=dt.date(2026, 7, 2)) is None
    early = services.overseas_declaration_record(
        elector=gil, acting_user=None,
        values={"kind": "renewal", "basis": "registered", "received_on": dt.date(2026, 5, 1),
                "last_uk_address": "1 Mill Road"},
    )  # fmt: skip
    response = officer_client.post(
        reverse("absent_voting:overseas_declaration", args=[early.pk]), {"decision": "accept"}
    )
    assert "between 2 May 2026 and 1 November 2026" in response.content.decode()
    OverseasDeclaration.objects.filter(pk=early.pk).update(received_on=dt.date(2026, 5, 2))
    officer_client.post(
        reverse("absent_voting:overseas_declaration", args=[early.pk]), {"decision": "accept"}
    )
    early.refresh_from_db()
    assert early.outcome == "accepted" and early.ends_on == dt.date(2029, 11, 1)
    page = officer_client.get(reverse("absent_voting:overseas")).content.decode()
    assert "1 November 2029" in page and "Gil Abroad" in page


def test_every_form_carries_the_csrf_token(scheme, officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    page = client.get(reverse("absent_voting:paper", args=["postal"])).content.decode()
    assert 'name="csrfmiddlewaretoken" value="' in page
    assert 'name="csrfmiddlewaretoken" value=""' not in page


def test_arrangement_page_links_its_application_and_signature(scheme, officer_client):
    app = _grant(scheme, scheme.electors[0])
    arrangement = Arrangement.objects.get(application=app)
    page = officer_client.get(reverse("absent_voting:arrangement", args=[arrangement.pk]))
    html = page.content.decode()
    app_href = reverse("absent_voting:application", args=[app.pk])
    assert f'on <a class="govuk-link" href="{app_href}">application {app.reference}</a>' in html
    sig_href = reverse("absent_voting:arrangement_signature", args=[arrangement.pk])
    assert f'<a class="govuk-link" href="{sig_href}">View the signature held</a>' in html
    assert "&lt;a" not in html
