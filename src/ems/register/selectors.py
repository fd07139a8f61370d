"""Reads for the register: finding electors and showing one with its household and history.

Search has to stay fast on a register of a million electors on SQLite and
PostgreSQL. Every search first narrows the register to a few hundred
candidates with indexed columns only (the name keys, date of birth, the
property's postcode, district and number), each query capped with a LIMIT,
then ranks those candidates in Python with rapidfuzz. Nothing scans the
electors table.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from rapidfuzz import fuzz

from ems.core import privacy
from ems.core.models import AuditEvent
from ems.core.postcodes import normalise_postcode
from ems.core.selectors import object_history
from ems.gazetteer.models import PollingDistrict, Property

from .models import Alteration, Elector
from .rules.markers import ANONYMOUS, MARKERS
from .search_keys import normalise_name, sounds_like

# How many rows one candidate query may bring back for ranking.
CANDIDATES = 400
# Name matches scoring below this (out of 100) are not shown.
MIN_NAME_SCORE = 60
# Below this best score, search again allowing for a slip that changed the Soundex code.
GOOD_NAME_SCORE = 85
# Anonymous by the flag or by the marker N (RPR 2001 reg 41A): either is enough to hide an entry.
ANONYMOUS_ENTRIES = Q(anonymous=True) | Q(markers__contains=ANONYMOUS)

_ELECTOR_NUMBER = re.compile(
    r"^\s*(?P<code>[A-Za-z]{1,4}\d{0,3}[A-Za-z]?)\s*[-\s]\s*(?P<number>\d{1,7})"
    r"(?:\s*/\s*(?P<suffix>\d{1,3}))?\s*$"
)
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b")
_DATE_IN_TEXT = re.compile(
    r"\b(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))\b"
)
_STREET_WORDS = frozenset(
    [
        "road",
        "street",
        "avenue",
        "lane",
        "close",
        "drive",
        "way",
        "crescent",
        "grove",
        "place",
        "court",
        "gardens",
        "terrace",
        "square",
        "hill",
        "view",
        "walk",
        "rise",
        "mews",
        "row",
        "park",
        "green",
        "parade",
        "flat",
        "house",
        "cottage",
        "farm",
    ]
)


@dataclass(frozen=True)
class ElectorNumber:
    district_code: str
    number: int
    suffix: int | None


@dataclass
class ParsedQuery:
    """What an officer typed, split into the parts search understands."""

    elector_number: ElectorNumber | None = None
    postcode: str = ""
    date_of_birth: date | None = None
    name_words: list[str] = field(default_factory=list)
    address_words: list[str] = field(default_factory=list)


def parse_elector_number(text: str) -> ElectorNumber | None:
    """ "NA1-123", "NA1 123", "na1-123/1" -> district code, number, suffix (None: any)."""
    match = _ELECTOR_NUMBER.match(text or "")
    if not match:
        return None
    suffix = match["suffix"]
    return ElectorNumber(
        match["code"].upper(), int(match["number"]), int(suffix) if suffix is not None else None
    )


def parse_query(text: str, *, dates: bool = True) -> ParsedQuery:
    """Split free text into an elector number, or a postcode, a date and name or address words."""
    parsed = ParsedQuery()
    text = (text or "").strip()
    number = parse_elector_number(text)
    if number is not None:
        parsed.elector_number = number
        return parsed
    for match in _POSTCODE_IN_TEXT.finditer(text):
        postcode = normalise_postcode(match.group(0))
        if postcode:
            parsed.postcode = postcode
            text = text[: match.start()] + " " + text[match.end() :]
            break
    if dates:
        match = _DATE_IN_TEXT.search(text)
        if match:
            try:
                if match["y"]:
                    found = date(int(match["y"]), int(match["m"]), int(match["d"]))
                else:
                    found = date(int(match["iy"]), int(match["im"]), int(match["id"]))
            except ValueError:
                found = None
            if found:
                parsed.date_of_birth = found
                text = text[: match.start()] + " " + text[match.end() :]
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if not words:
        return parsed
    looks_like_address = words[0][0].isdigit() or any(w.lower() in _STREET_WORDS for w in words[1:])
    if looks_like_address:
        parsed.address_words = words
    else:
        # "Smith, John" means surname first: put it last, as names are usually typed.
        if "," in text:
            before, _, after = text.partition(",")
            words = [w for w in after.split() if w] + [w for w in before.split() if w]
        parsed.name_words = words
    return parsed


def _prefix_range(column: str, prefix: str) -> Q:
    """column starts with prefix, as a range an ordinary B-tree index can serve.

    LIKE 'abc%' cannot use an index on SQLite (case-insensitive LIKE) nor on
    PostgreSQL outside the C collation; a range can. Search keys hold a-z only.
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{column}__gte": prefix, f"{column}__lt": upper})


