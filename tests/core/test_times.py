"""UK local time helpers, and the audit and job pages that show times.

Moments are stored in UTC; people read and type UK clock time (GMT in winter, BST in
summer). The clocks go forward at 01:00 UTC on the last Sunday of March and back at
01:00 UTC on the last Sunday of October.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from ems.core import times
from ems.core.audit import audit
from ems.core.models import Job

UTC = dt.UTC


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (dt.datetime(2026, 6, 15, 15, 1, tzinfo=UTC), "15 June 2026, 16:01"),
        (dt.datetime(2026, 12, 15, 15, 1, tzinfo=UTC), "15 December 2026, 15:01"),
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29 March 2026, 00:59"),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29 March 2026, 02:00"),
        (dt.datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "25 October 2026, 01:59"),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "25 October 2026, 01:00"),
        (dt.datetime(2026, 6, 14, 23, 30, tzinfo=UTC), "15 June 2026, 00:30"),
    ],
)
def test_moments_are_written_in_uk_clock_time(utc, shown):
    assert times.datetime_uk(utc) == shown
    assert times.date_uk(utc) == shown.split(", ")[0]
    assert times.time_uk(utc) == shown.split(", ")[1]
    assert times.readable(utc.isoformat()) == shown  # as audit records hold them
    assert dt.datetime.fromisoformat(times.iso_uk(utc)) == utc


def test_plain_dates_times_and_no_value():
    assert times.date_uk(dt.date(2026, 5, 7), weekday=True) == "Thursday 7 May 2026"
    assert times.time_uk(dt.time(17, 0)) == "17:00"
    assert times.datetime_uk(None) == times.date_uk(None) == times.time_uk(None) == ""
    assert times.readable("2026-06-15") == "2026-06-15"  # a date, not a moment: left alone
    assert times.readable(3) == 3


@pytest.mark.parametrize(
    ("day", "clock", "utc"),
    [
        (dt.date(2026, 6, 15), dt.time(17), dt.datetime(2026, 6, 15, 16, tzinfo=UTC)),
        (dt.date(2026, 12, 15), dt.time(17), dt.datetime(2026, 12, 15, 17, tzinfo=UTC)),
        # The day the clocks go forward: 5pm is already BST.
        (dt.date(2026, 3, 29), dt.time(17), dt.datetime(2026, 3, 29, 16, tzinfo=UTC)),
        # The day they go back: 5pm is GMT again; 01:30 happens twice, the first (BST) is taken.
        (dt.date(2026, 10, 25), dt.time(17), dt.datetime(2026, 10, 25, 17, tzinfo=UTC)),
        (dt.date(2026, 10, 25), dt.time(1, 30), dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_a_uk_clock_time_on_a_day_is_the_right_moment(day, clock, utc):
    assert times.at_uk(day, clock).astimezone(UTC) == utc


def test_audit_page_shows_uk_times_and_filters_by_uk_day(officer_client):
    with time_machine.travel(dt.datetime(2026, 6, 14, 23, 30, tzinfo=UTC), tick=False):
        audit(
            acting_user=None, action="candidate.delivered", object_type="candidate",
            object_id=1, after={"delivered_at": "2026-06-14T15:01:00+00:00"},
        )  # fmt: skip
    page = officer_client.get(reverse("core:audit")).content.decode()
    assert "15 June 2026, 00:30" in page  # when it happened
    assert "delivered_at=14 June 2026, 16:01" in page  # the moment recorded in the change
    assert "+00:00" not in page
    on_the_day = officer_client.get(reverse("core:audit"), {"date_from": "2026-06-15"})
    assert "candidate.delivered" in on_the_day.content.decode()
    day_before = officer_client.get(reverse("core:audit"), {"date_to": "2026-06-14"})
    assert "candidate.delivered" not in day_before.content.decode()


@pytest.mark.django_db
def test_job_page_shows_when_it_started_and_finished_in_uk_time(officer_client):
    job = Job.objects.create(
        kind="test", title="Import the register", status=Job.Status.SUCCEEDED,
        started_at=dt.datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
        finished_at=dt.datetime(2026, 10, 25, 1, 2, tzinfo=UTC),
    )  # fmt: skip
    page = officer_client.get(reverse("core:job", args=[job.pk])).content.decode()
    # Across the October clock change: 01:59 BST, then three minutes later 01:02 GMT.
    assert "Started 25 October 2026, 01:59, finished 25 October 2026, 01:02" in page


@pytest.mark.django_db
def test_a_queued_job_says_when_it_was_asked_for_not_that_it_started(officer_client):
    job = Job.objects.create(
        kind="test", title="Publish the full register", status=Job.Status.QUEUED,
        created_at=dt.datetime(2026, 6, 15, 15, 1, tzinfo=UTC),
    )  # fmt: skip
    page = officer_client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Asked for 15 June 2026, 16:01; not started yet" in page
    assert "Started" not in page


def test_no_template_formats_a_stored_moment_with_strftime():
    """strftime on a stored moment prints UTC (an hour early all summer): use the filters."""
    from pathlib import Path

    import ems

    moment = re.compile(r"(\w+_at|\.at|local_start)\)?\.strftime\(|strftime\(\"[^\"]*%H")
    found = [
        f"{path.relative_to(Path(ems.__file__).parent)}:{n}"
        for path in Path(ems.__file__).parent.glob("*/jinja2/**/*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if moment.search(line.replace("event.time.strftime", ""))
    ]
    assert found == []
