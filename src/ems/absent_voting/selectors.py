"""Reads for absent voting: decisions, renewal lists, proxies, certificates, statistics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ems.core import times
from ems.elections.models import Election
from ems.elections.rules.timetable import voter_id_applies
from ems.register.models import Elector

from .models import (
    AbsentVoteApplication,
    Arrangement,
    Kind,
    Notice,
    Scope,
    VacApplication,
    VoterAuthorityCertificate,
)
from .rules import deadlines, decision, periods, proxy_limits, vac

LIVE_STATUSES = (Elector.Status.LIVE, Elector.Status.PENDING_ADDITION)
PROXY_KINDS = (Kind.PROXY, Kind.POSTAL_PROXY, Kind.EMERGENCY_PROXY)


def local_naive(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def poll_deadlines(election: Election) -> dict[str, deadlines.Deadline]:
    return deadlines.deadlines_for_poll(
        election.election_type, election.poll_date, election.country
    )


def deadline_aware(deadline: deadlines.Deadline) -> dt.datetime:
    return times.at_uk(deadline.at.date(), deadline.at.time())


def proxy_count(
    key: str, *, exclude_elector_id: int | None, today: dt.date
) -> proxy_limits.ProxyCount:
    """How many electors the person with this key already acts for, across the register."""
    rows = (
        Arrangement.objects.filter(
            status=Arrangement.Status.ACTIVE, kind__in=PROXY_KINDS, proxy_key=key
        )
        .exclude(elector_id=exclude_elector_id)
        .exclude(scope=Scope.ELECTION, poll_date__lt=today)
        .values_list("elector_id", "elector_domestic")
        .distinct()
    )
    domestic = {e for e, d in rows if d}
    other = {e for e, d in rows if not d} - domestic
    return proxy_limits.ProxyCount(len(domestic), len(other))


def decision_for(app: AbsentVoteApplication, *, today: dt.date | None = None) -> decision.Decision:
    from .services import proxy_key

    today = today or timezone.localdate()
    elector = app.elector
    late = None
    if app.scope == Scope.ELECTION and app.election_id:
        found = poll_deadlines(app.election).get(app.kind)
        if found and not deadlines.in_time(local_naive(app.received_at), found):
            late = deadlines.lateness_message(app.kind, found, app.election.title)
    limit = None
    has_proxy = bool(app.proxy_name.strip() and (app.proxy_address.strip() or app.proxy_elector_id))
    if app.kind in PROXY_KINDS and has_proxy:
        key = proxy_key(app.proxy_elector_id, app.proxy_name, app.proxy_address)
        count = proxy_count(key, exclude_elector_id=elector.pk, today=today)
        limit = proxy_limits.refusal(
            count, proxy_limits.is_domestic(elector.special_category), app.proxy_name
        )
    facts = decision.Facts(
        kind=app.kind,
        scope=app.scope,
        registered=elector.status in LIVE_STATUSES,
        identity_verified=bool(app.verified_by),
        has_date_of_birth=app.date_of_birth is not None,
        has_signature=bool(app.signature_file),
        signature_waived=app.signature_waived,
        waiver_reason=app.waiver_reason,
        ballot_to_other_address=bool(app.ballot_address.strip()),
        ballot_address_reason=app.ballot_address_reason,
        grounds=app.grounds,
        reason=app.reason,
        attested=bool(app.attested_by.strip()),
        has_proxy=has_proxy,
        proxy_limit_refusal=limit,
        late_message=late,
        has_election=app.election_id is not None,
    )
    return decision.decide(facts)


def vac_problems(app: VacApplication) -> list[str]:
    """Why a certificate cannot be issued yet (empty when it can)."""
    problems = []
    elector = app.elector
    if elector.status not in LIVE_STATUSES:
        problems.append("The applicant is not registered as an elector (RPA 1983 s13BD(1)).")
    if not app.verified_by:
        problems.append("The applicant's identity has not been verified.")
    if not app.photo_file:
        problems.append("There is no photograph.")
    if app.document == VacApplication.Document.AED and not elector.anonymous:
        problems.append("Only an anonymous elector can have an Anonymous Elector's Document.")
    if app.document == VacApplication.Document.VAC and elector.anonymous:
        problems.append(
            "An anonymous elector applies for an Anonymous Elector's Document (RPA 1983 s13BE)."
        )
    if app.election_id:
        election = app.election
        if not voter_id_applies(election.election_type, election.poll_date, election.country):
            problems.append(f"Voter ID does not apply at the {election.title}.")
        else:
            found = poll_deadlines(election).get(deadlines.VAC)
            if found and not deadlines.in_time(local_naive(app.received_at), found):
                problems.append(deadlines.lateness_message(deadlines.VAC, found, election.title))
    return problems


# Queues and records -------------------------------------------------------------------------
def open_applications() -> QuerySet[AbsentVoteApplication]:
    return AbsentVoteApplication.objects.filter(outcome="").select_related("elector", "election")


def open_vac_applications() -> QuerySet[VacApplication]:
    return VacApplication.objects.filter(outcome="").select_related("elector", "election")


def arrangements_for(elector: Elector) -> QuerySet[Arrangement]:
    return Arrangement.objects.filter(elector=elector).order_by("-granted_on", "-id")


# Renewals -----------------------------------------------------------------------------------
def postal_votes_ending(*, months: int, today: dt.date | None = None) -> QuerySet[Arrangement]:
    """Active postal votes (for a period) ending in the next `months` months."""
    today = today or timezone.localdate()
    horizon = today
    for _ in range(months):
        horizon = (horizon.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    horizon = horizon.replace(day=min(today.day, 28)) if months else today
    return (
        Arrangement.objects.filter(
            status=Arrangement.Status.ACTIVE,
            kind__in=(Kind.POSTAL, Kind.POSTAL_PROXY),
            ends_on__gte=today,
            ends_on__lte=horizon,
        )
        .exclude(scope=Scope.ELECTION)
        .exclude(notices__kind=Notice.Kind.REAPPLY, notices__ceases_on__gte=today)
        .select_related("elector__polling_district")
        .order_by("ends_on", "id")
    )


def signatures_due(*, year: int) -> QuerySet[Arrangement]:
    """Active arrangements whose signature is more than five years old on 31 January of
    `year` and has no reg 60A notice outstanding (RPR 2001 reg 60A(1))."""
    cutoff = periods.add_years(dt.date(year, 1, 31), -periods.SIGNATURE_YEARS)
    return (
        Arrangement.objects.filter(
            status=Arrangement.Status.ACTIVE, signature_on__lt=cutoff, signature_waived=False
        )
        .exclude(scope=Scope.ELECTION)
        .exclude(notices__kind=Notice.Kind.SIGNATURE, notices__response="")
        .select_related("elector__polling_district")
        .order_by("signature_on", "id")
    )


def open_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(response="").select_related("arrangement__elector")


# Which arrangements apply at a poll ---------------------------------------------------------
def applying_at(election: Election) -> QuerySet[Arrangement]:
    """Arrangements that apply at this poll: in force on polling day, granted on an
    application received by the deadline for its kind, and not cancelled before the
    deadline for changes (RPR 2001 reg 56). A poll-specific arrangement for this polling
    day takes precedence over a standing one (see `effective_kinds`)."""
    poll_date = election.poll_date
    found = poll_deadlines(election)
    change = deadline_aware(found[deadlines.CHANGE])
    in_time = Q()
    for kind in Kind.values:
        if kind in found:
            in_time |= Q(kind=kind, received_at__lte=deadline_aware(found[kind]))
    still_on = Q(status=Arrangement.Status.ACTIVE) | Q(
        ended_on__gt=timezone.localtime(change).date()
    )
    return Arrangement.objects.filter(
        in_time,
        still_on,
        Q(scope=Scope.ELECTION, poll_date=poll_date)
        | (
            ~Q(scope=Scope.ELECTION)
            & Q(starts_on__lte=poll_date)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=poll_date))
        ),
    )


def effective_kinds(rows: list[tuple[int, str, str, int]]) -> dict[int, int]:
    """{elector id: arrangement id} choosing, per elector, the poll-specific arrangement over
    a standing one, then the latest. Rows are (elector id, scope, kind, arrangement id)."""
    chosen: dict[int, tuple[int, int]] = {}
    for elector_id, scope, _kind, pk in rows:
        rank = (1 if scope == Scope.ELECTION else 0, pk)
        if elector_id not in chosen or rank > chosen[elector_id]:
            chosen[elector_id] = rank
    return {e: r[1] for e, r in chosen.items()}


# Certificates --------------------------------------------------------------------------------
def certificates() -> QuerySet[VoterAuthorityCertificate]:
    return VoterAuthorityCertificate.objects.select_related("elector__polling_district")


def vac_statistics(*, since: dt.date | None = None) -> list[dict[str, Any]]:
    """Applications received and certificates issued per week (Monday) for the
    Electoral Commission's returns, split VAC / AED."""
    received: Counter = Counter()
    issued: Counter = Counter()
    refused: Counter = Counter()
    apps = VacApplication.objects.filter(replaces=None)
    if since:
        apps = apps.filter(received_at__date__gte=since)
    for received_at, document, outcome, decided_on in apps.values_list(
        "received_at", "document", "outcome", "decided_on"
    ).iterator():
        received[(vac.week_start(timezone.localtime(received_at).date()), document)] += 1
        if outcome and decided_on:
            target = issued if outcome == VacApplication.Outcome.ISSUED else refused
            target[(vac.week_start(decided_on), document)] += 1
    weeks = sorted({w for w, _ in received} | {w for w, _ in issued} | {w for w, _ in refused})
    return [
        {
            "week_beginning": w,
            "vac_received": received[(w, "vac")],
            "vac_issued": issued[(w, "vac")],
            "vac_refused": refused[(w, "vac")],
            "aed_received": received[(w, "aed")],
            "aed_issued": issued[(w, "aed")],
        }
        for w in weeks
    ]


