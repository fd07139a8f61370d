"""The statutory election timetable: every event, counted back in working days from polling day.

Plain Python (no Django). Working days and each country's bank holidays come from the
uk-election-timetables package (Democracy Club); this module adds what it lacks: the
time of day of each deadline, notice of poll, withdrawals, the proxy, emergency proxy and
Voter Authority Certificate deadlines, and the UK Parliamentary rule that the statement
of persons nominated is published at 5pm on the last day for nominations when no
objections are made (RPA 1983 Sch 1 rr 1, 14).

Days disregarded in the count: Saturdays, Sundays, Christmas Eve, Christmas Day, Good
Friday and the bank holidays of the country where the poll is held (RPA 1983 Sch 1 r 2;
Local Elections (Principal Areas) (England and Wales) Rules 2006 Sch 2 r 2). Scottish
Parliament and Scottish local government elections also disregard Easter Monday
(Scottish Parliament (Elections etc.) Order 2015 Sch 2 r 2; Scottish Local Government
Elections Order 2011 Sch 1 r 2).

The bank-holiday data shipped with uk-election-timetables runs to the end of 2028; days
appointed for public thanksgiving or mourning are not known in advance and are not counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from uk_election_timetables.calendars import (
    ChristmasEveRule,
    EasterMondayRule,
    ExtendedCalendar,
    UnitedKingdomBankHolidays,
    working_days_after,
    working_days_before,
)
from uk_election_timetables.calendars import Country as LibraryCountry


class ElectionType(StrEnum):
    """Kinds of poll. Values are stored in the database; keep them stable."""

    UK_PARLIAMENT = "parl"
    LOCAL = "local"  # principal councils: county, district, borough, unitary, London borough
    PARISH = "parish"  # parish and town councils (England), community councils (Wales)
    PCC = "pcc"  # Police and Crime Commissioner
    MAYOR = "mayor"  # local authority and combined authority mayors
    SCOTTISH_PARLIAMENT = "sp"
    SENEDD = "senedd"
    REFERENDUM = "ref"
    NI_ASSEMBLY = "nia"


ELECTION_TYPE_LABELS = {
    ElectionType.UK_PARLIAMENT: "UK Parliamentary",
    ElectionType.LOCAL: "Local (principal council)",
    ElectionType.PARISH: "Parish or town council",
    ElectionType.PCC: "Police and Crime Commissioner",
    ElectionType.MAYOR: "Mayoral",
    ElectionType.SCOTTISH_PARLIAMENT: "Scottish Parliament",
    ElectionType.SENEDD: "Senedd",
    ElectionType.REFERENDUM: "Referendum",
    ElectionType.NI_ASSEMBLY: "Northern Ireland Assembly",
}


class Nation(StrEnum):
    """Same values as ems.core.models.Country."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


_LIBRARY_COUNTRY = {
    Nation.ENGLAND: LibraryCountry.ENGLAND,
    Nation.WALES: LibraryCountry.WALES,
    Nation.SCOTLAND: LibraryCountry.SCOTLAND,
    Nation.NORTHERN_IRELAND: LibraryCountry.NORTHERN_IRELAND,
}

# Where a kind of poll can only be held in one nation.
FIXED_NATION = {
    ElectionType.SCOTTISH_PARLIAMENT: Nation.SCOTLAND,
    ElectionType.SENEDD: Nation.WALES,
    ElectionType.NI_ASSEMBLY: Nation.NORTHERN_IRELAND,
}

NOON, FOUR_PM, FIVE_PM = dt.time(12), dt.time(16), dt.time(17)
SEVEN_AM, TEN_PM, MIDNIGHT = dt.time(7), dt.time(22), dt.time(23, 59)


class TimetableError(ValueError):
    """The timetable cannot be worked out for this poll (for example, an unknown type)."""


@dataclass(frozen=True)
class TimetableEvent:
    key: str
    date: dt.date
    time: dt.time | None
    label: str
    citation: str

    def as_dict(self) -> dict:
        return {
            "event": self.key,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "label": self.label,
            "citation": self.citation,
        }


