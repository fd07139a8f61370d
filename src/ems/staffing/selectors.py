"""Reads for polling and count staff: the dashboard, chasing lists, gaps, reports, costs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from rapidfuzz import fuzz

from ems.elections.models import PollingDay

from .models import (
    Appointment,
    Availability,
    Payment,
    Person,
    Position,
    StaffRole,
    TrainingBooking,
    TrainingCompletion,
    TrainingModule,
    TrainingSession,
)
from .rules import compliance, pay

ACTIVE = (
    Appointment.Status.PROPOSED,
    Appointment.Status.OFFERED,
    Appointment.Status.ACCEPTED,
)


def polling_days() -> QuerySet[PollingDay]:
    return PollingDay.objects.annotate(positions=Count("staff_positions")).prefetch_related(
        "elections"
    )


@dataclass
class PositionRow:
    position: Position
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def filled(self) -> int:
        return sum(self.counts.get(s, 0) for s in ACTIVE)

    @property
    def gap(self) -> int:
        return max(0, self.position.needed - self.filled)


def dashboard(polling_day: PollingDay) -> list[PositionRow]:
    """Every position with the number of its appointments in each status (two queries)."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Appointment.objects.filter(position__polling_day=polling_day)
        .values_list("position_id", "status")
        .annotate(n=Count("id"))
    )
    for position_id, status, n in rows:
        counts[position_id][status] = n
    confirmed = (
        Appointment.objects.filter(position__polling_day=polling_day, confirmed_at__isnull=False)
        .values_list("position_id")
        .annotate(n=Count("id"))
    )
    for position_id, n in confirmed:
        counts[position_id]["confirmed"] = n
    positions = Position.objects.filter(polling_day=polling_day).select_related(
        "station", "session"
    )
    return [PositionRow(p, counts.get(p.pk, {})) for p in positions]


def dashboard_totals(rows: list[PositionRow]) -> dict[str, int]:
    totals = {"needed": 0, "filled": 0, "gap": 0}
    for row in rows:
        totals["needed"] += row.position.needed
        totals["filled"] += row.filled
        totals["gap"] += row.gap
        for status, n in row.counts.items():
            totals[status] = totals.get(status, 0) + n
    return totals


def position_appointments(position: Position) -> QuerySet[Appointment]:
    return position.appointments.select_related("person").order_by("status", "-score")


