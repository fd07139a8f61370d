"""The site-visit checklist for a polling place's accessibility.

Returning Officers must, when designating polling places, have regard to their
accessibility for disabled voters (RPA 1983 s18B(4)(b) and s18C; Equality Act 2010
s20 and s29, which replaced the Disability Discrimination Act 1995) and must
provide equipment to help disabled voters (RPA 1983 Sch 1 r29(3A); Elections Act
2022 s8). The items follow the kinds of questions in the Electoral Commission's
polling station accessibility checklist; the wording is this EMS's own. Plain Python.
"""

from __future__ import annotations

YES, NO, NOT_APPLICABLE = "yes", "no", "n/a"
ANSWERS = (YES, NO, NOT_APPLICABLE)

# (key, question, public label when the answer is yes)
CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("parking", "Is there parking, with a space for disabled drivers?", "Disabled parking"),
    ("level_route", "Is the way to the door level or ramped?", "Level or ramped way in"),
    ("entrance_width", "Is the entrance door at least 800 mm wide?", "Wide entrance door"),
    ("step_free", "Is there step-free access to the room used for voting?", "Step-free access"),
    ("lighting", "Is the building and its approach well lit?", "Good lighting"),
    ("signage", "Can clear signs to the entrance be put up?", "Clear signs"),
    ("seating", "Is there somewhere to sit while waiting?", "Seating"),
    ("low_booth", "Is there space for a low-level polling booth?", "Low-level booth"),
    ("hearing_loop", "Is a portable hearing loop available?", "Hearing loop"),
    ("toilet", "Is there an accessible toilet?", "Accessible toilet"),
)  # fmt: skip
KEYS = tuple(key for key, _, _ in CHECKLIST)


def clean_answers(answers: dict[str, str]) -> dict[str, str]:
    """Answers for known items only; unknown values raise ValueError."""
    cleaned = {}
    for key in KEYS:
        value = (answers.get(key) or "").strip().lower()
        if not value:
            continue
        if value not in ANSWERS:
            raise ValueError(f"{key}: answer yes, no or n/a, not {value!r}")
        cleaned[key] = value
    return cleaned


def failed_items(answers: dict[str, str]) -> list[str]:
    """The questions answered no: each needs a mitigation."""
    return [question for key, question, _ in CHECKLIST if answers.get(key) == NO]


def public_features(answers: dict[str, str]) -> list[str]:
    """What the public finder lists as available at the place."""
    return [label for key, _, label in CHECKLIST if answers.get(key) == YES]
