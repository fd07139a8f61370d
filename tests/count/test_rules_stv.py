from hypothesis import given, settings
from hypothesis import strategies as st

from ems.count.rules.stv_scottish import (
    SCALE,
    Ballots,
    count,
    droop_quota,
    transfer_value,
)


def test_droop_quota_boundaries():
    assert droop_quota(5613, 3) == 1404  # 1403.25 -> 1403 + 1
    assert droop_quota(4000, 4) == 801  # exactly 800 -> 801
    assert droop_quota(4000, 3) == 1001
    assert droop_quota(1, 1) == 1


def test_transfer_value_truncated_to_five_places():
    # MacLaren, Renfrewshire 2017: surplus 1148 of 2552 first preferences -> 0.44984.
    assert transfer_value(1148 * SCALE, SCALE, 2552 * SCALE) == 44984
    # A paper received at 0.5 carries half the value: 0.5 * 1/3 = 0.166666.. -> 0.16666.
    assert transfer_value(1 * SCALE, SCALE // 2, 3 * SCALE) == 16666


def test_exclusion_tie_broken_by_earliest_stage_then_recorded_lot():
    # B and C tie at stage 1 and stay tied: a lot decides, repeatably by seed.
    ballots = Ballots(("A", "B", "C"), 1, {(0,): 4, (1, 0): 2, (2, 0): 2})
    first = count(ballots, seed=1)
    assert first.lots and first.lots[0].among == ("B", "C")
    assert first.lots[0].reason == "exclusion"
    assert count(ballots, seed=1).lots == first.lots
    assert [e.name for e in first.elected] == ["A"]


def test_exclusion_tie_uses_the_earliest_stage_where_they_differed():
    # Quota 15 // 3 + 1 = 6. A (8) is elected; A's surplus of 2 goes to B at 0.25 a paper, so
    # B and C both have 4 at stage 2. D (1) is excluded first; then B, who had fewer votes than
    # C at stage 1, the earliest stage at which they differed. No lot is drawn.
    papers = {(0, 1): 8, (1,): 2, (2,): 4, (3,): 1}
    result = count(Ballots(("A", "B", "C", "D"), 2, papers))
    assert [(s.action, s.candidate) for s in result.stages] == [
        ("first preferences", None),
        ("transfer of surplus", "A"),
        ("exclusion", "D"),
        ("exclusion", "B"),
    ]
    assert result.stages[1].totals["B"] == result.stages[1].totals["C"] == 4 * SCALE
    assert [(e.name, e.stage) for e in result.elected] == [("A", 1), ("C", 4)]
    assert result.lots == ()


def test_last_vacancies_filled_when_continuing_equal_vacancies():
    result = count(Ballots(("A", "B", "C"), 2, {(0,): 5, (1,): 3, (2,): 2}))
    assert [(e.name, e.stage) for e in result.elected] == [("A", 1), ("B", 3)]
    assert result.stages[-1].action == "exclusion"


def test_everyone_elected_at_once_when_candidates_equal_seats():
    result = count(Ballots(("A", "B"), 2, {(0,): 1, (1,): 1}))
    assert {e.name for e in result.elected} == {"A", "B"}
    assert len(result.stages) == 1


rankings = st.lists(
    st.tuples(
        st.permutations(range(6)).flatmap(lambda p: st.integers(1, 6).map(lambda k: tuple(p[:k]))),
        st.integers(1, 50),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(rankings, st.integers(1, 5), st.integers(0, 3))
def test_votes_are_conserved_and_the_seats_filled(items, seats, seed):
    papers: dict = {}
    for ranking, number in items:
        papers[ranking] = papers.get(ranking, 0) + number
    ballots = Ballots(tuple("ABCDEF"), seats, papers)
    result = count(ballots, seed=seed)
    valid = sum(papers.values())
    assert result.valid_ballots == valid
    assert result.quota == valid // (seats + 1) + 1
    assert len(result.elected) == seats
    assert len({e.name for e in result.elected}) == seats
    moved_papers = 0
    for stage in result.stages:
        accounted = sum(stage.totals.values()) + stage.non_transferable + stage.loss_from_truncation
        assert accounted == valid * SCALE
        assert stage.loss_from_truncation >= 0
        assert all(v >= 0 for v in stage.totals.values())
        moved_papers += valid
    # Truncation loses less than 1/100,000 of a vote per paper moved.
    assert result.stages[-1].loss_from_truncation <= moved_papers
    # Every candidate elected by quota reached it at the stage they were elected.
    by_number = {s.number: s for s in result.stages}
    for elected in result.elected:
        stage = by_number[elected.stage]
        if stage.totals[elected.name] < result.quota * SCALE:
            # Only r53(1), at the end of the count, elects below the quota.
            assert elected.stage == result.stages[-1].number
