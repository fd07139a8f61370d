"""Reads for elections: lists, the statutory timetable of a poll, reminders, the plan."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ems.register.rules.publication import election_notice_schedule

from .models import Election, PlanTask, Risk
from .rules.timetable import TimetableEvent, statutory_timetable

DEFAULT_REMINDER_DAYS = 14


def election_list() -> QuerySet[Election]:
    return Election.objects.select_related("polling_day").annotate(area_count=Count("areas"))


def election_get(pk: int) -> Election:
    return Election.objects.select_related("polling_day").get(pk=pk)


def election_timetable(election: Election) -> list[TimetableEvent]:
    return statutory_timetable(election.election_type, election.poll_date, election.country)


def combined_elections(election: Election) -> QuerySet[Election]:
    """The other polls on the same polling day (they share polling stations)."""
    return Election.objects.filter(polling_day_id=election.polling_day_id).exclude(pk=election.pk)


def plan_tasks(election: Election) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(election=election).select_related("owner")


def tasks_due(
    election: Election, *, today: dt.date, within_days: int = DEFAULT_REMINDER_DAYS
) -> QuerySet[PlanTask]:
    """Reminders: unfinished tasks due by `today + within_days`, overdue ones included."""
    return (
        plan_tasks(election)
        .exclude(status=PlanTask.Status.DONE)
        .filter(due_date__lte=today + dt.timedelta(days=within_days))
    )


def risk_register(election: Election) -> list[Risk]:
    """Risks, highest score (likelihood x impact) first, open before closed."""
    risks = list(Risk.objects.filter(election=election))
    return sorted(risks, key=lambda r: (r.status != Risk.Status.OPEN, -r.score, r.pk))


def reminder_tasks(*, today: dt.date, within_days: int = DEFAULT_REMINDER_DAYS) -> list[PlanTask]:
    """Unfinished tasks of every election that have an owner and are due by
    `today + within_days` (overdue ones included), in owner then due-date order. One query."""
    return list(
        PlanTask.objects.exclude(status=PlanTask.Status.DONE)
        .filter(owner__isnull=False, due_date__lte=today + dt.timedelta(days=within_days))
        .select_related("owner", "election__polling_day")
        .order_by("owner_id", "due_date", "election__polling_day__date", "pk")
    )


@dataclass(frozen=True)
class AlterationNotice:
    label: str
    date: dt.date
    citation: str


def alteration_notices(election: Election) -> list[AlterationNotice]:
    """When the ERO publishes notices of alteration before this poll.

    The first interim notice comes with the close of nominations (RPA 1983 s13AB), the
    final one on the 5th working day before the poll (s13B(3)); a second interim notice
    may come between them, on a day the ERO chooses.
    """
    schedule = election_notice_schedule(election.poll_date, country=election.country)
    events = {event.key: event.date for event in election_timetable(election)}
    first = events.get("close_of_nominations", schedule.first_interim)
    return [
        AlterationNotice("First interim notice of alteration", first, "RPA 1983 s13AB"),
        AlterationNotice(
            "Second interim notice of alteration (optional), from",
            schedule.second_interim_earliest,
            "RPA 1983 s13AB",
        ),
        AlterationNotice("Final notice of alteration", schedule.final, "RPA 1983 s13B(3)"),
    ]
