"""A notice of alteration as CSV: one file per polling district.

UTF-8, a header row, one alteration a row, additions first, then deletions,
then changes, each in elector number order. Columns:

  polling_district  the polling district code
  section           Additions, Deletions or Changes
  elector_number    the electoral number, e.g. NA1-123/1
  markers           franchise markers; N for an anonymous entry
  name              surname, first and middle names (empty for anonymous entries)
  address           the qualifying address on one line (additions and changes only)
  change            for changes, what changed (e.g. Change of name)

An anonymous elector (RPA 1983 s9B) shows the number and N only; a deleted
anonymous entry shows the number only.
"""

from collections.abc import Iterable
from typing import TextIO

from ems.core.csvwrite import safe_writer
from ems.register.rules.publication import NoticeLine

HEADER = (
    "polling_district",
    "section",
    "elector_number",
    "markers",
    "name",
    "address",
    "change",
)


def write_notice_csv(out: TextIO, district_code: str, lines: Iterable[NoticeLine]) -> int:
    writer = safe_writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for line in lines:
        writer.writerow(
            (
                district_code,
                line.section,
                line.elector_number,
                line.markers,
                line.name,
                line.address,
                line.change,
            )
        )
        count += 1
    return count
