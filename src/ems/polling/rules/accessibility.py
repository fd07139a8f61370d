"""The site-visit checklist for a polling place's accessibility.

Returning Officers must, when designating polling places, have regard to their
accessibility for disabled voters (RPA 1983 s18B(4)(b) and s18C; Equality Act 2010
s20 and s29, which replaced the Disability Discrimination Act 1995) and must
provide equipment to help disabled voters (RPA 1983 Sch 1 r29(3A); Elections Act
2022 s8). Each polling station must display a large copy of the ballot paper inside
it (RPA 1983 Sch 1 r29).

The items cover the themes of the Electoral Commission's polling station
accessibility checklist and its guidance for Returning Officers, "Assistance with
voting for disabled voters" ("Equipment to be provided as a minimum": seating,
magnifiers, a tactile voting device, a polling booth at wheelchair level, staff
badges, good lighting; "Providing equipment at the polling station": the large
sample copy of the ballot paper on display and an enlarged hand-held copy; and the
venue themes: parking, the approach, the entrance, ramps, door widths, lighting,
signage, room inside). `THEMES` maps each of those themes to the items that answer
it; a test keeps every theme covered. The wording is this EMS's own. Plain Python.
"""

from __future__ import annotations

YES, NO, NOT_APPLICABLE = "yes", "no", "n/a"
ANSWERS = (YES, NO, NOT_APPLICABLE)

# (key, question, public label when the answer is yes), grouped by `GROUPS` below.
# Keys are stored in saved assessments: never rename one; add new items instead.
CHECKLIST: tuple[tuple[str, str, str], ...] = (
    # Getting there
    ("parking", "Is there parking, with a space for disabled drivers?", "Disabled parking"),
    ("approach_paths", "Are the paths from the road and car park firm, even and free of "
     "hazards, with dropped kerbs where needed?", "Even paths with dropped kerbs"),
    ("level_route", "Is the way to the door level or ramped?", "Level or ramped way in"),
    ("signage", "Can clear signs to the entrance be put up?", "Clear signs"),
    ("lighting", "Is the building and its approach well lit?", "Good lighting"),
    # The entrance
    ("entrance_width", "Is the entrance door at least 800 mm wide?", "Wide entrance door"),
    ("entrance_level", "Is the threshold level, and can the door be opened easily or held "
     "open?", "Level, easy-to-open entrance"),
    ("ramp", "Where there are steps, is there a ramp (permanent or portable) with "
     "handrails?", "Ramp with handrails"),
    # Inside
    ("step_free", "Is there step-free access to the room used for voting?", "Step-free access"),
    ("internal_doors", "Are inside doors and corridors on the way to the voting room at "
     "least 800 mm wide?", "Wide inside doors and corridors"),
    ("room_space", "Is there room for a wheelchair user to move round the voting room?",
     "Room to move round in a wheelchair"),
    ("seating", "Is there somewhere to sit while waiting?", "Seating"),
    ("toilet", "Is there an accessible toilet?", "Accessible toilet"),
    # Voting
    ("accessible_booth", "Is there room round a polling booth for a wheelchair user to vote "
     "in private?", "Wheelchair-accessible booth"),
    ("low_booth", "Is there space for a low-level polling booth?", "Low-level booth"),
    ("ballot_box_height", "Can the ballot box be placed where a wheelchair user can reach "
     "it?", "Ballot box within reach"),
    ("large_print", "Can the large-print copy of the ballot paper be displayed in a well-lit "
     "place?", "Large-print ballot paper on display"),
    ("handheld_copy", "Will an enlarged hand-held copy of the ballot paper be available?",
     "Enlarged hand-held ballot paper"),
    ("tactile_device", "Will a tactile voting device be provided?", "Tactile voting device"),
    ("magnifiers", "Will magnifiers be provided?", "Magnifiers"),
    ("hearing_loop", "Is a portable hearing loop available?", "Hearing loop"),
)  # fmt: skip
KEYS = tuple(key for key, _, _ in CHECKLIST)

# Headings for the site-visit form: (heading, first key of the group).
GROUPS: tuple[tuple[str, str], ...] = (
    ("Getting there", "parking"),
    ("The entrance", "entrance_width"),
    ("Inside", "step_free"),
    ("Voting", "accessible_booth"),
)

# The Electoral Commission checklist's themes and the items that answer each.
THEMES: dict[str, tuple[str, ...]] = {
    "parking": ("parking",),
    "approach": ("approach_paths", "level_route"),
    "entrance": ("entrance_width", "entrance_level"),
    "ramps": ("ramp", "level_route"),
    "door widths": ("entrance_width", "internal_doors"),
    "lighting": ("lighting",),
    "signage": ("signage",),
    "seating": ("seating",),
    "accessible booth": ("accessible_booth",),
    "low-level polling booth": ("low_booth",),
    "tactile voting device": ("tactile_device",),
    "large print ballot paper display": ("large_print", "handheld_copy"),
    "hearing loop": ("hearing_loop",),
}


def grouped() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The checklist under its headings, in order, for the site-visit form and page."""
    starts = {key: heading for heading, key in GROUPS}
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    for item in CHECKLIST:
        if item[0] in starts or not groups:
            groups.append((starts.get(item[0], ""), []))
        groups[-1][1].append(item)
    return groups


def uncovered_themes() -> list[str]:
    """Themes with no checklist item (should be none)."""
    return [theme for theme, keys in THEMES.items() if not any(k in KEYS for k in keys)]


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


def unanswered_items(answers: dict[str, str]) -> list[str]:
    """The questions not yet checked (an older visit predating newer items, or skipped)."""
    return [question for key, question, _ in CHECKLIST if key not in answers]


def public_features(answers: dict[str, str]) -> list[str]:
    """What the public finder lists as available at the place."""
    return [label for key, _, label in CHECKLIST if answers.get(key) == YES]