# --- working days ---------------------------------------------------------------------

_BANK_HOLIDAYS = UnitedKingdomBankHolidays()


@cache
def _non_working_days(nation: Nation, year: int, easter_monday: bool) -> frozenset[dt.date]:
    """Bank holidays (plus Christmas Eve, and Easter Monday where the rules say so)."""
    rules = [ChristmasEveRule()]
    if easter_monday:
        rules.append(EasterMondayRule())
    calendar = ExtendedCalendar(
        _BANK_HOLIDAYS.from_country(_LIBRARY_COUNTRY[nation]), rules=rules, years=[year - 1, year]
    )
    days = set()
    for matcher in calendar.exempted_dates():
        if matcher.year is not None and matcher.year in (year - 1, year):
            days.add(dt.date(matcher.year, matcher.month, matcher.day))
    return frozenset(days)


class WorkingDays:
    """Counts working days for one poll in one nation."""

    def __init__(self, poll_date: dt.date, nation: Nation, *, easter_monday: bool = False):
        self.poll_date = poll_date
        self.nation = nation
        rules = [ChristmasEveRule()]
        if easter_monday:
            rules.append(EasterMondayRule())
        self._calendar = ExtendedCalendar(
            _BANK_HOLIDAYS.from_country(_LIBRARY_COUNTRY[nation]),
            rules=rules,
            years=[poll_date.year - 1, poll_date.year],
        )
        self._holidays = _non_working_days(nation, poll_date.year, easter_monday)

    def before_poll(self, days: int) -> dt.date:
        """The `days`th working day before polling day (polling day itself is day 0)."""
        return working_days_before(self.poll_date, days, self._calendar)

    def after(self, date: dt.date, days: int) -> dt.date:
        return working_days_after(date, days, self._calendar)

    def is_working_day(self, date: dt.date) -> bool:
        return date.weekday() < 5 and date not in self._holidays


def is_working_day(date: dt.date, nation: Nation | str, *, easter_monday: bool = False) -> bool:
    """True unless the day is a weekend, Christmas Eve or a bank holiday in that nation."""
    nation = Nation(nation)
    return date.weekday() < 5 and date not in _non_working_days(nation, date.year, easter_monday)


# --- the rules per kind of poll --------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """Working days before the poll of each candidate-related event, with citations."""

    conduct_rules: str  # the instrument whose timetable rule applies
    notice_of_election: int
    notice_of_election_time: dt.time | None
    close_of_nominations: int | None  # None: no candidates (a referendum)
    # Statement of persons nominated: days before poll and time (latest).
    sopn: int | None
    sopn_time: dt.time | None
    # Where no objections are made the statement is published at the close of the time for
    # objections (5pm on the last day for nominations); otherwise by `sopn`/`sopn_time`.
    sopn_at_close_of_objections: bool = False
    # Notice of poll: None means it is part of the statement of persons nominated.
    notice_of_poll: int | None = 6
    easter_monday: bool = False
    notice_label: str = "Publication of notice of election (latest date)"