def _name_readings(words: list[str]) -> list[tuple[str, str]]:
    """Possible (first names, surname) readings of typed words, most likely first."""
    keys = [normalise_name(w) for w in words]
    keys = [k for k in keys if k]
    if not keys:
        return []
    if len(keys) == 1:
        return [("", keys[0])]
    readings = [("".join(keys[:-1]), keys[-1])]
    if len(keys) >= 3:
        readings.append(("".join(keys[:-2]), keys[-2] + keys[-1]))
    readings.append(("".join(keys[1:]), keys[0]))  # "Smith John"
    return readings


def _first_score(typed: str, held: str) -> float:
    if not typed:
        return 100.0
    score = fuzz.ratio(typed, held)
    if held.startswith(typed) or typed.startswith(held):
        score = max(score, 90.0)
    return score


def _surname_score(typed: str, held: str, held_code: str) -> float:
    score = fuzz.ratio(typed, held)
    if held.startswith(typed):
        score = max(score, 95.0 if held == typed else 88.0)
    if held_code and held_code == sounds_like(typed):
        score = max(score, 80.0)
    return score


def name_score(readings: list[tuple[str, str]], first: str, surname: str, code: str) -> float:
    """How well an elector's name keys match what was typed, 0-100 (best reading)."""
    best = 0.0
    for typed_first, typed_surname in readings:
        if not typed_surname:
            best = max(best, _first_score(typed_first, first))
            continue
        score = _surname_score(typed_surname, surname, code)
        if typed_first:
            score = 0.6 * score + 0.4 * _first_score(typed_first, first)
        best = max(best, score)
    return best


_RANK_FIELDS = ("pk", "search_first", "search_surname", "surname_code")


def _base(include_deleted: bool, include_anonymous: bool = True) -> QuerySet[Elector]:
    electors = Elector.objects.order_by()
    if not include_deleted:
        electors = electors.exclude(status=Elector.Status.DELETED)
    if not include_anonymous:
        electors = electors.exclude(ANONYMOUS_ENTRIES)
    return electors


def _name_candidates(base: QuerySet[Elector], readings) -> list[tuple]:
    rows: dict[int, tuple] = {}

    def take(queryset: QuerySet[Elector]) -> None:
        for row in queryset.values_list(*_RANK_FIELDS)[:CANDIDATES]:
            rows.setdefault(row[0], row)

    for typed_first, typed_surname in readings:
        # Exactly as typed first (so a common name is never crowded out), then sounds-like.
        exact = base.filter(_prefix_range("search_surname", typed_surname))
        if typed_first:
            exact = exact.filter(_prefix_range("search_first", typed_first))
        take(exact)
        alike = base.filter(surname_code=sounds_like(typed_surname))
        if typed_first:
            alike = alike.filter(_prefix_range("search_first", typed_first[0]))
        take(alike)
    return list(rows.values())


def _slip_codes(surname: str) -> set[str]:
    """Sounds-like codes of the surname with one letter dropped, added or swapped.

    Soundex forgives vowels and similar consonants but not a missing or extra
    consonant ("Haper" for "Harper"); these codes catch that one slip.
    """
    variants = {surname[:i] + surname[i + 1 :] for i in range(1, len(surname))}
    variants |= {
        surname[:i] + surname[i + 1] + surname[i] + surname[i + 2 :]
        for i in range(1, len(surname) - 1)
    }
    variants |= {
        surname[:i] + letter + surname[i:]
        for i in range(1, len(surname) + 1)
        for letter in "bcdlmr"  # one letter for each Soundex digit
    }
    return {sounds_like(v) for v in variants if v} - {sounds_like(surname)}


def _slip_candidates(base: QuerySet[Elector], readings) -> list[tuple]:
    """Wider net for a name whose sounds-like code was changed by a typing slip."""
    typed_first, typed_surname = readings[0]
    wider = base.filter(surname_code__in=sorted(_slip_codes(typed_surname)))
    if typed_first:
        wider = wider.filter(_prefix_range("search_first", typed_first[0]))
    return list(wider.values_list(*_RANK_FIELDS)[: CANDIDATES * 2])


