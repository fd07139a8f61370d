"""UK postcodes: validate and normalise ("ex12ab" -> "EX1 2AB").

The format is the one published by the ONS / Royal Mail: an outward code
(area letters, district digit(s) and optional letter) and an inward code
(a digit and two letters). Plain Python, no Django.
"""

import re

# Outward: A9, A99, AA9, AA99, A9A, AA9A. Inward: 9AA (the inward letters
# never include C, I, K, M, O or V).
_POSTCODE = re.compile(
    r"^(?P<outward>[A-Z]{1,2}[0-9][0-9A-Z]?) ?(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})$"
)
# Girobank's historic postcode is the one valid exception to the pattern.
_SPECIAL = {"GIR0AA": "GIR 0AA"}


def normalise_postcode(value: str) -> str | None:
    """Return the postcode in canonical form, or None if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if compact in _SPECIAL:
        return _SPECIAL[compact]
    match = _POSTCODE.match(compact)
    if not match:
        return None
    return f"{match['outward']} {match['inward']}"


def is_postcode(value: str) -> bool:
    return normalise_postcode(value) is not None
