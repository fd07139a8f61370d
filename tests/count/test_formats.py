import pytest

from ems.core.errors import ImportRejected
from ems.count.formats.blt import parse_blt, write_blt
from ems.count.formats.preference_profile_csv import (
    parse_preference_profile,
    write_preference_profile,
)
from ems.count.rules.stv_scottish import count

BLT = """4 2
-4
3 1 2 0
2 2 1 3 0
3 1 2 0
1 3 4 1 0
0
"Ann ""Annie"" Able"
"Bob Baker"
"Cat Cole"
"Dee Dunn"
Ward 9 - Example
"""


def test_blt_aggregates_identical_ballots_and_reads_names_title_withdrawn():
    ballots = parse_blt(BLT)
    assert ballots.candidates == ('Ann "Annie" Able', "Bob Baker", "Cat Cole", "Dee Dunn")
    assert ballots.seats == 2
    assert ballots.title == "Ward 9 - Example"
    assert ballots.withdrawn == frozenset({3})
    assert ballots.papers == {(0, 1): 6, (1, 0, 2): 2, (2, 3, 0): 1}
    assert parse_blt(write_blt(ballots)) == ballots


def test_blt_errors_name_file_line_and_part():
    text = '3 1\n2 1 x 0\n0 1 0\n1 2 5 0\n1 2\n0\n"A"\n"B"\n'
    with pytest.raises(ImportRejected) as caught:
        parse_blt(text, "ward.blt")
    messages = [str(e) for e in caught.value.errors]
    assert "ward.blt:2:preference 2: 'x' is not a candidate number (expected 1 to 3)" in messages
    assert any(m.startswith("ward.blt:3:weight: 0 papers") for m in messages)
    assert "ward.blt:4:preference 2: '5' is not a candidate number (expected 1 to 3)" in messages
    assert any(m.startswith("ward.blt:5:-: the ballot does not end with 0") for m in messages)
    assert any("2 candidate names" in m for m in messages)


def test_blt_bad_header():
    with pytest.raises(ImportRejected) as caught:
        parse_blt("three 1\n0\n", "w.blt")
    assert str(caught.value.errors[0]).startswith("w.blt:1:header:")


PROFILE = """Ballot,Ann Able,Bob Baker,Cat Cole
1,1,2,
2,2,1,3
3,1,,
4,1,,3
5,1,3,2
"""


def test_preference_profile_reads_columns_as_candidates_and_stops_at_a_gap():
    ballots = parse_preference_profile(PROFILE, seats=2, name="p.csv")
    assert ballots.candidates == ("Ann Able", "Bob Baker", "Cat Cole")
    # Row 4 "1,,3": the gap at 2 ends the sequence, so it counts for Ann only.
    assert ballots.papers == {(0, 1): 1, (1, 0, 2): 1, (0,): 2, (0, 2, 1): 1}


def test_preference_profile_count_column_and_round_trip():
    ballots = parse_preference_profile(PROFILE, seats=2)
    again = parse_preference_profile(write_preference_profile(ballots), seats=2)
    assert again.papers == ballots.papers
    assert count(again).elected == count(ballots).elected


def test_preference_profile_errors():
    text = "Ann,Bob,Count\n1,1,1\n,,2\nx,1,1\n1,2,0\n1,2\n"
    with pytest.raises(ImportRejected) as caught:
        parse_preference_profile(text, seats=1, name="p.csv")
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "p.csv:2:-: first preference given to more than one candidate "
        "(expected exactly one candidate marked 1)",
        "p.csv:3:-: no first preference (expected exactly one candidate marked 1)",
        "p.csv:4:Ann: 'x' is not a preference (expected blank or a whole number 1 to 2)",
        "p.csv:5:Count: '0' is not a number of papers (expected a whole number of at least 1)",
        "p.csv:6:-: row has 2 fields (expected 3, one for each column in the header)",
    ]


def test_preference_profile_needs_candidates_and_sensible_seats():
    with pytest.raises(ImportRejected) as caught:
        parse_preference_profile("Ann,Bob\n1,2\n", seats=3, name="p.csv")
    assert (
        str(caught.value.errors[0]) == "p.csv:1:-: 3 seats for 2 candidates (expected 1 to 2 seats)"
    )
