from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.register.rules import attainers as a


def test_date_of_attainment_is_18th_birthday_in_england_and_ni():
    assert a.date_of_attainment(date(2008, 5, 17), a.ENGLAND) == date(2026, 5, 17)
    assert a.date_of_attainment(date(2008, 5, 17), a.NORTHERN_IRELAND) == date(2026, 5, 17)


def test_date_of_attainment_is_16th_birthday_in_scotland_and_wales():
    assert a.date_of_attainment(date(2010, 5, 17), a.SCOTLAND) == date(2026, 5, 17)
    assert a.date_of_attainment(date(2010, 5, 17), a.WALES) == date(2026, 5, 17)
    assert a.parliamentary_attainment(date(2010, 5, 17)) == date(2028, 5, 17)


def test_leap_day_birthday_attains_on_1_march():
    assert a.date_of_attainment(date(2008, 2, 29), a.ENGLAND) == date(2026, 3, 1)
    assert a.date_of_attainment(date(2008, 2, 29), a.WALES) == date(2024, 2, 29)
    assert a.age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert a.age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_age_on_the_day_before_and_on_the_birthday():
    assert a.age_on(date(2000, 6, 1), date(2018, 5, 31)) == 17
    assert a.age_on(date(2000, 6, 1), date(2018, 6, 1)) == 18


def test_attainer_period_is_12_months_from_next_1_december():
    assert a.attainer_period_end(date(2025, 6, 1)) == date(2026, 11, 30)
    assert a.attainer_period_end(date(2025, 11, 30)) == date(2026, 11, 30)
    assert a.attainer_period_end(date(2025, 12, 1)) == date(2027, 11, 30)


def test_england_attainer_boundary():
    on = date(2025, 6, 1)
    # Reaches 18 on the last day of the period: may register, is an attainer.
    assert a.is_attainer(date(2008, 11, 30), a.ENGLAND, on)
    # Reaches 18 the day after: too young to register yet.
    assert not a.may_register(date(2008, 12, 1), a.ENGLAND, on)
    # Already 18: an elector, not an attainer.
    assert not a.is_attainer(date(2007, 6, 1), a.ENGLAND, on)
    assert a.may_register(date(2007, 6, 1), a.ENGLAND, on)


def test_scotland_and_wales_register_from_14():
    on = date(2025, 6, 1)
    for nation in (a.SCOTLAND, a.WALES):
        assert a.may_register(date(2011, 6, 1), nation, on)  # 14 today
        assert not a.may_register(date(2011, 6, 2), nation, on)  # 14 tomorrow
        assert a.is_attainer(date(2011, 6, 1), nation, on)
        assert a.is_young_elector(date(2011, 6, 1), nation, on)
        assert not a.is_young_elector(date(2009, 6, 1), nation, on)  # 16 today
        assert not a.is_attainer(date(2009, 6, 1), nation, on)


def test_no_young_electors_in_england():
    assert not a.is_young_elector(date(2011, 6, 1), a.ENGLAND, date(2025, 6, 1))
    assert not a.is_young_elector(None, a.WALES, date(2025, 6, 1))


def test_unknown_nation_is_refused():
    with pytest.raises(ValueError):
        a.voting_age("france")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2080, 1, 1)))
def test_age_reached_exactly_on_date_of_attainment(dob):
    for nation in (a.ENGLAND, a.SCOTLAND):
        day = a.date_of_attainment(dob, nation)
        assert a.age_on(dob, day) == a.voting_age(nation)
        assert a.age_on(dob, date.fromordinal(day.toordinal() - 1)) == a.voting_age(nation) - 1
