"""Northern Ireland STV (Electoral Law Act (NI) 1962 Sch 5, as substituted by SI 1985/454):
hand-worked examples of the rules that differ from Scotland, and the conservation property.

Figures are in votes; the module works in units of 1/100,000 (SCALE)."""

import json
from collections import Counter
from pathlib import Path

from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from ems.count.rules import stv_scottish
from ems.count.rules.stv_northern_ireland import count, ni_transfer_value
from ems.count.rules.stv_scottish import SCALE, Ballots

DATA = Path(__file__).parent / "data"


def votes(units: int) -> float:
    return units / SCALE


def table(result):
    """(action, candidate, {name: votes}, non-transferable, elected, values) per stage."""
    return [
        (
            s.action,
            s.candidate,
            {k: votes(v) for k, v in s.totals.items()},
            votes(s.non_transferable),
            s.elected,
            tuple(votes(v) for v in s.transfer_values),
        )
        for s in result.stages
    ]


def test_transfer_value_is_two_places_remainder_ignored_and_never_more_than_received():
    assert ni_transfer_value(6 * SCALE, 14) == 42_000  # 0.428.. -> 0.42
    assert ni_transfer_value(288_000, 14, received=42_000) == 20_000  # 0.2057.. -> 0.20
    assert ni_transfer_value(288_000, 2, received=42_000) == 42_000  # 1.44 -> at most 0.42
    assert ni_transfer_value(3 * SCALE, 2) == SCALE  # 1.5 -> at most the paper's 1.00
    assert ni_transfer_value(SCALE // 2, 100) == 0  # 0.005 -> 0.00
    assert ni_transfer_value(SCALE, 0) == 0


def test_a_surplus_from_transfers_moves_only_the_last_parcel_received():
    """r49(5)-(7). Quota 30 // 4 + 1 = 8.

    Stage 2: A's surplus of 6 over 14 transferable papers: 0.42 each, B gets 5.88
    (10.88, elected), 0.12 is non-transferable (r50(2)(c)).
    Stage 3: B's surplus of 2.88 comes only from the 14 papers just received from A (not
    B's own 5 first preferences, which would go to C): 2.88 / 14 = 0.20 each to D (5.80).
    Stage 4: E is excluded; E's 2 papers go to D (7.80), who then has at least as many votes
    as C (6), the only other continuing candidate, with one vacancy left (r52(2)).
    Under the Scottish rules B's own papers move too and C is elected instead.
    """
    ballots = Ballots(tuple("ABCDE"), 3, {(0, 1, 3): 14, (1, 2): 5, (2,): 6, (3,): 3, (4, 3): 2})
    result = count(ballots)
    assert result.quota == 8
    assert table(result) == [
        ("first preferences", None, {"A": 14, "B": 5, "C": 6, "D": 3, "E": 2}, 0, ("A",), ()),
        ("transfer of surplus", "A", {"A": 8, "B": 10.88, "C": 6, "D": 3, "E": 2}, 0.12,
         ("B",), (0.42,)),
        ("transfer of surplus", "B", {"A": 8, "B": 8, "C": 6, "D": 5.8, "E": 2}, 0.2, (),
         (0.2,)),
        ("exclusion", "E", {"A": 8, "B": 8, "C": 6, "D": 7.8, "E": 0}, 0.2, ("D",), (1.0,)),
    ]  # fmt: skip
    assert [(e.name, e.stage) for e in result.elected] == [("A", 1), ("B", 2), ("D", 4)]
    assert [e.name for e in stv_scottish.count(ballots).elected] == ["A", "B", "C"]


def test_a_surplus_that_cannot_save_the_lowest_is_deferred():
    """r49(10)(a): A's surplus of 1 is less than the gap of 2 between D (2) and C (4), so D
    is excluded first; D's papers elect B and A's surplus is never transferred."""
    result = count(Ballots(tuple("ABCD"), 2, {(0, 2): 8, (1,): 6, (2,): 4, (3, 1): 2}))
    assert [(s.action, s.candidate) for s in result.stages] == [
        ("first preferences", None),
        ("exclusion", "D"),
    ]
    assert [(e.name, e.stage) for e in result.elected] == [("A", 1), ("B", 2)]


def test_the_lowest_are_excluded_together_and_a_tie_for_the_last_seat_goes_to_exclusion():
    """One seat, quota 12 (nobody is elected by quota with one vacancy, r48(3)).
    r51(12): C (2) and D (1) together have fewer votes than B (9): excluded in one stage.
    A and B then have 11 each: r52(2) cannot choose, so the lower is excluded, B having
    had fewer votes at the earliest stage at which they differed (r51(13)); r52(1) then
    elects A and B's papers received from C are not transferred (r52(3))."""
    result = count(Ballots(tuple("ABCD"), 1, {(0,): 10, (1,): 9, (2, 1): 2, (3, 0): 1}))
    assert table(result) == [
        ("first preferences", None, {"A": 10, "B": 9, "C": 2, "D": 1}, 0, (), ()),
        ("exclusion", "C and D", {"A": 11, "B": 11, "C": 0, "D": 0}, 0, (), (1.0,)),
        ("exclusion", "B", {"A": 11, "B": 2, "C": 0, "D": 0}, 9, ("A",), (1.0,)),
    ]
    assert result.lots == ()


def test_an_excluded_candidates_papers_move_by_value_highest_first_each_a_stage():
    """Quota 42 // 4 + 1 = 11. C (13) and E (13) are elected with equal surpluses and equal
    votes at every stage: the order is decided by lot (r50(1)(b)); with seed 0, E first.
    E's surplus of 2 goes at 0.50 to F on E's 4 papers with a next preference (the 9 for C,
    elected, are non-transferable). D (no votes) is excluded while C's surplus is deferred
    (2 is less than F's lead of 4 over D). C's surplus: 2 / 13 = 0.15 to F (5.95).
    F is excluded: first preferences (2 papers to B), then the papers received at 0.50, then
    those at 0.15, each a stage (r51(5)-(9)); their next preferences are elected, so they
    are non-transferable. A and B, equal at 8, are separated by stage 1 (8 and 6): B is
    excluded and B's first preferences elect A."""
    papers = {(0, 5): 8, (4, 5, 2): 4, (1, 0): 6, (5, 1, 2): 2, (2, 5, 4): 13, (4, 2): 9}
    result = count(Ballots(tuple("ABCDEF"), 3, papers), seed=0)
    assert [(lot.reason, lot.among, lot.chosen) for lot in result.lots] == [
        ("order of surpluses", ("C", "E"), "E")
    ]
    assert [(a, c, nt, v) for a, c, _t, nt, _e, v in table(result)] == [
        ("first preferences", None, 0, ()),
        ("transfer of surplus", "E", 0, (0.5,)),
        ("exclusion", "D", 0, ()),
        ("transfer of surplus", "C", 0.05, (0.15,)),
        ("exclusion", "F", 0.05, (1.0,)),
        ("exclusion", "F", 2.05, (0.5,)),
        ("exclusion", "F", 4.0, (0.15,)),
        ("exclusion", "B", 4.0, (1.0,)),
    ]
    assert votes(result.stages[3].totals["F"]) == 5.95
    assert votes(result.stages[4].totals["B"]) == 8
    assert [(e.name, e.stage) for e in result.elected] == [("C", 1), ("E", 1), ("A", 8)]


rankings = st.lists(
    st.tuples(
        st.permutations(range(6)).flatmap(lambda p: st.integers(1, 6).map(lambda k: tuple(p[:k]))),
        st.integers(1, 50),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(rankings, st.integers(1, 5), st.integers(0, 3))
def test_votes_are_conserved_and_the_seats_filled(items, seats, seed):
    papers: dict = {}
    for ranking, number in items:
        papers[ranking] = papers.get(ranking, 0) + number
    result = count(Ballots(tuple("ABCDEF"), seats, papers), seed=seed)
    valid = sum(papers.values())
    assert result.valid_ballots == valid
    assert result.quota == valid // (seats + 1) + 1
    assert len({e.name for e in result.elected}) == len(result.elected) == seats
    previous_nt = 0
    for stage in result.stages:
        assert sum(stage.totals.values()) + stage.non_transferable == valid * SCALE
        assert stage.loss_from_truncation == 0
        assert all(v >= 0 for v in stage.totals.values())
        assert stage.non_transferable >= previous_nt
        previous_nt = stage.non_transferable
        # Every transfer is of one parcel at one value: whole hundredths, at most 1.
        assert len(stage.transfer_values) <= 1
        assert all(v % 1000 == 0 and 0 <= v <= SCALE for v in stage.transfer_values)
    # Nobody is elected by quota without reaching it; below it only by r52.
    by_number = {s.number: s for s in result.stages}
    below = [e for e in result.elected if by_number[e.stage].totals[e.name] < result.quota * SCALE]
    assert all(e.stage == result.stages[-1].number for e in below)
    # An excluded candidate's sub-parcels go highest value first.
    runs = Counter(s.candidate for s in result.stages if s.action == "exclusion")
    for name in runs:
        values = [s.transfer_values for s in result.stages
                  if s.action == "exclusion" and s.candidate == name][1:]  # fmt: skip
        flat = [v[0] for v in values if v]
        assert flat == sorted(flat, reverse=True)


def test_count_votes_command_counts_real_ward_data_under_ni_rules(capsys):
    call_command(
        "count_votes", str(DATA / "renfrewshire_2017_ward11.blt"), "--method", "ni-stv", "--json"
    )
    out = json.loads(capsys.readouterr().out)
    assert out["quota"] == out["valid_ballots"] // (out["seats"] + 1) + 1
    assert len(out["elected"]) == out["seats"]
    for stage in out["stages"]:
        total = sum(stage["totals"].values()) + stage["non_transferable"]
        assert round(total, 2) == out["valid_ballots"]
        assert all(round(v, 2) == v for v in stage["totals"].values())