def _rules(election_type: ElectionType, nation: Nation) -> _Rules:
    t = ElectionType
    if election_type == t.UK_PARLIAMENT:
        return _Rules(
            conduct_rules="RPA 1983 Sch 1",
            notice_of_election=22,
            notice_of_election_time=FOUR_PM,
            close_of_nominations=19,
            sopn=18,
            sopn_time=FOUR_PM,
            sopn_at_close_of_objections=True,
            notice_of_poll=None,
        )
    if election_type == t.SCOTTISH_PARLIAMENT:
        return _Rules(
            conduct_rules="Scottish Parliament (Elections etc.) Order 2015 Sch 2",
            notice_of_election=28,
            notice_of_election_time=None,
            close_of_nominations=23,
            sopn=22,  # not later than 24 hours after the last time for nominations
            sopn_time=FOUR_PM,
            sopn_at_close_of_objections=True,
            notice_of_poll=None,
            easter_monday=True,
        )
    if election_type == t.SENEDD:
        return _Rules(
            conduct_rules="Senedd Cymru (Representation of the People) Order 2007 Sch 5",
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=19,
            sopn=18,
            sopn_time=FOUR_PM,
            notice_of_poll=None,
        )
    if election_type == t.NI_ASSEMBLY:
        return _Rules(
            conduct_rules="Northern Ireland Assembly (Elections) Order 2001 Sch 1",
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=16,
            sopn=15,
            sopn_time=FOUR_PM,
            notice_of_poll=None,
        )
    if election_type == t.REFERENDUM:
        return _Rules(
            conduct_rules=(
                "Local Authorities (Conduct of Referendums) (England) Regulations 2012 Sch 3"
            ),
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=None,
            sopn=None,
            sopn_time=None,
            notice_label="Publication of notice of referendum (latest date)",
        )
    if election_type == t.PCC:
        return _Rules(
            conduct_rules="Police and Crime Commissioner Elections Order 2012 Sch 3",
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=19,
            sopn=18,
            sopn_time=FOUR_PM,
        )
    if election_type == t.MAYOR:
        return _Rules(
            conduct_rules=(
                "Local Authorities (Mayoral Elections) (England and Wales) Regulations 2007 "
                "Sch 1; Combined Authorities (Mayoral Elections) Order 2017 Sch 1"
            ),
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=19,
            sopn=18,
            sopn_time=FOUR_PM,
        )
    # Local principal and parish elections.
    if nation == Nation.SCOTLAND:
        return _Rules(
            conduct_rules="Scottish Local Government Elections Order 2011 Sch 1",
            notice_of_election=28,
            notice_of_election_time=None,
            close_of_nominations=23,
            sopn=22,
            sopn_time=FOUR_PM,
            sopn_at_close_of_objections=True,
            notice_of_poll=None,
            easter_monday=True,
        )
    if nation == Nation.NORTHERN_IRELAND:
        return _Rules(
            conduct_rules="Electoral Law Act (Northern Ireland) 1962 Sch 5",
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=16,
            sopn=15,
            sopn_time=FOUR_PM,
            notice_of_poll=None,
        )
    if election_type == t.PARISH:
        return _Rules(
            conduct_rules=(
                "Local Elections (Parishes and Communities) (England and Wales) Rules 2006 Sch 2"
            ),
            notice_of_election=25,
            notice_of_election_time=None,
            close_of_nominations=19,
            sopn=18,
            sopn_time=FOUR_PM,
        )
    return _Rules(
        conduct_rules="Local Elections (Principal Areas) (England and Wales) Rules 2006 Sch 2",
        notice_of_election=25,
        notice_of_election_time=None,
        close_of_nominations=19,
        sopn=18,
        sopn_time=FOUR_PM,
    )


# Voter ID (Elections Act 2022 Sch 1) began with polls on 4 May 2023 for English local
# polls and on 5 October 2023 for UK Parliamentary polls (Elections Act 2022
# (Commencement No. 5 and Transitional Provision) Regulations 2023).
VOTER_ID_FROM_LOCAL_ENGLAND = dt.date(2023, 5, 4)
VOTER_ID_FROM_PARLIAMENT = dt.date(2023, 10, 5)


def voter_id_applies(
    election_type: ElectionType | str, poll_date: dt.date, nation: Nation | str
) -> bool:
    """Whether electors must show photo ID, so a Voter Authority Certificate can be applied for.

    Elections Act 2022 s1 and Sch 1 (RPA 1983 Sch 1 r 37 as amended): UK Parliamentary
    polls everywhere in Great Britain, and in England local, parish, mayoral, PCC polls
    and local referendums; PCC polls in Wales too (a reserved matter). Not at Scottish
    Parliament, Scottish local, Senedd or Welsh local polls. Northern Ireland has its own
    photo-ID scheme with the Electoral Identity Card (Electoral Fraud (Northern Ireland)
    Act 2002), not a Voter Authority Certificate.
    """
    election_type, nation = ElectionType(election_type), Nation(nation)
    if nation == Nation.NORTHERN_IRELAND:
        return False
    if election_type == ElectionType.UK_PARLIAMENT:
        return poll_date >= VOTER_ID_FROM_PARLIAMENT
    if election_type == ElectionType.PCC and nation in (Nation.ENGLAND, Nation.WALES):
        return poll_date >= VOTER_ID_FROM_LOCAL_ENGLAND
    if nation == Nation.ENGLAND and election_type in (
        ElectionType.LOCAL,
        ElectionType.PARISH,
        ElectionType.MAYOR,
        ElectionType.REFERENDUM,
    ):
        return poll_date >= VOTER_ID_FROM_LOCAL_ENGLAND
    return False


