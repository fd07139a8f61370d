"""Single transferable vote count under the Northern Ireland local elections rules.

The Electoral Law Act (Northern Ireland) 1962 Sch 5 ("the local elections rules"), Part IV
"Counting of votes", as substituted by the Local Elections (Northern Ireland) Order 1985
(SI 1985/454). Rule numbers are those of Sch 5 (rr 41-52 as made in 1985; r49(1)-(5)
checked against the revised text on legislation.gov.uk). The differences from the Scottish
rules (`stv_scottish`) are the point of this module:

- r48 quota: Droop, as in Scotland (valid papers / (seats + 1), fraction disregarded, + 1);
  r48(3) a candidate at or above the quota is deemed elected, except that with a single
  vacancy nobody is elected by quota (r52(2) then decides, see below).
- r49(1)-(4) surplus on first preferences: the candidate's first-preference papers are
  sorted by next available preference; only the TRANSFERABLE papers move, each at the
  transfer value = surplus / number of transferable papers, "made to two decimal places
  (ignoring the remainder if any)", and never more than the paper's value (the total
  transferred may not exceed the surplus) (`ni_transfer_value`).
- r49(5)-(7) surplus arising from transfers: ONLY the sub-parcel last received by the
  candidate is examined (the "last parcel" rule); its transferable papers move at
  surplus / transferable papers in that sub-parcel (two places) or the value at which they
  were received, whichever is the less. Scotland re-transfers every paper at a weighted value.
- r49(10) deferral: surpluses not yet transferred are left where, together, they are less
  than (a) the difference between the two lowest continuing candidates or (b) the difference
  between the total of the two or more lowest and the candidate next above them: they could
  not change who is excluded next. r49(11): no surplus is transferred with one vacancy.
- r50(1) several surpluses: the largest first; equal surpluses by the highest votes at the
  earliest preceding stage at which they were unequal; equal throughout: by lot.
- r50(2)(c) the difference between a surplus and the total value transferred (papers with no
  next preference, and the remainders ignored at two places) is recorded as
  non-transferable; so here `loss_from_truncation` is always 0 and `non_transferable` holds
  it all, as the rules record it.
- r51 exclusion: the lowest continuing candidate is excluded (r51(12): the two or more
  lowest together, when their votes with any untransferred surpluses are fewer than the
  next candidate's); first their first-preference papers are transferred at full value
  (one stage, r51(2)-(4)), then, while vacancies remain, the papers transferred to them
  in sub-parcels by transfer value, highest first, each at the value at which it was
  received (r51(5)-(9)), each a further stage. r51(13) equal lowest: the one with fewer votes
  at the earliest stage at which they differed; equal throughout: by lot.
- r52 last vacancies: (1) continuing candidates equal to vacancies are deemed elected;
  (2) with one vacancy left, a continuing candidate with at least the votes of all the other
  continuing candidates plus any surplus not transferred is deemed elected; (3) no further
  transfer is then made.
- r51(11) a surplus arising during an exclusion is dealt with under r49(5)-(10) and r50
  once the exclusion's transfers are complete (the candidate, deemed elected, receives no
  more papers in the meantime).

Vote figures are integers in units of 1/100,000 of a vote (`stv_scottish.SCALE`, so that the
stage sheets, JSON and PDF code is shared); two-place transfer values are multiples of
1,000 units. At every stage `sum(totals) + non_transferable == valid papers`. Papers marked
alike travel together, so the state is kept per distinct ranking. Plain Python, no Django.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from .stv_scottish import (
    EXCLUSION,
    FIRST_PREFERENCES,
    SCALE,
    SURPLUS,
    Ballots,
    CountResult,
    Elected,
    Lot,
    Stage,
    droop_quota,
)

METHOD = "ni-stv"
HUNDREDTH = SCALE // 100  # a transfer value of 0.01, in units


def ni_transfer_value(surplus: int, papers: int, received: int = SCALE) -> int:
    """r49(4)(b) and (7): surplus / transferable papers, to two decimal places with the
    remainder ignored, but never more than the value at which the papers were received.

    `surplus` and `received` in units of 1/SCALE; the result too (a multiple of 1,000).
    """
    if papers <= 0:
        return 0
    hundredths = surplus * 100 // (papers * SCALE)
    return min(hundredths * HUNDREDTH, received)


class _Count:
    def __init__(self, ballots: Ballots, *, seed: int):
        self.names = ballots.candidates
        self.n = len(self.names)
        self.seats = ballots.seats
        self.seed = seed
        self.rng = random.Random(seed)
        self.active = [c for c in range(self.n) if c not in ballots.withdrawn]
        self.continuing = [c not in ballots.withdrawn for c in range(self.n)]
        self.rankings: list[tuple[int, ...]] = []
        self.papers: list[int] = []
        for ranking, number in ballots.papers.items():
            if number < 0:
                raise ValueError("a negative number of papers")
            if any(not 0 <= c < self.n for c in ranking):
                raise ValueError(f"a ranking names a candidate outside 0 to {self.n - 1}")
            if number:
                self.rankings.append(tuple(ranking))
                self.papers.append(number)
        m = len(self.rankings)
        self.holder = [-1] * m  # -1: nobody (not counted, or set aside as non-transferable)
        self.position = [-1] * m
        self.value = [SCALE] * m
        self.arrived = [0] * m  # the stage at which the holder received the papers
        self.votes = [0] * self.n
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.elected: list[Elected] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        self.lots: list[Lot] = []
        self.non_transferable = 0
        self.valid = 0
        for r in range(m):
            target, where = self.next_preference(r)
            if target >= 0:
                self.holder[r], self.position[r], self.arrived[r] = target, where, 1
                self.votes[target] += self.papers[r] * SCALE
                self.valid += self.papers[r]
        self.quota = droop_quota(self.valid, self.seats)
        self.quota_units = self.quota * SCALE

    # --- helpers -------------------------------------------------------------------
    def next_preference(self, r: int) -> tuple[int, int]:
        """r41 "next available preference": the next continuing candidate after the holder."""
        ranking = self.rankings[r]
        for where in range(self.position[r] + 1, len(ranking)):
            if self.continuing[ranking[where]]:
                return ranking[where], where
        return -1, len(ranking)

    def vacancies(self) -> int:
        return self.seats - len(self.elected)

    def continuing_candidates(self) -> list[int]:
        return [c for c in self.active if self.continuing[c]]

    def untransferred(self) -> int:
        return sum(self.votes[c] - self.quota_units for c in self.pending)

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
        """r50(1)(a)-(b), r51(13): the earliest stage at which they were unequal; else lot."""
        remaining = list(tied)
        for totals in self.history:
            values = [totals[c] for c in remaining]
            target = min(values) if lowest else max(values)
            remaining = [c for c in remaining if totals[c] == target]
            if len(remaining) == 1:
                return remaining[0]
        return self.draw(remaining, reason)

    def declare(self, c: int, stage: int) -> None:
        self.continuing[c] = False
        self.elected.append(Elected(self.names[c], stage))

    def record(self, action: str, candidate: str | None, before: list[int], tvs=()) -> None:
        number = len(self.stages) + 1
        newly: list[int] = []
        if self.seats > 1:  # r48(3): with one vacancy nobody is elected by quota
            reaching = [
                c for c in self.continuing_candidates() if self.votes[c] >= self.quota_units
            ]
            newly = sorted(reaching, key=lambda c: (-self.votes[c], c))[: self.vacancies()]
            for c in newly:
                self.declare(c, number)
                if self.votes[c] > self.quota_units:
                    self.pending.append(c)
        self.history.append(list(self.votes))
        self.stages.append(
            Stage(
                number=number,
                action=action,
                candidate=candidate,
                totals={self.names[c]: self.votes[c] for c in self.active},
                changes={self.names[c]: self.votes[c] - before[c] for c in self.active},
                non_transferable=self.non_transferable,
                loss_from_truncation=0,
                elected=tuple(self.names[c] for c in newly),
                transfer_values=tuple(tvs),
            )
        )

    def move(self, rows: list[int], value_of) -> tuple[int, int]:
        """Move each row's papers to its next available preference at `value_of(row)`
        (received at the coming stage); rows without one are set aside. Returns (value
        transferred, value set aside as non-transferable)."""
        stage = len(self.stages) + 1
        moved = aside = 0
        for r in rows:
            target, where = self.next_preference(r)
            worth = self.papers[r] * value_of(r)
            if target < 0:
                aside += self.papers[r] * self.value[r]
                self.holder[r] = -1
                continue
            self.value[r] = value_of(r)
            self.holder[r], self.position[r], self.arrived[r] = target, where, stage
            self.votes[target] += worth
            moved += worth
        return moved, aside

    # --- the count ----------------------------------------------------------------
    def run(self) -> CountResult:
        self.record(FIRST_PREFERENCES, None, [0] * self.n)
        while self.vacancies() > 0:
            if self.fill_last_vacancies():
                break
            if self.pending and self.seats > 1 and not self.deferred():
                self.transfer_surplus(self.next_surplus())
            else:
                self.exclude(self.to_exclude())
        return CountResult(
            method=METHOD,
            title="",
            candidates=tuple(self.names[c] for c in self.active),
            seats=self.seats,
            valid_ballots=self.valid,
            quota=self.quota,
            elected=tuple(self.elected),
            stages=tuple(self.stages),
            lots=tuple(self.lots),
        )

    def fill_last_vacancies(self) -> bool:
        """r52(1)-(2); r52(3): no further transfer once they apply."""
        continuing = self.continuing_candidates()
        chosen: list[int] = []
        if len(continuing) <= self.vacancies():
            chosen = sorted(continuing, key=lambda c: (-self.votes[c], c))
        elif self.vacancies() == 1:
            spare = self.untransferred()
            total = sum(self.votes[c] for c in continuing)
            leaders = [c for c in continuing if self.votes[c] >= total - self.votes[c] + spare]
            # Two can qualify only when equal with nothing else left: that is a tie for
            # exclusion (r51(13)), not an election.
            chosen = leaders if len(leaders) == 1 else []
        if not chosen:
            return False
        stage = len(self.stages)
        for c in chosen:
            self.declare(c, stage)
        last = self.stages[-1]
        self.stages[-1] = replace(last, elected=last.elected + tuple(self.names[c] for c in chosen))
        return True

    def deferred(self) -> bool:
        """r49(10): untransferred surpluses that could not change who is excluded next."""
        spare = self.untransferred()
        votes = sorted(self.votes[c] for c in self.continuing_candidates())
        if len(votes) < 2:
            return False
        if spare < votes[1] - votes[0]:
            return True
        lowest = votes[0]
        for k in range(2, len(votes)):
            lowest += votes[k - 1]
            if spare < votes[k] - lowest:
                return True
        return False

    def next_surplus(self) -> int:
        """r50(1): the largest surplus first; ties by the earliest unequal stage, then lot."""
        largest = max(self.votes[c] for c in self.pending)
        tied = [c for c in self.pending if self.votes[c] == largest]
        pick = (
            tied[0]
            if len(tied) == 1
            else self.break_tie(tied, lowest=False, reason="order of surpluses")
        )
        self.pending.remove(pick)
        return pick

    def transfer_surplus(self, c: int) -> None:
        """r49(1)-(7): first preferences all, otherwise the last sub-parcel received."""
        before = list(self.votes)
        surplus = self.votes[c] - self.quota_units
        held = [r for r in range(len(self.rankings)) if self.holder[r] == c]
        last = max(self.arrived[r] for r in held)
        parcel = [r for r in held if self.arrived[r] == last]
        transferable = [r for r in parcel if self.next_preference(r)[0] >= 0]
        received = self.value[parcel[0]] if parcel else SCALE
        tv = ni_transfer_value(surplus, sum(self.papers[r] for r in transferable), received)
        moved, _ = self.move(transferable, lambda r: tv)
        self.votes[c] = self.quota_units
        self.non_transferable += surplus - moved  # r50(2)(c)
        self.record(SURPLUS, self.names[c], before, (tv,) if transferable else ())

    def to_exclude(self) -> list[int]:
        """r51(1), (12) and (13)."""
        continuing = self.continuing_candidates()
        ordered = sorted(continuing, key=lambda c: self.votes[c])
        spare = self.untransferred()
        most = len(continuing) - self.vacancies()
        running = self.votes[ordered[0]]
        group: list[int] = []
        for k in range(1, len(ordered)):
            if k >= 2 and k <= most and running + spare < self.votes[ordered[k]]:
                group = ordered[:k]
            running += self.votes[ordered[k]]
        if group:
            return group
        fewest = self.votes[ordered[0]]
        tied = [c for c in continuing if self.votes[c] == fewest]
        if len(tied) == 1:
            return tied
        return [self.break_tie(tied, lowest=True, reason="exclusion")]

    def exclude(self, group: list[int]) -> None:
        """r51(2)-(9): first preferences, then each transfer value, highest first."""
        for c in group:
            self.continuing[c] = False
        label = " and ".join(self.names[c] for c in sorted(group))
        members = set(group)
        held = [r for r in range(len(self.rankings)) if self.holder[r] in members]
        parcels: dict[object, list[int]] = {}
        for r in held:
            key = "first" if self.arrived[r] == 1 else self.value[r]
            parcels.setdefault(key, []).append(r)
        values = sorted((v for v in parcels if v != "first"), reverse=True)
        # The first-preference stage is always taken (it is the exclusion itself, even of
        # a candidate with no papers), unless they hold only transferred papers.
        order = ["first", *values] if "first" in parcels or not values else values
        for index, key in enumerate(order):
            if index and (self.vacancies() == 0 or self.fill_last_vacancies()):
                return  # r51(5): only while vacancies remain; r52(3): no further transfer
            rows = parcels.get(key, [])
            before = list(self.votes)
            for r in rows:
                self.votes[self.holder[r]] -= self.papers[r] * self.value[r]
            _moved, aside = self.move(rows, lambda r: self.value[r])
            self.non_transferable += aside
            value = SCALE if key == "first" else key
            self.record(EXCLUSION, label, before, (value,) if rows else ())


def count(ballots: Ballots, *, seed: int = 0) -> CountResult:
    """Count an STV contest under the Northern Ireland rules (see the module docstring).

    `seed` makes any decision by lot repeatable; every such decision is in `result.lots`.
    """
    if ballots.seats < 1:
        raise ValueError("at least one seat must be filled")
    result = _Count(ballots, seed=seed).run()
    return replace(result, title=ballots.title)