# Pages --------------------------------------------------------------------------------------
QUEUES = {
    "awaiting_verification": "Awaiting identity verification",
    "ready_to_decide": "Ready to decide",
    "decided_recently": "Decided in the last 14 days",
}


def queue(name: str, *, today: dt.date | None = None) -> QuerySet[AbsentVoteApplication]:
    """One work queue. Emergency proxies need no identity verification (RPR 2001 reg 56(3))."""
    today = today or timezone.localdate()
    qs = AbsentVoteApplication.objects.select_related("elector__polling_district", "election")
    unverified = Q(verified_by="") & ~Q(kind=Kind.EMERGENCY_PROXY)
    if name == "awaiting_verification":
        return qs.filter(unverified, outcome="")
    if name == "ready_to_decide":
        return qs.filter(outcome="").exclude(unverified)
    if name == "decided_recently":
        return (
            qs.exclude(outcome="")
            .filter(decided_on__gte=today - dt.timedelta(days=14))
            .order_by("-decided_on", "-id")
        )
    raise KeyError(name)


def queue_counts(*, today: dt.date | None = None) -> list[tuple[str, str, int]]:
    return [(name, label, queue(name, today=today).count()) for name, label in QUEUES.items()]


def elector_by_number(parsed: tuple[str, int, int] | None) -> Elector | None:
    """The current register entry with this elector number, or None."""
    if parsed is None:
        return None
    code, number, suffix = parsed
    return (
        Elector.objects.filter(polling_district__code__iexact=code, number=number, suffix=suffix)
        .exclude(status=Elector.Status.DELETED)
        .select_related("polling_district", "property")
        .first()
    )


