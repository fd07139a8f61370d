"""The .blt ballot format (the "ballot file" of OpenSTV / eSTV / ERS, used for Scottish
e-counting data).

    5 3                       number of candidates, number of seats
    -2                        optional: withdrawn candidates, as negative numbers
    372 1 0                   weight (papers), then preferences by candidate number, then 0
    23 1 2 0
    ...
    0                         end of ballots
    "Natalie Don"             one name per candidate, in candidate-number order
    ...
    "Ward 11 - Bishopton"     the title

Candidate numbers start at 1. Names are in double quotes (a doubled "" inside is a literal
quote, as some published files have); an unquoted title line is accepted. Several ballot
lines may be identical: identical raw lines are counted
first (bytes, collections.Counter), then the distinct lines are parsed together with numpy
(`_well_formed`: digits and spaces only, weight >= 1, candidate numbers in range, a final 0)
and the rankings aggregated (ranking -> papers) before counting. Any other line is parsed
on its own so that every problem in it is reported.

Errors are reported as FILE:LINE:COLUMN: problem (expected ...), all of them at once,
raising ImportRejected. "Column" names the part of the line: "header", "weight",
"preference N", "name".
"""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

import numpy as np

from ems.core.csvfiles import decode
from ems.core.errors import ImportRejected, RowError

from ..rules.stv_scottish import Ballots

MAX_ERRORS = 100
_MINUS_ONE = (-1).__add__  # candidate number -> 0-based index, in C


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


def read_blt(path: Path | str, *, display_name: str | None = None) -> Ballots:
    """Read a .blt file. Raises ImportRejected listing every problem found."""
    path = Path(path)
    return parse_blt_bytes(path.read_bytes(), display_name or path.name)


def parse_blt(text: str, name: str = "ballots.blt") -> Ballots:
    return parse_blt_bytes(text.encode("utf-8"), name)


