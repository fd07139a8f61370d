"""Absent voting services: intake, decisions, limits, lists, renewals, rejections, VACs."""

import datetime as dt
import json

import pytest

from ems.absent_voting import exports, provider, selectors, services
from ems.absent_voting.models import (
    AbsentVoteApplication,
    Arrangement,
    Letter,
    Notice,
    RejectedStatement,
    VacApplication,
)
from ems.absent_voting.sources import FileBatchSource
from ems.core.errors import ImportRejected, InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.elections.models import Election, PollingDay
from tests.register.factories import ElectorFactory

from .conftest import JPEG, PNG, at

TODAY = dt.date(2026, 3, 2)


def paper(scheme, elector, **values):
    data = {
        "kind": "postal",
        "scope": "standing",
        "elector": elector,
        "date_of_birth": dt.date(1980, 1, 1),
        "received_at": at(2026, 3, 1),
    }
    data.update(values)
    signature = data.pop("signature", PNG)
    app = services.application_create(acting_user=None, values=data, signature=signature)
    if data.get("kind") != "emergency_proxy":
        services.application_verify(
            application=app, route="documents", detail="Passport seen", acting_user=None
        )
    return AbsentVoteApplication.objects.get(pk=app.pk)


def grant(app, **kw):
    return services.application_determine(
        application=app, acting_user=None, today=kw.pop("today", TODAY), letter=False, **kw
    )


# Intake ------------------------------------------------------------------------------------
def batch(png_b64, items):
    return {
        "format": "absent-vote-batch",
        "version": 1,
        "batch_id": "AV-BATCH-1",
        "gss_code": "E07000041",
        "applications": items,
    }


def item(n, number, first, surname, png_b64, **extra):
    data = {
        "application_id": f"AV-{n}",
        "submitted_at": "2026-03-01T10:00:00+00:00",
        "kind": "postal",
        "period": {"type": "standing"},
        "elector": {"elector_number": number, "first_names": first, "surname": surname},
        "date_of_birth": "1980-01-01",
        "nino": "JG103759A",
        "dwp_result": "match",
        "signature": {"image_base64": png_b64},
    }
    data.update(extra)
    return data


def test_batch_import_creates_applications_and_certificate_requests(scheme, tmp_path, png_b64):
    path = tmp_path / "batch.json"
    items = [
        item(1, "NA1-1", "Alice", "Archer", png_b64),
        item(
            2,
            "NA1-2",
            "Bob",
            "Archer",
            png_b64,
            kind="proxy",
            period={"type": "election", "election_id": "local.exampleshire.2026-05-07"},
            proxy={
                "first_names": "Sam",
                "surname": "Proxy",
                "address": {"lines": ["3 Acacia Avenue"], "postcode": "ex12ab"},
            },
            reason="On holiday",
        ),
        item(3, "NA1-4", "Dan", "Baker", png_b64, kind="vac", photo={"image_base64": png_b64}),
    ]
    path.write_text(json.dumps(batch(png_b64, items)))
    try:
        result = services.batch_import(source=FileBatchSource(path), acting_user=None)
    except ImportRejected as exc:
        raise AssertionError([str(e) for e in exc.errors]) from exc
    assert result["absent_vote"] == 2 and result["vac"] == 1
    proxy = AbsentVoteApplication.objects.get(reference="AV-2")
    assert proxy.verified_by == "dwp" and proxy.proxy_address.endswith("EX1 2AB")
    assert proxy.election.election_id == "local.exampleshire.2026-05-07"
    assert VacApplication.objects.get(reference="AV-3").photo_file.startswith("photos/")
    # The audit trail never holds a date of birth or a signature file.
    text = json.dumps(list(AuditEvent.objects.values("before", "after", "reason")), default=str)
    assert "1980-01-01" not in text and "signatures/" not in text


def test_batch_errors_name_file_item_and_field_and_import_nothing(scheme, tmp_path, png_b64):
    path = tmp_path / "bad.json"
    items = [
        item(1, "NA1-1", "Alice", "Wrongname", png_b64),
        item(2, "NA1-99", "Bob", "Archer", png_b64),
        item(3, "NA1-2", "Bob", "Archer", "bm90IGFuIGltYWdl"),  # "not an image"
    ]
    path.write_text(json.dumps(batch(png_b64, items)))
    with pytest.raises(ImportRejected) as caught:
        services.batch_import(source=FileBatchSource(path), acting_user=None)
    messages = [str(e) for e in caught.value.errors]
    assert "bad.json:1:elector.surname: the name does not match the register entry" in messages[0]
    assert messages[1].startswith("bad.json:2:elector.elector_number: no such elector")
    assert messages[2].startswith("bad.json:3:signature.image_base64: the signature is not a PNG")
    assert not AbsentVoteApplication.objects.exists()


