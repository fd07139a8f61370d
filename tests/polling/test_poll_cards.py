"""Poll card files: who gets which card, anonymous electors kept apart, reconciliation."""

import csv

import pytest

from ems.core.errors import NotPermitted
from ems.core.models import AuditEvent
from ems.polling import absent, poll_cards
from ems.polling.formats.poll_cards_csv import ANONYMOUS_HEADER, SUPPLIER_HEADER
from ems.polling.poll_cards import poll_cards_produce, reconcile_folder, run_folder


def read(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def produce(scheme, **kwargs):
    return poll_cards_produce(polling_day=scheme.day, acting_user=None, **kwargs)


def test_every_entitled_elector_gets_one_card_with_station_and_combined_wording(scheme):
    run = produce(scheme)
    folder = run_folder(run)
    cards = {row["elector_number"]: row for row in read(folder / "supplier.csv")}
    assert sorted(cards) == ["NA1-1", "NA1-2", "NA1-3", "NA1-4", "NA2-1", "SA1-1"]
    alice = cards["NA1-1"]
    assert alice["name"] == "Mx Alice Archer"
    assert alice["address_1"] == "1 Acacia Avenue"
    assert alice["postcode"] == "EX1 2AB"
    assert alice["card_kind"] == "ordinary"
    assert alice["station_number"] == "1"
    assert alice["polling_place"] == "St Mark's Church Hall"
    assert alice["poll_date"] == "Thursday 7 May 2026"
    assert "Exampleshire District Council election and the Exampleshire Police" in alice["polls"]
    assert "taken together" in alice["polls"]
    # Split district: numbers from 4 vote at station 2 in the same hall.
    assert cards["NA1-4"]["station_number"] == "2"
    # South is outside the local election's area: PCC only, no combined sentence.
    assert cards["SA1-1"]["polls"] == (
        "You may vote at the Exampleshire Police and Crime Commissioner election."
    )
    assert run.reconciled, run.reconciliation["problems"]
    assert run.counts == {"ordinary": 6, "postal": 0, "proxy": 0, "anonymous": 1}
    assert (folder / "proof.pdf").read_bytes().startswith(b"%PDF")


def test_anonymous_elector_never_in_the_supplier_file(scheme):
    run = produce(scheme)
    folder = run_folder(run)
    supplier_text = (folder / "supplier.csv").read_text(encoding="utf-8")
    assert "Hidden" not in supplier_text
    assert "NA1-5" not in supplier_text
    hidden = read(folder / "anonymous.csv")
    assert [row["elector_number"] for row in hidden] == ["NA1-5"]
    assert tuple(hidden[0]) == ANONYMOUS_HEADER
    assert "name" not in hidden[0] and "address_1" not in hidden[0]
    assert "Hidden" not in (folder / "anonymous.csv").read_text(encoding="utf-8")
    assert "Acacia" not in (folder / "anonymous.csv").read_text(encoding="utf-8")
    assert hidden[0]["station_number"] == "2"


def test_overseas_elector_has_no_card_at_local_and_pcc_polls(scheme):
    run = produce(scheme)
    na2 = next(d for d in run.reconciliation["districts"] if d["district"] == "NA2")
    assert na2["register_live"] == 2
    assert na2["not_entitled"] == 1
    assert na2["expected"] == 1 and na2["found"] == 1


def test_postal_and_proxy_from_the_absent_vote_hook(scheme):
    alice, bob = scheme.electors[0], scheme.electors[1]

    def provider(ids, polling_day):
        return {i: k for i, k in {alice.pk: "postal", bob.pk: "proxy"}.items() if i in ids}

    absent.register_provider(provider)
    try:
        run = produce(scheme)
    finally:
        absent.unregister_provider(provider)
    cards = {r["elector_number"]: r["card_kind"] for r in read(run_folder(run) / "supplier.csv")}
    assert cards["NA1-1"] == "postal" and cards["NA1-2"] == "proxy"
    assert run.counts == {"ordinary": 4, "postal": 1, "proxy": 1, "anonymous": 1}
    assert run.reconciliation["totals"]["postal"] == 1
    assert run.reconciled


def _rewrite(path, change):
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def test_reconciliation_catches_a_missing_elector(scheme):
    run = produce(scheme)
    folder = run_folder(run)
    _rewrite(folder / "supplier.csv", lambda rows: [r for r in rows if r[1] != "NA1-4"])
    district_ids = [scheme.na1.pk, scheme.na2.pk, scheme.sa1.pk]
    result = reconcile_folder(scheme.day, folder, district_ids)
    assert not result["ok"]
    assert "NA1: 1 electors have no card (4 cards for 5 entitled electors)" in result["problems"]


def test_reconciliation_catches_a_duplicated_elector(scheme):
    run = produce(scheme)
    folder = run_folder(run)
    _rewrite(folder / "supplier.csv", lambda rows: [*rows, rows[1]])
    result = reconcile_folder(scheme.day, folder, [scheme.na1.pk, scheme.na2.pk, scheme.sa1.pk])
    assert not result["ok"]
    assert result["problems"][0] == "1 elector numbers appear more than once: NA1-1"


def test_reconciliation_catches_an_anonymous_card_printed_twice(scheme):
    run = produce(scheme)
    folder = run_folder(run)
    hidden = read(folder / "anonymous.csv")[0]
    _rewrite(
        folder / "supplier.csv",
        lambda rows: [*rows, ["ordinary", hidden["elector_number"], "NA1", *[""] * 14, ""]],
    )
    result = reconcile_folder(scheme.day, folder, [scheme.na1.pk, scheme.na2.pk, scheme.sa1.pk])
    assert not result["ok"]
    assert any("NA1-5" in p for p in result["problems"])


def test_elector_in_no_station_shows_in_reconciliation(scheme):
    scheme.station2.serves.all().delete()  # NA1 numbers 4+ now have no station
    run = produce(scheme)
    cards = {r["elector_number"]: r for r in read(run_folder(run) / "supplier.csv")}
    assert cards["NA1-4"]["station_number"] == ""
    assert not run.reconciled
    assert run.reconciliation["problems"] == [
        "2 electors have no polling station in the scheme: NA1-4, NA1-5"
    ]


def test_produce_is_audited_and_needs_manager(scheme, officer):
    with pytest.raises(NotPermitted):
        poll_cards_produce(polling_day=scheme.day, acting_user=officer)
    run = produce(scheme)
    event = AuditEvent.objects.get(action="poll_cards.produced")
    assert event.after["run"] == run.pk
    assert event.after["reconciled"] is True


def test_headers():
    assert SUPPLIER_HEADER[:4] == ("card_kind", "elector_number", "polling_district", "name")
    assert poll_cards.SUPPLIER_FILE == "supplier.csv"
