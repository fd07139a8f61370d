"""Verification, FPTP results as versions, ties by lot, declaration and published results."""

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.count import selectors, services
from ems.count.models import ContestResult
from ems.count.rules.declaration import check_fptp_figures, turnout_percent
from ems.elections.models import ContestedArea
from tests.elections.factories import ElectionFactory
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory, WardFactory
from tests.register.factories import ElectorFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture
def contest(db):
    ward = WardFactory(name="Northgate")
    election = ElectionFactory(election_id="local.exampleshire.2026-05-07", title="Exampleshire")
    area = ContestedArea.objects.create(
        election=election, ward=ward, seats=1, ballot_id="local.exampleshire.northgate.2026-05-07"
    )
    district = PollingDistrictFactory(ward=ward)
    for _ in range(8):
        ElectorFactory(property=PropertyFactory(polling_district=district))
    ElectorFactory(property=PropertyFactory(polling_district=district), status="deleted")
    return area


def add_candidates(contest, *names):
    return [
        services.candidate_add(contest=contest, name=n, party="Party " + n[0], acting_user=None)
        for n in names
    ]


# --- rules -------------------------------------------------------------------------------
def test_turnout_is_ballot_papers_over_electorate_to_two_places():
    assert turnout_percent(1, 3) == Decimal("33.33")
    assert turnout_percent(2, 3) == Decimal("66.67")
    assert turnout_percent(0, 10) == Decimal("0.00")
    assert turnout_percent(5, 0) is None


def test_fptp_figures_checked_for_single_and_multi_member():
    assert check_fptp_figures(votes=[3, 2], seats=1, valid_papers=5) == []
    assert check_fptp_figures(votes=[3, 2], seats=1, valid_papers=6)
    assert check_fptp_figures(votes=[4, 3, 3], seats=2, valid_papers=5) == []
    assert check_fptp_figures(votes=[4, 3, 4], seats=2, valid_papers=5)  # 11 > 2 x 5
    assert check_fptp_figures(votes=[1, 1], seats=2, valid_papers=3)  # 2 < 3


# --- verification ------------------------------------------------------------------------
def test_verification_difference_needs_an_explanation(contest, officer):
    account = services.ballot_paper_account_save(
        contest=contest,
        station="Station 1 Church Hall",
        issued=120,
        spoilt=2,
        unused=378,
        supplied=500,
        acting_user=officer,
    )
    with pytest.raises(InvalidInput, match="explain the difference"):
        services.ballot_paper_account_verify(
            account=account, verified_count=119, acting_user=officer
        )
    services.ballot_paper_account_verify(
        account=account,
        verified_count=119,
        explanation="One paper taken away by a voter",
        acting_user=officer,
    )
    account.refresh_from_db()
    assert account.difference == -1
    assert account.discrepancy_explanation == "One paper taken away by a voter"
    # Matching figures need no explanation.
    postal = services.ballot_paper_account_save(
        contest=contest, station="Postal session 1", kind="postal", issued=40, acting_user=officer
    )
    services.ballot_paper_account_verify(account=postal, verified_count=40, acting_user=officer)
    totals = selectors.verification_totals(contest)
    assert (totals.issued, totals.found, totals.postal_issued, totals.complete) == (
        160,
        159,
        40,
        True,
    )
    assert AuditEvent.objects.filter(action="count.account_verify").count() == 2


def test_account_must_balance_when_papers_supplied_given(contest, officer):
    with pytest.raises(InvalidInput, match="does not balance"):
        services.ballot_paper_account_save(
            contest=contest,
            station="S1",
            issued=10,
            spoilt=0,
            unused=5,
            supplied=20,
            acting_user=officer,
        )


def test_box_checked_in_once(contest, officer):
    services.ballot_box_check_in(
        contest=contest, box_number="12", station="S1", acting_user=officer
    )
    with pytest.raises(InvalidInput, match="already been checked in"):
        services.ballot_box_check_in(
            contest=contest, box_number="12", station="S1", acting_user=officer
        )


def test_verification_page_shows_the_required_explanation_error(contest, officer_client):
    account = services.ballot_paper_account_save(
        contest=contest, station="Station 1", issued=50, acting_user=None
    )
    url = reverse("count:account_verify", args=[contest.pk, account.pk])
    response = officer_client.post(url, {"verified_count": "48", "explanation": ""})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "explain the difference" in page
    response = officer_client.post(url, {"verified_count": "48", "explanation": "Miscount"})
    assert response.status_code == 302


