"""How long an overseas elector's registration lasts, renewal, and reminders.

From 16 January 2024 (Elections Act 2022 s14 and Sch 6, commenced by SI 2023/1145; the
Representation of the People (Overseas Electors) (Amendment) Regulations 2023) a British
citizen living abroad who was previously registered or previously resident in the UK may
register as an overseas elector, with no 15-year limit (RPA 1985 ss1-2 as amended):

- Duration: a person registered on an overseas elector's declaration stays registered
  until the third 1 November following the date the entry first takes effect (RPA 1985
  s1D(1)(a)): an entry taking effect on 1 March 2024 ends on 1 November 2026. An entry
  taking effect on a 1 November counts the next 1 November as the first ("following").
- Renewal: a renewal declaration received in the 6 months ending with the last day of the
  registration period, where the officer is satisfied the person may remain registered,
  extends the registration to the third 1 November following the day after that last
  day (RPA 1985 s1D(2)-(3); contents s1E; RPR 2001 reg 23B: national insurance number
  and present address, in writing and signed).
- Reminder: the registration officer must send a written reminder to renew between
  1 July and 1 October of the year in which the registration is due to end, unless a
  renewal declaration (or information that the person is no longer entitled) has been
  received (RPR 2001 reg 23A, inserted by SI 2024/43 reg 8).
- The decision on a renewal is notified to the declarant, with reasons if refused (RPR
  2001 reg 23C).
- An overseas elector's postal or proxy vote ends with the registration (Electoral
  Commission guidance, "Absent vote arrangements for overseas electors").

Plain Python.
"""

from __future__ import annotations

import datetime as dt

COMMENCEMENT = dt.date(2024, 1, 16)
YEARS = 3
RENEWAL_WINDOW_MONTHS = 6


def third_1_november_following(day: dt.date) -> dt.date:
    """The third 1 November strictly after `day` (RPA 1985 s1D(1)(a))."""
    first = dt.date(day.year, 11, 1)
    if first <= day:
        first = dt.date(day.year + 1, 11, 1)
    return dt.date(first.year + YEARS - 1, 11, 1)


def registration_ends(takes_effect: dt.date) -> dt.date:
    """The last day of the initial registration period."""
    return third_1_november_following(takes_effect)


def renewal_window(ends_on: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) in which a renewal declaration can be received: the 6 months
    ending with the last day of the registration period (RPA 1985 s1D(2)(a))."""
    month = ends_on.month - RENEWAL_WINDOW_MONTHS
    year = ends_on.year
    if month <= 0:
        month += 12
        year -= 1
    start = dt.date(year, month, min(ends_on.day, 28)) + dt.timedelta(days=1)
    if ends_on.day > 28:  # pragma: no cover - registrations end on 1 November
        start = dt.date(year, month, 28) + dt.timedelta(days=1)
    return start, ends_on


def renewal_in_window(received_on: dt.date, ends_on: dt.date) -> bool:
    start, end = renewal_window(ends_on)
    return start <= received_on <= end


def renewed_until(ends_on: dt.date) -> dt.date:
    """The new last day after a renewal: the third 1 November following the day after the
    last day of the current period (RPA 1985 s1D(3)(a))."""
    return third_1_november_following(ends_on + dt.timedelta(days=1))


def reminder_period(ends_on: dt.date) -> tuple[dt.date, dt.date]:
    """1 July to 1 October of the year the registration ends (RPR 2001 reg 23A(4))."""
    return dt.date(ends_on.year, 7, 1), dt.date(ends_on.year, 10, 1)


def reminder_due(ends_on: dt.date, today: dt.date) -> bool:
    start, end = reminder_period(ends_on)
    return start <= today <= end
