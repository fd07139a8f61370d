"""How long absent vote arrangements last, and when signatures must be refreshed.

- Postal votes (as elector or as proxy) granted on or after 31 October 2023 last at most
  until the third 31 January after the day the application is granted (RPA 2000 Sch 4
  para 3(1) and 7(4) as amended by the Elections Act 2022 s3 and Sch 3; Electoral
  Commission guidance "Process for informing postal voters of the requirement to
  re-apply": granted 1 February 2024 or 1 April 2024 -> ends 31 January 2027). A 31
  January falling on the day of the grant does not count: it must be "after" the grant.
  A definite period asked for that runs beyond this is granted to the maximum instead.
  Overseas electors' postal votes follow their registration (third 1 November after
  addition, RPA 1985 s1 as amended by Elections Act 2022 Sch 6) and are not capped here.
- Postal votes granted before 31 October 2023 for an indefinite period ended on the third
  31 January after that day, or sooner on the signature refresh date (Elections Act 2022
  Sch 3 para 4): at the latest 31 January 2026.
- Signatures held in the personal identifiers record more than five years old must be
  refreshed: by 31 January each year the registration officer sends a notice requiring a
  fresh signature, giving a date six weeks from sending on which the absent vote ends if
  none is given; a copy is sent after three weeks without reply; the entry is removed
  from that date if the voter fails or refuses (RPR 2001 reg 60A; RPR (Scotland) 2001
  reg 60A). The same notice covers proxy voters' signatures.

Plain Python.
"""

from __future__ import annotations

import datetime as dt

COMMENCEMENT = dt.date(2023, 10, 31)
TRANSITION_END = dt.date(2026, 1, 31)
SIGNATURE_YEARS = 5
REFRESH_REPLY_DAYS = 42  # six weeks
REFRESH_REMINDER_DAYS = 21  # three weeks


def third_31_january_after(day: dt.date) -> dt.date:
    """The third 31 January strictly after `day`."""
    first = dt.date(day.year, 1, 31)
    if first <= day:
        first = dt.date(day.year + 1, 1, 31)
    return dt.date(first.year + 2, 1, 31)


def postal_vote_end(granted_on: dt.date, requested_end: dt.date | None = None) -> dt.date:
    """The last day of a postal vote granted on `granted_on` (RPA 2000 Sch 4 para 3 as amended).

    `requested_end` is the end of a definite period asked for (None: as long as allowed).
    """
    cap = TRANSITION_END if granted_on < COMMENCEMENT else third_31_january_after(granted_on)
    if requested_end is None or requested_end > cap:
        return cap
    return requested_end


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def signature_refresh_due(signature_on: dt.date, year: int) -> bool:
    """Whether a signature given on `signature_on` is more than five years old on 31 January
    of `year`, so a reg 60A notice must be sent by that day."""
    return add_years(signature_on, SIGNATURE_YEARS) < dt.date(year, 1, 31)


def signature_refresh_date(signature_on: dt.date) -> dt.date:
    """The 31 January by which the first reg 60A notice must be sent for this signature."""
    year = signature_on.year + SIGNATURE_YEARS
    while not signature_refresh_due(signature_on, year):
        year += 1
    return dt.date(year, 1, 31)


def refresh_ceases_on(sent_on: dt.date) -> dt.date:
    """The date in a reg 60A notice: six weeks from sending."""
    return sent_on + dt.timedelta(days=REFRESH_REPLY_DAYS)


def refresh_reminder_due(sent_on: dt.date, today: dt.date) -> bool:
    """A copy of the notice is due once three weeks have passed without a reply."""
    return today >= sent_on + dt.timedelta(days=REFRESH_REMINDER_DAYS)


def ends_within(end: dt.date | None, today: dt.date, months: int) -> bool:
    """Whether an arrangement ending on `end` ends in the next `months` months."""
    if end is None:
        return False
    year, month = divmod(today.month - 1 + months, 12)
    horizon_month = month + 1
    horizon_year = today.year + year
    day = min(today.day, 28)
    horizon = dt.date(horizon_year, horizon_month, day)
    return today <= end <= horizon
