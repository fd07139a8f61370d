from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.applications.rules import timing
from ems.applications.rules.nino import is_nino, normalise_nino


@pytest.mark.parametrize("value", ["AB123456C", "ab 12 34 56 c", "JZ000000A", "CE999999D"])
def test_valid_nino(value):
    assert is_nino(value)


@pytest.mark.parametrize(
    "value",
    ["DA123456A", "AD123456A", "AO123456A", "QQ123456C", "GB123456A", "NK123456A",
     "AB123456E", "AB12345C", "AB1234567C", "", "TN123456A", "ZZ123456A"],
)  # fmt: skip
def test_invalid_nino(value):
    assert not is_nino(value)


@given(st.sampled_from("DFIQUV"), st.text("0123456789", min_size=6, max_size=6))
def test_disallowed_first_letters(letter, digits):
    assert normalise_nino(f"{letter}A{digits}A") is None


def test_objection_period_is_five_working_days_after_listing():
    # Listed Monday 2 June 2025: Tue-Mon are the five working days.
    assert timing.objection_period_end(date(2025, 6, 2), "england") == date(2025, 6, 9)
    assert timing.earliest_determination(date(2025, 6, 2), "england", date(2025, 6, 2)) == date(
        2025, 6, 10
    )
    # Over Christmas: 24, 25, 26 December and 1 January are not working days.
    assert timing.objection_period_end(date(2025, 12, 22), "england") == date(2026, 1, 2)


def test_anonymous_applications_are_not_listed():
    assert timing.earliest_determination(None, "england", date(2025, 6, 2)) == date(2025, 6, 2)


def test_hearing_window():
    assert timing.hearing_window(date(2025, 6, 2)) == (date(2025, 6, 5), date(2025, 6, 9))


def test_late_application_never_counts_for_the_poll():
    dates = timing.election_dates(date(2026, 5, 7), "england")
    assert dates.application_deadline == date(2026, 4, 20)
    late = timing.counts_for_election(
        date(2026, 4, 21), date(2026, 4, 22), dates, date(2026, 4, 22)
    )
    assert late == timing.TOO_LATE_APPLIED
    on_time = timing.counts_for_election(
        date(2026, 4, 20), date(2026, 4, 28), dates, date(2026, 4, 28)
    )
    assert on_time == timing.COUNTS
    assert (
        timing.counts_for_election(date(2026, 4, 20), date(2026, 4, 29), dates, date(2026, 4, 29))
        == timing.TOO_LATE_DETERMINED
    )


def test_queue_waits_for_objection_period():
    listed = date(2025, 6, 2)
    kw = {"listed_on": listed, "open_objections": 0, "nation": "england"}
    assert timing.queue(timing.READY, today=date(2025, 6, 9), **kw) == timing.OBJECTION
    assert timing.queue(timing.READY, today=date(2025, 6, 10), **kw) == timing.READY
    kw["open_objections"] = 1
    assert timing.queue(timing.READY, today=date(2025, 7, 1), **kw) == timing.OBJECTION
