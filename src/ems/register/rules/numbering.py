"""Elector numbers: the number each entry carries within its polling district.

The register is divided into a separate part for each polling district
(RPR 2001 reg 41(1)), each entry carrying an elector number (RPA 1983 s9(2)(b)
"electoral number"), and entries are arranged in street order where reasonably
practicable (RPR 2001 reg 41(2); EC guidance on the format of the revised
register: "elector numbers should be allocated sequentially in each part").

(a) At publication of the revised register every part is renumbered 1..n in
    register order, without gaps, with no suffix (`renumber`).
(b) Between publications an elector added by a notice of alteration takes the
    number of the entry just before them in register order plus the next free
    suffix: 123/1, 123/2... (`number_for_new_entry`). Existing numbers never
    change between publications, so notices of alteration and poll cards stay
    right. An elector who comes before the first entry of the part takes number
    0 with a suffix (0/1, 0/2...): this EMS's choice, so that no existing entry
    has to move and 0 (never used by renumbering) marks "before entry 1".

Register order within a part: electors with a property first, by street, then
the property's sort key (house order), then surname, first names; electors
without a property (overseas, service voters, declarations of local connection)
after them, by surname and first names; ties broken by the elector's id so the
order (and so the numbering) is stable. Plain Python: no Django.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """What the order of an entry depends on."""

    id: int
    street: str | None  # None: no qualifying address in the district's street order
    sort_key: str = ""
    surname: str = ""
    first_names: str = ""


def order_key(entry: Entry) -> tuple:
    """The sort key of an entry in register order (see the module docstring)."""
    no_property = entry.street is None
    return (
        no_property,
        (entry.street or "").casefold(),
        entry.sort_key or "",
        entry.surname.casefold(),
        entry.first_names.casefold(),
        entry.id,
    )


def renumber(entries: Iterable[Entry]) -> dict[int, int]:
    """Rule (a): elector id -> number 1..n in register order (suffix 0 for all)."""
    ordered = sorted(entries, key=order_key)
    return {entry.id: number for number, entry in enumerate(ordered, start=1)}


@dataclass(frozen=True)
class Numbered:
    """An existing entry of the part and the number it carries."""

    entry: Entry
    number: int
    suffix: int = 0


def number_for_new_entry(new: Entry, existing: Iterable[Numbered]) -> tuple[int, int]:
    """Rule (b): the (number, suffix) for an entry added between publications.

    The entry just before `new` in register order gives the number; the suffix
    is one more than the highest suffix already used with that number. Before
    every entry (or in an empty part) the number is 0. The result never clashes
    with an existing (number, suffix).
    """
    new_key = order_key(new)
    before: Numbered | None = None
    before_key: tuple | None = None
    highest_suffix: dict[int, int] = {}
    for item in existing:
        if item.suffix > highest_suffix.get(item.number, -1):
            highest_suffix[item.number] = item.suffix
        key = order_key(item.entry)
        if key < new_key and (before_key is None or key > before_key):
            before, before_key = item, key
    number = before.number if before is not None else 0
    return number, highest_suffix.get(number, 0) + 1


def numbers_for_new_entries(
    new: Iterable[Entry], existing: Iterable[Numbered]
) -> dict[int, tuple[int, int]]:
    """Rule (b) for many entries at once: elector id -> (number, suffix).

    The same result as adding the new entries one at a time, in register order,
    with `number_for_new_entry` (each one placed becomes an existing entry for
    the next), in one sort instead of one pass of the part per entry. A new
    entry that follows another new entry takes the same number and the next
    suffix (123/1, 123/2). No result clashes with an existing (number, suffix)
    or with another result.
    """
    existing = list(existing)
    highest_suffix: dict[int, int] = {}
    for item in existing:
        if item.suffix > highest_suffix.get(item.number, -1):
            highest_suffix[item.number] = item.suffix
    merged = sorted(
        [(order_key(item.entry), item.number, None) for item in existing]
        + [(order_key(entry), None, entry.id) for entry in new],
        key=lambda row: row[0],
    )
    result: dict[int, tuple[int, int]] = {}
    number = 0  # before every entry of the part
    for _key, existing_number, new_id in merged:
        if new_id is None:
            number = existing_number
            continue
        suffix = highest_suffix.get(number, 0) + 1
        highest_suffix[number] = suffix
        result[new_id] = (number, suffix)
    return result