# --- results -----------------------------------------------------------------------------
def test_recounts_are_kept_as_versions_and_latest_is_current(contest, officer, manager):
    ann, bob = add_candidates(contest, "Ann Able", "Bob Baker")
    first = services.fptp_result_enter(
        contest=contest,
        votes={ann.pk: 5, bob.pk: 4},
        rejected={"rejected_unmarked_or_uncertain": 1},
        acting_user=officer,
    )
    with pytest.raises(InvalidInput, match="give the reason"):
        services.fptp_result_enter(
            contest=contest, votes={ann.pk: 5, bob.pk: 5}, acting_user=officer
        )
    second = services.fptp_result_enter(
        contest=contest,
        votes={ann.pk: 4, bob.pk: 5},
        acting_user=officer,
        reason="Recount requested by Ann Able's agent",
    )
    history = selectors.result_history(contest)
    assert [r.version for r in history] == [2, 1]
    assert selectors.current_result(contest).pk == second.pk
    assert [v.candidate.name for v in first.votes.filter(elected=True)] == ["Ann Able"]
    assert [v.candidate.name for v in second.votes.filter(elected=True)] == ["Bob Baker"]
    # Not published until declared.
    assert selectors.declared_result(contest) is None
    with pytest.raises(NotPermitted):
        services.result_declare(contest=contest, acting_user=officer)
    services.result_declare(contest=contest, acting_user=manager)
    assert selectors.declared_result(contest).version == 2
    with pytest.raises(InvalidInput, match="declared"):
        services.fptp_result_enter(
            contest=contest, votes={ann.pk: 1, bob.pk: 1}, acting_user=officer, reason="late"
        )


def test_tie_for_the_last_seat_is_decided_by_lot_and_recorded(contest, officer):
    ann, bob, cat = add_candidates(contest, "Ann Able", "Bob Baker", "Cat Cole")
    result = services.fptp_result_enter(
        contest=contest, votes={ann.pk: 7, bob.pk: 7, cat.pk: 3}, seed=42, acting_user=officer
    )
    assert result.lot["among"] == ["Ann Able", "Bob Baker"]
    assert result.lot["seed"] == 42
    elected = list(result.votes.filter(elected=True))
    assert len(elected) == 1 and elected[0].elected_by_lot
    assert [elected[0].candidate.name] == result.lot["chosen"]
    event = AuditEvent.objects.get(action="count.decided_by_lot")
    assert event.after["chosen"] == result.lot["chosen"]


def test_multi_member_needs_valid_papers_and_turnout_uses_live_electors(contest, officer):
    contest.seats = 2
    contest.save()
    ann, bob, cat = add_candidates(contest, "Ann Able", "Bob Baker", "Cat Cole")
    with pytest.raises(InvalidInput, match="valid ballot papers"):
        services.fptp_result_enter(
            contest=contest, votes={ann.pk: 4, bob.pk: 3, cat.pk: 1}, acting_user=officer
        )
    result = services.fptp_result_enter(
        contest=contest,
        votes={ann.pk: 4, bob.pk: 3, cat.pk: 1},
        valid_papers=5,
        rejected={"rejected_no_official_mark": 1},
        acting_user=officer,
    )
    assert result.electorate == 8  # live electors only
    assert result.ballot_papers == 6
    assert result.turnout == Decimal("75.00")
    assert sorted(v.candidate.name for v in result.votes.filter(elected=True)) == [
        "Ann Able",
        "Bob Baker",
    ]


def test_declare_needs_every_account_verified(contest, officer, manager):
    (ann,) = add_candidates(contest, "Ann Able")
    services.ballot_paper_account_save(contest=contest, station="S1", issued=3, acting_user=officer)
    services.fptp_result_enter(contest=contest, votes={ann.pk: 3}, acting_user=officer)
    with pytest.raises(InvalidInput, match="not verified"):
        services.result_declare(contest=contest, acting_user=manager)


# --- pages -------------------------------------------------------------------------------
@pytest.fixture
def declared(contest, officer, manager):
    ann, bob = add_candidates(contest, "Ann Able", "Bob Baker")
    services.fptp_result_enter(
        contest=contest,
        votes={ann.pk: 3, bob.pk: 2},
        rejected={"rejected_too_many_votes": 1},
        acting_user=officer,
    )
    services.result_declare(contest=contest, acting_user=manager)
    return contest


