"""Single transferable vote count under the Scottish local government counting rules.

The Scottish Local Government Elections Order 2011 (SSI 2011/399), Schedule 1, Part IV
"counting of votes". The counting rules are those of the 2007 Order (SSI 2007/42) renumbered
by one (the 2011 Order inserted rule 19); rule numbers below are the 2011 ones:

- r46 first stage: papers sorted by first preference, each candidate credited with one
  vote per paper (`count`, stage 1).
- r47 the quota: valid papers divided by one more than the number of councillors to be
  elected, the result (fraction disregarded) increased by one (`droop_quota`).
- r48 a candidate whose votes equal or exceed the quota is deemed elected.
- r49 transfer of a surplus: ALL the papers of the elected candidate are sorted by the next
  available preference for a continuing candidate (papers with none are the
  non-transferable parcel) and each is transferred at
  "the transfer value" = surplus x value of the paper when received / total votes of the
  candidate, "calculated to five decimal places (any remainder being ignored)"
  (`transfer_value`). The value of a paper is 1 for a first preference, otherwise the
  transfer value at which it was received.
- r50 more than one surplus: the largest is transferred first, one surplus per stage;
  equal surpluses are ordered by the candidates' votes at the earliest stage at which they
  were unequal, and decided by lot if equal at every stage.
- r51 exclusion: when no surplus remains to transfer, the candidate with the fewest votes is
  excluded and ALL their papers are transferred in one stage, each at the value at which it
  was received. Equal lowest: the one with fewer votes at the earliest stage at which they
  differed is excluded; equal at every stage: decided by lot.
- r53(1) filling of last vacancies: when the number of continuing candidates equals the
  number of vacancies unfilled, they are deemed elected and no further transfer is made
  (as amended by SSI 2021/437 art 2(4)).

All arithmetic is exact integer arithmetic in units of 1/100,000 of a vote (`SCALE`), so the
five-decimal truncation is the only rounding and it is accounted for: at every stage

    sum(candidate totals) + non_transferable + loss_from_truncation == valid papers

where `loss_from_truncation` is what truncating transfer values (r49) removes.

Verified against published ward results (tests/count/data/README.md): the quota, elected
candidates and every stage total of Renfrewshire 2017 ward 11 and East Lothian 2017 ward 2
reproduce to the last 1/100,000 of a vote.

Plain Python, no Django. Ballots are aggregated (ranking -> number of papers) before
counting, and papers held by a candidate are kept grouped by the value at which they were
received, so the work is proportional to distinct rankings, not papers.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

SCALE = 100_000  # units of 1/100,000 of a vote: the five decimal places of r49

FIRST_PREFERENCES = "first preferences"
SURPLUS = "transfer of surplus"
EXCLUSION = "exclusion"


@dataclass(frozen=True)
class Ballots:
    """Ballot data for one contest.

    `papers` maps a ranking (candidate indexes, 0-based, most preferred first) to the
    number of papers marked that way. `withdrawn` candidates are ignored in every ranking.
    """

    candidates: tuple[str, ...]
    seats: int
    papers: Mapping[tuple[int, ...], int]
    title: str = ""
    withdrawn: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Lot:
    """A decision by lot, recorded so that it can be published and repeated."""

    stage: int
    reason: str
    among: tuple[str, ...]
    chosen: str
    seed: int


@dataclass(frozen=True)
class Stage:
    """One stage of the count. Vote figures are in units of 1/SCALE of a vote."""

    number: int
    action: str
    candidate: str | None
    totals: dict[str, int]
    changes: dict[str, int]
    non_transferable: int  # running total of non-transferable papers' value
    loss_from_truncation: int  # running total lost by truncating transfer values
    elected: tuple[str, ...] = ()
    transfer_values: tuple[int, ...] = ()


@dataclass(frozen=True)
class Elected:
    name: str
    stage: int


@dataclass(frozen=True)
class CountResult:
    method: str
    title: str
    candidates: tuple[str, ...]
    seats: int
    valid_ballots: int
    quota: int | None
    elected: tuple[Elected, ...]
    stages: tuple[Stage, ...]
    lots: tuple[Lot, ...] = ()
    rejected: int = 0
    notes: tuple[str, ...] = field(default=())


def droop_quota(valid: int, seats: int) -> int:
    """r47: valid papers / (seats + 1), fraction disregarded, plus one."""
    if seats < 1:
        raise ValueError("at least one seat must be filled")
    return valid // (seats + 1) + 1


def transfer_value(surplus: int, value: int, total: int) -> int:
    """r49(3): surplus x value of the paper / total votes, truncated to 5 d.p.

    All three in units of 1/SCALE; the result is too.
    """
    return surplus * value // total


def units_to_votes(units: int) -> int | float:
    """A figure for display: an int when whole, else a float with at most 5 decimals."""
    if units % SCALE == 0:
        return units // SCALE
    return round(units / SCALE, 5)


def clean_rankings(ballots: Ballots) -> dict[tuple[int, ...], int]:
    """Drop withdrawn candidates and repeated preferences; merge identical rankings."""
    clean: dict[tuple[int, ...], int] = {}
    withdrawn = ballots.withdrawn
    for ranking, number in ballots.papers.items():
        if number <= 0:
            continue
        if withdrawn or len(set(ranking)) != len(ranking):
            seen: set[int] = set()
            kept = []
            for c in ranking:
                if c in withdrawn or c in seen:
                    continue
                seen.add(c)
                kept.append(c)
            ranking = tuple(kept)
        if ranking:
            clean[ranking] = clean.get(ranking, 0) + number
    return clean


class _Count:
    """The state of one count. Use `count()`."""

    def __init__(self, ballots: Ballots, *, seed: int, older_surpluses_first: bool, method: str):
        self.method = method
        self.names = ballots.candidates
        self.n = len(self.names)
        self.seats = ballots.seats
        self.rng = random.Random(seed)
        self.seed = seed
        self.older_surpluses_first = older_surpluses_first
        self.active = [i for i in range(self.n) if i not in ballots.withdrawn]
        self.continuing = [i not in ballots.withdrawn for i in range(self.n)]
        self.votes = [0] * self.n
        # holdings[c]: list of (value, [(ranking, position, papers), ...])
        self.holdings: list[list[tuple[int, list]]] = [[] for _ in range(self.n)]
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.elected: list[Elected] = []
        self.elected_at: dict[int, int] = {}
        self.pending: list[int] = []  # elected candidates whose surplus is not yet transferred
        self.lots: list[Lot] = []
        self.non_transferable = 0
        self.loss = 0
        papers = clean_rankings(ballots)
        self.valid = sum(papers.values())
        self.quota = droop_quota(self.valid, self.seats)
        self.quota_units = self.quota * SCALE
        first: list[list] = [[] for _ in range(self.n)]
        for ranking, number in papers.items():
            first[ranking[0]].append((ranking, 0, number))
            self.votes[ranking[0]] += number * SCALE
        for c in range(self.n):
            if first[c]:
                self.holdings[c].append((SCALE, first[c]))

    # --- helpers -------------------------------------------------------------------
    def vacancies(self) -> int:
        return self.seats - len(self.elected)

    def continuing_candidates(self) -> list[int]:
        return [c for c in self.active if self.continuing[c]]

    def draw(self, among: Sequence[int], reason: str) -> int:
        ordered = sorted(among)
        chosen = self.rng.choice(ordered)
        self.lots.append(
            Lot(
                stage=len(self.stages),
                reason=reason,
                among=tuple(self.names[c] for c in ordered),
                chosen=self.names[chosen],
                seed=self.seed,
            )
        )
        return chosen

    def break_tie(self, tied: Sequence[int], *, lowest: bool, reason: str) -> int:
        """r50/r51: earliest stage at which the tied candidates had unequal votes; else lot."""
        remaining = list(tied)
        for totals in self.history:
            values = [totals[c] for c in remaining]
            target = min(values) if lowest else max(values)
            remaining = [c for c in remaining if totals[c] == target]
            if len(remaining) == 1:
                return remaining[0]
        return self.draw(remaining, reason)

    def order_by_votes(self, candidates: Iterable[int]) -> list[int]:
        """Highest first (the order only matters for r50, which breaks its own ties)."""
        return sorted(candidates, key=lambda c: (-self.votes[c], c))

    def transfer(
        self, parcels: list[tuple[int, list]], value_for
    ) -> tuple[dict[int, int], int, int]:
        """Move papers to the next continuing preference.

        `value_for(value_received)` gives the value at which a parcel moves on.
        Returns (credit per candidate, value of non-transferable papers, value moved).
        """
        continuing = self.continuing
        credits: dict[int, int] = {}
        non_transferable = 0
        moved = 0
        for received, entries in parcels:
            value = value_for(received)
            dest: dict[int, list] = {}
            exhausted = 0
            for ranking, position, number in entries:
                j = position + 1
                end = len(ranking)
                while j < end and not continuing[ranking[j]]:
                    j += 1
                if j < end:
                    target = ranking[j]
                    bucket = dest.get(target)
                    if bucket is None:
                        dest[target] = [(ranking, j, number)]
                    else:
                        bucket.append((ranking, j, number))
                else:
                    exhausted += number
            for target, bucket in dest.items():
                papers = sum(item[2] for item in bucket)
                credit = papers * value
                credits[target] = credits.get(target, 0) + credit
                self.votes[target] += credit
                if value:
                    self.holdings[target].append((value, bucket))
                moved += credit
            non_transferable += exhausted * value
            moved += exhausted * value
        return credits, non_transferable, moved

    def record(self, action: str, candidate: int | None, before: list[int], tvs=()) -> None:
        elected_now = self.elect_reaching_quota(len(self.stages) + 1)
        totals = {self.names[c]: self.votes[c] for c in self.active}
        changes = {self.names[c]: self.votes[c] - before[c] for c in self.active}
        self.history.append(list(self.votes))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                candidate=None if candidate is None else self.names[candidate],
                totals=totals,
                changes=changes,
                non_transferable=self.non_transferable,
                loss_from_truncation=self.loss,
                elected=tuple(self.names[c] for c in elected_now),
                transfer_values=tuple(tvs),
            )
        )

    def elect_reaching_quota(self, stage: int) -> list[int]:
        """r48: continuing candidates at or above the quota are deemed elected."""
        reaching = [c for c in self.continuing_candidates() if self.votes[c] >= self.quota_units]
        newly = self.order_by_votes(reaching)[: self.vacancies()]
        for c in newly:
            self.declare(c, stage)
            if self.votes[c] > self.quota_units:
                self.pending.append(c)
        return newly

    def declare(self, c: int, stage: int) -> None:
        self.continuing[c] = False
        self.elected.append(Elected(self.names[c], stage))
        self.elected_at[c] = stage

    # --- the count ----------------------------------------------------------------
    def run(self) -> CountResult:
        self.record(FIRST_PREFERENCES, None, [0] * self.n)
        while self.vacancies() > 0:
            continuing = self.continuing_candidates()
            if len(continuing) <= self.vacancies():
                # r53(1): the remaining continuing candidates are deemed elected.
                stage = len(self.stages)
                ordered = sorted(continuing, key=lambda c: (-self.votes[c], c))
                for c in ordered:
                    self.declare(c, stage)
                last = self.stages[-1]
                self.stages[-1] = replace(
                    last, elected=last.elected + tuple(self.names[c] for c in ordered)
                )
                break
            if self.pending:
                self.transfer_surplus(self.next_surplus())
            else:
                self.exclude(self.lowest())
        return CountResult(
            method=self.method,
            title="",
            candidates=tuple(self.names[c] for c in self.active),
            seats=self.seats,
            valid_ballots=self.valid,
            quota=self.quota,
            elected=tuple(self.elected),
            stages=tuple(self.stages),
            lots=tuple(self.lots),
        )

    def next_surplus(self) -> int:
        """r50: the largest surplus first (optionally surpluses from earlier stages first)."""
        candidates = self.pending
        if self.older_surpluses_first:
            earliest = min(self.elected_at[c] for c in candidates)
            candidates = [c for c in candidates if self.elected_at[c] == earliest]
        largest = max(self.votes[c] for c in candidates)
        tied = [c for c in candidates if self.votes[c] == largest]
        pick = (
            tied[0]
            if len(tied) == 1
            else self.break_tie(tied, lowest=False, reason="order of surpluses")
        )
        self.pending.remove(pick)
        return pick

    def lowest(self) -> int:
        continuing = self.continuing_candidates()
        fewest = min(self.votes[c] for c in continuing)
        tied = [c for c in continuing if self.votes[c] == fewest]
        return tied[0] if len(tied) == 1 else self.break_tie(tied, lowest=True, reason="exclusion")

    def transfer_surplus(self, c: int) -> None:
        """r49: all the candidate's papers, each at surplus x value / total (5 d.p.)."""
        before = list(self.votes)
        total = self.votes[c]
        surplus = total - self.quota_units
        parcels, self.holdings[c] = self.holdings[c], []
        tvs = sorted({transfer_value(surplus, value, total) for value, _ in parcels}, reverse=True)
        _credits, non_transferable, moved = self.transfer(
            parcels, lambda value: transfer_value(surplus, value, total)
        )
        self.votes[c] = self.quota_units
        self.non_transferable += non_transferable
        self.loss += surplus - moved
        self.record(SURPLUS, c, before, tvs)

    def exclude(self, c: int) -> None:
        """r51: every paper of the excluded candidate at the value at which it was received."""
        before = list(self.votes)
        self.continuing[c] = False
        parcels, self.holdings[c] = self.holdings[c], []
        _credits, non_transferable, moved = self.transfer(parcels, lambda value: value)
        self.loss += self.votes[c] - moved  # zero: values are unchanged on exclusion
        self.votes[c] = 0
        self.non_transferable += non_transferable
        self.record(EXCLUSION, c, before)


def count(ballots: Ballots, *, seed: int = 0) -> CountResult:
    """Count an STV contest under the Scottish rules (see the module docstring).

    `seed` makes any decision by lot repeatable; every such decision is in `result.lots`.
    """
    if ballots.seats < 1:
        raise ValueError("at least one seat must be filled")
    result = _Count(ballots, seed=seed, older_surpluses_first=False, method="scottish-stv").run()
    return replace(result, title=ballots.title)