def test_images_are_checked_by_content(scheme):
    alice = scheme.electors[0]
    with pytest.raises(InvalidInput, match="not a PNG or JPEG"):
        paper(scheme, alice, signature=b"GIF89a" + b"\x00" * 20)
    with pytest.raises(InvalidInput, match="larger than 2 MB"):
        paper(scheme, alice, signature=JPEG + b"\x00" * (2 * 1024 * 1024))
    assert paper(scheme, alice, signature=JPEG).signature_file.endswith(".jpg")


def test_read_only_users_cannot_decide(scheme, reader):
    app = paper(scheme, scheme.electors[0])
    with pytest.raises(NotPermitted):
        services.application_determine(application=app, acting_user=reader)


# Decisions ---------------------------------------------------------------------------------
def test_standing_postal_vote_lasts_to_the_third_31_january(scheme, officer):
    app = paper(scheme, scheme.electors[0])
    services.application_determine(application=app, acting_user=officer, today=TODAY)
    arrangement = Arrangement.objects.get(elector=scheme.electors[0])
    assert arrangement.ends_on == dt.date(2029, 1, 31)
    assert arrangement.signature_on == dt.date(2026, 3, 1)
    letter = Letter.objects.get(kind="grant")
    assert bytes(letter.pdf).startswith(b"%PDF")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["absent_vote.granted", "application.granted", "letter.generated"]


@pytest.mark.parametrize(("minute", "granted"), [(59, True), (1, False)])
def test_postal_vote_for_a_poll_at_the_5pm_deadline(scheme, minute, granted):
    hour = 16 if minute == 59 else 17
    app = paper(
        scheme,
        scheme.electors[0],
        scope="election",
        election=scheme.local,
        received_at=at(2026, 4, 21, hour, minute),
    )
    if granted:
        assert grant(app).outcome == "granted"
    else:
        with pytest.raises(InvalidInput, match="after the deadline for a postal vote"):
            grant(app)
        refused = services.application_determine(
            application=app, acting_user=None, grant=False, today=TODAY, letter=False
        )
        assert "5pm on Tuesday 21 April 2026" in refused.decision_reason


def test_proxy_limit_is_enforced_across_the_register(scheme):
    proxy = scheme.electors[5]  # Fay Cole acts as proxy
    for elector in scheme.electors[:2]:
        app = paper(
            scheme,
            elector,
            kind="proxy",
            scope="period",
            grounds="blind",
            period_start=TODAY,
            period_end=dt.date(2027, 1, 1),
            proxy_name="Fay Cole",
            proxy_elector=proxy,
            proxy_address="1 Mill Road",
        )
        grant(app)
    third = paper(
        scheme,
        scheme.electors[3],
        kind="proxy",
        scope="period",
        grounds="blind",
        period_start=TODAY,
        period_end=dt.date(2027, 1, 1),
        proxy_name="Fay Cole",
        proxy_elector=proxy,
        proxy_address="1 Mill Road",
    )
    with pytest.raises(InvalidInput, match="at most 2 electors who are not overseas"):
        grant(third)
    # An overseas elector may still appoint the same proxy (up to four in all).
    overseas = scheme.electors[6]
    overseas.special_category = "overseas"
    overseas.save()
    fourth = paper(
        scheme,
        overseas,
        kind="proxy",
        scope="period",
        grounds="blind",
        period_start=TODAY,
        period_end=dt.date(2027, 1, 1),
        proxy_name="Fay Cole",
        proxy_elector=proxy,
        proxy_address="1 Mill Road",
    )
    assert grant(fourth).outcome == "granted"


