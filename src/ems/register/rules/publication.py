"""What each published edition of the register shows, and when notices are due.

Plain Python (no Django) so the statutory logic is tested on its own.

Editions
--------
- The full register: RPA 1983 s9 and s13 (a revised version is published
  following the annual canvass by 1 December, s13(1)); it is in a separate part
  for each polling district with entries in street order and electoral numbers
  (RPR 2001 regs 41-43 and RPA 1983 s9(4)).
- Anonymous entries (RPA 1983 s9B; RPR 2001 reg 41A): the
  full register shows only the electoral number and the letter "N", in a
  separate section at the end of each part, so that neither the name nor the
  place in street order can reveal the address.
- The open (edited) register (RPR 2001 reg 93, opt-out reg 93A): the full register less every
  elector who asked to be left out (the "opt-out") and every anonymous entry.
- Young people in Scotland and Wales (Scottish Elections (Franchise and
  Representation) Act 2020; Senedd and Elections (Wales) Act 2020): the entry of
  an elector under 16 is not published in any edition. rules.markers records
  them with the internal marker Z; the date of birth is checked as well.
- Deleted, pending additions and pending deletions: only entries that are on
  the register on the day of publication are published; a pending addition
  takes effect only with a notice of alteration (RPA 1983 s13A/13B).

Notices of alteration
---------------------
- Monthly notices (RPA 1983 s13A(2)): on the first working day of each month.
  No monthly notice is due in December, when the revised register itself is
  published (s13(1)); notices in the canvass period (Electoral Commission
  guidance "Delivering the annual canvass": the ERO may choose whether to
  publish during the canvass) are discretionary.
- Before an election (RPA 1983 s13AB and s13B; Electoral Commission guidance
  "Election notices of alteration"): the first interim notice on the last day
  for delivery of nomination papers, a second interim notice on a date the ERO
  chooses between the two, and the final notice on the fifth working day before
  the poll. Applications must be made by the twelfth working day before the poll
  to be included in the final notice.
- Working days: not Saturdays, Sundays, Christmas Eve, Christmas Day, Good
  Friday or a bank holiday in the part of the UK concerned (the dies non of the
  election rules, e.g. RPA 1983 Sch 1 r2).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import holidays

from . import markers as markers_rules

FULL = "full"
OPEN = "open"
EDITION_KINDS = (FULL, OPEN)

ANONYMOUS_MARKER = "N"
LIVE = "live"

# Countries as in ems.core.models.Country.
ENGLAND = "england"
WALES = "wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"
YOUNG_PERSON_WITHHELD_COUNTRIES = frozenset({SCOTLAND, WALES})

# The published CSV (see register_publish_csv): one entry a row.
CSV_HEADER = (
    "elector_number",
    "polling_district",
    "elector_no",
    "suffix",
    "markers",
    "date_of_attainment",
    "title",
    "first_names",
    "middle_names",
    "surname",
    "address_1",
    "address_2",
    "address_3",
    "address_4",
    "address_5",
    "postcode",
)


class ElectorRecord(NamedTuple):
    """The fields of one register entry that publication reads, in query order."""

    district_code: str
    number: int
    suffix: int
    markers: str
    title: str
    first_names: str
    middle_names: str
    surname: str
    date_of_birth: datetime.date | None
    date_of_attainment: datetime.date | None
    anonymous: bool
    open_register_opt_out: bool
    status: str
    address_line_1: str | None
    address_line_2: str | None
    address_line_3: str | None
    address_line_4: str | None
    town: str | None
    postcode: str | None
    street: str | None = None


class PublishedEntry(NamedTuple):
    """One line of a published edition, exactly as it is printed."""

    elector_number: str
    polling_district: str
    number: int
    suffix: int
    markers: str
    date_of_attainment: str
    title: str
    first_names: str
    middle_names: str
    surname: str
    address: tuple[str, ...]
    postcode: str
    anonymous: bool

    def csv_row(self) -> tuple:
        lines = (*self.address, "", "", "", "", "")[:5]
        return (
            self.elector_number,
            self.polling_district,
            self.number,
            self.suffix or "",
            self.markers,
            self.date_of_attainment,
            self.title,
            self.first_names,
            self.middle_names,
            self.surname,
            *lines,
            self.postcode,
        )


def elector_number(district_code: str, number: int, suffix: int) -> str:
    """The printed electoral number, e.g. NA1-123 or NA1-123/1 (RPA 1983 s9(4))."""
    text = f"{district_code}-{number}"
    return f"{text}/{suffix}" if suffix else text


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def young_person_withheld(
    country: str, date_of_birth: datetime.date | None, on: datetime.date
) -> bool:
    """True if the entry of a person under 16 must not be published (Scotland and Wales).

    Scottish Elections (Franchise and Representation) Act 2020 and Senedd and
    Elections (Wales) Act 2020: entries of electors under 16 are not published.
    """
    if country not in YOUNG_PERSON_WITHHELD_COUNTRIES or date_of_birth is None:
        return False
    return age_on(date_of_birth, on) < 16


def young_person_birth_cutoff(country: str, on: datetime.date) -> datetime.date | None:
    """People born after this date are under 16 on `on` (None outside Scotland and Wales).

    The same rule as `young_person_withheld`, as a date a database query can use.
    """
    if country not in YOUNG_PERSON_WITHHELD_COUNTRIES:
        return None
    try:
        return on.replace(year=on.year - 16)
    except ValueError:  # 29 February in a year 16 years back that is not a leap year
        return on.replace(year=on.year - 16, day=28)


def withheld_marker_letters() -> tuple[str, ...]:
    """Markers whose entries are never published (rules.markers: the internal Z)."""
    return tuple(
        letter
        for letter in markers_rules.MARKERS
        if markers_rules.publication_treatment(letter) == markers_rules.WITHHELD
    )


# The fast path for CSV: rows straight from the database, already filtered to the
# entries the edition shows (live; not withheld; for the open edition not opted
# out), split into named entries and anonymous entries. Tested to agree with
# `published_entry`.


class NamedRow(NamedTuple):
    """A named (not anonymous) entry as read for the CSV, in query order."""

    district_code: str
    number: int
    suffix: int
    markers: str
    title: str
    first_names: str
    middle_names: str
    surname: str
    attainment_text: str  # YYYY-MM-DD if after the date of publication, else ""
    address_line_1: str | None
    address_line_2: str | None
    address_line_3: str | None
    address_line_4: str | None
    town: str | None
    postcode: str | None


@lru_cache(maxsize=256)
def _printed_markers(markers: str) -> str:
    return published_markers(markers, anonymous=False)


_PAD = ("", "", "", "", "")


def named_csv_row(row: tuple) -> tuple:
    """The CSV row (CSV_HEADER) of a named entry read as a NamedRow-shaped tuple.

    Address lines are closed up (empty lines dropped, town last); None is
    written as an empty cell.
    """
    (code, number, suffix, markers, title, first, middle, surname, attains, a1, a2, a3, a4, town,
     postcode) = row  # fmt: skip
    if a2 or a3 or a4 or not a1:
        lines = tuple(x for x in (a1, a2, a3, a4, town) if x)
        lines += _PAD[len(lines) :]
    elif town:
        lines = (a1, town, "", "", "")
    else:
        lines = (a1, "", "", "", "")
    return (
        f"{code}-{number}/{suffix}" if suffix else f"{code}-{number}",
        code,
        number,
        suffix or "",
        _printed_markers(markers) if markers else "",
        attains,
        title,
        first,
        middle,
        surname,
        *lines,
        postcode,
    )


def anonymous_csv_row(code: str, number: int, suffix: int) -> tuple:
    """The CSV row of an anonymous entry: number and N, nothing else (RPA 1983 s9B)."""
    return (
        elector_number(code, number, suffix),
        code,
        number,
        suffix or "",
        ANONYMOUS_MARKER,
        *([""] * (len(CSV_HEADER) - 5)),
    )


def in_edition(kind: str, record: ElectorRecord, *, country: str, on: datetime.date) -> bool:
    """Whether the entry appears at all in the edition `kind` published on `on`.

    Full (RPA 1983 s13): every live entry, except young people under 16 in
    Scotland and Wales (the marker Z, or the date of birth). Open (RPR 2001
    reg 93 and 93A): as full, less anonymous entries (s9B) and those who opted
    out.
    """
    if kind not in EDITION_KINDS:
        raise ValueError(f"Unknown edition {kind!r}")
    if record.status != LIVE:
        return False
    treatment = markers_rules.publication_treatment(record.markers or "", anonymous=False)
    if treatment == markers_rules.WITHHELD:
        return False
    if young_person_withheld(country, record.date_of_birth, on):
        return False
    if kind == OPEN and is_anonymous(record):
        return False
    return not (kind == OPEN and record.open_register_opt_out)


def is_anonymous(record: ElectorRecord) -> bool:
    """Anonymous by the flag or by the marker N: either is enough to hide the entry."""
    return bool(record.anonymous) or ANONYMOUS_MARKER in (record.markers or "")


def published_markers(markers: str, *, anonymous: bool) -> str:
    """Franchise markers as printed (RPR 2001 reg 42); an anonymous entry shows only "N".

    Internal markers (Z) are never printed (see rules.markers).
    """
    if anonymous:
        return ANONYMOUS_MARKER
    return "".join(
        m for m in markers_rules.printed((markers or "").upper()) if m != ANONYMOUS_MARKER
    )


def published_entry(
    kind: str, record: ElectorRecord, *, country: str, on: datetime.date
) -> PublishedEntry | None:
    """The entry as printed in the edition, or None if it is not published.

    An anonymous entry (RPA 1983 s9B, RPR 2001 reg 41A) keeps only its number and
    the marker N: no name, address or date.
    """
    if not in_edition(kind, record, country=country, on=on):
        return None
    number = elector_number(record.district_code, record.number, record.suffix)
    if is_anonymous(record):
        return PublishedEntry(
            number,
            record.district_code,
            record.number,
            record.suffix,
            ANONYMOUS_MARKER,
            "",
            "",
            "",
            "",
            "",
            (),
            "",
            True,
        )
    attainment = record.date_of_attainment
    address = tuple(
        line
        for line in (
            record.address_line_1,
            record.address_line_2,
            record.address_line_3,
            record.address_line_4,
            record.town,
        )
        if line
    )
    return PublishedEntry(
        number,
        record.district_code,
        record.number,
        record.suffix,
        published_markers(record.markers, anonymous=False),
        attainment.isoformat() if attainment and attainment > on else "",
        record.title or "",
        record.first_names or "",
        record.middle_names or "",
        record.surname or "",
        address,
        record.postcode or "",
        False,
    )


@dataclass(frozen=True)
class RegisterHeadings:
    """The headings printed at the top of each part (RPR 2001 regs 41-42; RPA 1983 s13)."""

    title: str
    council: str
    ero: str
    district_code: str
    district_name: str
    ward: str
    parish: str
    constituency: str
    published_on: datetime.date
    note: str

    def lines(self) -> list[str]:
        lines = [
            self.title,
            self.council,
            f"Electoral Registration Officer: {self.ero}",
            f"Polling district {self.district_code}: {self.district_name}",
            f"Ward: {self.ward}",
        ]
        if self.parish:
            lines.append(f"Parish: {self.parish}")
        if self.constituency:
            lines.append(f"Constituency: {self.constituency}")
        lines.append(f"Published {self.published_on:%-d %B %Y}")
        return lines


def edition_title(kind: str) -> str:
    if kind == FULL:
        return "Register of Electors"
    if kind == OPEN:
        return "Open Register (edited version of the Register of Electors)"
    raise ValueError(f"Unknown edition {kind!r}")


def register_headings(
    *,
    kind: str,
    council: str,
    ero: str,
    district_code: str,
    district_name: str,
    ward: str,
    parish: str = "",
    constituency: str = "",
    published_on: datetime.date,
) -> RegisterHeadings:
    """Headings for one part of the printed register."""
    if kind == FULL:
        note = (
            "Entries marked N are anonymous entries (RPA 1983 s9B): only the electoral "
            "number is shown."
        )
    else:
        note = (
            "The open register (RPR 2001 reg 93) leaves out electors who asked not to be "
            "included and anonymous entries. Anyone may buy it."
        )
    return RegisterHeadings(
        title=edition_title(kind),
        council=council,
        ero=ero,
        district_code=district_code,
        district_name=district_name,
        ward=ward,
        parish=parish,
        constituency=constituency,
        published_on=published_on,
        note=note,
    )


# ---------------------------------------------------------------- working days


@lru_cache(maxsize=64)
def _bank_holidays(country: str, year: int) -> frozenset[datetime.date]:
    subdiv = {ENGLAND: "ENG", WALES: "WLS", SCOTLAND: "SCT", NORTHERN_IRELAND: "NIR"}.get(
        country, "ENG"
    )
    days = set(holidays.country_holidays("GB", subdiv=subdiv, years=year))
    # Dies non of the election rules besides bank holidays.
    days.add(datetime.date(year, 12, 24))
    days.add(datetime.date(year, 12, 25))
    return frozenset(days)


def is_working_day(day: datetime.date, country: str = ENGLAND) -> bool:
    """Not a Saturday, Sunday, Christmas Eve, Christmas Day, Good Friday or bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(country, day.year)


