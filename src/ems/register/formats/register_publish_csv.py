"""The published register as CSV, for printers and recipients of supplies.

UTF-8 (no byte order mark), comma separated, a header row, one entry a row, in
register order (polling district, street, house, number). Columns, following
the usual print files of the electoral registration systems (an elector number
split into district, number and suffix, then markers, name and address lines):

  elector_number      the full electoral number, e.g. NA1-123 or NA1-123/1
  polling_district    the polling district code (the number's prefix)
  elector_no          the number within the district
  suffix              1, 2... for electors added between publications, else empty
  markers             franchise markers (e.g. F, E, G, K); anonymous entries show N only
  date_of_attainment  for attainers, the date they reach voting age (YYYY-MM-DD)
  title, first_names, middle_names, surname
  address_1 .. address_5  the qualifying address, one line each, town last
  postcode

An anonymous entry (RPA 1983 s9B) has only elector_number, polling_district,
elector_no, suffix and the marker N; every other column is empty.
"""

import hashlib
import io
from collections.abc import Iterable
from typing import BinaryIO

from ems.core.csvwrite import safe_writer
from ems.register.rules.publication import CSV_HEADER


def write_register_csv(out: BinaryIO, batches: Iterable[list[tuple]]) -> tuple[int, str]:
    """Write the header and the rows (batches of rows in CSV_HEADER order) as UTF-8.

    Returns the number of rows written and the SHA-256 of the bytes written, so
    the file need not be read again to checksum it.
    """
    digest = hashlib.sha256()
    buffer = io.StringIO()
    writer = safe_writer(buffer, lineterminator="\r\n")

    def flush() -> None:
        data = buffer.getvalue().encode("utf-8")
        digest.update(data)
        out.write(data)
        buffer.seek(0)
        buffer.truncate()

    writer.writerow(CSV_HEADER)
    count = 0
    for batch in batches:
        writer.writerows(batch)
        count += len(batch)
        flush()
    flush()
    return count, digest.hexdigest()
