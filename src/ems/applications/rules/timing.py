"""Statutory dates for an application: listing, objections, hearings, election deadlines.

- List of applications: on receipt the ERO enters the applicant's name, nationality and
  qualifying address in a list open to inspection (RPR 2001 reg 29(2)(a) and (2A));
  applications with an application for an anonymous entry are never listed (reg 29(2)).
  Objections may be made during the five working days after listing; the ERO may allow the
  application without a hearing after that, on the sixth working day after listing (RPR 2001
  reg 29(3) and (4); Electoral Commission guidance for EROs, "When can entitlement to be
  registered be determined?"). `objection_period_end` is the fifth working day after listing.
- Hearings: the hearing of an application or objection must be no earlier than the third
  day and no later than the seventh day after the date of the notice (RPR 2001 reg 30(2)).
- Elections: an application must be made by the 12th working day before the poll to count
  for it, and be determined in time for the final notice of alteration published on the 5th
  working day before the poll, so by the 6th (RPA 1983 s13AB and s13B(3), (3B)-(3D)). Working
  days leave out weekends, Christmas Eve, Christmas Day, Good Friday and bank holidays of the
  nation (RPA 1983 Sch 1 r 2), as counted by ems.register.rules.publication.

Plain Python: no Django.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ems.register.rules.publication import election_notice_schedule, is_working_day

OBJECTION_WORKING_DAYS = 5
HEARING_EARLIEST_DAYS = 3
HEARING_LATEST_DAYS = 7


def working_days_after(day: date, n: int, nation: str) -> date:
    """The nth working day after `day` (the day itself is not counted)."""
    current = day
    counted = 0
    while counted < n:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            counted += 1
    return current


def objection_period_end(listed_on: date, nation: str) -> date:
    """Last day for objections: the fifth working day after the application was listed."""
    return working_days_after(listed_on, OBJECTION_WORKING_DAYS, nation)


def earliest_determination(listed_on: date | None, nation: str, received_on: date) -> date:
    """First day the ERO may allow the application without a hearing (RPR 2001 reg 29).

    An unlisted application (anonymous) may be allowed as soon as it is decided.
    """
    if listed_on is None:
        return received_on
    return working_days_after(listed_on, OBJECTION_WORKING_DAYS + 1, nation)


def hearing_window(notice_date: date) -> tuple[date, date]:
    """Earliest and latest hearing dates for a notice sent on `notice_date` (RPR 2001 reg 30(2))."""
    return (
        notice_date + timedelta(days=HEARING_EARLIEST_DAYS),
        notice_date + timedelta(days=HEARING_LATEST_DAYS),
    )


@dataclass(frozen=True)
class ElectionDates:
    poll_date: date
    application_deadline: date  # 12th working day before the poll
    determination_deadline: date  # 6th working day before: in time for the final notice
    final_notice: date


def election_dates(poll_date: date, nation: str) -> ElectionDates:
    schedule = election_notice_schedule(poll_date, country=nation)
    return ElectionDates(
        poll_date=poll_date,
        application_deadline=schedule.application_deadline,
        determination_deadline=schedule.determination_deadline,
        final_notice=schedule.final,
    )


COUNTS = "counts"
TOO_LATE_APPLIED = "applied after the registration deadline"
TOO_LATE_DETERMINED = "not determined in time for the final notice of alteration"
STILL_POSSIBLE = "counts if determined by the deadline"


def counts_for_election(
    received_on: date, determined_on: date | None, dates: ElectionDates, today: date
) -> str:
    """Whether a (successful) application counts for one poll.

    An application received after the poll's registration deadline never counts for it,
    however soon it is determined (RPA 1983 s13AB and s13B).
    """
    if received_on > dates.application_deadline:
        return TOO_LATE_APPLIED
    if determined_on is not None:
        return COUNTS if determined_on <= dates.determination_deadline else TOO_LATE_DETERMINED
    if today > dates.determination_deadline:
        return TOO_LATE_DETERMINED
    return STILL_POSSIBLE


# Work queues --------------------------------------------------------------------------
ADDRESS = "address"
VERIFICATION = "verification"
EVIDENCE = "evidence"
OBJECTION = "objection"
READY = "ready"
CLOSED = "closed"

QUEUE_LABELS = {
    ADDRESS: "Awaiting address match",
    VERIFICATION: "Awaiting verification",
    EVIDENCE: "Awaiting evidence",
    OBJECTION: "In objection period",
    READY: "Ready to determine",
    CLOSED: "Closed",
}


def stage(
    *,
    closed: bool,
    has_property: bool,
    needs_property: bool,
    verified: bool,
    evidence_requested: bool,
) -> str:
    """The stage an application's facts put it in; OBJECTION/READY split by date in `queue`."""
    if closed:
        return CLOSED
    if needs_property and not has_property:
        return ADDRESS
    if not verified:
        return EVIDENCE if evidence_requested else VERIFICATION
    return READY


def queue(
    stage_value: str,
    *,
    listed_on: date | None,
    open_objections: int,
    nation: str,
    today: date,
) -> str:
    """Ready applications still inside the objection period, or with an objection, wait."""
    if stage_value != READY:
        return stage_value
    if open_objections:
        return OBJECTION
    if listed_on is not None and today <= objection_period_end(listed_on, nation):
        return OBJECTION
    return READY