def _address_property_ids(words: list[str], postcode: str) -> list[int]:
    """Properties whose street starts with the typed street words (and house number if given).

    Uses the index on lower(street) (migration register 0003). Only when that finds
    nothing (a named house, words from the middle of a street) does it fall back to
    a capped substring scan of the first address lines.
    """
    properties = Property.objects.order_by()
    if postcode:
        properties = properties.filter(postcode=postcode)
    # "12 Mill Road", "Flat 2 12 Mill Road": the house number is the last number
    # before the street words; numbers after them belong to the street's name.
    at = next(
        (i for i, w in enumerate(words) if not w[0].isdigit() and i and words[i - 1][0].isdigit()),
        None,
    )
    if at is None:
        house, street = "", " ".join(w for w in words if not w[0].isdigit()).lower()
    else:
        house, street = words[at - 1], " ".join(words[at:]).lower()
    if street:
        upper = street[:-1] + chr(ord(street[-1]) + 1)
        on_street = properties.annotate(street_lower=Lower("street")).filter(
            street_lower__gte=street, street_lower__lt=upper
        )
        if house:
            on_street = on_street.filter(
                Q(address_line_1__istartswith=f"{house} ")
                | Q(address_line_2__istartswith=f"{house} ")
                | Q(address_line_1__iexact=house)
            )
        ids = list(on_street.values_list("pk", flat=True)[:CANDIDATES])
        if ids:
            return ids
    text = " ".join(words)
    anywhere = Q(address_line_1__icontains=text) | Q(address_line_2__icontains=text)
    return list(properties.filter(anywhere).values_list("pk", flat=True)[:CANDIDATES])


def elector_search(
    *,
    query: str = "",
    date_of_birth: date | None = None,
    postcode: str = "",
    elector_number: str = "",
    limit: int = 50,
    include_deleted: bool = False,
    use_date_of_birth: bool = True,
    include_anonymous: bool = True,
) -> list[Elector]:
    """Electors matching what an officer typed, best match first.

    `query` may hold a name ("Jon Smyth" finds John Smith; "Smith, John" works
    too), an elector number ("NA1-123", "NA1-123/1", "NA1 123"), an address
    ("12 Acacia Avenue"), a postcode or a date of birth, alone or together.
    The other arguments narrow the search. Deleted electors are left out unless
    `include_deleted`. `use_date_of_birth=False` ignores dates (for users who
    may not see dates of birth). `include_anonymous=False` leaves anonymous entries out (for
    users who do not handle them: finding one by name or address would reveal it). Each
    result has a `search_score` (0-100).
    """
    parsed = parse_query(query, dates=use_date_of_birth)
    if elector_number:
        parsed.elector_number = parse_elector_number(elector_number) or ElectorNumber("", -1, 0)
    if postcode:
        parsed.postcode = normalise_postcode(postcode) or postcode.strip().upper()
    if date_of_birth and use_date_of_birth:
        parsed.date_of_birth = date_of_birth
    if not use_date_of_birth:
        parsed.date_of_birth = None

    base = _base(include_deleted, include_anonymous)
    if parsed.date_of_birth:
        base = base.filter(date_of_birth=parsed.date_of_birth)
    if parsed.postcode and not parsed.address_words:
        # Properties first (postcode index), then their electors (property index):
        # two small indexed lookups rather than a join the planner might get wrong.
        at_postcode = Property.objects.filter(postcode=parsed.postcode).order_by()
        base = base.filter(property_id__in=list(at_postcode.values_list("pk", flat=True)[:500]))

    readings = _name_readings(parsed.name_words)
    scored: list[tuple[float, int]] = []
    if parsed.elector_number is not None:
        number = parsed.elector_number
        district = PollingDistrict.objects.filter(code__iexact=number.district_code).first()
        if district is None:
            return []
        found = base.filter(polling_district=district, number=number.number)
        if number.suffix is not None:
            found = found.filter(suffix=number.suffix)
        scored = [
            (100.0 if suffix == 0 else 99.0, pk)
            for pk, suffix in found.values_list("pk", "suffix")[:CANDIDATES]
        ]
    elif parsed.address_words:
        ids = _address_property_ids(parsed.address_words, parsed.postcode)
        typed = " ".join(parsed.address_words).lower()
        rows = base.filter(property_id__in=ids).values_list("pk", "property__address_line_1")
        scored = [
            (100.0 if line.lower() == typed else fuzz.ratio(typed, line.lower()), pk)
            for pk, line in rows[:CANDIDATES]
        ]
    elif readings:
        narrow = parsed.date_of_birth or parsed.postcode
        if narrow:
            # A date of birth or postcode already picks out a few dozen electors:
            # rank all of them by name, however badly the name was spelt.
            rows = list(base.values_list(*_RANK_FIELDS)[:CANDIDATES])
            if len(readings) == 1 and not readings[0][0]:
                readings = [*readings, (readings[0][1], "")]  # a first name alone
        else:
            rows = _name_candidates(base, readings)
        scored = _rank(rows, readings)
        if not narrow and (not scored or max(scored)[0] < GOOD_NAME_SCORE):
            seen = {pk for _s, pk in scored}
            wider = [r for r in _slip_candidates(base, readings) if r[0] not in seen]
            scored += _rank(wider, readings)
    elif parsed.date_of_birth or parsed.postcode:
        scored = [(100.0, pk) for pk in base.values_list("pk", flat=True)[:CANDIDATES]]
    else:
        return []

    scored.sort(key=lambda item: -item[0])
    top = scored[:limit] if readings else scored
    electors = {
        e.pk: e
        for e in Elector.objects.filter(pk__in=[pk for _s, pk in top]).select_related(
            "polling_district", "property"
        )
    }
    results = []
    for score, pk in top:
        elector = electors[pk]
        elector.search_score = round(score)
        results.append(elector)

    def in_register_order(e: Elector) -> tuple:
        return (e.polling_district.code, e.number, e.suffix)

    if readings:
        results.sort(
            key=lambda e: (
                (-e.search_score, e.surname.lower(), e.first_names.lower()) + in_register_order(e)
            )
        )
    else:
        results.sort(key=lambda e: (-e.search_score, *in_register_order(e)))
    return results[:limit]


