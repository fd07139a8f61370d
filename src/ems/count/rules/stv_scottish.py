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

Plain Python (with numpy), no Django. Papers marked alike always travel together, so the
state is kept per distinct ranking, not per paper: a padded array of rankings (one row per
ranking, candidate indexes), and for each ranking the number of papers, the position of the
candidate now holding them, and the value at which they were received (as an index into a
short table of values). A transfer selects the rows held by one candidate, finds each row's
next continuing preference in one vectorised step and sums papers per (candidate, value) in
one `bincount`; every vote figure is then computed with Python integers exactly as the rules
say (papers x value, per parcel of equal value), so the work is proportional to distinct
rankings and no rounding other than r49's truncation can occur.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

import numpy as np

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
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.elected: list[Elected] = []
        self.elected_at: dict[int, int] = {}
        self.pending: list[int] = []  # elected candidates whose surplus is not yet transferred
        self.lots: list[Lot] = []
        self.non_transferable = 0
        self.loss = 0
        self.load(ballots.papers)
        self.quota = droop_quota(self.valid, self.seats)
        self.quota_units = self.quota * SCALE

    def load(self, papers: Mapping[tuple[int, ...], int]) -> None:
        """Rankings into arrays; every paper credited to its first continuing preference.

        Withdrawn candidates are simply never continuing, and a repeated preference is
        never reached again (a candidate who stops continuing never continues again), so
        rankings need no cleaning: the papers always move to the first continuing
        candidate after the one holding them, exactly as in the cleaned ranking.
        """
        n = self.n
        rankings = list(papers)
        m = len(rankings)
        weights = np.fromiter(papers.values(), dtype=np.int64, count=m)
        lengths = np.fromiter(map(len, rankings), dtype=np.intp, count=m)
        marks = int(lengths.sum())
        if n <= 256:
            try:  # one C-level pass when every index fits in a byte
                flat = np.frombuffer(bytes(chain.from_iterable(rankings)), dtype=np.uint8)
            except ValueError:  # an index outside 0-255: reported below
                flat = np.fromiter(chain.from_iterable(rankings), dtype=np.int64, count=marks)
        else:
            flat = np.fromiter(chain.from_iterable(rankings), dtype=np.int64, count=marks)
        if marks and (int(flat.min()) < 0 or int(flat.max()) >= n):
            raise ValueError(f"a ranking names a candidate outside 0 to {n - 1}")
        width = int(lengths.max()) + 1 if m else 1
        # One spare column, holding n: the "end of the ranking" every search reaches.
        grid = np.full((m, width), n, dtype=np.uint8 if n < 255 else np.int32)
        starts = np.cumsum(lengths) - lengths
        for k in range(width - 1):  # column k: the k-th preference of every longer ranking
            longer = (lengths > k).nonzero()[0]
            grid[longer, k] = flat[starts[longer] + k]
        self.grid = grid
        self.width = width
        self.columns = np.arange(width)
        self.weights = weights
        # reachable[c]: candidate c is continuing; reachable[n] (the end) always is.
        self.reachable = np.append(np.array(self.continuing, dtype=bool), True)
        # Holder of each ranking's papers (n: nobody, exhausted or not counted), the position
        # of that preference and the index (into self.values) of the value they carry.
        self.holder = np.full(m, n, dtype=np.intp)
        self.position = np.full(m, -1, dtype=np.intp)
        self.value_index = np.zeros(m, dtype=np.intp)
        self.values: list[int] = [SCALE]
        self.value_ids: dict[int, int] = {SCALE: 0}
        live = (weights > 0).nonzero()[0]
        target, where = self.next_preferences(live)
        counted = target < n
        live, target, where = live[counted], target[counted], where[counted]
        self.holder[live] = target
        self.position[live] = where
        per_candidate = np.bincount(target, weights=weights[live], minlength=n)
        self.valid = int(weights[live].sum())
        if self.valid * SCALE >= 2**53:
            raise ValueError("too many papers to count exactly")  # float sums below stay exact
        self.votes = [int(v) * SCALE for v in per_candidate[:n].tolist()]

    def next_preferences(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row: the first continuing candidate after its current position, and where.

        A row with no continuing candidate left gets n (the spare column).
        """
        sub = self.grid[rows]
        reachable = self.reachable[sub]
        reachable &= self.columns > self.position[rows][:, None]
        where = reachable.argmax(axis=1)
        target = sub.ravel()[where + np.arange(0, len(rows) * self.width, self.width)]
        return target.astype(np.intp), where

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

    def transfer(self, c: int, value_for) -> tuple[list[int], int, int]:
        """Move every paper held by `c` to its next continuing preference.

        `value_for(value_received)` gives the value at which a parcel moves on.
        Returns (transfer values used, value of non-transferable papers, value moved).
        """
        n = self.n
        rows = (self.holder == c).nonzero()[0]
        if not len(rows):
            return [], 0, 0
        target, where = self.next_preferences(rows)
        received = self.value_index[rows]
        kinds = len(self.values)
        # Papers per (next candidate, value received): float sums of whole numbers of papers
        # (fewer than 2**53), exact.
        papers = np.bincount(
            target * kinds + received, weights=self.weights[rows], minlength=(n + 1) * kinds
        )
        present = papers.reshape(n + 1, kinds).any(axis=0).nonzero()[0]
        remap = np.arange(kinds)
        used = []
        for v in present.tolist():
            value = value_for(self.values[v])
            used.append(value)
            if value not in self.value_ids:
                self.value_ids[value] = len(self.values)
                self.values.append(value)
            remap[v] = self.value_ids[value]
        non_transferable = 0
        moved = 0
        nonzero = papers.nonzero()[0]
        for key, number in zip(nonzero.tolist(), papers[nonzero].tolist(), strict=True):
            t, v = divmod(key, kinds)
            worth = int(number) * self.values[remap[v]]
            if t == n:
                non_transferable += worth
            else:
                self.votes[t] += worth
            moved += worth
        new_index = remap[received]
        zero = self.value_ids.get(0)
        if zero is not None:
            target[new_index == zero] = n  # papers worth nothing are no longer held
        self.holder[rows] = target
        self.position[rows] = where
        self.value_index[rows] = new_index
        return used, non_transferable, moved

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
        self.continuing[c] = self.reachable[c] = False
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
        used, non_transferable, moved = self.transfer(
            c, lambda value: transfer_value(surplus, value, total)
        )
        tvs = sorted(set(used), reverse=True)
        self.votes[c] = self.quota_units
        self.non_transferable += non_transferable
        self.loss += surplus - moved
        self.record(SURPLUS, c, before, tvs)

    def exclude(self, c: int) -> None:
        """r51: every paper of the excluded candidate at the value at which it was received."""
        before = list(self.votes)
        self.continuing[c] = self.reachable[c] = False
        _used, non_transferable, moved = self.transfer(c, lambda value: value)
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
