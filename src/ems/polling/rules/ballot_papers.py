"""Ballot paper number ranges per station.

Each ballot paper has a unique number printed on its back (e.g. Local Elections
(Principal Areas) (England and Wales) Rules 2006 Sch 2 r20(1)(b); Parliamentary
Elections Rules, RPA 1983 Sch 1 r19), so the ranges issued to the stations of one
poll must never overlap. Plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple


class Span(NamedTuple):
    label: str
    first: int
    last: int


def overlaps(spans: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Every pair of spans that share a number (sorted by first number)."""
    ordered = sorted(spans, key=lambda s: (s.first, s.last))
    found: list[tuple[Span, Span]] = []
    active: list[Span] = []
    for span in ordered:
        active = [a for a in active if a.last >= span.first]
        found.extend((a, span) for a in active)
        active.append(span)
    return found


def problems(spans: Sequence[Span]) -> list[str]:
    """Sentences for each bad range: first after last, below 1, or overlapping another."""
    found = []
    for s in spans:
        if s.first < 1:
            found.append(f"{s.label}: ballot paper numbers start at 1")
        if s.last < s.first:
            found.append(f"{s.label}: the last number {s.last} is before the first {s.first}")
    for a, b in overlaps([s for s in spans if s.last >= s.first]):
        found.append(f"{a.label} ({a.first}-{a.last}) overlaps {b.label} ({b.first}-{b.last})")
    return found


def allocate(
    sizes: Sequence[tuple[str, int]], *, start: int = 1, spare_percent: int = 0, round_to: int = 50
) -> list[Span]:
    """Consecutive, non-overlapping ranges: each station's electors plus a spare margin,
    rounded up to a multiple of `round_to` (whole books of papers)."""
    spans = []
    first = start
    for label, electors in sizes:
        wanted = electors + -(-electors * spare_percent // 100)
        size = max(round_to, -(-wanted // round_to) * round_to)
        spans.append(Span(label, first, first + size - 1))
        first += size
    return spans
