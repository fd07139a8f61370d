"""Reads for applications: work queues, one application, batches, deadlines."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ems.core.selectors import council_get
from ems.register.models import Elector

from . import matching
from .letters import PollLine, forthcoming_polls
from .models import Application, Batch, DeletionNotice, Objection, Review
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
    # An open objection, or listed too recently for the objection period to be over. EXISTS
    # rather than a join with DISTINCT: the planner keeps to the (stage, received_on) index.
    objected = Exists(Objection.objects.filter(application=OuterRef("pk"), outcome=""))
    cutoff = objection_cutoff(today, _nation())
    if name == timing.OBJECTION:
        return ready.filter(objected | Q(listed_on__gt=cutoff))
    if name == timing.READY:
        return ready.filter(~objected, Q(listed_on__lte=cutoff) | Q(listed_on=None))
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


def elector_by_number(text: str) -> Elector | None:
    """The entry (not deleted) with an elector number like NA1-12 or NA1-12/1."""
    from ems.register.selectors import parse_elector_number

    parsed = parse_elector_number(text.strip())
    if parsed is None:
        return None
    return (
        Elector.objects.filter(
            polling_district__code=parsed.district_code,
            number=parsed.number,
            suffix=parsed.suffix or 0,
        )
        .exclude(status=Elector.Status.DELETED)
        .select_related("polling_district", "property")
        .first()
    )


def reviews(*, open_only: bool = True) -> QuerySet[Review]:
    found = Review.objects.select_related("elector", "elector__polling_district")
    return found.filter(outcome="") if open_only else found


def deletion_notices(*, open_only: bool = True) -> QuerySet[DeletionNotice]:
    found = DeletionNotice.objects.select_related("elector", "elector__polling_district")
    return found.filter(status="") if open_only else found


# Statistics -------------------------------------------------------------------------------
STAT_COLUMNS = [
    ("channel", Application.Channel.choices),
    ("outcome", Application.Outcome.choices),
    ("verified_by", Application.Verified.choices),
]


@dataclass
class MonthStats:
    month: date
    received: int = 0
    counts: dict = field(default_factory=dict)  # (column, value) -> count
    determined: int = 0
    days_total: int = 0
    days_max: int = 0

    @property
    def mean_days(self) -> float | None:
        return round(self.days_total / self.determined, 1) if self.determined else None

    def get(self, column: str, value: str) -> int:
        return self.counts.get((column, value), 0)


def statistics(*, year: int | None = None) -> list[MonthStats]:
    """Applications received per month: by channel, outcome and verification route, and days
    from receipt to determination (for those determined). A few grouped queries, no rows."""
    apps = Application.objects.all()
    if year:
        apps = apps.filter(received_on__year=year)
    months: dict[date, MonthStats] = {}

    def month(day) -> MonthStats:
        key = date(day.year, day.month, 1)
        return months.setdefault(key, MonthStats(key))

    by_month = apps.annotate(m=TruncMonth("received_on"))
    for column, _choices in STAT_COLUMNS:
        for m, value, n in by_month.values_list("m", column).annotate(n=Count("id")).order_by():
            month(m).counts[(column, value)] = n
    for m, n in by_month.values_list("m").annotate(n=Count("id")).order_by():
        month(m).received = n
    determined = apps.exclude(determined_on=None).values_list("received_on", "determined_on")
    for received, decided in determined.iterator():
        stats = month(received)
        days = (decided - received).days
        stats.determined += 1
        stats.days_total += days
        stats.days_max = max(stats.days_max, days)
    return [months[k] for k in sorted(months)]


def statistics_header() -> list[str]:
    header = ["month", "received"]
    for column, choices in STAT_COLUMNS:
        header += [f"{column}:{value or 'none'}" for value, _label in choices]
    return [*header, "determined", "mean_days_to_determine", "max_days_to_determine"]


def statistics_rows(stats: list[MonthStats]) -> list[list]:
    rows = []
    for m in stats:
        row = [m.month.strftime("%Y-%m"), m.received]
        for column, choices in STAT_COLUMNS:
            row += [m.get(column, value) for value, _label in choices]
        row += [m.determined, "" if m.mean_days is None else m.mean_days, m.days_max]
        rows.append(row)
    return rows


__all__ = ["PollLine"]
