"""National Insurance numbers as an applicant gives them (RPA 1983 s10ZC / RPR 2001 reg 26(1)(f)).

An application must give the applicant's National Insurance number, or say why they cannot
(RPR 2001 reg 26(1)(f) and (3)). HMRC's published format: two prefix letters, six digits and
a suffix letter A, B, C or D. The first letter is never D, F, I, Q, U or V; the second is never
D, F, I, O, Q, U or V; and the prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued (HMRC
National Insurance Manual NIM39110). Plain Python: no Django.
"""

import re

_FORMAT = re.compile(r"^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])$")
NOT_ISSUED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def normalise_nino(value: str) -> str | None:
    """ "qq 12 34 56 c" -> None (QQ is not allowed); "ab123456c" -> "AB123456C"."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = _FORMAT.match(compact)
    if not match or match.group(1) + match.group(2) in NOT_ISSUED_PREFIXES:
        return None
    return compact


def is_nino(value: str) -> bool:
    return normalise_nino(value) is not None


def formatted(nino: str) -> str:
    """AB123456C -> "AB 12 34 56 C" for display."""
    return f"{nino[:2]} {nino[2:4]} {nino[4:6]} {nino[6:8]} {nino[8:]}" if len(nino) == 9 else nino
