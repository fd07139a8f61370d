"""Every CSV export writes a name typed as a spreadsheet formula as plain text.

Names come from the public (online applications, the staff interest form, the offer page).
Each test puts names like `=HYPERLINK("http://x","y")` into the data, runs one export and
reads the file back with csv.reader: the cell must start with a quote, so a spreadsheet
shows it as text instead of running it. Kept together (one export of each app) because they
check one rule, core.csvwrite; payroll is in tests/staffing/test_offer_links_and_pay.py.
"""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ems.absent_voting import exports
from ems.core.csvwrite import restore
from ems.core.models import Council
from ems.count import services as count_services
from ems.count.formats.preference_profile_csv import (
    parse_preference_profile,
    write_preference_profile,
)
from ems.count.results_files import write_csv as write_stages_csv
from ems.count.rules.stv_scottish import Ballots, count
from ems.elections.models import ContestedArea
from ems.polling.models import PollingPlace
from ems.polling.poll_cards import SUPPLIER_FILE, poll_cards_produce
from ems.register import services as register_services
from ems.register.models import Alteration, Elector
from ems.register.notices import notice_files, notice_publish
from ems.register.publication import register_publish
from tests.absent_voting.test_services import grant, paper
from tests.polling.factories import Scheme

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
ON = dt.date(2026, 1, 2)


