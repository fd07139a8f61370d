"""The preference-profile CSV published from Scottish e-counting.

One row per ballot paper (or per group of identical papers), one column per candidate
holding the preference number the voter wrote against that candidate (blank if none):

    Ballot,Natalie Don,Elliot Alexander Harrison,Ellen Höfer-Franz,James Maclaren,Colin Mcculloch
    1,1,,2,,
    2,,3,1,2,

Header (row 1): every column except the reserved ones below is a candidate, named as it
should be printed (names are kept exactly as written). Reserved columns, matched
case-insensitively and optional:
- `count` (or `papers`, `weight`): number of identical papers the row stands for (default 1);
- `ballot`, `ballot number`, `id`, `ward`, `contest`: identifiers, ignored.
Seats are not in the file: give them to the count (`--seats`).

Each cell: blank or a whole number 1..(number of candidates). A paper must have exactly one
1 (else it is an error: such papers are rejected at adjudication, not counted). Later
preferences are used in consecutive order up to the first gap or repeated number (the
"next available preference" is the next number in sequence), so "1,2,4" counts as 1,2 and
"1,2,2,3" as 1.

Errors are reported as FILE:ROW:COLUMN: problem (expected ...), header = row 1, all of
them at once, raising ImportRejected. Files may be UTF-8 (with or without BOM),
Windows-1252 or UTF-16, comma- or tab-separated (ems.core.csvfiles.decode).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ems.core.csvfiles import decode, unreadable_row
from ems.core.csvwrite import restore, safe_writer
from ems.core.errors import ImportRejected, RowError

from ..rules.stv_scottish import Ballots

COUNT_COLUMNS = {"count", "papers", "weight"}
IGNORED_COLUMNS = {"ballot", "ballot number", "ballot id", "id", "ward", "contest"}
MAX_ERRORS = 100


def read_preference_profile(
    path: Path | str, *, seats: int, display_name: str | None = None, title: str = ""
) -> Ballots:
    path = Path(path)
    return parse_preference_profile(
        decode(path.read_bytes()), seats=seats, name=display_name or path.name, title=title
    )


def _records(reader, *, name: str, text: str, header: list[str]):
    """(row number, fields) of each row; a row the csv module cannot read rejects the file."""
    number = 1
    try:
        for number, fields in enumerate(reader, start=2):
            yield number, fields
    except csv.Error as exc:
        problem = unreadable_row(
            exc, name=name, text=text, delimiter=reader.dialect.delimiter, row=number + 1,
            header=header,
        )  # fmt: skip
        raise ImportRejected([problem]) from None


def parse_preference_profile(
    text: str, *, seats: int, name: str = "profile.csv", title: str = ""
) -> Ballots:
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line:
        raise ImportRejected(
            [RowError(name, 1, "-", "the file is empty", "a header row naming the candidates")]
        )
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [restore(h.strip()) for h in next(reader)]
    except csv.Error as exc:
        raise ImportRejected(
            [unreadable_row(exc, name=name, text=text, delimiter=delimiter, row=1)]
        ) from None
    errors: list[RowError] = []

    def error(row: int, column: str, problem: str, expected: str = "") -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(RowError(name, row, column, problem, expected))

    candidate_columns: list[int] = []
    count_column: int | None = None
    seen: set[str] = set()
    for index, column in enumerate(header):
        key = column.lower()
        if not column:
            error(1, f"column {index + 1}", "empty column name", "a candidate name or Count")
        elif key in seen:
            error(1, column, "column appears twice", "each column once")
        elif key in COUNT_COLUMNS:
            count_column = index
        elif key not in IGNORED_COLUMNS:
            candidate_columns.append(index)
        seen.add(key)
    candidates = tuple(header[i] for i in candidate_columns)
    n = len(candidates)
    if n == 0:
        error(1, "-", "no candidate columns", "one column per candidate")
    elif not 1 <= seats <= n:
        error(1, "-", f"{seats} seats for {n} candidates", f"1 to {n} seats")
    if errors:
        raise ImportRejected(errors)

    width = len(header)
    papers: dict[tuple[int, ...], int] = {}
    seen_rows: dict[tuple[str, ...], tuple[int, ...] | None] = {}
    for row_number, fields in _records(reader, name=name, text=text, header=header):
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != width:
            error(
                row_number,
                "-",
                f"row has {len(fields)} fields",
                f"{width}, one for each column in the header",
            )
            continue
        weight = 1
        if count_column is not None:
            raw = fields[count_column].strip()
            try:
                weight = int(raw)
            except ValueError:
                weight = 0
            if weight < 1:
                error(
                    row_number,
                    header[count_column],
                    f"'{raw}' is not a number of papers",
                    "a whole number of at least 1",
                )
                continue
        marks = tuple(fields[i].strip() for i in candidate_columns)
        if marks in seen_rows:
            ranking = seen_rows[marks]
        else:
            ranking = _ranking(marks, candidates, row_number, error)
            seen_rows[marks] = ranking
        if ranking is not None:
            papers[ranking] = papers.get(ranking, 0) + weight
    if errors:
        raise ImportRejected(errors)
    if not papers:
        raise ImportRejected([RowError(name, 2, "-", "no ballot papers", "one row per paper")])
    return Ballots(candidates=candidates, seats=seats, papers=papers, title=title)


def _ranking(marks, candidates, row_number, error) -> tuple[int, ...] | None:
    n = len(candidates)
    by_preference: dict[int, list[int]] = {}
    ok = True
    for c, mark in enumerate(marks):
        if not mark:
            continue
        try:
            preference = int(mark)
        except ValueError:
            preference = 0
        if not 1 <= preference <= n:
            error(
                row_number,
                candidates[c],
                f"'{mark}' is not a preference",
                f"blank or a whole number 1 to {n}",
            )
            ok = False
            continue
        by_preference.setdefault(preference, []).append(c)
    if not ok:
        return None
    firsts = by_preference.get(1, [])
    if len(firsts) != 1:
        problem = (
            "no first preference"
            if not firsts
            else "first preference given to more than one candidate"
        )
        error(row_number, "-", problem, "exactly one candidate marked 1")
        return None
    ranking = []
    preference = 1
    while len(by_preference.get(preference, [])) == 1:
        ranking.append(by_preference[preference][0])
        preference += 1
    return tuple(ranking)


def write_preference_profile(ballots: Ballots) -> str:
    """A preference-profile CSV (with a Count column) for ballot data."""
    out = io.StringIO()
    writer = safe_writer(out, lineterminator="\n")
    writer.writerow(["Count", *ballots.candidates])
    for ranking, weight in ballots.papers.items():
        cells = [""] * len(ballots.candidates)
        for preference, c in enumerate(ranking, start=1):
            cells[c] = str(preference)
        writer.writerow([weight, *cells])
    return out.getvalue()
