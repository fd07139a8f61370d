"""Absent vote and Voter Authority Certificate deadlines for one poll.

The dates come from the statutory timetable (`ems.elections.rules.timetable`), which
counts working days back from polling day without Saturdays, Sundays, Christmas Eve,
Christmas Day, Good Friday and the bank holidays of the nation of the poll:

- New postal vote and postal proxy applications, and changes to or cancellations of
  existing absent vote arrangements: 5pm on the 11th working day before the poll
  (RPR 2001 reg 56(1) and (2), as amended from 31 October 2023 by the Representation of
  the People (Postal and Proxy Voting etc.) (Amendment) Regulations 2023; RPR (Scotland)
  2001 reg 56; in Northern Ireland 14 working days, RPR (NI) 2008 reg 61).
- New proxy applications (not postal proxy, not emergency proxy): 5pm on the 6th working
  day before the poll (RPR 2001 reg 56(2)).
- Emergency proxy applications: 5pm on polling day (RPR 2001 reg 56(3)).
- Voter Authority Certificates: 5pm on the 6th working day before the poll (RPA 1983
  s13BD; Voter Identification Regulations 2022), only where voter ID applies.

An application is in time if it is received at or before 5pm on the deadline day
(received at 17:00:00 is in time; 17:00:01 is late).

Plain Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ems.elections.rules import timetable

POSTAL = "postal"
PROXY = "proxy"
POSTAL_PROXY = "postal_proxy"
EMERGENCY_PROXY = "emergency_proxy"
VAC = "vac"
CHANGE = "change"  # a change to or cancellation of an existing arrangement

# Which timetable event is the deadline for each kind of application.
EVENT_FOR_KIND = {
    POSTAL: "postal_vote_deadline",
    POSTAL_PROXY: "postal_vote_deadline",
    CHANGE: "postal_vote_deadline",
    PROXY: "proxy_deadline",
    EMERGENCY_PROXY: "emergency_proxy_deadline",
    VAC: "vac_deadline",
}

KIND_LABELS = {
    POSTAL: "postal vote",
    POSTAL_PROXY: "postal proxy",
    CHANGE: "change to an absent vote",
    PROXY: "proxy vote",
    EMERGENCY_PROXY: "emergency proxy",
    VAC: "Voter Authority Certificate",
}


@dataclass(frozen=True)
class Deadline:
    kind: str
    at: dt.datetime  # naive local (UK) date and time
    citation: str

    @property
    def text(self) -> str:
        return f"5pm on {self.at:%A %-d %B %Y}"


def deadlines_for_poll(
    election_type: str, poll_date: dt.date, nation: str | None
) -> dict[str, Deadline]:
    """{kind: Deadline} for one poll. There is no VAC deadline where voter ID does not apply."""
    events = {e.key: e for e in timetable.statutory_timetable(election_type, poll_date, nation)}
    result = {}
    for kind, key in EVENT_FOR_KIND.items():
        event = events.get(key)
        if event is None:
            continue
        result[kind] = Deadline(
            kind, dt.datetime.combine(event.date, event.time or timetable.FIVE_PM), event.citation
        )
    return result


def in_time(received_at: dt.datetime, deadline: Deadline) -> bool:
    """Received at or before the deadline (both naive UK local times)."""
    return received_at <= deadline.at


def lateness_message(kind: str, deadline: Deadline, poll_title: str) -> str:
    return (
        f"The application arrived after the deadline for a {KIND_LABELS[kind]} at the "
        f"{poll_title} ({deadline.text}; {deadline.citation})."
    )
