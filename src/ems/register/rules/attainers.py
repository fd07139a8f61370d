"""Voting age, dates of attainment and attainers.

- UK Parliamentary elections: voting age 18 everywhere (RPA 1983 s1(1)(d)).
- Local government elections in England and Northern Ireland: 18
  (RPA 1983 s2(1)(d)).
- Scotland: 16 for local government and Scottish Parliament elections
  (RPA 1983 s2(1)(d) and (1A), inserted by the Scottish Elections (Reduction
  of Voting Age) Act 2015 s1); 14 and 15 year olds may register on the local
  government register.
- Wales: 16 for local government and Senedd elections (RPA 1983 s2 as amended
  by the Senedd and Elections (Wales) Act 2020 and the Local Government and
  Elections (Wales) Act 2021); registration from 14 likewise.
- Attainers: a person may be registered before reaching voting age if they
  will reach it before the end of the 12 months beginning with the 1 December
  next following the date of application (RPA 1983 s4(5)); the register shows
  their date of attainment (EC guidance on the format of the
  register: "a date will be given after these electors' names").

A person attains an age at the start of the anniversary of their birth
(Family Law Reform Act 1969 s9). Someone born on 29 February attains it on
1 March in a year that is not a leap year: the law does not say; this EMS
follows the common practice of taking the day after 28 February.

Nation names match ems.core.models.Country values. Plain Python: no Django.
"""

from datetime import date

ENGLAND = "england"
WALES = "wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"

PARLIAMENTARY_VOTING_AGE = 18
_LOCAL_VOTING_AGE = {ENGLAND: 18, NORTHERN_IRELAND: 18, SCOTLAND: 16, WALES: 16}
_LOCAL_REGISTRATION_AGE = {SCOTLAND: 14, WALES: 14}


def _check_nation(nation: str) -> None:
    if nation not in _LOCAL_VOTING_AGE:
        raise ValueError(f"unknown nation {nation!r}")


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person born on date_of_birth attains `age` (29 Feb -> 1 Mar)."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:  # 29 February in a year that is not a leap year
        return date(year, 3, 1)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years of age on a date."""
    years = on.year - date_of_birth.year
    return years if birthday(date_of_birth, years) <= on else years - 1


def voting_age(nation: str) -> int:
    """The lowest voting age on the local government register of a nation."""
    _check_nation(nation)
    return _LOCAL_VOTING_AGE[nation]


def date_of_attainment(date_of_birth: date, nation: str) -> date:
    """The first day the person may vote at some election on this register.

    18th birthday in England and Northern Ireland; 16th birthday in Scotland and
    Wales (local and devolved elections; UK Parliamentary elections stay at 18,
    see `parliamentary_attainment`).
    """
    return birthday(date_of_birth, voting_age(nation))


def parliamentary_attainment(date_of_birth: date) -> date:
    """18th birthday: the first day of voting at UK Parliamentary elections (RPA 1983 s1)."""
    return birthday(date_of_birth, PARLIAMENTARY_VOTING_AGE)


def attainer_period_end(on: date) -> date:
    """Last day of the 12 months beginning with the 1 December next following `on`.

    RPA 1983 s4(5). "Next following" 1 December: for a date in December the
    period starts on 1 December of the following year.
    """
    start_year = on.year if on.month < 12 else on.year + 1
    return date(start_year + 1, 11, 30)


def may_register(date_of_birth: date, nation: str, on: date) -> bool:
    """Old enough on `on` to be entered in the register (as an elector or an attainer).

    England and Northern Ireland: reaches 18 by the end of the attainer period
    (RPA 1983 s4(5)). Scotland and Wales: aged 14 or over (local government
    register).
    """
    _check_nation(nation)
    if nation in _LOCAL_REGISTRATION_AGE:
        return age_on(date_of_birth, on) >= _LOCAL_REGISTRATION_AGE[nation]
    return date_of_attainment(date_of_birth, nation) <= attainer_period_end(on)


def is_attainer(date_of_birth: date, nation: str, on: date) -> bool:
    """May be registered on `on` but has not yet reached voting age then."""
    return (
        may_register(date_of_birth, nation, on) and date_of_attainment(date_of_birth, nation) > on
    )


def is_young_elector(date_of_birth: date | None, nation: str, on: date) -> bool:
    """Under 16 on `on` in Scotland or Wales: the entry must not be published."""
    _check_nation(nation)
    if date_of_birth is None or nation not in _LOCAL_REGISTRATION_AGE:
        return False
    return age_on(date_of_birth, on) < 16
