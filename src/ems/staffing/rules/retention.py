"""How long staff records are kept.

UK GDPR Art 5(1)(e) (storage limitation): personal data are kept no longer than needed. Pay
records must be kept for at least 3 years after the end of the tax year they relate to
(Income Tax (PAYE) Regulations 2003 reg 97); councils commonly keep staff pool records for
a fixed number of years after someone last worked at a poll, so the period is a setting
(EMS_STAFF_RETENTION_YEARS, default 6). Applicants never appointed are kept for 2 years from
their application. Plain Python.
"""

from datetime import date

DEFAULT_YEARS = 6
APPLICANT_YEARS = 2


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def dispose_after(
    *, last_appointed_on: date | None, created_on: date, years: int = DEFAULT_YEARS
) -> date:
    """The first day on which the record is due to be anonymised."""
    if last_appointed_on is None:
        return add_years(created_on, APPLICANT_YEARS)
    return add_years(last_appointed_on, years)


def is_due(
    *, last_appointed_on: date | None, created_on: date, today: date, years: int = DEFAULT_YEARS
) -> bool:
    return today >= dispose_after(
        last_appointed_on=last_appointed_on, created_on=created_on, years=years
    )