def test_result_entered_and_declared_in_the_browser(contest, officer, client, manager):
    ann, bob = add_candidates(contest, "Ann Able", "Bob Baker")
    client.force_login(officer)
    url = reverse("count:result_enter", args=[contest.pk])
    response = client.post(url, {f"votes_{ann.pk}": "6", f"votes_{bob.pk}": "2"})
    assert response.status_code == 302
    page = client.get(reverse("count:contest", args=[contest.pk])).content.decode()
    assert "Version 1 of the result was recorded" in page
    assert "Declare version" not in page  # officers cannot declare
    client.force_login(manager)
    response = client.post(reverse("count:declare", args=[contest.pk]), follow=True)
    assert "was declared and published" in response.content.decode()
    pdf = client.get(reverse("count:declaration_pdf", args=[contest.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_public_pages_need_no_sign_in_and_show_only_declared(client, declared, officer):
    election = declared.election
    other = ContestedArea.objects.create(
        election=election, ward=WardFactory(name="Southgate"), seats=1, ballot_id="local.x.south"
    )
    (zed,) = add_candidates(other, "Zed Zulu")
    services.fptp_result_enter(contest=other, votes={zed.pk: 9}, acting_user=officer)

    page = client.get(reverse("count:public_election", args=[election.election_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ann Able" in text and "Zed Zulu" not in text
    assert "1 contest has not been declared yet" in text
    contest_page = client.get(
        reverse("count:public_contest", args=[election.election_id, declared.ballot_id])
    )
    assert contest_page.status_code == 200
    assert "75.00%" in contest_page.content.decode()  # (5 valid + 1 rejected) / 8 live electors
    undeclared = client.get(
        reverse("count:public_contest", args=[election.election_id, "local.x.south"])
    )
    assert undeclared.status_code == 404
    # Staff pages still need sign-in.
    assert client.get(reverse("count:contest", args=[declared.pk])).status_code == 302


def test_contest_csv_and_json(client, declared):
    election = declared.election
    base = [election.election_id, declared.ballot_id]
    response = client.get(reverse("count:public_contest_file", args=[*base, "results.csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["candidate"], r["party"], r["votes"], r["elected"]) for r in rows] == [
        ("Ann Able", "Party A", "3", "yes"),
        ("Bob Baker", "Party B", "2", "no"),
    ]
    assert rows[0]["rejected_too_many_votes"] == "1"
    assert rows[0]["rejected_total"] == "1"
    assert rows[0]["turnout_percent"] == "75.00"
    data = json.loads(
        client.get(reverse("count:public_contest_file", args=[*base, "results.json"])).content
    )
    assert data["candidates"][0] == {
        "name": "Ann Able",
        "party": "Party A",
        "votes": 3,
        "elected": True,
        "elected_by_lot": False,
    }
    assert data["rejected"]["total"] == 1
    assert data["electorate"] == 8
    assert data["turnout_percent"] == 75.0
    whole = json.loads(
        client.get(
            reverse("count:public_election_file", args=[election.election_id, "json"])
        ).content
    )
    assert [c["ballot_id"] for c in whole["contests"]] == [declared.ballot_id]


def test_stv_count_from_uploaded_blt_reproduces_the_ward(
    db, officer_client, manager, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    election = ElectionFactory(election_id="local.renfrewshire.2017-05-04")
    contest = ContestedArea.objects.create(
        election=election,
        division_name="Bishopton, Bridge of Weir and Langbank",
        seats=3,
        ballot_id="local.renfrewshire.bishopton.2017-05-04",
    )
    source = DATA / "renfrewshire_2017_ward11.blt"
    upload = SimpleUploadedFile("ward11.blt", source.read_bytes())
    response = officer_client.post(
        reverse("count:stv_upload", args=[contest.pk]), {"ballot_file": upload}
    )
    assert response.status_code == 302
    result = ContestResult.objects.get(contest=contest)
    assert result.method == "scottish-stv"
    assert result.quota == 1404
    assert result.valid_papers == 5613
    services.result_declare(contest=contest, acting_user=manager)
    sheet = officer_client.get(
        reverse(
            "count:public_contest_file",
            args=[election.election_id, contest.ballot_id, "stages.csv"],
        )
    )
    lines = sheet.content.decode().splitlines()
    assert lines[0].startswith("Stage,Action,Candidate,")
    assert lines[1].startswith("1,first preferences")


def test_stv_upload_rejects_a_file_that_is_not_a_ballot_file(
    db, officer_client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    election = ElectionFactory()
    contest = ContestedArea.objects.create(
        election=election, division_name="X", seats=1, ballot_id="x"
    )
    upload = SimpleUploadedFile("ward.pdf", b"%PDF-1.4")
    response = officer_client.post(
        reverse("count:stv_upload", args=[contest.pk]), {"ballot_file": upload}
    )
    assert "must be a .blt ballot file" in response.content.decode()
    shutil.rmtree(tmp_path, ignore_errors=True)