def test_emergency_proxy_needs_no_identity_check_and_closes_at_5pm_on_polling_day(scheme):
    ok = paper(
        scheme,
        scheme.electors[0],
        kind="emergency_proxy",
        scope="election",
        election=scheme.local,
        grounds="photo_id",
        proxy_name="Sam Proxy",
        proxy_address="3 Acacia Avenue\nEX1 2AB",
        received_at=at(2026, 5, 7, 16, 59),
    )
    assert grant(ok, today=dt.date(2026, 5, 7)).outcome == "granted"
    late = paper(
        scheme,
        scheme.electors[1],
        kind="emergency_proxy",
        scope="election",
        election=scheme.local,
        grounds="photo_id",
        proxy_name="Sam Proxy",
        proxy_address="3 Acacia Avenue\nEX1 2AB",
        received_at=at(2026, 5, 7, 17, 1),
    )
    with pytest.raises(InvalidInput, match="emergency proxy"):
        grant(late, today=dt.date(2026, 5, 7))


# Lists ---------------------------------------------------------------------------------------
def test_lists_and_marked_register(scheme, tmp_path):
    alice, bob, _cara, dan, hidden = scheme.electors[:5]
    grant(
        paper(
            scheme,
            alice,
            ballot_address="10 Work Street\nEX9 9ZZ",
            ballot_address_reason="Working away",
        )
    )
    grant(paper(scheme, hidden))
    grant(
        paper(
            scheme,
            bob,
            kind="proxy",
            scope="election",
            election=scheme.local,
            reason="Away",
            proxy_name="Sam Proxy",
            proxy_address="3 Acacia Avenue",
        )
    )
    grant(
        paper(
            scheme,
            dan,
            kind="postal_proxy",
            scope="election",
            election=scheme.local,
            reason="Away",
            proxy_name="Tia Proxy",
            proxy_address="4 Acacia Avenue",
        )
    )
    counts = exports.write_all(scheme.local, tmp_path)
    postal = (tmp_path / "postal_voters.csv").read_text()
    assert 'NA1-1,Alice Archer,"10 Work Street, EX9 9ZZ"' in postal
    assert "Hidden" not in postal and "NA1-5" not in postal  # anonymous never listed
    assert "1980" not in postal
    assert "NA1-2,Bob Archer,Sam Proxy,3 Acacia Avenue" in (tmp_path / "proxies.csv").read_text()
    assert "NA1-4,Dan Baker,Tia Proxy" in (tmp_path / "postal_proxies.csv").read_text()
    assert counts["postal_voters"] == 1 and counts["proxies"] == 2
    assert exports.list_counts(scheme.local) == {
        "postal_voters": 1, "proxies": 2, "postal_proxies": 1,
    }  # fmt: skip
    station1 = (tmp_path / "marked_register_station_1.csv").read_text().splitlines()
    assert station1[1] == "NA1-1,,Alice Archer,A"
    assert station1[2] == "NA1-2,,Bob Archer,"  # a proxy voter may still vote in person
    station2 = (tmp_path / "marked_register_station_2.csv").read_text().splitlines()
    assert "NA1-4,,Dan Baker,A" in station2
    assert "NA1-5,,,A" in station2  # anonymous: number only
    pdf = exports.pdf(
        "Postal voters list",
        exports.HEADERS["postal_voters"],
        exports.list_rows(scheme.local, "postal_voters"),
        election=scheme.local,
    )
    assert pdf.startswith(b"%PDF")


def test_poll_card_provider(scheme):
    alice, bob = scheme.electors[:2]
    grant(paper(scheme, alice))
    grant(
        paper(
            scheme,
            bob,
            kind="proxy",
            scope="election",
            election=scheme.local,
            reason="Away",
            proxy_name="Sam Proxy",
            proxy_address="3 Acacia Avenue",
        )
    )
    kinds = provider.absent_votes([alice.pk, bob.pk, scheme.electors[3].pk], scheme.day)
    assert kinds == {alice.pk: "postal", bob.pk: "proxy"}
    other_day = PollingDay.objects.create(date=dt.date(2030, 5, 2))
    Election.objects.create(
        election_id="local.x.2030-05-02",
        title="Later",
        election_type="local",
        polling_day=other_day,
        country="england",
    )
    assert provider.absent_votes([alice.pk, bob.pk], other_day) == {}


