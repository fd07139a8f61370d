"""Rules at their boundaries: franchise, staffing ratios, ballot paper ranges, wording."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.polling.rules import ballot_papers, franchise, staffing
from ems.polling.rules.accessibility import clean_answers, failed_items, public_features
from ems.polling.rules.poll_cards import polls_wording, reconcile

POLL = datetime.date(2026, 5, 7)


@pytest.mark.parametrize(
    ("markers", "parl", "local"),
    [("", True, True), ("F", True, False), ("G", False, True), ("B", False, True),
     ("L", False, True), ("M", False, True), ("N", True, True), ("FN", True, False),
     ("Z", False, False)],
)  # fmt: skip
def test_franchise_by_marker(markers, parl, local):
    assert franchise.entitled(markers, "parl") is parl
    assert franchise.entitled(markers, "local") is local
    assert franchise.entitled(markers, "pcc") is local
    assert franchise.entitled(markers, "senedd") is local


def test_attainer_votes_only_if_of_age_on_polling_day():
    assert franchise.entitled("", "local", poll_date=POLL, date_of_attainment=POLL)
    later = POLL + datetime.timedelta(days=1)
    assert not franchise.entitled("", "local", poll_date=POLL, date_of_attainment=later)


def test_unknown_election_type():
    with pytest.raises(ValueError):
        franchise.entitled("", "europarl")


@pytest.mark.parametrize(("electors", "clerks"), [(0, 1), (1500, 1), (1501, 2), (2500, 2),
                                                  (2501, 3)])  # fmt: skip
def test_poll_clerks_ratio_boundaries(electors, clerks):
    ratios = list(staffing.DEFAULT_RATIOS)
    assert staffing.staff_for(ratios, electors) == {"Presiding officer": 1, "Poll clerk": clerks}


def test_ballot_ranges_touching_do_not_overlap_but_sharing_a_number_does():
    a = ballot_papers.Span("A", 1, 100)
    assert ballot_papers.problems([a, ballot_papers.Span("B", 101, 200)]) == []
    assert ballot_papers.problems([a, ballot_papers.Span("B", 100, 200)]) == [
        "A (1-100) overlaps B (100-200)"
    ]
    assert ballot_papers.problems([ballot_papers.Span("C", 5, 4)]) == [
        "C: the last number 4 is before the first 5"
    ]


@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=3), st.integers(0, 5000)), max_size=30),
    st.integers(1, 10**6),
    st.integers(0, 50),
    st.integers(1, 100),
)
def test_allocated_ranges_never_overlap_and_cover_electors(sizes, start, spare, round_to):
    spans = ballot_papers.allocate(sizes, start=start, spare_percent=spare, round_to=round_to)
    assert ballot_papers.overlaps(spans) == []
    for (_, electors), span in zip(sizes, spans, strict=True):
        assert span.last - span.first + 1 >= electors
        assert (span.last - span.first + 1) % round_to == 0
    if spans:
        assert spans[0].first == start


@given(st.lists(st.tuples(st.integers(1, 1000), st.integers(0, 300)), max_size=12))
def test_overlaps_agrees_with_brute_force(pairs):
    spans = [ballot_papers.Span(str(i), a, a + n) for i, (a, n) in enumerate(pairs)]
    brute = {
        frozenset((x.label, y.label))
        for i, x in enumerate(spans)
        for y in spans[i + 1 :]
        if x.first <= y.last and y.first <= x.last
    }
    found = {frozenset((x.label, y.label)) for x, y in ballot_papers.overlaps(spans)}
    assert found == brute


def test_combined_poll_wording():
    assert polls_wording(["A election"]) == "You may vote at the A election."
    text = polls_wording(["A election", "B election"])
    assert text.startswith("You may vote at the A election and the B election.")
    assert "taken together" in text
    assert polls_wording([]) == ""


def test_reconcile_by_district_and_kind():
    result = reconcile(
        register={"NA1": (3, 2)},
        cards=[("NA1-1", "NA1", "ordinary"), ("NA1-2", "NA1", "postal")],
    )
    assert result["ok"]
    assert result["districts"][0]["not_entitled"] == 1
    assert result["totals"]["postal"] == 1
    bad = reconcile(register={"NA1": (1, 1)}, cards=[("XX-1", "XX1", "ordinary")])
    assert "1 cards are for polling district XX1, not in this poll's area" in bad["problems"]
    assert "NA1: 1 electors have no card (0 cards for 1 entitled electors)" in bad["problems"]


def test_accessibility_answers():
    answers = clean_answers({"parking": "No", "step_free": "yes", "unknown": "yes"})
    assert answers == {"parking": "no", "step_free": "yes"}
    assert failed_items(answers) == ["Is there parking, with a space for disabled drivers?"]
    assert public_features(answers) == ["Step-free access"]
    with pytest.raises(ValueError):
        clean_answers({"parking": "maybe"})


def test_checklist_covers_every_electoral_commission_theme():
    from ems.polling.rules import accessibility

    assert accessibility.uncovered_themes() == []
    for theme in (
        "parking",
        "approach",
        "entrance",
        "ramps",
        "door widths",
        "lighting",
        "signage",
        "seating",
        "accessible booth",
        "low-level polling booth",
        "tactile voting device",
        "large print ballot paper display",
        "hearing loop",
    ):
        assert all(key in accessibility.KEYS for key in accessibility.THEMES[theme]), theme
    assert len(set(accessibility.KEYS)) == len(accessibility.KEYS)
    grouped = accessibility.grouped()
    assert [heading for heading, _ in grouped] == [
        "Getting there",
        "The entrance",
        "Inside",
        "Voting",
    ]
    assert sum(len(items) for _, items in grouped) == len(accessibility.CHECKLIST)


def test_new_checklist_items_are_answered_and_listed_publicly():
    from ems.polling.rules import accessibility

    answers = clean_answers({"tactile_device": "yes", "large_print": "Yes", "ramp": "no"})
    assert public_features(answers) == [
        "Large-print ballot paper on display",
        "Tactile voting device",
    ]
    assert failed_items(answers) == [
        "Where there are steps, is there a ramp (permanent or portable) with handrails?"
    ]
    assert len(accessibility.unanswered_items(answers)) == len(accessibility.CHECKLIST) - 3