def _rank(rows: list[tuple], readings) -> list[tuple[float, int]]:
    scored = []
    for pk, first, surname, code in rows:
        score = name_score(readings, first, surname, code)
        if score >= MIN_NAME_SCORE:
            scored.append((score, pk))
    return scored


def elector_get(elector_id: int) -> Elector:
    """One elector with its district and property. Raises Elector.DoesNotExist."""
    return Elector.objects.select_related(
        "polling_district", "polling_district__ward", "property"
    ).get(pk=elector_id)


def household(elector: Elector, *, include_deleted: bool = False) -> list[Elector]:
    """The other electors registered at the same property, in register order.

    Anonymous entries are never listed: a household list is shown to whoever opens a neighbour's
    entry, and would put the anonymous elector at this address (RPA 1983 s9B).
    """
    if elector.property_id is None:
        return []
    others = (
        _base(include_deleted, include_anonymous=False)
        .filter(property_id=elector.property_id)
        .exclude(pk=elector.pk)
        .select_related("polling_district")
        .order_by("polling_district__code", "number", "suffix")
    )
    return list(others)


@dataclass
class ElectorHistory:
    alterations: list[Alteration]
    events: list[AuditEvent]


def elector_history(elector: Elector) -> ElectorHistory:
    """The elector's alterations (oldest first) and audit events (newest first)."""
    alterations = list(
        Alteration.objects.filter(elector=elector)
        .select_related("notice")
        .order_by("effective_date", "id")
    )
    events = list(object_history("elector", elector.pk).order_by("-at", "-id")[:200])
    return ElectorHistory(alterations=alterations, events=events)


def marker_meanings(markers: str) -> list[tuple[str, str]]:
    """Each marker letter with what it means (see rules/markers.py for the law)."""
    return [
        (letter, MARKERS[letter].meaning if letter in MARKERS else "Not a known marker")
        for letter in (markers or "").upper()
        if letter.strip()
    ]


def elector_last_change(elector: Elector) -> AuditEvent | None:
    """The newest audit event about this elector (who changed it last, and when).

    A "viewed" event (an anonymous entry opened) is not a change, so it is passed over.
    """
    events = object_history("elector", elector.pk).exclude(action=privacy.VIEWED)
    return events.order_by("-at", "-id").first()