@pytest.fixture
def scheme(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Council.objects.create(
        name="Exampleshire District Council", gss_code="E07000041", country="england",
        ero_name="Pat Officer", ro_name="Pat Officer", office_address="Civic Centre",
        office_postcode="EX1 1AA",
    )  # fmt: skip
    return Scheme()


@pytest.fixture
def hostile(scheme) -> list[Elector]:
    """Six live, published electors whose first names and surnames are formulas."""
    live = [e for e in scheme.electors if e.status == "live" and not e.anonymous][:6]
    for elector, name in zip(live, HOSTILE, strict=True):
        Elector.objects.filter(pk=elector.pk).update(first_names=name, surname=name, title="")
        elector.refresh_from_db()
    return live


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read(path) -> str:
    """The file as written (no newline translation: a carriage return in a name stays)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def assert_text(cell: str, typed: str) -> None:
    """The cell holds what was typed, with a quote in front so it is not a formula."""
    assert cell.startswith("'"), cell
    assert cell[1:].startswith(typed), cell


def test_register_publication(hostile, tmp_path):
    out = tmp_path / "full.csv"
    register_publish(kind="full", file_format="csv", out_path=out, acting_user=None,
                     published_on=ON)  # fmt: skip
    rows = rows_of(read(out))
    by_name = {restore(r["first_names"]): r for r in rows}
    for name in HOSTILE:
        assert_text(by_name[name]["first_names"], name)
        assert by_name[name]["surname"] == "'" + name
    # Electors' own numbers are unchanged.
    assert {r["elector_number"] for r in rows} >= {e.elector_number for e in hostile}


def test_notice_of_alteration(hostile):
    for elector in hostile:
        Alteration.objects.create(
            elector=elector, kind=Alteration.Kind.ADDITION, effective_date=ON,
            polling_district=elector.polling_district, elector_number=elector.elector_number,
            after={"anonymous": False},
        )  # fmt: skip
    notice = notice_publish(kind="monthly", period_start=ON, period_end=ON, published_on=ON,
                            acting_user=None, file_formats=("csv",))  # fmt: skip
    rows = [r for p in notice_files(notice) for r in rows_of(read(p))]
    names = {r["elector_number"]: r["name"] for r in rows}
    for elector in hostile:
        assert_text(names[elector.elector_number], elector.surname)


def test_register_export_and_import_round_trip_exactly(hostile, tmp_path):
    first = tmp_path / "first.csv"
    register_services.register_export(path=first, acting_user=None)
    rows = rows_of(read(first))
    for name in HOSTILE:
        assert any(r["surname"] == "'" + name for r in rows)
    fields = ["polling_district_id", "number", "suffix", "title", "first_names", "surname"]
    before = list(Elector.objects.exclude(status="deleted").order_by("pk").values(*fields))
    Alteration.objects.all().delete()
    Elector.objects.all().delete()
    register_services.register_import(path=first, acting_user=None)
    after = list(Elector.objects.order_by("pk").values(*fields))
    key = ("polling_district_id", "number", "suffix")
    assert sorted(after, key=lambda e: [e[k] or 0 for k in key]) == sorted(
        (e for e in before if e["first_names"] != "Hidden"), key=lambda e: [e[k] or 0 for k in key]
    )
    second = tmp_path / "second.csv"
    register_services.register_export(path=second, acting_user=None)
    assert second.read_bytes() == first.read_bytes()


def test_poll_card_supplier_file(scheme, hostile, tmp_path):
    PollingPlace.objects.filter(pk=scheme.hall.pk).update(name="=cmd|' /C calc'!A0")
    poll_cards_produce(polling_day=scheme.day, acting_user=None, folder=tmp_path / "cards",
                       proof_cards=0)  # fmt: skip
    rows = rows_of(read(tmp_path / "cards" / SUPPLIER_FILE))
    cards = {r["elector_number"]: r for r in rows if r["send_to"] == "elector"}
    carded = [e for e in hostile if e.elector_number in cards]
    assert len(carded) == 5  # the sixth, an overseas elector, has no local or PCC vote
    for elector in carded:
        assert_text(cards[elector.elector_number]["name"], elector.first_names)
    hall_cards = [r for r in rows if r["polling_district"] == "NA1"]
    assert hall_cards and all(r["polling_place"] == "'=cmd|' /C calc'!A0" for r in hall_cards)


def test_absent_voter_lists_marked_registers_and_their_download(
    scheme, hostile, reader_client, tmp_path
):
    na1 = [e for e in hostile if e.polling_district_id == scheme.na1.pk]
    for elector in na1:
        grant(paper(scheme, elector))
    exports.write_all(scheme.local, tmp_path)
    postal = {r["elector_number"]: r for r in rows_of(read(tmp_path / "postal_voters.csv"))}
    marked = rows_of(read(tmp_path / "marked_register_station_1.csv"))
    marked += rows_of(read(tmp_path / "marked_register_station_2.csv"))
    marked_names = {r["elector_number"]: r["name"] for r in marked}
    url = reverse("absent_voting:list_download", args=[scheme.local.pk, "postal_voters", "csv"])
    response = reader_client.get(url)
    downloaded = rows_of(b"".join(response.streaming_content).decode())
    downloaded_names = {r["elector_number"]: r["name"] for r in downloaded}
    assert na1
    for elector in na1:
        assert_text(postal[elector.elector_number]["name"], elector.first_names)
        assert_text(marked_names[elector.elector_number], elector.first_names)
        assert_text(downloaded_names[elector.elector_number], elector.first_names)


def test_democracy_club_polling_station_export(scheme, tmp_path):
    PollingPlace.objects.filter(pk=scheme.hall.pk).update(name="@SUM(A1)", address="-2\nTown")
    out = tmp_path / "stations.csv"
    call_command("export_polling_stations", "--format", "xpress-dc", "--out", str(out),
                 "--election", scheme.local.election_id)  # fmt: skip
    rows = list(csv.reader(io.StringIO(read(out))))
    header = rows[0]
    at_hall = [r for r in rows[1:] if r[header.index("Polling_Place_District_Reference")] == "NA1"]
    assert at_hall
    for row in at_hall:
        assert row[header.index("Polling_Place_Name")] == "'@SUM(A1)"
        assert row[header.index("Polling_Place_Address_1")] == "'-2"
        assert row[header.index("Polling_Place_Easting")] == "451234"  # numbers untouched


@pytest.fixture
def contest(scheme):
    return ContestedArea.objects.get(election=scheme.local)


def test_results_export(contest, client, officer, manager):
    candidates = [
        count_services.candidate_add(contest=contest, name=name, party=name, acting_user=None)
        for name in HOSTILE[:3]
    ]
    count_services.fptp_result_enter(
        contest=contest, votes={c.pk: 3 - i for i, c in enumerate(candidates)}, rejected={},
        acting_user=officer,
    )  # fmt: skip
    for area in ContestedArea.objects.exclude(pk=contest.pk):
        area.delete()
    count_services.result_declare(contest=contest, acting_user=manager)
    args = [contest.election.election_id, contest.ballot_id, "results.csv"]
    response = client.get(reverse("count:public_contest_file", args=args))
    rows = rows_of(response.content.decode())
    assert [r["candidate"] for r in rows] == ["'" + n for n in HOSTILE[:3]]
    assert [r["party"] for r in rows] == ["'" + n for n in HOSTILE[:3]]
    assert [r["votes"] for r in rows] == ["3", "2", "1"]


def test_stage_sheet_and_preference_profile(tmp_path):
    ballots = Ballots(
        candidates=tuple(HOSTILE), seats=2,
        papers={(0, 1): 4, (1, 2): 3, (2, 0): 2, (3,): 2, (4, 5): 1, (5, 4): 1},
    )  # fmt: skip
    stages = tmp_path / "stages.csv"
    write_stages_csv(count(ballots), stages)
    rows = list(csv.reader(io.StringIO(read(stages))))
    assert rows[0][3:9] == ["'" + n for n in HOSTILE]
    assert rows[1][3] == "4.00000"  # figures stay numbers
    # The profile file ends lines with a bare newline, so a carriage return inside a name
    # could not be read back: names from a ballot file never hold one.
    typed = HOSTILE[:5]
    ballots = Ballots(candidates=tuple(typed), seats=2, papers={(0, 1): 4, (2, 3, 4): 3})
    profile = write_preference_profile(ballots)
    header = next(csv.reader(io.StringIO(profile)))
    assert header == ["Count", *("'" + n for n in typed)]
    again = parse_preference_profile(profile, seats=2)
    assert again.candidates == tuple(typed)
    assert again.papers == ballots.papers
