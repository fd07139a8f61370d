"""Matching an application's address to a property in the gazetteer (UPRN).

Candidates come from the application's postcode; if the postcode finds none (new build,
typo), from properties whose street contains the address's street words. Each candidate is
scored 0-100 with rapidfuzz's token sort ratio on the tidied address, and a candidate
whose house number or name differs from the application's loses 30 points, so "12 Acacia
Avenue" ranks 12 above 21 and 112. The officer confirms one, or adds a new address.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from ems.core.postcodes import normalise_postcode
from ems.gazetteer.models import Property

MAX_CANDIDATES = 5
STREET_LIMIT = 500
_NUMBER = re.compile(r"\b\d+[a-z]?\b")
_WORD = re.compile(r"[a-z]{3,}")
_STOP = {"road", "street", "avenue", "lane", "close", "flat", "the", "way", "drive", "court"}


@dataclass(frozen=True)
class Candidate:
    property: Property
    score: int


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text.lower()))


def score(application_address: str, property_address: str) -> int:
    a = utils.default_process(application_address)
    b = utils.default_process(property_address)
    value = fuzz.token_sort_ratio(a, b)
    if _numbers(a) != _numbers(b):
        value -= 30
    return max(0, round(value))


def _address_of(prop: Property) -> str:
    return " ".join(prop.address_lines)


def property_candidates(address_lines: str, postcode: str, *, limit: int = MAX_CANDIDATES):
    """Ranked candidate properties (best first) for an address and postcode."""
    text = " ".join(address_lines.split())
    live = Property.objects.filter(status=Property.Status.LIVE).select_related("polling_district")
    pool: list[Property] = []
    code = normalise_postcode(postcode or "")
    if code:
        pool = list(live.filter(postcode=code)[:STREET_LIMIT])
    if not pool:
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
        if words:
            street = max(words, key=len)
            pool = list(live.filter(street__icontains=street)[:STREET_LIMIT])
    ranked = sorted(
        (Candidate(prop, score(text, _address_of(prop))) for prop in pool),
        key=lambda c: (-c.score, c.property.sort_key, c.property.uprn),
    )
    return ranked[:limit]
