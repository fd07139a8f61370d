import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.gazetteer.addresses import SORT_KEY_LENGTH, street_and_sort_key


def order(*addresses: str) -> list[str]:
    return sorted(addresses, key=lambda a: street_and_sort_key([a]))


def test_houses_sort_by_number_then_suffix_then_flats_inside():
    expected = [
        "2 Acacia Avenue",
        "10 Acacia Avenue",
        "10A Acacia Avenue",
        "10B Acacia Avenue",
        "12 Acacia Avenue",
        "Flat 1, 12 Acacia Avenue",
        "Flat 2, 12 Acacia Avenue",
        "Flat 10, 12 Acacia Avenue",
        "13 Acacia Avenue",
    ]
    assert order(*reversed(expected)) == expected


def test_named_houses_sort_after_numbers_on_the_same_street():
    expected = ["1 Mill Road", "99 Mill Road", "Ivy House, Mill Road", "Rose Cottage, Mill Road"]
    assert order(*reversed(expected)) == expected
    assert {street_and_sort_key([a])[0] for a in expected} == {"Mill Road"}


@pytest.mark.parametrize(
    ("lines", "street"),
    [
        (["12 Acacia Avenue"], "Acacia Avenue"),
        (["Flat 1", "12 Acacia Avenue"], "Acacia Avenue"),
        (["12", "Acacia  Avenue"], "Acacia Avenue"),
        (["12-14 High Street"], "High Street"),
        (["Rose Cottage", "Mill Road", "Littleton"], "Mill Road"),
        (["The Old Forge", "Smithy Cottages", "Church Lane"], "Church Lane"),
        (["Rose Cottage", "Littleton"], "Littleton"),
        (["The Old Barn"], "The Old Barn"),
        ([], ""),
    ],
)
def test_street_is_taken_from_the_address(lines, street):
    assert street_and_sort_key(lines)[0] == street


def test_flat_on_its_own_line_sorts_like_flat_on_the_same_line():
    assert street_and_sort_key(["Flat 1", "12 Acacia Avenue"]) == street_and_sort_key(
        ["Flat 1, 12 Acacia Avenue"]
    )


def test_sort_keys_only_use_letters_and_digits_so_every_collation_agrees():
    _street, key = street_and_sort_key(["Flat 1-2, The Manor House (East)", "Mill Road"])
    assert key.isalnum() and key == key.lower()


numbers = st.integers(min_value=1, max_value=99999)
letters = st.sampled_from("ABCDEFGH")


@given(numbers, numbers)
def test_lower_house_numbers_always_sort_first(a, b):
    key_a = street_and_sort_key([f"{a} Acacia Avenue"])[1]
    key_b = street_and_sort_key([f"{b} Acacia Avenue"])[1]
    assert (key_a < key_b) == (a < b)


@given(numbers, letters)
def test_a_suffix_letter_sorts_after_the_plain_number_and_before_the_next(n, letter):
    plain = street_and_sort_key([f"{n} Acacia Avenue"])[1]
    lettered = street_and_sort_key([f"{n}{letter} Acacia Avenue"])[1]
    following = street_and_sort_key([f"{n + 1} Acacia Avenue"])[1]
    assert plain < lettered < following


@given(numbers, st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=40).filter(str.strip))
def test_any_named_house_sorts_after_any_number(n, name):
    numbered = street_and_sort_key([f"{n} Mill Road"])[1]
    named = street_and_sort_key([f"{name}, Mill Road"])[1]
    assert numbered < named


@given(st.lists(st.text(max_size=300), max_size=5))
def test_any_input_gives_values_that_fit_the_database_fields(lines):
    street, key = street_and_sort_key(lines)
    assert len(street) <= 200
    assert len(key) <= SORT_KEY_LENGTH


@given(numbers, st.sampled_from(["Acacia Avenue", "acacia avenue", " Acacia   Avenue "]))
def test_case_and_spacing_do_not_change_the_house_order(n, spelling):
    assert (
        street_and_sort_key([f"{n} {spelling}"])[1]
        == street_and_sort_key([f"{n} Acacia Avenue"])[1]
    )
