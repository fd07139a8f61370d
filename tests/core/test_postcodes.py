import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.core.postcodes import normalise_postcode


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ex12ab", "EX1 2AB"),
        ("EX1 2AB", "EX1 2AB"),
        ("  sw1a1aa ", "SW1A 1AA"),
        ("M11AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("DN551PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_valid_postcodes_are_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["", "EX1", "12345", "EX1 2CI", "EXX1 2AB", "EX1 2AB X", "E1 AAB"])
def test_invalid_postcodes_are_rejected(raw):
    assert normalise_postcode(raw) is None


@given(st.from_regex(r"[A-Z]{1,2}[0-9]{1,2} [0-9][ABDEFGHJLNPQRSTUWXYZ]{2}", fullmatch=True))
def test_normalising_is_idempotent(postcode):
    once = normalise_postcode(postcode)
    assert once == postcode
    assert normalise_postcode(once.replace(" ", "").lower()) == once