def test_cancellation_after_the_change_deadline_still_applies_to_that_poll(scheme):
    alice = scheme.electors[0]
    grant(paper(scheme, alice))
    arrangement = Arrangement.objects.get(elector=alice)
    services.arrangement_cancel(
        arrangement=arrangement,
        acting_user=None,
        reason="Elector asked",
        today=dt.date(2026, 4, 25),
        letter=False,
    )
    assert alice.pk in exports.absent_at(scheme.local)
    Arrangement.objects.filter(pk=arrangement.pk).update(ended_on=dt.date(2026, 4, 10))
    assert alice.pk not in exports.absent_at(scheme.local)


# Renewals and refresh ------------------------------------------------------------------------
def test_postal_votes_ending_and_reapply_notices(scheme):
    alice = scheme.electors[0]
    grant(paper(scheme, alice), today=dt.date(2024, 2, 1))
    assert Arrangement.objects.get(elector=alice).ends_on == dt.date(2027, 1, 31)
    assert not selectors.postal_votes_ending(months=3, today=dt.date(2026, 9, 1)).exists()
    ending = selectors.postal_votes_ending(months=3, today=dt.date(2026, 11, 15))
    assert [a.elector_id for a in ending] == [alice.pk]
    letter = services.notices_send(
        arrangements=ending, kind="reapply", acting_user=None, today=dt.date(2026, 11, 15)
    )
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert Notice.objects.get().ceases_on == dt.date(2027, 1, 31)
    assert not selectors.postal_votes_ending(months=3, today=dt.date(2026, 11, 16)).exists()
    assert services.arrangements_expire(acting_user=None, today=dt.date(2027, 2, 1)) == 1


def test_signature_refresh_cancels_with_notice_when_no_reply(scheme):
    alice, bob = scheme.electors[:2]
    for elector in (alice, bob):
        grant(
            paper(
                scheme,
                elector,
                kind="proxy",
                scope="period",
                grounds="blind",
                period_start=dt.date(2020, 3, 1),
                received_at=at(2020, 3, 1),
                proxy_name="Sam Proxy",
                proxy_address="3 Acacia Avenue",
            ),
            today=dt.date(2020, 3, 1),
        )
    due = selectors.signatures_due(year=2026)
    assert sorted(a.elector_id for a in due) == [alice.pk, bob.pk]
    services.notices_send(
        arrangements=due, kind="signature", acting_user=None, today=dt.date(2026, 1, 15)
    )
    assert not selectors.signatures_due(year=2026).exists()
    assert services.notices_send_reminders(acting_user=None, today=dt.date(2026, 2, 4)) is None
    assert services.notices_send_reminders(acting_user=None, today=dt.date(2026, 2, 5))
    bob_notice = Notice.objects.get(arrangement__elector=bob)
    services.notice_record_response(
        notice=bob_notice,
        response="reapplied",
        signature=PNG,
        acting_user=None,
        today=dt.date(2026, 2, 10),
    )
    assert services.notices_close_overdue(acting_user=None, today=dt.date(2026, 2, 26)) == 1
    assert Arrangement.objects.get(elector=alice).status == "cancelled"
    refreshed = Arrangement.objects.get(elector=bob)
    assert refreshed.status == "active" and refreshed.signature_on == dt.date(2026, 2, 10)
    assert Letter.objects.filter(kind="cancellation", elector=alice).exists()


# Rejection notices ---------------------------------------------------------------------------
def test_rejection_notices(scheme, write_csv):
    alice, bob, cara = scheme.electors[:3]
    grant(paper(scheme, alice))
    grant(paper(scheme, bob))
    path = write_csv(
        "rejected.csv",
        "elector_number,reasons,offence_suspected\n"
        "NA1-1,signature_mismatch;dob_blank,no\nNA1-2,dob_mismatch,yes\nNA1-3,signature_blank,\n",
    )
    assert services.rejections_import(path=path, election=scheme.local, acting_user=None) == {
        "imported": 3
    }
    with pytest.raises(InvalidInput, match="after the poll"):
        services.rejection_notices_send(
            election=scheme.local, acting_user=None, today=dt.date(2026, 5, 6)
        )
    result = services.rejection_notices_send(
        election=scheme.local, acting_user=None, today=dt.date(2026, 6, 1)
    )
    assert result["sent"] == 1 and result["not_sent"] == 2 and not result["late"]
    assert result["last_day"] == dt.date(2026, 8, 6)
    assert RejectedStatement.objects.get(elector=alice).sent_on == dt.date(2026, 6, 1)
    reasons = dict(RejectedStatement.objects.values_list("elector_id", "not_sent_reason"))
    assert "offence suspected" in reasons[bob.pk] and "no longer voting by post" in reasons[cara.pk]


