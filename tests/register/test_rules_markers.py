import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.register.rules import markers


def test_every_marker_has_a_meaning_and_a_citation():
    for letter, marker in markers.MARKERS.items():
        assert letter == marker.letter and len(letter) == 1 and letter.isupper()
        assert marker.meaning and marker.citation


def test_england_eu_citizen_marker_after_7_may_2024_is_b():
    assert "retained rights" in markers.MARKERS["B"].meaning
    assert "becomes B" in markers.MARKERS["G"].meaning


@pytest.mark.parametrize("value", ["", "F", "N", "FN", "BGL", "Z"])
def test_acceptable_markers(value):
    assert markers.validate(value) == value
    assert markers.problems(value) == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("NF", "not in order: write FN"),
        ("FF", "repeated: F"),
        ("X", "X is not a franchise marker"),
        ("f", "'f' is not a capital letter"),
        ("F N", "' ' is not a capital letter"),
        ("1", "'1' is not a capital letter"),
    ],
)
def test_unacceptable_markers_say_why(value, problem):
    assert problem in markers.problems(value)
    with pytest.raises(markers.MarkerError, match=problem.split(":")[0]):
        markers.validate(value)


def test_normalise_tidies_what_was_typed():
    assert markers.normalise("n, f") == "FN"
    assert markers.normalise("") == ""
    with pytest.raises(markers.MarkerError):
        markers.normalise("Q")


def test_derived_markers():
    assert markers.derive("", anonymous=True, overseas=False) == "N"
    assert markers.derive("", anonymous=False, overseas=True) == "F"
    assert markers.derive("NL", anonymous=False, overseas=False) == "L"
    assert markers.derive("G", anonymous=True, overseas=True, young=True) == "FGNZ"


def test_publication_treatment():
    assert markers.publication_treatment("") == markers.SHOW_FULL
    assert markers.publication_treatment("F") == markers.SHOW_FULL
    assert markers.publication_treatment("N") == markers.SHOW_NUMBER_ONLY
    assert markers.publication_treatment("", anonymous=True) == markers.SHOW_NUMBER_ONLY
    assert markers.publication_treatment("NZ") == markers.WITHHELD
    assert markers.publication_treatment("Z") == markers.WITHHELD


def test_internal_marker_is_never_printed():
    assert markers.printed("GZ") == "G"
    assert markers.printed("FN") == "FN"


@given(st.sets(st.sampled_from(sorted(markers.MARKERS))))
def test_canonical_of_known_letters_is_always_valid(letters):
    assert markers.problems(markers.canonical(letters)) == []
