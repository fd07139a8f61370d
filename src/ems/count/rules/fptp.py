"""First past the post, single- and multi-member.

RPA 1983 Sch 1 rule 18 (and the local elections rules that apply it: Local Elections
(Principal Areas) (England and Wales) Rules 2006 Sch 2 and Sch 3): the candidates to whom
the most votes are given are elected, as many as there are seats.

Equality of votes, RPA 1983 Sch 1 rule 49 (local rules: r 49 of the 2006 Rules Sch 2/3):
where an equality of votes is found between candidates and the addition of a vote would
entitle any of them to be declared elected, the returning officer decides between them
immediately by lot, and proceeds as if the candidate on whom the lot falls had received an
additional vote. `count` reports such a tie (`FptpResult.tie`) without deciding it;
`decide_by_lot` makes the draw, seedable, and returns a record of it.

A paper voting for more candidates than there are seats is rejected (RPA 1983 Sch 1
rule 47(1)(b); local rules r 47(1)(b)): see `count_papers`.

Plain Python, no Django.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Tie:
    """Candidates with equal votes competing for the last `seats` seats."""

    candidates: tuple[str, ...]
    seats: int
    votes: int


@dataclass(frozen=True)
class Draw:
    """A decision by lot (RPA 1983 Sch 1 rule 49), recorded for the declaration."""

    among: tuple[str, ...]
    seats: int
    chosen: tuple[str, ...]
    seed: int


@dataclass(frozen=True)
class FptpResult:
    votes: dict[str, int]
    seats: int
    elected: tuple[str, ...]  # certainly elected (excludes those in the tie)
    tie: Tie | None = None

    @property
    def decided(self) -> bool:
        return self.tie is None


def count(votes: Mapping[str, int], seats: int) -> FptpResult:
    """Who is elected; a tie at the last seat(s) is reported, not decided."""
    if seats < 1:
        raise ValueError("at least one seat must be filled")
    for name, number in votes.items():
        if number < 0:
            raise ValueError(f"{name} has a negative number of votes")
    ordered = sorted(votes.items(), key=lambda item: -item[1])
    if len(ordered) <= seats:
        return FptpResult(dict(votes), seats, tuple(name for name, _ in ordered))
    cutoff = ordered[seats - 1][1]
    above = tuple(name for name, number in ordered if number > cutoff)
    at_cutoff = tuple(name for name, number in ordered if number == cutoff)
    remaining = seats - len(above)
    if len(at_cutoff) == remaining:
        return FptpResult(dict(votes), seats, above + at_cutoff)
    return FptpResult(dict(votes), seats, above, Tie(at_cutoff, remaining, cutoff))


def decide_by_lot(candidates: Sequence[str], seats: int = 1, *, seed: int) -> Draw:
    """Draw `seats` of `candidates` by lot. The same seed gives the same draw."""
    if not 1 <= seats <= len(candidates):
        raise ValueError("the draw must choose between 1 and all of the candidates")
    pool = sorted(candidates)
    chosen = random.Random(seed).sample(pool, seats)
    return Draw(tuple(pool), seats, tuple(chosen), seed)


def apply_draw(result: FptpResult, draw: Draw) -> FptpResult:
    """The result after the returning officer's draw for the tied seats."""
    if result.tie is None:
        return result
    if set(draw.among) != set(result.tie.candidates) or draw.seats != result.tie.seats:
        raise ValueError("the draw is not between the tied candidates for the tied seats")
    return FptpResult(result.votes, result.seats, result.elected + draw.chosen)


def count_papers(
    candidates: Sequence[str], papers: Iterable[tuple[tuple[int, ...], int]], seats: int
) -> tuple[dict[str, int], int, int]:
    """Votes per candidate from marked papers: (marks, number of papers).

    Returns (votes, valid papers, rejected papers). A paper with more marks than seats, or
    none, is rejected (rule 47(1)(b)); repeated marks for one candidate count once.
    """
    votes = {name: 0 for name in candidates}
    valid = rejected = 0
    for marks, number in papers:
        distinct = set(marks)
        if not distinct or len(distinct) > seats:
            rejected += number
            continue
        valid += number
        for c in distinct:
            votes[candidates[c]] += number
    return votes, valid, rejected
