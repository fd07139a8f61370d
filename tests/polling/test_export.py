"""export_polling_stations: the Xpress Democracy Club layout, read back by a parser that
follows Democracy Club's documented rules (dc-formats.md section 0)."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command

from ems.polling.formats.xpress_dc import HEADER


def dc_normalise(name: str) -> str:
    """Header name as Democracy Club's importer turns it into an attribute name."""
    name = name.strip().lower()
    name = re.sub(r"[ \-./\\]", "_", name)
    name = re.sub(r"[()\[\]{}]", "", name)
    return re.sub(r"_+", "_", name)


def dc_read(path):
    """Read like the importer: no BOM; TAB for .tsv; every row as wide as the header."""
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "a byte-order mark breaks EMS detection"
    text = data.decode("utf-8")
    delimiter = "\t" if path.name.lower().endswith(".tsv") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [dc_normalise(h) for h in rows[0]]
    assert len(header) >= 3
    assert len(set(header)) == len(header)
    assert all(h.isidentifier() for h in header)
    assert header[0] == "electiondate"  # detected as Xpress DC
    records = []
    for row in rows[1:]:
        assert len(row) == len(header), "every row needs exactly as many fields as the header"
        records.append(dict(zip(header, row, strict=True)))
    return records


@pytest.mark.parametrize("name", ["Democracy_Club__07May2026.tsv", "stations.csv"])
def test_export_reads_back_by_the_documented_rules(scheme, tmp_path, name):
    out = tmp_path / name
    call_command("export_polling_stations", "--format", "xpress-dc", "--out", str(out),
                 "--election", scheme.local.election_id)  # fmt: skip
    records = dc_read(out)
    by_uprn = {r["property_urn"]: r for r in records}
    # The local election covers ward North: NA1 and NA2, not SA1.
    assert set(by_uprn) == {"200001", "200002", "200003"}
    a = by_uprn["200001"]
    assert a["electiondate"] == "07/05/2026"
    assert a["addressline1"] == "1 Acacia Avenue"
    assert a["addressline6"] == "EX1 2AB" and a["post_code"] == "EX1 2AB"
    assert a["polling_place_district_reference"] == "NA1"
    assert a["polling_place_id"] == str(scheme.station1.pk)
    assert a["polling_place_name"] == "St Mark's Church Hall"
    assert a["polling_place_address_1"] == "Church Lane"
    assert a["polling_place_postcode"] == "EX1 3CD"
    assert a["polling_place_easting"] == "451234" and a["polling_place_northing"] == "112345"
    assert a["polling_place_uprn"] == "100099000500"
    # 2 Acacia Avenue's electors are numbers 4 and 5: station 2.
    assert by_uprn["200002"]["polling_place_id"] == str(scheme.station2.pk)
    # Unknown coordinates are 0, not blank.
    assert by_uprn["200003"]["polling_place_easting"] == "0"
    assert "Archer" not in out.read_text(encoding="utf-8")
    if name.endswith(".tsv"):
        assert "\t" in out.read_text(encoding="utf-8").splitlines()[0]


def test_export_header_is_the_xpress_layout():
    assert len(HEADER) == 24
    assert HEADER[0] == "ElectionDate" and "Addressline6" in HEADER and "Post_Code" in HEADER


def test_export_stable_station_id(scheme, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (first, second):
        call_command("export_polling_stations", "--format", "xpress-dc", "--out", str(out),
                     "--election", str(scheme.pcc.pk))  # fmt: skip
    assert first.read_bytes() == second.read_bytes()
    assert len(dc_read(first)) == 4  # the PCC poll covers the whole area


def test_export_defaults_to_next_election(scheme, tmp_path, monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 1, 1))
    out = tmp_path / "next.csv"
    call_command("export_polling_stations", "--format", "xpress-dc", "--out", str(out))
    assert len(dc_read(out)) == 3  # the local election (created first) is the next


def test_export_errors_are_messages(scheme, tmp_path):
    with pytest.raises(CommandError, match="There is no election nope"):
        call_command("export_polling_stations", "--format", "xpress-dc",
                     "--out", str(tmp_path / "x.csv"), "--election", "nope")  # fmt: skip
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_polling_stations", "--format", "xpress-dc",
                     "--out", str(tmp_path / "missing" / "x.csv"),
                     "--election", scheme.local.election_id)  # fmt: skip
