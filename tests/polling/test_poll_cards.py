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
    assert run.counts == {
        "ordinary": 6,
        "postal": 0,
        "proxy": 0,
        "anonymous": 1,
        "sent_to_proxy": 0,
    }
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
    assert run.counts == {
        "ordinary": 4,
        "postal": 1,
        "proxy": 1,
        "anonymous": 1,
        "sent_to_proxy": 0,
    }
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


def proxy_provider(scheme, details):
    """A provider in the extended form: Bob votes by proxy; Hidden (anonymous) too."""
    bob, hidden = scheme.electors[1], scheme.electors[4]

    def provider(ids, polling_day):
        secret = {**details, "proxy_name": "Secret Proxy"} if isinstance(details, dict) else details
        answers = {bob.pk: details, hidden.pk: secret}
        return {i: v for i, v in answers.items() if i in ids}

    return provider


def produce_with(scheme, provider):
    absent.register_provider(provider)
    try:
        return produce(scheme)
    finally:
        absent.unregister_provider(provider)


def test_proxys_own_card_goes_to_the_proxy(scheme):
    provider = proxy_provider(scheme, {
        "kind": "proxy", "proxy_name": "Mx Pat Proxy",
        "proxy_address": "7 High Street\nExampletown", "proxy_postcode": "EX9 1ZZ",
    })  # fmt: skip
    run = produce_with(scheme, provider)
    rows = [r for r in read(run_folder(run) / "supplier.csv") if r["elector_number"] == "NA1-2"]
    assert [(r["card_kind"], r["send_to"]) for r in rows] == [("proxy", "elector"),
                                                              ("proxy", "proxy")]  # fmt: skip
    to_elector, to_proxy = rows
    # Who the card is about: the elector, on both cards.
    assert to_elector["name"] == to_proxy["name"] == "Mx Bob Archer"
    assert to_proxy["address_1"] == "1 Acacia Avenue"
    # Where it goes.
    assert to_elector["send_to_name"] == "Mx Bob Archer"
    assert to_elector["send_to_address_1"] == "1 Acacia Avenue"
    assert to_proxy["send_to_name"] == "Mx Pat Proxy"
    assert (to_proxy["send_to_address_1"], to_proxy["send_to_address_2"]) == (
        "7 High Street", "Exampletown"
    )  # fmt: skip
    assert to_proxy["send_to_postcode"] == "EX9 1ZZ"
    assert to_proxy["station_number"] == "1"  # the proxy votes at the elector's station
    # The anonymous elector's proxy is never in the supplier file.
    text = (run_folder(run) / "supplier.csv").read_text(encoding="utf-8")
    assert "Secret Proxy" not in text and "NA1-5" not in text
    assert run.counts["sent_to_proxy"] == 1 and run.counts["proxy"] == 1
    assert run.reconciled, run.reconciliation["problems"]
    assert run.reconciliation["sent_to_proxies"] == 1
    assert run.reconciliation["totals"]["proxy"] == 1  # one elector's card, to the elector


def test_kind_only_answers_still_work_and_write_no_proxy_card(scheme):
    run = produce_with(scheme, proxy_provider(scheme, "proxy"))
    rows = [r for r in read(run_folder(run) / "supplier.csv") if r["elector_number"] == "NA1-2"]
    assert [(r["card_kind"], r["send_to"]) for r in rows] == [("proxy", "elector")]
    assert run.counts["sent_to_proxy"] == 0 and run.reconciled


def test_reconciliation_catches_a_proxy_card_for_an_elector_without_a_proxy(scheme):
    provider = proxy_provider(scheme, {"kind": "proxy", "proxy_name": "Pat",
                                       "proxy_address": ["7 High Street"]})  # fmt: skip
    run = produce_with(scheme, provider)
    folder = run_folder(run)

    def relabel(rows):
        # Turn Bob's own card into an ordinary one: his proxy's card is now a stray.
        for r in rows:
            if r[1] == "NA1-2" and r[SUPPLIER_HEADER.index("send_to")] == "elector":
                r[0] = "ordinary"
        return rows

    _rewrite(folder / "supplier.csv", relabel)
    result = reconcile_folder(
        scheme.day, folder, sorted(d.pk for d in (scheme.na1, scheme.na2, scheme.sa1))
    )
    assert "1 cards to proxies are for electors without a proxy vote: NA1-2" in result["problems"]
    assert not result["ok"]


def test_provider_answers_are_checked():
    with pytest.raises(ValueError, match="postal or proxy"):
        absent._as_vote({"kind": "in person"})
    with pytest.raises(ValueError, match="not 3"):
        absent._as_vote(3)
    vote = absent._as_vote(absent.AbsentVote("proxy", "Pat", ("1 Road",)))
    assert vote.proxy_card_addressable
    assert not absent._as_vote({"kind": "proxy", "proxy_name": "Pat"}).proxy_card_addressable
    assert not absent._as_vote("postal").proxy_card_addressable
