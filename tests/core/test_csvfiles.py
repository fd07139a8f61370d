import codecs

import pytest

from ems.core.csvfiles import decode, open_csv
from ems.core.errors import ImportRejected

TEXT = "name,town\nSiân Jones,Caerdydd\nZoë Brontë,Haworth\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("cp1252"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "utf-16-bom", "utf-16-le", "utf-16-be"],
)
def test_every_encoding_decodes_to_the_same_text(data):
    assert decode(data) == TEXT


def test_missing_columns_are_reported_against_the_header_row(tmp_path):
    path = tmp_path / "props.csv"
    path.write_text("uprn,town\n1,Exeter\n")
    with pytest.raises(ImportRejected) as caught:
        open_csv(path, required=["uprn", "postcode", "town"])
    assert [str(e) for e in caught.value.errors] == [
        "props.csv:1:postcode: missing column (expected header uprn,postcode,town)"
    ]


def test_rows_of_the_wrong_width_are_errors_with_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "props.csv"
    path.write_text("uprn,town\n1,Exeter\n2\n3,Crediton\n")
    rows = list(open_csv(path, required=["uprn"]).rows())
    assert rows[0].number == 2 and rows[0]["town"] == "Exeter"
    assert (
        str(rows[1])
        == "props.csv:3:-: row has 1 fields (expected 2, one for each column in the header)"
    )
    assert rows[2].number == 4


def test_tab_separated_files_and_header_case_are_accepted(tmp_path):
    path = tmp_path / "props.tsv"
    path.write_text(" UPRN \tTown\n1\tExeter\n")
    csv_file = open_csv(path, required=["uprn", "town"])
    assert [row["town"] for row in csv_file.rows()] == ["Exeter"]
