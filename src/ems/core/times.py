"""UK local time (Europe/London) for everything a person reads or types.

Moments are stored in UTC. Django's own template engine converts them to the
current time zone when it prints them; Jinja does not, and strftime on an aware
UTC datetime prints UTC, an hour early all summer. So pages, letters, PDFs and
exports format moments through these helpers, and forms read typed times as UK
local time through `at_uk`.

House format: "15 June 2026, 16:01" (24-hour clock, as times are typed in).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

DATE_FORMAT = "%-d %B %Y"
TIME_FORMAT = "%H:%M"


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in UK local time; a naive datetime is taken to be UK local already."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return timezone.localtime(moment)


def at_uk(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment when UK clocks show `time` on `day` (e.g. 5pm on a deadline day).

    In the hour repeated in October the earlier (BST) moment is taken; a time in
    the hour skipped in March is read as if the clocks had not yet gone forward.
    """
    return timezone.make_aware(dt.datetime.combine(day, time))


def local_date(value: dt.date | None) -> dt.date | None:
    """The UK calendar day of a moment (a plain date is returned as it is)."""
    if isinstance(value, dt.datetime):
        return local(value).date()
    return value


def datetime_uk(value: dt.datetime | None, weekday: bool = False) -> str:
    """'15 June 2026, 16:01' (or 'Monday 15 June 2026, 16:01'); '' for no value."""
    if value is None:
        return ""
    moment = local(value)
    day = moment.strftime(("%A " if weekday else "") + DATE_FORMAT)
    return f"{day}, {moment.strftime(TIME_FORMAT)}"


def date_uk(value: dt.date | None, weekday: bool = False) -> str:
    """'15 June 2026' (or 'Monday 15 June 2026'): a moment's UK day, or a plain date."""
    day = local_date(value)
    if day is None:
        return ""
    return day.strftime(("%A " if weekday else "") + DATE_FORMAT)


def time_uk(value: dt.datetime | dt.time | None) -> str:
    """'16:01': a moment's UK clock time, or a plain time of day."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local(value)
    return value.strftime(TIME_FORMAT)


def iso_uk(value: dt.datetime | None) -> str:
    """ISO 8601 in UK local time with its offset ('2026-06-15T16:01:00+01:00'), for exports."""
    return local(value).isoformat() if value is not None else ""


_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def readable(value: object) -> object:
    """An ISO moment with an offset (as audit records hold them) in the house format; else as is."""
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        return datetime_uk(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    if isinstance(value, dt.datetime):
        return datetime_uk(value)
    return value
