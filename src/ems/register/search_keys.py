"""Search keys kept on each elector so name search is fast and tolerant of spelling.

`name_keys` is called by every service that writes a name. Plain Python.
"""

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^a-z]")

# Soundex digit for each consonant group; vowels, h, w and y carry no digit.
_SOUNDEX = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}


def normalise_name(value: str) -> str:
    """Lower case, accents removed, letters only: "O'Brien-Smith" -> "obriensmith"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_LETTERS.sub("", ascii_only)


def sounds_like(value: str) -> str:
    """American Soundex of a name: "Smith" and "Smyth" both give "S530"."""
    letters = normalise_name(value)
    if not letters:
        return ""
    code = letters[0].upper()
    previous = _SOUNDEX.get(letters[0], "")
    for letter in letters[1:]:
        digit = _SOUNDEX.get(letter, "")
        if digit and digit != previous:
            code += digit
        if letter not in "hw":
            previous = digit
    return (code + "000")[:4]


def name_keys(first_names: str, surname: str) -> dict[str, str]:
    """The values of Elector.search_first, search_surname and surname_code."""
    return {
        "search_first": normalise_name(first_names),
        "search_surname": normalise_name(surname),
        "surname_code": sounds_like(surname),
    }