def working_days_before(day: datetime.date, n: int, country: str = ENGLAND) -> datetime.date:
    """The nth working day before `day` (the day itself is not counted)."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    current = day
    counted = 0
    while counted < n:
        current -= datetime.timedelta(days=1)
        if is_working_day(current, country):
            counted += 1
    return current


def first_working_day_on_or_after(day: datetime.date, country: str = ENGLAND) -> datetime.date:
    while not is_working_day(day, country):
        day += datetime.timedelta(days=1)
    return day


# ------------------------------------------------------------- notice schedule

CANVASS_NOTICE_MONTHS = frozenset({8, 9, 10, 11})


@dataclass(frozen=True)
class NoticeDate:
    kind: str  # monthly, interim or final
    date: datetime.date
    required: bool
    description: str


def monthly_notice_dates(year: int, country: str = ENGLAND) -> list[NoticeDate]:
    """Monthly notice dates in a year (RPA 1983 s13A(2)): first working day of the month.

    None in December: the revised register is published by 1 December (s13(1)).
    August to November fall in the canvass period, when the ERO may choose not
    to publish (Electoral Commission, "Delivering the annual canvass").
    """
    dates = []
    for month in range(1, 12):
        day = first_working_day_on_or_after(datetime.date(year, month, 1), country)
        in_canvass = month in CANVASS_NOTICE_MONTHS
        dates.append(
            NoticeDate(
                kind="monthly",
                date=day,
                required=not in_canvass,
                description=(
                    "Monthly notice (optional during the canvass)"
                    if in_canvass
                    else "Monthly notice"
                ),
            )
        )
    return dates


@dataclass(frozen=True)
class ElectionNoticeSchedule:
    """Notice dates for one poll (RPA 1983 s13AB and s13B)."""

    poll_date: datetime.date
    first_interim: datetime.date
    second_interim_earliest: datetime.date
    second_interim_latest: datetime.date
    final: datetime.date
    application_deadline: datetime.date
    determination_deadline: datetime.date

    def notices(self) -> list[NoticeDate]:
        return [
            NoticeDate(
                "interim",
                self.first_interim,
                True,
                "First interim notice (last day for nominations)",
            ),
            NoticeDate(
                "interim",
                self.second_interim_latest,
                True,
                "Second interim notice (a date the ERO chooses; latest shown)",
            ),
            NoticeDate("final", self.final, True, "Final notice (5th working day before poll)"),
        ]


def election_notice_schedule(
    poll_date: datetime.date, *, nominations_close_working_days: int = 19, country: str = ENGLAND
) -> ElectionNoticeSchedule:
    """The interim and final notice dates for a poll.

    - First interim notice: the last day for delivery of nomination papers
      (19 working days before the poll for UK Parliamentary and English local
      elections; pass another number for other polls).
    - Second interim notice: after the first and before the final (ERO's choice).
    - Final notice: the 5th working day before the poll (RPA 1983 s13B(3)).
    - Application deadline: the 12th working day before the poll; the
      determination deadline is the 6th working day before it.
    """
    first = working_days_before(poll_date, nominations_close_working_days, country)
    final = working_days_before(poll_date, 5, country)
    return ElectionNoticeSchedule(
        poll_date=poll_date,
        first_interim=first,
        second_interim_earliest=_next_working_day(first, country),
        second_interim_latest=working_days_before(final, 1, country),
        final=final,
        application_deadline=working_days_before(poll_date, 12, country),
        determination_deadline=working_days_before(poll_date, 6, country),
    )


def _next_working_day(day: datetime.date, country: str) -> datetime.date:
    return first_working_day_on_or_after(day + datetime.timedelta(days=1), country)


# --------------------------------------------------------------- notices


ADDITION = "addition"
DELETION = "deletion"
OPT_OUT = "opt_out"


@dataclass(frozen=True)
class NoticeLine:
    """One line of a notice of alteration as printed."""

    section: str  # "Additions", "Deletions", "Changes"
    elector_number: str
    markers: str
    name: str
    address: str
    change: str


def notice_sections() -> tuple[str, ...]:
    return ("Additions", "Deletions", "Changes")


def notice_line(
    *,
    kind: str,
    kind_label: str,
    elector_number: str,
    anonymous: bool,
    markers: str,
    name: str,
    address: str,
) -> NoticeLine | None:
    """How one alteration appears in a notice (RPA 1983 s13A, s13B).

    Additions show number, markers, name and address; deletions number and name;
    other changes the entry as it now stands. An anonymous elector (s9B) shows
    only the number and "N" (and a deleted one only the number). A change of
    open register choice is not shown: the full register does not record it.
    """
    if kind == OPT_OUT:
        return None
    if kind == ADDITION:
        section = "Additions"
    elif kind == DELETION:
        section = "Deletions"
    else:
        section = "Changes"
    if anonymous:
        return NoticeLine(
            section,
            elector_number,
            "" if kind == DELETION else ANONYMOUS_MARKER,
            "",
            "",
            "" if section != "Changes" else "Entry changed",
        )
    if kind == DELETION:
        return NoticeLine(section, elector_number, "", name, "", "")
    return NoticeLine(
        section,
        elector_number,
        published_markers(markers, anonymous=False),
        name,
        address,
        "" if section != "Changes" else kind_label,
    )


def sort_numbers(numbers: Iterable[str]) -> list[str]:
    """Elector numbers in register order: district, number, suffix."""

    def key(text: str):
        district, _, rest = text.rpartition("-")
        number, _, suffix = rest.partition("/")
        return (district, int(number or 0), int(suffix or 0))

    return sorted(numbers, key=key)
