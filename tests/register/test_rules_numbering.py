from hypothesis import given
from hypothesis import strategies as st

from ems.register.rules.numbering import (
    Entry,
    Numbered,
    number_for_new_entry,
    numbers_for_new_entries,
    order_key,
    renumber,
)


def entry(id, street="High Street", sort_key="000001", surname="Smith", first="Ann"):
    return Entry(id=id, street=street, sort_key=sort_key, surname=surname, first_names=first)


def test_street_then_house_order_then_name_and_no_property_last():
    entries = [
        entry(1, street=None, surname="Aaron"),
        entry(2, "Zebra Road", "000001"),
        entry(3, "Acacia Avenue", "000002", surname="Brown"),
        entry(4, "Acacia Avenue", "000002", surname="Adams"),
        entry(5, "Acacia Avenue", "000001"),
    ]
    numbers = renumber(entries)
    assert [i for i, _ in sorted(numbers.items(), key=lambda kv: kv[1])] == [5, 4, 3, 2, 1]
    assert sorted(numbers.values()) == [1, 2, 3, 4, 5]


def test_ties_broken_by_id():
    assert renumber([entry(9), entry(3)]) == {3: 1, 9: 2}


def test_new_entry_takes_number_before_plus_next_suffix():
    existing = [
        Numbered(entry(1, sort_key="000001"), 1),
        Numbered(entry(2, sort_key="000003"), 2),
        Numbered(entry(3, sort_key="000002"), 1, 1),
    ]
    # Comes after 1/1 (sort key 000002), before 2: number 1, next suffix 2.
    assert number_for_new_entry(entry(10, sort_key="000002", surname="Zed"), existing) == (1, 2)
    # After the last entry.
    assert number_for_new_entry(entry(11, sort_key="000009"), existing) == (2, 1)


def test_new_entry_before_the_first_takes_number_0():
    existing = [Numbered(entry(1, sort_key="000005"), 1)]
    assert number_for_new_entry(entry(2, sort_key="000001"), existing) == (0, 1)
    existing.append(Numbered(entry(2, sort_key="000001"), 0, 1))
    assert number_for_new_entry(entry(3, sort_key="000000"), existing) == (0, 2)
    assert number_for_new_entry(entry(4), []) == (0, 1)


entries_strategy = st.lists(
    st.builds(
        Entry,
        id=st.integers(1, 10_000),
        street=st.one_of(st.none(), st.sampled_from(["A Road", "b road", "C Street"])),
        sort_key=st.text("0123", max_size=3),
        surname=st.sampled_from(["Smith", "smith", "Jones", ""]),
        first_names=st.sampled_from(["Ann", "Bo"]),
    ),
    unique_by=lambda e: e.id,
    max_size=60,
)


@given(entries_strategy, st.randoms())
def test_renumbering_is_gap_free_unique_and_stable(entries, rnd):
    numbers = renumber(entries)
    assert sorted(numbers.values()) == list(range(1, len(entries) + 1))
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert renumber(shuffled) == numbers


@given(entries_strategy, st.lists(st.integers(10_001, 20_000), unique=True, max_size=20))
def test_additions_between_publications_never_clash(entries, new_ids):
    existing = [Numbered(e, renumber(entries)[e.id]) for e in entries]
    used = {(x.number, x.suffix) for x in existing}
    for i, new_id in enumerate(new_ids):
        new = Entry(new_id, "b road", str(i % 4), "Smith", "Ann")
        number, suffix = number_for_new_entry(new, existing)
        assert suffix >= 1
        assert (number, suffix) not in used
        used.add((number, suffix))
        existing.append(Numbered(new, number, suffix))


def test_entries_added_together_follow_each_other_with_suffixes():
    existing = [
        Numbered(entry(1, sort_key="000001"), 1),
        Numbered(entry(2, sort_key="000005"), 2),
    ]
    new = [
        entry(12, sort_key="000003"),
        entry(11, sort_key="000002"),
        entry(13, sort_key="000009"),
        entry(14, sort_key="000000"),
    ]
    assert numbers_for_new_entries(new, existing) == {
        14: (0, 1),
        11: (1, 1),
        12: (1, 2),
        13: (2, 1),
    }
    assert numbers_for_new_entries([entry(5)], []) == {5: (0, 1)}
    assert numbers_for_new_entries([], existing) == {}


@given(
    entries_strategy,
    st.lists(
        st.builds(
            Entry,
            id=st.integers(10_001, 20_000),
            street=st.one_of(st.none(), st.sampled_from(["A Road", "b road", "D Lane"])),
            sort_key=st.text("0123", max_size=3),
            surname=st.sampled_from(["Smith", "Adams"]),
            first_names=st.just("Ann"),
        ),
        unique_by=lambda e: e.id,
        max_size=30,
    ),
    st.integers(0, 3),
)
def test_bulk_numbers_equal_adding_one_at_a_time_in_register_order(entries, new, suffixed):
    numbers = renumber(entries)
    # Some existing entries already carry suffixes from earlier additions.
    existing = [Numbered(e, numbers[e.id], 1 if e.id % 4 < suffixed else 0) for e in entries]
    bulk = numbers_for_new_entries(new, existing)
    one_by_one: dict[int, tuple[int, int]] = {}
    placed = list(existing)
    for added in sorted(new, key=order_key):
        one_by_one[added.id] = number_for_new_entry(added, placed)
        placed.append(Numbered(added, *one_by_one[added.id]))
    assert bulk == one_by_one
    used = [(x.number, x.suffix) for x in existing] + list(bulk.values())
    assert len(used) == len(set(used))
