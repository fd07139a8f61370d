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
lines may be identical: they are aggregated (ranking -> papers) before counting.

Errors are reported as FILE:LINE:COLUMN: problem (expected ...), all of them at once,
raising ImportRejected. "Column" names the part of the line: "header", "weight",
"preference N", "name".
"""

from __future__ import annotations

from pathlib import Path

from ems.core.csvfiles import decode
from ems.core.errors import ImportRejected, RowError

from ..rules.stv_scottish import Ballots

MAX_ERRORS = 100


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


def read_blt(path: Path | str, *, display_name: str | None = None) -> Ballots:
    """Read a .blt file. Raises ImportRejected listing every problem found."""
    path = Path(path)
    return parse_blt(decode(path.read_bytes()), display_name or path.name)


def parse_blt(text: str, name: str = "ballots.blt") -> Ballots:
    errors: list[RowError] = []

    def error(line: int, column: str, problem: str, expected: str = "") -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(RowError(name, line, column, problem, expected))

    lines = text.splitlines()
    number = 0
    # Header: candidates and seats (skip blank lines before it).
    while number < len(lines) and not lines[number].strip():
        number += 1
    if number >= len(lines):
        raise ImportRejected(
            [RowError(name, 1, "header", "the file is empty", "'candidates seats'")]
        )
    header = lines[number].split()
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
                    f"'{lines[number - 1].strip()}' is not two whole numbers",
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
    if number < len(lines) and lines[number].strip().startswith("-"):
        number += 1
        for token in lines[number - 1].split():
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

    # Ballot lines: aggregate identical preference text first, parse each distinct one once.
    weights: dict[str, int] = {}
    first_line: dict[str, int] = {}
    ended = False
    while number < len(lines):
        raw = lines[number]
        number += 1
        line = raw.strip()
        if not line:
            continue
        if line == "0":
            ended = True
            break
        weight_text, _, rest = line.partition(" ")
        try:
            weight = int(weight_text)
        except ValueError:
            error(
                number,
                "weight",
                f"'{weight_text}' is not a whole number",
                "a number of papers, then preferences, then 0",
            )
            continue
        if weight < 1:
            error(number, "weight", f"{weight} papers", "a whole number of at least 1")
            continue
        rest = " ".join(rest.split())
        if rest in weights:
            weights[rest] += weight
        else:
            weights[rest] = weight
            first_line[rest] = number
    if not ended:
        error(
            number or 1,
            "-",
            "the ballots do not end with a line '0'",
            "a line holding 0 after the last ballot",
        )

    papers: dict[tuple[int, ...], int] = {}
    for rest, weight in weights.items():
        line_number = first_line[rest]
        tokens = rest.split(" ") if rest else []
        if not tokens or tokens[-1] != "0":
            error(
                line_number,
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
                    line_number,
                    f"preference {position}",
                    f"equal preferences '{mark}'",
                    "one candidate per preference",
                )
                ok = False
                break
            if not 1 <= value <= candidates:
                error(
                    line_number,
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
                line_number,
                "preference 1",
                "the ballot has no preferences",
                "at least a first preference",
            )
            continue
        key = tuple(ranking)
        papers[key] = papers.get(key, 0) + weight

    # Names and title.
    names: list[str] = []
    title = ""
    while number < len(lines) and len(names) < candidates:
        raw = lines[number]
        number += 1
        if not raw.strip():
            continue
        value = _unquote(raw)
        if not value:
            error(number, "name", "empty candidate name", "a name in double quotes")
        names.append(value)
    if ended and len(names) < candidates:
        error(
            number,
            "name",
            f"{len(names)} candidate names",
            f"{candidates}, one a line in double quotes",
        )
    while number < len(lines):
        raw = lines[number]
        number += 1
        if raw.strip():
            title = _unquote(raw)
            break
    if len(set(names)) != len(names):
        error(number, "name", "two candidates have the same name", "each name once")
    if errors:
        raise ImportRejected(errors)
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