def letters_for(object_type: str, object_id: int):
    from .models import Letter

    return Letter.objects.filter(object_type=object_type, object_id=object_id).defer("pdf")


def elections_for_lists() -> QuerySet[Election]:
    return Election.objects.select_related("polling_day").order_by("-polling_day__date", "title")


# Overseas electors --------------------------------------------------------------------------
def overseas_current(elector: Elector):
    """The elector's accepted declaration in force (the latest accepted one)."""
    from .models import OverseasDeclaration

    return (
        OverseasDeclaration.objects.filter(elector=elector, outcome="accepted")
        .order_by("-ends_on", "-id")
        .first()
    )


def overseas_registrations():
    """Accepted declarations not yet followed by an accepted renewal: one per registration."""
    from .models import OverseasDeclaration

    renewed = OverseasDeclaration.objects.filter(outcome="accepted", previous__isnull=False)
    return (
        OverseasDeclaration.objects.filter(outcome="accepted")
        .exclude(pk__in=renewed.values("previous_id"))
        .select_related("elector__polling_district")
        .order_by("ends_on", "id")
    )


def overseas_reminders_due(*, today: dt.date | None = None):
    """Registrations ending this year, in the reminder period (1 July to 1 October, RPR 2001
    reg 23A), with no reminder sent and no renewal declaration received."""
    from .models import OverseasDeclaration

    today = today or timezone.localdate()
    if not (dt.date(today.year, 7, 1) <= today <= dt.date(today.year, 10, 1)):
        return OverseasDeclaration.objects.none()
    renewing = OverseasDeclaration.objects.filter(previous__isnull=False).exclude(outcome="refused")
    return (
        overseas_registrations()
        .filter(ends_on__year=today.year, ends_on__gte=today, reminder_sent_on=None)
        .exclude(pk__in=renewing.values("previous_id"))
    )


def overseas_open():
    from .models import OverseasDeclaration

    return OverseasDeclaration.objects.filter(outcome="").select_related(
        "elector__polling_district", "previous"
    )
