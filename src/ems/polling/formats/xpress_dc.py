"""The Xpress "Democracy Club" polling station layout read by Democracy Club's
WhereDoIVote importer (see ../shared/research/dc-formats.md sections 0, 1 and 6).

One row per elector property, the station's columns repeated on every row:

  ElectionDate                       polling day, dd/mm/yyyy (must be the first column)
  ElectionType                       the poll's type, e.g. Local (principal council)
  ElectoralArea                      the ward of the property
  Contested                          Yes
  Property_URN                       the property's UPRN
  AddressLine1 .. AddressLine5       the property's address (line 1-4, town)
  Addressline6                       the property's POSTCODE (the importer reads it here)
  Post_Code                          the property's postcode again
  Polling_Place_District_Reference   polling district code
  Polling_Place_Id                   the station's id in this EMS (stable for the day)
  Polling_Place_Name                 the polling place's name
  Polling_Place_Address_1 .. _4      the polling place's address lines
  Polling_Place_Postcode             its postcode
  Polling_Place_Easting / _Northing  British National Grid, whole metres; 0 when unknown
  Polling_Place_UPRN                 the polling place's UPRN, if known
  AreaNameAlternative                empty

UTF-8 without a byte-order mark; TAB-separated when the file name ends .tsv,
otherwise comma-separated; standard CSV quoting; every row as wide as the header.
"""

from collections.abc import Iterable
from typing import TextIO

from ems.core.csvwrite import safe_writer

HEADER = (
    "ElectionDate", "ElectionType", "ElectoralArea", "Contested", "Property_URN",
    "AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4", "AddressLine5",
    "Addressline6", "Post_Code", "Polling_Place_District_Reference", "Polling_Place_Id",
    "Polling_Place_Name", "Polling_Place_Address_1", "Polling_Place_Address_2",
    "Polling_Place_Address_3", "Polling_Place_Address_4", "Polling_Place_Postcode",
    "Polling_Place_Easting", "Polling_Place_Northing", "Polling_Place_UPRN",
    "AreaNameAlternative",
)  # fmt: skip


def delimiter_for(filename: str) -> str:
    return "\t" if filename.lower().endswith(".tsv") else ","


def coordinate(value: float | None) -> str:
    """Whole metres; "0" when unknown (the importer treats 0 as missing)."""
    if value is None:
        return "0"
    return str(round(value))


def write_xpress_dc(out: TextIO, rows: Iterable[tuple], *, delimiter: str = ",") -> int:
    writer = safe_writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        if len(row) != len(HEADER):
            raise ValueError(f"row has {len(row)} fields, expected {len(HEADER)}")
        # A TAB or newline inside a field would break TAB files read without quoting.
        writer.writerow(
            [str(v).replace("\t", " ").replace("\r", " ").replace("\n", " ") for v in row]
        )
        count += 1
    return count
