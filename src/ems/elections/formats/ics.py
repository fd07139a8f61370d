"""The statutory timetable as an iCalendar file (RFC 5545), one VEVENT per event.

Written by hand: lines end CRLF, long lines are folded at 75 octets, text is escaped.
Timed events are given in UTC (converted from UK time), deadlines as a moment
(no DTEND), date-only events as all-day events. Polling day runs 7am to 10pm.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from ems.elections.rules.timetable import TEN_PM, TimetableEvent

UK = ZoneInfo("Europe/London")
PRODID = "-//EMS//Election timetable//EN"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(date: dt.date, time: dt.time) -> str:
    moment = dt.datetime.combine(date, time, tzinfo=UK).astimezone(dt.UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def timetable_ics(
    *, election_id: str, title: str, events: list[TimetableEvent], stamp: dt.datetime
) -> str:
    """The calendar text. `stamp` is when it was made (DTSTAMP)."""
    dtstamp = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(title)} timetable",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.key}.{election_id}@ems",
            f"DTSTAMP:{dtstamp}",
        ]
        if event.time is None:
            lines.append(f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}")
            lines.append(f"DTEND;VALUE=DATE:{event.date + dt.timedelta(days=1):%Y%m%d}")
        else:
            lines.append(f"DTSTART:{_utc(event.date, event.time)}")
            if event.key == "polling_day":
                lines.append(f"DTEND:{_utc(event.date, TEN_PM)}")
        lines += [
            f"SUMMARY:{_escape(event.label)} – {_escape(title)}",
            f"DESCRIPTION:{_escape(event.citation)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