def _single_byte_lines(data: bytes) -> bytes:
    """UTF-8 (or Windows-1252) bytes: UTF-16 files are re-encoded, a UTF-8 BOM dropped.

    The ballot lines are ASCII digits in every single-byte encoding, so they are read as
    bytes; only the names and title are decoded (ems.core.csvfiles.decode).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    sample = data[:400]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        sample and sample.count(0) * 3 >= len(sample)
    ):
        return decode(data).encode("utf-8")
    return data


def _ballot_lines(lines: list[bytes], start: int) -> tuple[Counter, int]:
    """Identical raw ballot lines counted (in C) and the index of the end line '0'."""
    try:
        end = lines.index(b"0", start)
    except ValueError:
        end = len(lines)
    while True:
        counted = Counter(lines[start:end])
        ends = [raw for raw in counted if raw.strip() == b"0"]
        if not ends:
            return counted, end
        # An end line written with spaces (" 0"): it ends the ballots earlier.
        end = min(lines.index(raw, start) for raw in ends)


def _well_formed(raws: list[bytes], candidates: int) -> tuple[list, list[int]]:
    """Parse many distinct ballot lines at once (vectorised over their bytes).

    Returns (ranking or None, weight) per line: None for a line that is not plainly
    "weight c1 c2 ... 0" (digits and blanks only, weight >= 1, at least one preference,
    every candidate number 1..candidates, numbers of at most 15 digits); such a line is left
    to the line-by-line parser, which reports its problems.
    """
    m = len(raws)
    buf = np.frombuffer(b"\n".join(raws) + b"\n", dtype=np.uint8)
    digit = (buf >= 48) & (buf <= 57)
    newline = buf == 10
    line = np.cumsum(newline) - newline  # the line of each byte
    good = np.ones(m, dtype=bool)
    good[line[~(digit | newline | (buf == 32) | (buf == 9))]] = False
    # Numbers: runs of digits. Value = sum of digit x 10**(places to the run's end), summed
    # in float64, exact below 2**53 (at most 15 digits).
    before = np.empty_like(digit)
    before[0] = False
    before[1:] = digit[:-1]
    after = np.empty_like(digit)
    after[-1] = False
    after[:-1] = digit[1:]
    starts = (digit & ~before).nonzero()[0]
    ends = (digit & ~after).nonzero()[0]
    long = ends - starts >= 15
    good[line[starts[long]]] = False
    number = np.cumsum(digit & ~before) - 1  # the number each digit belongs to
    at = digit.nonzero()[0]
    places = np.minimum(ends[number[at]] - at, 18)  # longer numbers are not used
    exact = np.bincount(
        number[at], weights=(buf[at] - 48) * np.power(10.0, places), minlength=len(starts)
    )
    exact[long] = 0  # their lines are read one at a time
    values = exact.astype(np.int64)
    owner = line[starts]
    count = np.bincount(owner, minlength=m)
    first = np.cumsum(count) - count
    last = first + count - 1
    some = count > 0
    weight = np.zeros(m, dtype=np.int64)
    weight[some] = values[first[some]]
    end = np.full(m, -1, dtype=np.int64)
    end[some] = values[last[some]]
    good &= (count >= 3) & (end == 0) & (weight >= 1)
    # Candidate numbers: every number that is neither a line's first nor its last.
    inner = np.ones(len(starts), dtype=bool)
    inner[first[some]] = False
    inner[last[some]] = False
    out_of_range = inner & ((values < 1) | (values > candidates))
    good[owner[out_of_range]] = False

    lengths = np.where(good, count - 2, 0)
    width = int(lengths.max()) if m else 0
    small = candidates <= 256  # candidate indexes fit in bytes: tuples straight from bytes
    grid = np.zeros((m, max(width, 1)), dtype=np.uint8 if small else np.int64)
    for k in range(width):
        rows = (lengths > k).nonzero()[0]
        grid[rows, k] = values[first[rows] + 1 + k] - 1
    rankings: list = [None] * m
    for size in np.unique(lengths[good]).tolist():
        rows = (good & (lengths == size)).nonzero()[0]
        block = grid[rows, :size]
        if small:
            marks = iter(block.tobytes())
            tuples = zip(*[marks] * size, strict=False)  # consecutive groups of `size`
        else:
            tuples = map(tuple, block.tolist())
        for row, ranking in zip(rows.tolist(), tuples, strict=True):
            rankings[row] = ranking
    return rankings, weight.tolist()


def parse_blt_bytes(data: bytes, name: str = "ballots.blt") -> Ballots:
    errors: list[RowError] = []

    def error(line: int, column: str, problem: str, expected: str = "") -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(RowError(name, line, column, problem, expected))

    lines = _single_byte_lines(data).splitlines()

    def text_of(index: int) -> str:
        return lines[index].decode("utf-8", errors="replace")

    number = 0
    # Header: candidates and seats (skip blank lines before it).
    while number < len(lines) and not lines[number].strip():
        number += 1
    if number >= len(lines):
        raise ImportRejected(
            [RowError(name, 1, "header", "the file is empty", "'candidates seats'")]
        )
    header = text_of(number).split()
    number += 1
    try:
        candidates, seats = (int(x) for x in header)
    except ValueError:
        raise ImportRejected(
            [
                RowError(
                    name,
                    number,
                    "header",
                    f"'{text_of(number - 1).strip()}' is not two whole numbers",
                    "'candidates seats', e.g. '5 3'",
                )
            ]
        ) from None
    if candidates < 1 or seats < 1 or seats > candidates:
        raise ImportRejected(
            [
                RowError(
                    name,
                    number,
                    "header",
                    f"{candidates} candidates for {seats} seats",
                    "at least one candidate and 1 <= seats <= candidates",
                )
            ]
        )

    withdrawn: set[int] = set()
    if number < len(lines) and lines[number].strip().startswith(b"-"):
        number += 1
        for token in text_of(number - 1).split():
            try:
                value = int(token)
            except ValueError:
                value = 0
            if not -candidates <= value <= -1:
                error(
                    number,
                    "withdrawn",
                    f"'{token}' is not a withdrawn candidate",
                    f"-1 to -{candidates}",
                )
            else:
                withdrawn.add(-value - 1)

    # Ballot lines: identical raw lines are counted first (one C-level pass), then each
    # distinct line is parsed once and its preference text aggregated.
    start = number
    counted, end = _ballot_lines(lines, start)
    ended = end < len(lines)

    def line_of(raw: bytes) -> int:
        return lines.index(raw, start) + 1

    weights: dict[str, int] = {}
    first_raw: dict[str, bytes] = {}
    papers: dict[tuple[int, ...], int] = {}
    raws = list(counted)
    rankings, line_weights = _well_formed(raws, candidates) if raws else ([], [])
    papers_of_lines = list(map(int.__mul__, line_weights, counted.values()))
    if None not in rankings:  # usually each ranking is on one distinct line
        papers = dict(zip(rankings, papers_of_lines, strict=True))
    others = []
    if len(papers) < len(rankings):  # a ranking on several lines, or lines read one by one
        papers = {}
        for raw, times, key, number in zip(
            raws, counted.values(), rankings, papers_of_lines, strict=True
        ):
            if key is None:
                others.append((raw, times))
            else:
                papers[key] = papers.get(key, 0) + number
    for raw, times in others:
        # Fast path: a well-formed line "weight c1 c2 ... 0" in one conversion.
        try:
            numbers = list(map(int, raw.split()))
        except ValueError:
            numbers = []
        if len(numbers) >= 3 and numbers[-1] == 0 and numbers[0] >= 1:
            marks = numbers[1:-1]
            if min(marks) >= 1 and max(marks) <= candidates:
                key = tuple(map(_MINUS_ONE, marks))
                papers[key] = papers.get(key, 0) + numbers[0] * times
                continue
        # Anything else is parsed token by token so that every problem is reported.
        line = raw.decode("utf-8", errors="replace").strip()
        if not line:
            continue
        weight_text, _, rest = line.partition(" ")
        try:
            weight = int(weight_text)
        except ValueError:
            error(
                line_of(raw),
                "weight",
                f"'{weight_text}' is not a whole number",
                "a number of papers, then preferences, then 0",
            )
            continue
        if weight < 1:
            error(line_of(raw), "weight", f"{weight} papers", "a whole number of at least 1")
            continue
        rest = " ".join(rest.split())
        if rest in weights:
            weights[rest] += weight * times
        else:
            weights[rest] = weight * times
            first_raw[rest] = raw
    number = end + 1 if ended else end
    if not ended:
        error(
            number or 1,
            "-",
            "the ballots do not end with a line '0'",
            "a line holding 0 after the last ballot",
        )

    for rest, weight in weights.items():
        tokens = rest.split(" ") if rest else []
        if not tokens or tokens[-1] != "0":
            error(
                line_of(first_raw[rest]),
                "-",
                "the ballot does not end with 0",
                "preferences then 0, e.g. '12 3 1 0'",
            )
            continue
        ranking: list[int] = []
        ok = True
        for position, mark in enumerate(tokens[:-1], start=1):
            if mark == "-":
                continue  # a skipped preference in some exporters
            try:
                value = int(mark)
            except ValueError:
                value = 0
            if "=" in mark:
                error(
                    line_of(first_raw[rest]),
                    f"preference {position}",
                    f"equal preferences '{mark}'",
                    "one candidate per preference",
                )
                ok = False
                break
            if not 1 <= value <= candidates:
                error(
                    line_of(first_raw[rest]),
                    f"preference {position}",
                    f"'{mark}' is not a candidate number",
                    f"1 to {candidates}",
                )
                ok = False
                break
            ranking.append(value - 1)
        if not ok:
            continue
        if not ranking:
            error(
                line_of(first_raw[rest]),
                "preference 1",
                "the ballot has no preferences",
                "at least a first preference",
            )
            continue
        key = tuple(ranking)
        papers[key] = papers.get(key, 0) + weight

    # Names and title: the only text that may be outside ASCII.
    tail = decode(b"\n".join(lines[number:])).splitlines() if number < len(lines) else []
    offset = number
    number = 0
    names: list[str] = []
    title = ""
    while number < len(tail) and len(names) < candidates:
        raw_name = tail[number]
        number += 1
        if not raw_name.strip():
            continue
        value = _unquote(raw_name)
        if not value:
            error(offset + number, "name", "empty candidate name", "a name in double quotes")
        names.append(value)
    if ended and len(names) < candidates:
        error(
            offset + number,
            "name",
            f"{len(names)} candidate names",
            f"{candidates}, one a line in double quotes",
        )
    while number < len(tail):
        raw_name = tail[number]
        number += 1
        if raw_name.strip():
            title = _unquote(raw_name)
            break
    if len(set(names)) != len(names):
        error(offset + number, "name", "two candidates have the same name", "each name once")
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    return Ballots(
        candidates=tuple(names),
        seats=seats,
        papers=papers,
        title=title,
        withdrawn=frozenset(withdrawn),
    )


def write_blt(ballots: Ballots) -> str:
    """The .blt text for ballot data (used to publish aggregated preference data)."""
    out = [f"{len(ballots.candidates)} {ballots.seats}"]
    if ballots.withdrawn:
        out.append(" ".join(str(-(c + 1)) for c in sorted(ballots.withdrawn)))
    for ranking, weight in ballots.papers.items():
        out.append(f"{weight} {' '.join(str(c + 1) for c in ranking)} 0")
    out.append("0")
    out.extend('"' + name.replace('"', '""') + '"' for name in ballots.candidates)
    out.append('"' + ballots.title.replace('"', '""') + '"')
    return "\n".join(out) + "\n"
