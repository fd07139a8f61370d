"""Writing CSV files that are safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets read a cell starting with `=`, `+`, `-` or `@` as a
formula, and one starting with a tab or carriage return can hide one (CSV or formula
injection, CWE-1236). Names, addresses and notes in our exports come from the public (online
applications, the staff interest form, the offer page), so a name typed as
`=HYPERLINK("http://x","y")` would run as a formula on a council laptop. Every CSV the
product writes therefore goes through `safe_writer`: a text cell starting with one of those
characters gets a single quote in front (OWASP's advice), which a spreadsheet shows as the
text as typed. Our importers take the quote off again (`csvfiles` uses `restore`), so an
export re-imports unchanged.

Only text (str) cells are changed. Numbers we write (int, Decimal, float) stay numbers, so a
negative amount is still a negative amount: code that writes a number must pass the number,
not text it has formatted itself.
"""

import csv
import io
from itertools import islice
from typing import Any

# OWASP "CSV Injection": equals, plus, minus, at, tab and carriage return.
TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"


def neutralise(cell: Any) -> Any:
    """The cell, with a quote in front if it is text a spreadsheet would read as a formula."""
    if isinstance(cell, str) and cell[:1] in TRIGGERS:
        return QUOTE + cell
    return cell


def restore(text: str) -> str:
    """Undo `neutralise` on a cell read back from one of our files."""
    if text[:1] == QUOTE and text[1:2] in TRIGGERS:
        return text[1:]
    return text


def has_neutralised(text: str) -> bool:
    """True if the text may hold cells `neutralise` changed (a quote before a trigger), so
    a reader need only `restore` cells when it does: a few fast scans of the whole file."""
    return any(QUOTE + t in text for t in TRIGGERS)


class SafeCsvWriter:
    """csv.writer with every text cell passed through `neutralise`.

    writerow returns what the file's write returned, as csv.writer does (the streaming
    downloads rely on it). writerows is the fast path for large files: it writes a batch
    with the plain writer into memory and searches the text for a cell that could start
    with a trigger (`_suspect`); only a batch with one is written again cell by cell.
    """

    BATCH = 2000

    def __init__(self, fileobj, **fmtparams) -> None:
        self._file = fileobj
        self._writer = csv.writer(fileobj, **fmtparams)
        self.dialect = self._writer.dialect
        self._buffer = io.StringIO()
        self._buffered = csv.writer(self._buffer, **fmtparams)
        self._suspects = _suspect_needles(self.dialect)

    def writerow(self, row):
        return self._writer.writerow(_neutralise_row(row))

    def writerows(self, rows) -> None:
        if self._suspects is None:
            for row in rows:
                self._writer.writerow(_neutralise_row(row))
            return
        if isinstance(rows, list):
            batches = (rows[i : i + self.BATCH] for i in range(0, len(rows), self.BATCH))
        else:
            rows = iter(rows)
            batches = iter(lambda: list(islice(rows, self.BATCH)), [])
        for batch in batches:
            self._buffered.writerows(batch)
            if self._suspect(self._buffer.getvalue()):
                self._buffer.seek(0)
                self._buffer.truncate()
                self._buffered.writerows(_neutralise_row(row) for row in batch)
            self._file.write(self._buffer.getvalue())
            self._buffer.seek(0)
            self._buffer.truncate()

    def _suspect(self, text: str) -> bool:
        """True if a cell in the text may start with a trigger (finding a line break inside
        a quoted address, or a negative number, only costs the slow path for the batch)."""
        for trigger, starts, after in self._suspects:
            # A trigger not in the text at all is one fast scan; most are absent.
            if trigger in text and (text.startswith(starts) or any(n in text for n in after)):
                return True
        return False


def _neutralise_row(row) -> list:
    # Inlined rather than calling neutralise per cell: it runs for millions of cells.
    return [QUOTE + c if isinstance(c, str) and c[:1] in TRIGGERS else c for c in row]


def _suspect_needles(dialect) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]] | None:
    """For each trigger, the text that appears where a cell starts with it.

    A cell starts at the start of the text, after the delimiter or after a newline (the
    end of the line terminator), bare or inside quotes. A trigger the writer always quotes
    (the delimiter, quote or a line-ending character) cannot start a bare cell. None when
    lines do not end with a newline, or nothing is quoted: then every row is checked.
    """
    terminator = dialect.lineterminator
    if not terminator.endswith("\n") or dialect.quoting == csv.QUOTE_NONE:
        return None
    quoted_specials = {dialect.delimiter, dialect.quotechar, *terminator}
    result = []
    for trigger in sorted(TRIGGERS):
        starts = [trigger, dialect.quotechar + trigger]
        if trigger in quoted_specials:
            starts = starts[1:]
        after = tuple(before + s for before in (dialect.delimiter, "\n") for s in starts)
        result.append((trigger, tuple(starts), after))
    return result


def safe_writer(fileobj, **fmtparams) -> SafeCsvWriter:
    """A CSV writer (same arguments as csv.writer) whose text cells cannot run as formulas."""
    return SafeCsvWriter(fileobj, **fmtparams)