def _absent_vote_regs(nation: Nation) -> str:
    if nation == Nation.SCOTLAND:
        return "Representation of the People (Scotland) Regulations 2001"
    if nation == Nation.NORTHERN_IRELAND:
        return "Representation of the People (Northern Ireland) Regulations 2008"
    return "RPR 2001"


def resolve_nation(election_type: ElectionType | str, nation: Nation | str | None) -> Nation:
    """The nation whose rules apply: fixed by the kind of poll where it can only be one."""
    election_type = ElectionType(election_type)
    fixed = FIXED_NATION.get(election_type)
    if fixed is not None:
        if nation not in (None, "", fixed, fixed.value):
            raise TimetableError(
                f"A {ELECTION_TYPE_LABELS[election_type]} election is held only in "
                f"{fixed.value.replace('-', ' ').title()}."
            )
        return fixed
    return Nation(nation or Nation.ENGLAND)


def statutory_timetable(
    election_type: ElectionType | str, poll_date: dt.date, nation: Nation | str | None = None
) -> list[TimetableEvent]:
    """Every statutory event for a poll, in date order, each with its legal citation.

    Deadlines are the latest permitted: the Returning Officer may publish notices earlier.
    """
    try:
        election_type = ElectionType(election_type)
    except ValueError:
        raise TimetableError(f"Unknown kind of election: {election_type}") from None
    try:
        nation = resolve_nation(election_type, nation)
    except TimetableError:
        raise
    except ValueError:
        raise TimetableError(f"Unknown country: {nation}") from None
    rules = _rules(election_type, nation)
    days = WorkingDays(poll_date, nation, easter_monday=rules.easter_monday)
    # Registration and absent-vote deadlines are counted under RPA 1983 / RPR rules, which
    # never disregard Easter Monday in Scotland.
    register_days = WorkingDays(poll_date, nation)
    timetable_rule = f"{rules.conduct_rules} r 1 (timetable)"
    regs = _absent_vote_regs(nation)
    events: list[TimetableEvent] = []

    def add(key, date, time, label, citation):
        events.append(TimetableEvent(key, date, time, label, citation))

    add(
        "notice_of_election",
        days.before_poll(rules.notice_of_election),
        rules.notice_of_election_time,
        rules.notice_label,
        f"{timetable_rule}; {rules.notice_of_election} working days before the poll",
    )
    if rules.close_of_nominations is not None:
        close = days.before_poll(rules.close_of_nominations)
        add(
            "close_of_nominations",
            close,
            FOUR_PM,
            "Deadline for delivery of nomination papers",
            f"{timetable_rule}; 4pm, {rules.close_of_nominations} working days before the poll",
        )
        add(
            "withdrawal_deadline",
            close,
            FOUR_PM,
            "Deadline for withdrawals of nomination",
            f"{timetable_rule}; within the time for delivery of nomination papers",
        )
        if rules.sopn_at_close_of_objections:
            add(
                "sopn_publication",
                close,
                FIVE_PM,
                "Publication of statement of persons nominated (where no objections are made)",
                f"{timetable_rule}; at the close of the time for objections (5pm on the last "
                "day for nominations) if no objections are made"
                + ("; RPA 1983 Sch 1 r 14" if election_type == ElectionType.UK_PARLIAMENT else ""),
            )
            add(
                "sopn_publication_if_objections",
                days.before_poll(rules.sopn),
                rules.sopn_time,
                "Latest publication of statement of persons nominated where objections are made",
                f"{timetable_rule}; not later than 4pm, {rules.sopn} working days before the poll",
            )
        else:
            add(
                "sopn_publication",
                days.before_poll(rules.sopn),
                rules.sopn_time,
                "Publication of statement of persons nominated (latest)",
                f"{timetable_rule}; not later than 4pm, {rules.sopn} working days before the poll",
            )
    add(
        "registration_deadline",
        register_days.before_poll(12),
        MIDNIGHT,
        "Deadline for applications to register to vote",
        "RPA 1983 s 13B (alteration of registers pending an election); 12 working days "
        "before the poll",
    )
    postal_days = 14 if nation == Nation.NORTHERN_IRELAND else 11
    postal_date = register_days.before_poll(postal_days)
    if election_type == ElectionType.SCOTTISH_PARLIAMENT and poll_date == dt.date(2021, 5, 6):
        postal_days, postal_date = 21, register_days.before_poll(21)
    add(
        "postal_vote_deadline",
        postal_date,
        FIVE_PM,
        "Deadline for new postal vote and postal proxy applications and changes",
        f"{regs} reg {61 if nation == Nation.NORTHERN_IRELAND else 56}(1); 5pm, "
        f"{postal_days} working days before the poll"
        + (" (Scottish General Election (Coronavirus) Act 2021 s 6)" if postal_days == 21 else ""),
    )
    proxy_days = 14 if nation == Nation.NORTHERN_IRELAND else 6
    add(
        "proxy_deadline",
        register_days.before_poll(proxy_days),
        FIVE_PM,
        "Deadline for new proxy vote applications (not postal proxy or emergency proxy)",
        f"{regs} reg {61 if nation == Nation.NORTHERN_IRELAND else 56}(2); 5pm, "
        f"{proxy_days} working days before the poll",
    )
    if voter_id_applies(election_type, poll_date, nation):
        add(
            "vac_deadline",
            register_days.before_poll(6),
            FIVE_PM,
            "Deadline for Voter Authority Certificate applications",
            "RPA 1983 s 13BD; Voter Identification Regulations 2022 (SI 2022/1382); "
            "5pm, 6 working days before the poll",
        )
    if rules.close_of_nominations is not None:
        if rules.notice_of_poll is None:
            add(
                "notice_of_poll",
                close if rules.sopn_at_close_of_objections else days.before_poll(rules.sopn),
                FIVE_PM if rules.sopn_at_close_of_objections else rules.sopn_time,
                "Publication of notice of poll (with the statement of persons nominated)",
                f"{timetable_rule}; the notice of poll is published with the statement of "
                "persons nominated",
            )
        else:
            add(
                "notice_of_poll",
                days.before_poll(rules.notice_of_poll),
                None,
                "Publication of notice of poll (latest date)",
                f"{timetable_rule}; not later than {rules.notice_of_poll} working days before "
                "the poll",
            )
    add(
        "emergency_proxy_deadline",
        poll_date,
        FIVE_PM,
        "Deadline for emergency proxy applications",
        f"{regs} reg {61 if nation == Nation.NORTHERN_IRELAND else 56}(3); 5pm on polling day",
    )
    add(
        "polling_day",
        poll_date,
        SEVEN_AM,
        "Polling day: polls open 7am to 10pm",
        f"{timetable_rule}: polling between 7am and 10pm",
    )
    order = {key: n for n, key in enumerate(EVENT_ORDER)}
    return sorted(
        events, key=lambda e: (e.date, e.time or dt.time(0), order.get(e.key, len(order)))
    )


EVENT_ORDER = [
    "notice_of_election",
    "close_of_nominations",
    "withdrawal_deadline",
    "sopn_publication",
    "sopn_publication_if_objections",
    "notice_of_poll",
    "registration_deadline",
    "postal_vote_deadline",
    "proxy_deadline",
    "vac_deadline",
    "emergency_proxy_deadline",
    "polling_day",
]
