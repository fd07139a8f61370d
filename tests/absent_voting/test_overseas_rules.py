"""Overseas electors' registration period, renewal window and reminders (RPA 1985 s1D;
RPR 2001 reg 23A) at their boundaries."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.absent_voting.rules import overseas

D = dt.date


@pytest.mark.parametrize(
    ("takes_effect", "ends"),
    [
        (D(2024, 3, 1), D(2026, 11, 1)),  # the Electoral Commission's worked example
        (D(2024, 9, 30), D(2026, 11, 1)),
        (D(2024, 10, 31), D(2026, 11, 1)),
        (D(2024, 11, 1), D(2027, 11, 1)),  # a 1 November itself is not "following"
        (D(2025, 1, 16), D(2027, 11, 1)),
    ],
)
def test_registration_ends_on_the_third_1_november(takes_effect, ends):
    assert overseas.registration_ends(takes_effect) == ends


def test_renewal_window_is_the_last_six_months():
    assert overseas.renewal_window(D(2026, 11, 1)) == (D(2026, 5, 2), D(2026, 11, 1))
    assert not overseas.renewal_in_window(D(2026, 5, 1), D(2026, 11, 1))
    assert overseas.renewal_in_window(D(2026, 5, 2), D(2026, 11, 1))
    assert overseas.renewal_in_window(D(2026, 11, 1), D(2026, 11, 1))
    assert not overseas.renewal_in_window(D(2026, 11, 2), D(2026, 11, 1))


def test_renewal_extends_by_three_years():
    assert overseas.renewed_until(D(2026, 11, 1)) == D(2029, 11, 1)


def test_reminder_period_is_1_july_to_1_october():
    ends = D(2026, 11, 1)
    assert not overseas.reminder_due(ends, D(2026, 6, 30))
    assert overseas.reminder_due(ends, D(2026, 7, 1))
    assert overseas.reminder_due(ends, D(2026, 10, 1))
    assert not overseas.reminder_due(ends, D(2026, 10, 2))


@given(st.dates(min_value=D(2024, 1, 16), max_value=D(2090, 12, 31)))
def test_registration_lasts_over_two_and_at_most_three_years(day):
    ends = overseas.registration_ends(day)
    assert ends.month == 11 and ends.day == 1
    assert dt.timedelta(days=2 * 365) < ends - day <= dt.timedelta(days=3 * 366)
