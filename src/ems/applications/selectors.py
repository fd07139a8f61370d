"""Reads for applications: work queues, one application, batches, deadlines."""

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ems.core.selectors import council_get

from . import matching
from .letters import PollLine, forthcoming_polls
from .models import Application, Batch
from .rules import timing

OVERDUE_DAYS = 28  # the council's own standard for deciding an application


def _nation() -> str:
    council = council_get()
    return council.country if council else "england"


def objection_cutoff(today: date, nation: str) -> date:
    """The latest listing date whose objection period has ended before `today`."""
    day = today
    while timing.objection_period_end(day, nation) >= today:
        day -= timedelta(days=1)
    return day


def queue(name: str, *, today: date | None = None) -> QuerySet[Application]:
    """Open applications in one work queue, oldest first."""
    today = today or timezone.localdate()
    apps = Application.objects.select_related("property", "batch")
    if name == "overdue":
        return apps.filter(outcome="", received_on__lt=today - timedelta(days=OVERDUE_DAYS))
    if name in (timing.ADDRESS, timing.VERIFICATION, timing.EVIDENCE):
        return apps.filter(stage=name)
    ready = apps.filter(stage=timing.READY)
    waiting = Q(objections__outcome="", objections__isnull=False) | Q(
        listed_on__gt=objection_cutoff(today, _nation())
    )
    if name == timing.OBJECTION:
        return ready.filter(waiting).distinct()
    if name == timing.READY:
        return ready.exclude(waiting).distinct()
    if name == "duplicates":
        return apps.filter(outcome="").exclude(duplicate="")
    raise ValueError(name)


QUEUES = [
    timing.ADDRESS,
    timing.VERIFICATION,
    timing.EVIDENCE,
    timing.OBJECTION,
    timing.READY,
    "duplicates",
    "overdue",
]
QUEUE_LABELS = {
    **timing.QUEUE_LABELS,
    "duplicates": "Possible duplicates",
    "overdue": f"Overdue (open more than {OVERDUE_DAYS} days)",
}


def queue_counts(*, today: date | None = None) -> list[tuple[str, str, int]]:
    return [(name, QUEUE_LABELS[name], queue(name, today=today).count()) for name in QUEUES]


def application_get(pk: int) -> Application:
    return Application.objects.select_related(
        "property", "property__polling_district", "batch", "elector", "duplicate_elector"
    ).get(pk=pk)


def statutory_dates(app: Application, *, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    nation = _nation()
    return {
        "listed_on": app.listed_on,
        "objection_period_end": (
            timing.objection_period_end(app.listed_on, nation) if app.listed_on else None
        ),
        "earliest_determination": timing.earliest_determination(
            app.listed_on, nation, app.received_on
        ),
        "polls": forthcoming_polls(app, nation=nation, today=today),
        "queue": timing.queue(
            app.stage,
            listed_on=app.listed_on,
            open_objections=app.objections.filter(outcome="").count(),
            nation=nation,
            today=today,
        ),
    }


def candidates(app: Application) -> list[matching.Candidate]:
    return matching.property_candidates(app.address_lines, app.postcode)


def batches() -> QuerySet[Batch]:
    return Batch.objects.annotate(
        open_count=Count("applications", filter=Q(applications__outcome="")),
        duplicates_closed=Count(
            "applications", filter=Q(applications__outcome__in=["duplicate", "address_change"])
        ),
    )


__all__ = ["PollLine"]