def test_rejected_list_errors(scheme, write_csv):
    path = write_csv(
        "rejected.csv", "elector_number,reasons\nNA1-99,signature_mismatch\nNA1-1,bogus\n"
    )
    with pytest.raises(ImportRejected) as caught:
        services.rejections_import(path=path, election=scheme.local, acting_user=None)
    assert [str(e) for e in caught.value.errors] == [
        "rejected.csv:2:elector_number: no such elector in the register (expected a current entry)",
        "rejected.csv:3:reasons: unknown reason bogus (expected signature_mismatch; dob_mismatch; "
        "signature_blank; dob_blank; handed_in_form; handed_in_limit; handed_in_campaigner; "
        "left_behind)",
    ]


# Voter Authority Certificates ---------------------------------------------------------------
def vac_app(elector, **values):
    data = {"elector": elector, "received_at": at(2026, 4, 28, 16, 59), "document": "vac"}
    data.update(values)
    app = services.vac_application_create(acting_user=None, values=data, photo=PNG)
    services.vac_application_verify(
        application=app, route="documents", detail="Passport", acting_user=None
    )
    return VacApplication.objects.get(pk=app.pk)


def test_vac_issue_replace_and_statistics(scheme):
    app = vac_app(scheme.electors[0], election=scheme.local)
    services.vac_determine(
        application=app, issue=True, acting_user=None, today=dt.date(2026, 4, 29)
    )
    certificate = app.certificate
    assert certificate.number.startswith("VAC-E07000041-")
    assert certificate.recommended_renewal == dt.date(2036, 4, 29)
    assert Letter.objects.filter(kind="certificate").exists()
    new = services.certificate_replace(
        certificate=certificate, acting_user=None, reason="Lost", today=dt.date(2026, 4, 30)
    )
    assert new.number != certificate.number
    certificate.refresh_from_db()
    assert certificate.replaced_on == dt.date(2026, 4, 30)
    stats = selectors.vac_statistics()
    assert stats == [
        {
            "week_beginning": dt.date(2026, 4, 27),
            "vac_received": 1,
            "vac_issued": 1,
            "vac_refused": 0,
            "aed_received": 0,
            "aed_issued": 0,
        }
    ]


def test_vac_deadline_and_where_voter_id_does_not_apply(scheme):
    late = vac_app(scheme.electors[1], election=scheme.local, received_at=at(2026, 4, 28, 17, 1))
    with pytest.raises(InvalidInput, match="Voter Authority Certificate"):
        services.vac_determine(application=late, issue=True, acting_user=None, letter=False)
    day = PollingDay.objects.create(date=dt.date(2026, 5, 14))
    scottish = Election.objects.create(
        election_id="sp.x.2026-05-14",
        title="Scottish poll",
        election_type="sp",
        polling_day=day,
        country="scotland",
    )
    app = vac_app(scheme.electors[3], election=scottish)
    with pytest.raises(InvalidInput, match="Voter ID does not apply"):
        services.vac_determine(application=app, issue=True, acting_user=None, letter=False)


def test_anonymous_electors_get_an_aed_not_a_vac(scheme):
    hidden = scheme.electors[4]
    with pytest.raises(InvalidInput, match="Anonymous Elector's Document"):
        services.vac_determine(
            application=vac_app(hidden), issue=True, acting_user=None, letter=False
        )
    aed = vac_app(hidden, document="aed", election=scheme.local)
    services.vac_determine(application=aed, issue=True, acting_user=None, letter=True)
    assert aed.certificate.number.startswith("AED-")


def test_pending_elector_factory_unused():
    assert ElectorFactory  # factories are importable for page tests


def test_commands(scheme, tmp_path, png_b64):
    from django.core.management import call_command

    path = tmp_path / "batch.json"
    path.write_text(json.dumps(batch(png_b64, [item(1, "NA1-1", "Alice", "Archer", png_b64)])))
    call_command("import_absent_vote_batch", str(path))
    grant(AbsentVoteApplication.objects.get())
    call_command("export_absent_voter_lists", scheme.local.election_id, str(tmp_path / "out"))
    assert "NA1-1,Alice Archer" in (tmp_path / "out" / "postal_voters.csv").read_text()