def non_responders(polling_day: PollingDay, *, days: int = 7, now=None) -> QuerySet[Appointment]:
    """Offers with no answer that were sent (or last chased) more than `days` days ago."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return (
        Appointment.objects.filter(
            position__polling_day=polling_day,
            status=Appointment.Status.OFFERED,
            offered_at__lte=cutoff,
        )
        .filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lte=cutoff))
        .select_related("person", "position__station", "position__session")
        .order_by("offered_at")
    )


def people(
    *, query: str = "", status: str = "", role: str = "", language: str = ""
) -> QuerySet[Person]:
    result = Person.objects.exclude(status=Person.Status.ANONYMISED)
    if status:
        result = result.filter(status=status)
    for word in query.split():
        result = result.filter(
            Q(first_names__icontains=word)
            | Q(surname__icontains=word)
            | Q(email__icontains=word)
            | Q(postcode__istartswith=word)
        )
    if role:
        result = result.filter(
            Q(appointments__position__role=role, appointments__status=Appointment.Status.ACCEPTED)
            | Q(experience__has_key=role)
        ).distinct()
    if language:
        result = result.filter(languages__icontains=language)
    return result


def person_history(person: Person) -> QuerySet[Appointment]:
    return person.appointments.select_related(
        "position__polling_day", "position__station", "position__session"
    ).order_by("-position__polling_day__date")


def duplicates_of(person: Person, *, threshold: int = 85) -> list[tuple[Person, str]]:
    """People who may be the same person: same email, or a similar name at the same postcode."""
    found: list[tuple[Person, str]] = []
    others = Person.objects.exclude(pk=person.pk).exclude(status=Person.Status.ANONYMISED)
    if person.email:
        found += [(p, "same email address") for p in others.filter(email__iexact=person.email)]
    if person.postcode:
        name = f"{person.first_names} {person.surname}".lower()
        for p in others.filter(postcode=person.postcode):
            if any(p.pk == q.pk for q, _ in found):
                continue
            similarity = fuzz.token_sort_ratio(name, f"{p.first_names} {p.surname}".lower())
            if similarity >= threshold:
                found.append((p, f"similar name ({similarity:.0f}%) at the same postcode"))
    return found


def applicants() -> list[tuple[Person, list[tuple[Person, str]]]]:
    return [(p, duplicates_of(p)) for p in Person.objects.filter(status=Person.Status.APPLICANT)]


def compliance_record(person: Person) -> compliance.Record:
    return compliance.Record(
        ni_number=person.ni_number,
        has_bank_details=bool(person.bank_details),
        right_to_work_checked_on=person.right_to_work_checked_on,
        tax_code=person.tax_code,
        political_declaration_on=person.political_declaration_on,
        conflict_declaration_on=person.conflict_declaration_on,
    )


def compliance_gaps(polling_day: PollingDay) -> list[tuple[Person, list[str]]]:
    """Everyone placed on the polling day (proposed, offered or accepted) with what they still
    have to provide, in surname order."""
    people_ = Person.objects.filter(
        appointments__position__polling_day=polling_day, appointments__status__in=ACTIVE
    ).distinct()
    result = []
    for person in people_:
        missing = compliance.missing(compliance_record(person))
        if missing:
            result.append((person, missing))
    return result


def _modules_by_role() -> dict[str, list[TrainingModule]]:
    by_role: dict[str, list[TrainingModule]] = defaultdict(list)
    for module in TrainingModule.objects.all():
        for role in module.roles:
            by_role[role].append(module)
    return by_role


def _placed(polling_day: PollingDay):
    return Appointment.objects.filter(
        position__polling_day=polling_day,
        status__in=(Appointment.Status.OFFERED, Appointment.Status.ACCEPTED),
    ).values_list("pk", "person_id", "position__role", "position__station__number",
                  "position__session__name")  # fmt: skip


def _outstanding(polling_day: PollingDay) -> dict[int, list[TrainingModule]]:
    """{person id: modules still to do} for those offered or accepted on the polling day."""
    by_role = _modules_by_role()
    done: dict[int, set[int]] = defaultdict(set)
    placed = list(_placed(polling_day))
    for person_id, module_id in TrainingCompletion.objects.filter(
        person_id__in=[p for _, p, *_ in placed]
    ).values_list("person_id", "module_id"):
        done[person_id].add(module_id)
    result: dict[int, list[TrainingModule]] = {}
    for _pk, person_id, role, _station, _session in placed:
        for m in by_role.get(role, []):
            mine = result.setdefault(person_id, [])
            if m.pk not in done[person_id] and m not in mine:
                mine.append(m)
    return {k: v for k, v in result.items() if v}


def training_outstanding(polling_day: PollingDay) -> dict[int, list[str]]:
    """{person id: titles of modules still to do} for those offered or accepted."""
    return {pk: [m.title for m in modules] for pk, modules in _outstanding(polling_day).items()}


def bookings_of(person_ids) -> dict[tuple[int, int], TrainingSession]:
    """{(person id, module id): the session booked and not yet marked as missed}."""
    return {
        (b.person_id, b.session.module_id): b.session
        for b in TrainingBooking.objects.filter(person_id__in=list(person_ids))
        .exclude(attended=False)
        .select_related("session__module")
    }


@dataclass
class TrainingTodo:
    """What one person still has to do: digital modules, in-person modules not booked, and
    sessions booked but not yet attended."""

    digital: list[TrainingModule] = field(default_factory=list)
    to_book: list[TrainingModule] = field(default_factory=list)
    booked: list[TrainingSession] = field(default_factory=list)


def training_todo(polling_day: PollingDay) -> dict[int, TrainingTodo]:
    outstanding = _outstanding(polling_day)
    booked = bookings_of(outstanding)
    result: dict[int, TrainingTodo] = {}
    for person_id, modules in outstanding.items():
        todo = result[person_id] = TrainingTodo()
        for m in modules:
            if m.kind != TrainingModule.Kind.IN_PERSON:
                todo.digital.append(m)
            elif (person_id, m.pk) in booked:
                todo.booked.append(booked[(person_id, m.pk)])
            else:
                todo.to_book.append(m)
    return result


def training_done(polling_day: PollingDay, *, needs_a_module: bool = False) -> set[int]:
    """Appointment ids whose person has completed every module for the role (with
    `needs_a_module`, roles with no modules set up do not count as trained)."""
    by_role = _modules_by_role()
    placed = list(_placed(polling_day))
    done: dict[int, set[int]] = defaultdict(set)
    for person_id, module_id in TrainingCompletion.objects.filter(
        person_id__in=[p for _, p, *_ in placed]
    ).values_list("person_id", "module_id"):
        done[person_id].add(module_id)
    return {
        pk
        for pk, person_id, role, *_ in placed
        if all(m.pk in done[person_id] for m in by_role.get(role, []))
        and (by_role.get(role) or not needs_a_module)
    }


def training_report(polling_day: PollingDay) -> dict:
    """Completion by role and by station/session: {"role": {role label: {"staff", "complete",
    "booked"}}, "place": {...}, "sessions": [SessionRow]}. "booked" counts staff not yet
    complete whose only outstanding training is in-person sessions they are booked onto;
    attending a session completes its module, so it counts in "complete"."""
    complete = training_done(polling_day)
    todo = training_todo(polling_day)
    report: dict = {"role": {}, "place": {}, "sessions": training_sessions(polling_day)}
    labels = dict(StaffRole.choices)
    for pk, person, role, station, session in _placed(polling_day):
        place = f"Station {station}" if station else (session or "All stations")
        mine = todo.get(person)
        booked = pk not in complete and mine is not None and not mine.digital and not mine.to_book
        for key, name in (("role", labels[role]), ("place", place)):
            row = report[key].setdefault(name, {"staff": 0, "complete": 0, "booked": 0})
            row["staff"] += 1
            row["complete"] += pk in complete
            row["booked"] += booked
    return report


@dataclass
class SessionRow:
    session: TrainingSession
    booked: int
    attended: int

    @property
    def places_left(self) -> int:
        return max(0, self.session.capacity - self.booked)


def training_sessions(polling_day: PollingDay) -> list[SessionRow]:
    """The in-person sessions for a polling day with their bookings and attendance."""
    sessions = (
        TrainingSession.objects.filter(polling_day=polling_day)
        .select_related("module")
        .annotate(
            n_booked=Count("bookings"),
            n_attended=Count("bookings", filter=Q(bookings__attended=True)),
        )
    )
    return [SessionRow(s, s.n_booked, s.n_attended) for s in sessions]


def session_bookings(session: TrainingSession) -> QuerySet[TrainingBooking]:
    return session.bookings.select_related("person")


def session_candidates(session: TrainingSession) -> list[tuple[Person, str]]:
    """People who could be booked: placed on the session's polling day in one of its roles,
    without the module done and not booked onto a session of it. (Person, role label)."""
    if session.polling_day_id is None:
        return []
    rows = (
        Appointment.objects.filter(
            position__polling_day_id=session.polling_day_id,
            position__role__in=session.for_roles,
            status__in=ACTIVE + (Appointment.Status.RESERVE,),
        )
        .exclude(person__completions__module_id=session.module_id)
        .select_related("person", "position")
        .order_by("person__surname", "person__first_names", "person_id")
    )
    labels = dict(StaffRole.choices)
    # Booked onto a session of the module (someone who missed one may book another).
    seen = set(
        TrainingBooking.objects.filter(session__module_id=session.module_id)
        .exclude(attended=False)
        .values_list("person_id", flat=True)
    )
    result = []
    for a in rows:
        if a.person_id not in seen:
            seen.add(a.person_id)
            result.append((a.person, labels[a.position.role]))
    return result


def payments(polling_day: PollingDay) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(appointment__position__polling_day=polling_day)
        .select_related(
            "appointment__person",
            "appointment__position__station",
            "appointment__position__session",
        )  # fmt: skip
        .order_by("appointment__person__surname", "appointment__person__first_names")
    )


def approvals_withdrawn(polling_day: PollingDay) -> dict[int, dt.date]:
    """{appointment id: the day (UK time)} for pay whose approval was withdrawn because bank details
    changed afterwards, and which is not approved again yet (services._pay_approvals_withdraw).
    Approved pay becomes unapproved no other way, so an event and unapproved pay suffice."""
    from ems.core.models import AuditEvent

    from .services import PAY_APPROVAL_WITHDRAWN

    waiting = Payment.objects.filter(
        appointment__position__polling_day=polling_day, status=Payment.Status.CALCULATED
    ).values_list("appointment_id", flat=True)
    events = AuditEvent.objects.filter(
        action=PAY_APPROVAL_WITHDRAWN,
        object_type="staff appointment",
        object_id__in=[str(pk) for pk in waiting],
    ).values_list("object_id", "at")
    result: dict[int, dt.date] = {}
    for object_id, at in events:
        day = timezone.localdate(at)
        result[int(object_id)] = max(day, result.get(int(object_id), day))
    return result


def election_costs(polling_day: PollingDay) -> dict:
    """The staffing cost of the polling day and each poll's share (to the penny, summing to
    the total) for the election accounts."""
    total = sum((p.total for p in Payment.objects.filter(
        appointment__position__polling_day=polling_day)), Decimal(0))  # fmt: skip
    shares = {s.election.title: s.percent for s in polling_day.shares.select_related("election")}
    if not shares:
        elections = list(polling_day.elections.all())
        if len(elections) == 1:
            shares = {elections[0].title: Decimal(100)}
    by_role: dict[str, Decimal] = defaultdict(Decimal)
    for role, amount in Payment.objects.filter(
        appointment__position__polling_day=polling_day
    ).values_list("appointment__position__role", "total"):
        by_role[dict(StaffRole.choices)[role]] += amount
    return {
        "total": pay.money(total),
        "by_poll": pay.apportion(total, shares) if shares else {},
        "by_role": dict(by_role),
        "shares": shares,
    }


def availability_of(polling_day: PollingDay, person_ids) -> dict[int, bool]:
    return dict(
        Availability.objects.filter(
            polling_day=polling_day, person_id__in=list(person_ids)
        ).values_list("person_id", "available")
    )


def availability_counts(polling_day: PollingDay) -> dict[str, int]:
    rows = dict(
        Availability.objects.filter(polling_day=polling_day)
        .values_list("available")
        .annotate(n=Count("id"))
    )
    return {"available": rows.get(True, 0), "unavailable": rows.get(False, 0)}
