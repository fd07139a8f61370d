"""The vectorised Scottish STV count gives exactly the results of the original algorithm.

`reference_count` below is the original implementation of ems.count.rules.stv_scottish
(commit 4408ab0: papers held per candidate as parcels of (value, rankings), moved one
ranking at a time in Python), kept here only as a reference. Every result field is compared:
stages (totals, changes, non-transferable, loss from truncation, elected, transfer values),
the elected and their order, quota, valid papers and any decision by lot.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ems.count.formats.blt import parse_blt, read_blt
from ems.count.rules.stv_scottish import (
    EXCLUSION,
    FIRST_PREFERENCES,
    SCALE,
    SURPLUS,
    Ballots,
    CountResult,
    Elected,
    Lot,
    Stage,
    count,
    droop_quota,
    transfer_value,
)

DATA = Path(__file__).parent / "data"


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


class _ReferenceCount:
    """The state of one count (the original per-parcel algorithm)."""

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


def reference_count(ballots: Ballots, *, seed: int = 0) -> CountResult:
    result = _ReferenceCount(
        ballots, seed=seed, older_surpluses_first=False, method="scottish-stv"
    ).run()
    return replace(result, title=ballots.title)


def assert_same_count(ballots: Ballots, seed: int = 0) -> CountResult:
    try:
        expected = reference_count(ballots, seed=seed)
    except Exception as error:  # the reference fails: the new count must fail alike
        with pytest.raises(type(error)):
            count(ballots, seed=seed)
        return None
    result = count(ballots, seed=seed)
    assert result.valid_ballots == expected.valid_ballots
    assert result.quota == expected.quota
    assert result.elected == expected.elected
    assert len(result.stages) == len(expected.stages)
    for stage, wanted in zip(result.stages, expected.stages, strict=True):
        assert stage == wanted
    assert result.lots == expected.lots
    assert result == expected
    return result


@pytest.mark.parametrize("name", ["renfrewshire_2017_ward11.blt", "east_lothian_2017_ward2.blt"])
def test_real_wards_count_as_the_reference_does(name):
    ballots = read_blt(DATA / name)
    assert_same_count(ballots)
    # The same papers with fewer seats, more seats and a withdrawn candidate.
    for seats in range(1, len(ballots.candidates) + 1):
        assert_same_count(replace(ballots, seats=seats))
    assert_same_count(replace(ballots, withdrawn=frozenset({0})))


def test_papers_worth_nothing_after_a_surplus_are_set_aside():
    # Quota 300,000 // 3 + 1 = 100,001. A's surplus of one vote is spread over 100,002 papers:
    # each moves at 0.00000 and the whole vote is lost to truncation.
    papers = {(0, 1): 100_002, (1,): 99_999, (2,): 99_998, (3, 1): 1}
    result = assert_same_count(Ballots(("A", "B", "C", "D"), 2, papers))
    assert result.stages[1].transfer_values == (0,)
    assert result.stages[1].loss_from_truncation == SCALE


def test_papers_received_at_nothing_are_not_part_of_a_later_surplus():
    # Quota 410,002 // 4 + 1 = 102,501. A's surplus of one vote moves 102,502 papers to B at
    # 0.00000; E is excluded and B passes the quota. B's surplus is transferred from B's own
    # papers and E's only: the papers received at nothing are no parcel of B's (r49).
    papers = {(0, 1): 102_502, (1, 2): 100_000, (2,): 101_000, (3,): 100_500, (4, 1): 6_000}
    result = assert_same_count(Ballots(("A", "B", "C", "D", "E"), 3, papers))
    assert [(s.action, s.candidate, s.transfer_values) for s in result.stages[1:]] == [
        ("transfer of surplus", "A", (0,)),
        ("exclusion", "E", ()),
        ("transfer of surplus", "B", (3300,)),
    ]


def test_repeated_preferences_withdrawn_candidates_and_empty_rankings():
    papers = {(0, 0, 1): 3, (1, 2, 1, 0): 4, (2,): 2, (3, 2): 5, (): 7, (3,): 0, (1, 3): 2}
    for seats in (1, 2, 3):
        for withdrawn in (frozenset(), frozenset({3}), frozenset({0, 3})):
            assert_same_count(Ballots(("A", "B", "C", "D"), seats, papers, "t", withdrawn))


def test_no_papers_at_all():
    assert_same_count(Ballots(("A", "B", "C"), 2, {}))


def rankings(candidates: int):
    one = st.lists(st.integers(0, candidates - 1), min_size=0, max_size=candidates + 2).map(tuple)
    weight = st.one_of(st.integers(1, 6), st.integers(0, 3_000))
    return st.dictionaries(one, weight, min_size=0, max_size=30)


elections = st.integers(1, 8).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.integers(1, n),
        rankings(n),
        st.frozensets(st.integers(0, n - 1), max_size=max(0, n - 1)),
        st.integers(0, 5),
    )
)


@settings(max_examples=600, deadline=None)
@given(elections)
def test_random_elections_count_as_the_reference_does(election):
    n, seats, papers, withdrawn, seed = election
    names = tuple("ABCDEFGH"[:n])
    if len(names) - len(withdrawn) < seats:
        withdrawn = frozenset()
    assert_same_count(Ballots(names, seats, papers, "ward", withdrawn), seed)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(4, 12), st.integers(500, 3_000))
def test_larger_random_elections_count_as_the_reference_does(seed, n, distinct):
    rng = random.Random(seed)
    weights = [1.0 / (i + 1) for i in range(n)]
    papers: dict = {}
    for _ in range(distinct):
        length = rng.randint(1, n)
        pool, pool_weights, ranking = list(range(n)), weights[:], []
        for _ in range(length):
            pick = rng.choices(range(len(pool)), pool_weights)[0]
            ranking.append(pool.pop(pick))
            pool_weights.pop(pick)
        key = tuple(ranking)
        papers[key] = papers.get(key, 0) + rng.randint(1, 40)
    assert_same_count(Ballots(tuple(f"C{i}" for i in range(n)), rng.randint(1, n), papers))


def reference_blt_papers(ballot_lines: list[str]) -> dict:
    """The ballot lines of a valid .blt file, read one at a time (ranking -> papers)."""
    papers: dict = {}
    for line in ballot_lines:
        tokens = line.split()
        if not tokens:
            continue
        key = tuple(int(mark) - 1 for mark in tokens[1:-1] if mark != "-")
        papers[key] = papers.get(key, 0) + int(tokens[0])
    return papers


plain_line = st.tuples(
    st.one_of(st.integers(1, 10**14), st.integers(1, 10**20)),
    st.lists(st.integers(1, 9), min_size=1, max_size=12),
    st.sampled_from([" ", "  ", "\t", " \t "]),
    st.sampled_from(["", "0", " "]),
).map(lambda t: f"{t[3]}{t[0]}{t[2]}{t[2].join(map(str, t[1]))}{t[2]}0")
other_line = st.sampled_from(["2 1 - 3 0", " 7 3 0 ", "", "1 01 002 0", "3 2 00"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(plain_line, plain_line, other_line), min_size=0, max_size=60))
def test_blt_reader_reads_every_line_as_a_line_by_line_reader_does(lines):
    names = "\n".join(f'"C{i}"' for i in range(1, 10))
    text = "9 2\n" + "\n".join(lines) + ("\n" if lines else "") + "0\n" + names + '\n"t"\n'
    ballots = parse_blt(text)
    assert ballots.papers == reference_blt_papers(lines)
    # Lines of digits and blanks only (numbers of up to 15 digits) keep their order.
    if all(
        line.strip() and "-" not in line and len(max(line.split(), key=len)) <= 15 for line in lines
    ):
        assert list(ballots.papers) == list(reference_blt_papers(lines))
