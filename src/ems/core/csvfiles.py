"""Reading CSV files from other systems, whatever encoding they arrive in.

EMS exports come as UTF-8 (with or without a byte-order mark), Windows-1252 or
UTF-16; comma- or tab-separated. Header names are matched case-insensitively
after trimming spaces. A cell written with a quote in front to stop a spreadsheet
running it as a formula (ours, and other systems following the same advice:
`ems.core.csvwrite`) is read without the quote.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .csvwrite import has_neutralised, restore
from .errors import ImportRejected, RowError


def decode(data: bytes) -> str:
    """Decode file bytes: BOMs first, then UTF-16 without BOM, then UTF-8, then Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    sample = data[:400]
    if sample and sample.count(0) * 3 >= len(sample):
        # Text where every other byte is NUL is UTF-16 without a BOM.
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        return data.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_text(data: bytes) -> bool:
    """True if the bytes decode as text without control characters (a CSV, not a binary)."""
    try:
        text = decode(data[:65536])
    except UnicodeDecodeError:
        return False
    allowed = {"\n", "\r", "\t"}
    return not any(ord(ch) < 32 and ch not in allowed for ch in text)


def _record_start(text: str, delimiter: str, row: int) -> int:
    """Where record `row` (header = 1) starts in `text`: after the rows before it."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for _ in range(row - 1):
        next(reader)
    offset = 0
    for _ in range(reader.line_num):
        offset = text.index("\n", offset) + 1
    return offset


def _long_field_index(text: str, start: int, delimiter: str, limit: int) -> int:
    """The position in its record of the first field longer than `limit`, from `start`."""
    quoted = re.compile(r'"[^"]*(?:""[^"]*)*"?')
    plain = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    index, at = 0, start
    while at < len(text):
        match = (quoted if text.startswith('"', at) else plain).match(text, at)
        if match.end() - at > limit or not text.startswith(delimiter, match.end()):
            return index
        index, at = index + 1, match.end() + 1
    return index


def unreadable_row(
    exc: csv.Error, *, name: str, text: str, delimiter: str, row: int, header: Sequence[str] = ()
) -> RowError:
    """The error for record `row` (header = 1) that the csv module could not read."""
    limit = csv.field_size_limit()
    if "field larger than field limit" not in str(exc):
        return RowError(name, row, "-", "the row cannot be read", "fields in CSV form")
    index = _long_field_index(text, _record_start(text, delimiter, row), delimiter, limit)
    column = header[index] if index < len(header) else f"column {index + 1}"
    return RowError(name, row, column, f"field longer than {limit:,} characters")


@dataclass
class Row:
    """One data row, with the row number a spreadsheet would show (header = 1)."""

    number: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass
class CsvFile:
    name: str
    header: list[str]
    text: str
    delimiter: str
    neutralised: bool = False  # some cells may have a quote in front (csvwrite)

    def rows(self) -> Iterator[Row | RowError]:
        """Yield each data row, or a RowError for a row of the wrong width."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        next(reader, None)
        width = len(self.header)
        index = 1
        try:
            for index, fields in enumerate(reader, start=2):
                if not fields or all(not f.strip() for f in fields):
                    continue
                if len(fields) != width:
                    yield RowError(
                        self.name,
                        index,
                        "-",
                        f"row has {len(fields)} fields",
                        f"{width}, one for each column in the header",
                    )
                    continue
                if self.neutralised:
                    fields = list(map(restore, fields))
                yield Row(index, dict(zip(self.header, fields, strict=True)))
        except csv.Error as exc:  # the rest of the file cannot be read reliably
            yield self.unreadable(exc, row=index + 1)

    def unreadable(self, exc: csv.Error, *, row: int) -> RowError:
        return unreadable_row(
            exc, name=self.name, text=self.text, delimiter=self.delimiter, row=row,
            header=self.header,
        )  # fmt: skip


def _normalise_header(name: str) -> str:
    return name.strip().lower()


def open_csv(
    path: Path | str,
    *,
    required: Sequence[str],
    display_name: str | None = None,
) -> CsvFile:
    """Read and decode a CSV file, checking its header has every required column."""
    path = Path(path)
    name = display_name or path.name
    data = path.read_bytes()
    if not data.strip():
        raise ImportRejected([RowError(name, 1, "-", "the file is empty", "a header row")])
    text = decode(data)
    first_line = text.splitlines()[0] if text else ""
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        header = [_normalise_header(h) for h in next(csv.reader([first_line], delimiter=delimiter))]
    except csv.Error as exc:
        raise ImportRejected(
            [unreadable_row(exc, name=name, text=text, delimiter=delimiter, row=1)]
        ) from None
    errors = [
        RowError(name, 1, column, "missing column", "header " + ",".join(required))
        for column in required
        if column not in header
    ]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            errors.append(RowError(name, 1, column, "column appears twice", "each column once"))
        seen.add(column)
    if errors:
        raise ImportRejected(errors)
    return CsvFile(
        name=name,
        header=header,
        text=text,
        delimiter=delimiter,
        neutralised=has_neutralised(text),
    )
