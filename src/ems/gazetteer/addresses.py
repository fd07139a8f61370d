"""Street and house order for property addresses. Plain Python, no Django.

The register lists properties street by street, and within a street in house
order: numbered houses by number (2 before 10, 10 before 10A), flats inside a
numbered building after the building itself, then named houses in alphabetical
order. `street_and_sort_key` derives the two values kept on each Property so
that ordering by (street, sort_key) in the database gives that order.

    "2 Acacia Avenue" < "10 Acacia Avenue" < "10A Acacia Avenue"
        < "Flat 1, 12 Acacia Avenue" < "Flat 2, 12 Acacia Avenue" < "Flat 10, 12 ..."
    "1 Mill Road" < "99 Mill Road" < "Rose Cottage, Mill Road"
"""

import re
from collections.abc import Iterable

SORT_KEY_LENGTH = 100
STREET_LENGTH = 200
NUMBER_WIDTH = 6

# "12 Acacia Avenue", "12A Acacia Avenue", "12-14 Acacia Avenue", "12a-12b High St".
_NUMBERED = re.compile(
    r"^(?P<number>\d{1,6})(?P<suffix>[A-Za-z]?)"
    r"(?:\s*-\s*\d{1,6}[A-Za-z]?)?\s+(?P<street>[^\d\s].*)$"
)
# A line that is only a house number: "12" or "12A" (the street follows on the next line).
_NUMBER_ONLY = re.compile(r"^(?P<number>\d{1,6})(?P<suffix>[A-Za-z]?)$")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# Words that end the name of a street, for addresses without a house number.
_STREET_WORDS = frozenset(
    {
        "road",
        "rd",
        "street",
        "st",
        "avenue",
        "ave",
        "lane",
        "ln",
        "close",
        "drive",
        "dr",
        "way",
        "crescent",
        "cres",
        "gardens",
        "gdns",
        "grove",
        "place",
        "pl",
        "square",
        "sq",
        "terrace",
        "ter",
        "hill",
        "walk",
        "row",
        "mews",
        "court",
        "ct",
        "park",
        "view",
        "rise",
        "green",
        "parade",
        "vale",
        "meadow",
        "meadows",
        "chase",
        "gate",
        "end",
        "side",
        "wharf",
        "quay",
        "mead",
        "fields",
        "field",
        "croft",
        "approach",
        "boulevard",
        "hollow",
        "path",
        "promenade",
        "broadway",
        "circus",
        "yard",
    }
)

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

# Sort key layout: one character for the kind of address, then for numbered
# houses the zero-padded number and suffix letter, then the sub-building part.
# Keys hold only 0-9 and a-z: every database collation (C, en_GB, ICU) orders
# those the same way, so SQLite and PostgreSQL agree on house order.
_NUMBERED_KIND = "0"
_NAMED_KIND = "1"
_NO_SUFFIX = "0"  # sorts before "a"


def tidy(text: str) -> str:
    """Collapse runs of spaces and trim."""
    return _SPACES.sub(" ", text or "").strip()


def natural(text: str) -> str:
    """Lower-case letters and digits only, every run of digits zero-padded: "Flat 2" < "Flat 10"."""
    lowered = _NOT_ALNUM.sub("", tidy(text).lower())
    return _DIGITS.sub(lambda m: m.group(0)[-NUMBER_WIDTH:].zfill(NUMBER_WIDTH), lowered)


def _parts(lines: Iterable[str]) -> list[str]:
    """The address lines split at commas, tidied, empties dropped."""
    parts: list[str] = []
    for line in lines:
        for piece in (line or "").split(","):
            piece = tidy(piece)
            if piece:
                parts.append(piece)
    return parts


def _looks_like_street(part: str) -> bool:
    words = part.lower().split()
    return bool(words) and words[-1].strip(".") in _STREET_WORDS


def street_and_sort_key(lines: Iterable[str]) -> tuple[str, str]:
    """Return (street, sort_key) for the address lines of a property (town excluded).

    The street is the part after the first house number ("12 Acacia Avenue" ->
    "Acacia Avenue"). Without a house number it is the first later part that
    ends in a street word (Road, Lane, Close...), else the second part, else the
    only part. Parts before the street (flat, building name) order properties
    that share a house number or have none.
    """
    parts = _parts(lines)
    if not parts:
        return "", _NAMED_KIND
    for index, part in enumerate(parts):
        numbered = _NUMBERED.match(part)
        if numbered:
            street = tidy(numbered["street"])
        elif _NUMBER_ONLY.match(part) and index + 1 < len(parts):
            numbered = _NUMBER_ONLY.match(part)
            street = parts[index + 1]
        else:
            continue
        house = int(numbered["number"])
        suffix = numbered["suffix"].lower() or _NO_SUFFIX
        inside = natural(" ".join(parts[:index]))
        key = f"{_NUMBERED_KIND}{house:0{NUMBER_WIDTH}d}{suffix}{inside}"
        return street[:STREET_LENGTH], key[:SORT_KEY_LENGTH]
    street_index = next(
        (i for i, part in enumerate(parts) if i > 0 and _looks_like_street(part)),
        1 if len(parts) > 1 else 0,
    )
    name = " ".join(parts[:street_index]) if street_index else parts[0]
    key = f"{_NAMED_KIND}{natural(name)}"
    return parts[street_index][:STREET_LENGTH], key[:SORT_KEY_LENGTH]
