"""Writes for elections: create polls, generate and update the election plan, keep the
risk register. Each checks the acting user's role and writes audit events."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from ems.core import roles
from ems.core.audit import Change, audit, audit_many, changed_fields
from ems.core.errors import InvalidInput
from ems.gazetteer.models import Constituency, Parish, Ward

from . import selectors
from .models import ContestedArea, Election, PlanTask, PollingDay, Risk
from .rules.identifiers import build_ballot_id, build_election_id
from .rules.timetable import ElectionType, TimetableError, resolve_nation, statutory_timetable

# The task each statutory event asks of the electoral services team.
TASK_TITLES = {
    "notice_of_election": "Publish the notice of election",
    "close_of_nominations": "Receive and check nomination papers by the deadline",
    "withdrawal_deadline": "Record any withdrawals of nomination",
    "sopn_publication": "Publish the statement of persons nominated",
    "sopn_publication_if_objections": "Decide any objections and publish the statement",
    "notice_of_poll": "Publish the notice of poll and situation of polling stations",
    "registration_deadline": "Process registration applications received by the deadline",
    "postal_vote_deadline": "Process postal vote applications received by the deadline",
    "proxy_deadline": "Process proxy applications received by the deadline",
    "vac_deadline": "Process Voter Authority Certificate applications by the deadline",
    "emergency_proxy_deadline": "Handle emergency proxy applications until 5pm",
    "polling_day": "Run polling day: stations open 7am to 10pm",
}


@dataclass(frozen=True)
class AreaSpec:
    """One contested area for `election_create`: a gazetteer area or a named division."""

    seats: int = 1
    ward: Ward | None = None
    parish: Parish | None = None
    constituency: Constituency | None = None
    division_name: str = ""

    @property
    def name(self) -> str:
        area = self.ward or self.parish or self.constituency
        return area.name if area else self.division_name.strip()


def _election_values(election: Election) -> dict:
    return {
        "election_id": election.election_id,
        "title": election.title,
        "election_type": election.election_type,
        "by_election": election.by_election,
        "poll_date": election.poll_date.isoformat(),
        "country": election.country,
        "organisation": election.organisation,
    }


@transaction.atomic
def election_create(
    *,
    title: str,
    election_type: ElectionType | str,
    poll_date: dt.date,
    country: str,
    acting_user,
    organisation: str = "",
    by_election: bool = False,
    areas: list[AreaSpec] = (),
    generate_plan: bool = True,
    reason: str = "",
) -> Election:
    """Create a poll on a polling day (made if new), its contested areas and its plan."""
    roles.require_role(acting_user, roles.MANAGE, "set up an election")
    try:
        election_type = ElectionType(election_type)
        nation = resolve_nation(election_type, country)
        election_id = build_election_id(
            election_type=election_type, poll_date=poll_date, organisation=organisation
        )
    except (TimetableError, ValueError) as exc:
        raise InvalidInput(str(exc)) from None
    if not title.strip():
        raise InvalidInput("Enter the title of the election.")
    if by_election and not areas:
        raise InvalidInput("A by-election needs the area where the vacancy is.")
    if Election.objects.filter(election_id=election_id).exists():
        raise InvalidInput(f"There is already an election {election_id}.")
    polling_day, day_created = PollingDay.objects.get_or_create(date=poll_date)
    if day_created:
        audit(
            acting_user=acting_user,
            action="polling_day.created",
            object_type="polling_day",
            object_id=polling_day.pk,
            object_repr=str(polling_day),
            after={"date": poll_date.isoformat()},
            reason=reason,
        )
    election = Election.objects.create(
        election_id=election_id,
        title=title.strip(),
        election_type=election_type.value,
        by_election=by_election,
        polling_day=polling_day,
        country=nation.value,
        organisation=organisation.strip(),
    )
    audit(
        acting_user=acting_user,
        action="election.created",
        object_type="election",
        object_id=election.pk,
        object_repr=election.election_id,
        after=_election_values(election),
        reason=reason,
    )
    for spec in areas:
        area_add(election=election, area=spec, acting_user=acting_user, reason=reason)
    if generate_plan:
        plan_generate(election=election, acting_user=acting_user, reason=reason)
    return election


@transaction.atomic
def area_add(*, election: Election, area: AreaSpec, acting_user, reason: str = "") -> ContestedArea:
    """Add a contested area (one ballot) with its number of seats."""
    roles.require_role(acting_user, roles.MANAGE, "change the areas contested")
    if not area.name:
        raise InvalidInput("Choose a ward, parish or constituency, or enter a division name.")
    if area.seats < 1:
        raise InvalidInput("The number of seats must be 1 or more.")
    try:
        ballot_id = build_ballot_id(
            election_type=election.election_type,
            poll_date=election.poll_date,
            organisation=election.organisation,
            division=area.name,
            by_election=election.by_election,
        )
    except TimetableError as exc:
        raise InvalidInput(str(exc)) from None
    if ContestedArea.objects.filter(ballot_id=ballot_id).exists():
        raise InvalidInput(f"{area.name} is already contested at this election ({ballot_id}).")
    row = ContestedArea.objects.create(
        election=election,
        ward=area.ward,
        parish=area.parish,
        constituency=area.constituency,
        division_name=area.division_name.strip(),
        seats=area.seats,
        ballot_id=ballot_id,
    )
    audit(
        acting_user=acting_user,
        action="election.area_added",
        object_type="election",
        object_id=election.pk,
        object_repr=election.election_id,
        after={"ballot_id": ballot_id, "area": area.name, "seats": area.seats},
        reason=reason,
    )
    return row


@transaction.atomic
def plan_generate(*, election: Election, acting_user, reason: str = "") -> list[PlanTask]:
    """Add a plan task for each statutory event that has none yet (safe to run again)."""
    roles.require_role(acting_user, roles.MANAGE, "generate the election plan")
    events = statutory_timetable(election.election_type, election.poll_date, election.country)
    existing = set(
        PlanTask.objects.filter(election=election)
        .exclude(timetable_event="")
        .values_list("timetable_event", flat=True)
    )
    new = [
        PlanTask(
            election=election,
            title=TASK_TITLES.get(event.key, event.label),
            timetable_event=event.key,
            due_date=event.date,
        )
        for event in events
        if event.key not in existing
    ]
    created = PlanTask.objects.bulk_create(new)
    created = list(
        PlanTask.objects.filter(
            election=election, timetable_event__in=[t.timetable_event for t in new]
        )
    )
    audit_many(
        acting_user=acting_user,
        changes=[
            Change(
                action="plan_task.created",
                object_type="plan_task",
                object_id=task.pk,
                object_repr=task.title,
                after={
                    "election": election.election_id,
                    "timetable_event": task.timetable_event,
                    "due_date": task.due_date.isoformat(),
                },
            )
            for task in created
        ],
        reason=reason,
    )
    return created


def _task_values(task: PlanTask) -> dict:
    return {
        "title": task.title,
        "due_date": task.due_date.isoformat(),
        "owner": task.owner.get_username() if task.owner else None,
        "status": task.status,
        "notes": task.notes,
    }


@transaction.atomic
def task_update(
    *,
    task: PlanTask,
    acting_user,
    status: str | None = None,
    owner=None,
    clear_owner: bool = False,
    due_date: dt.date | None = None,
    notes: str | None = None,
    reason: str = "",
) -> PlanTask:
    """Change a task's status, owner, due date or notes."""
    roles.require_role(acting_user, roles.EDIT_DATA, "update the election plan")
    task = PlanTask.objects.select_for_update(of=("self",)).select_related("owner").get(pk=task.pk)
    before = _task_values(task)
    if status is not None:
        if status not in PlanTask.Status.values:
            raise InvalidInput(f"Unknown task status: {status}")
        task.status = status
    if owner is not None or clear_owner:
        task.owner = owner
    if due_date is not None:
        task.due_date = due_date
    if notes is not None:
        task.notes = notes
    old, new = changed_fields(before, _task_values(task))
    if new:
        task.save()
        audit(
            acting_user=acting_user,
            action="plan_task.updated",
            object_type="plan_task",
            object_id=task.pk,
            object_repr=task.title,
            before=old,
            after=new,
            reason=reason,
        )
    return task


def _risk_values(risk: Risk) -> dict:
    return {
        name: getattr(risk, name)
        for name in ("risk", "likelihood", "impact", "owner", "mitigation", "status")
    }


def _check_scores(likelihood: int, impact: int) -> None:
    for label, value in (("Likelihood", likelihood), ("Impact", impact)):
        if not 1 <= int(value) <= 5:
            raise InvalidInput(f"{label} must be from 1 (lowest) to 5 (highest).")


@transaction.atomic
def risk_add(
    *,
    election: Election,
    risk: str,
    likelihood: int,
    impact: int,
    owner: str,
    acting_user,
    mitigation: str = "",
    reason: str = "",
) -> Risk:
    """Add a risk to the election's risk register."""
    roles.require_role(acting_user, roles.MANAGE, "change the risk register")
    if not risk.strip():
        raise InvalidInput("Describe the risk.")
    _check_scores(likelihood, impact)
    row = Risk.objects.create(
        election=election,
        risk=risk.strip(),
        likelihood=int(likelihood),
        impact=int(impact),
        owner=owner.strip(),
        mitigation=mitigation.strip(),
    )
    audit(
        acting_user=acting_user,
        action="risk.created",
        object_type="risk",
        object_id=row.pk,
        object_repr=row.risk,
        after={"election": election.election_id, **_risk_values(row)},
        reason=reason,
    )
    return row


@transaction.atomic
def risk_update(*, risk: Risk, acting_user, reason: str = "", **values) -> Risk:
    """Change a risk's description, scores, owner, mitigation or status."""
    roles.require_role(acting_user, roles.MANAGE, "change the risk register")
    allowed = {"risk", "likelihood", "impact", "owner", "mitigation", "status"}
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(f"Unknown risk fields: {', '.join(sorted(unknown))}")
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    before = _risk_values(risk)
    for name, value in values.items():
        setattr(risk, name, value)
    _check_scores(risk.likelihood, risk.impact)
    if risk.status not in Risk.Status.values:
        raise InvalidInput(f"Unknown risk status: {risk.status}")
    old, new = changed_fields(before, _risk_values(risk))
    if new:
        risk.save()
        audit(
            acting_user=acting_user,
            action="risk.updated",
            object_type="risk",
            object_id=risk.pk,
            object_repr=risk.risk,
            before=old,
            after=new,
            reason=reason,
        )
    return risk


# ------------------------------------------------------------------ plan reminders

REMINDER_SUBJECT = "Election plan: {overdue} overdue and {soon} due within {days} days"


@dataclass
class ReminderRun:
    """What `plan_reminders_send` did: emails sent, tasks in them, owners with no email."""

    emails: int = 0
    tasks: int = 0
    without_email: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def _reminder_body(tasks: list[PlanTask], *, today: dt.date, days: int, site_url: str) -> str:
    overdue = [t for t in tasks if t.due_date < today]
    soon = [t for t in tasks if t.due_date >= today]
    lines = [f"These election plan tasks are yours and not yet done ({today:%-d %B %Y}).", ""]
    for heading, group in (("Overdue", overdue), (f"Due within {days} days", soon)):
        if not group:
            continue
        lines.append(f"{heading}:")
        for task in group:
            lines.append(
                f"- {task.due_date:%a %-d %b %Y}: {task.title} "
                f"({task.election.title}; {task.get_status_display().lower()})"
            )
            if site_url:
                lines.append(f"  {site_url.rstrip('/')}/elections/{task.election_id}/plan/")
        lines.append("")
    lines.append("Mark a task done in the election plan when it is finished.")
    return "\n".join(lines)


def plan_reminders_send(
    *,
    acting_user,
    within_days: int = 14,
    today: dt.date | None = None,
    site_url: str = "",
    dry_run: bool = False,
    reason: str = "",
) -> ReminderRun:
    """Email each task owner one reminder listing their unfinished tasks that are overdue or
    due within `within_days` days, across every election.

    Owners who are switched off or have no email address are listed, not emailed. Each
    email is audited as a communication (action "communication.plan_reminder", object the
    owner, after: address, subject and the task ids), and the emails go out through
    Django's email backend only once the audit is committed. `dry_run` says who would be
    emailed and sends and records nothing.
    """
    roles.require_role(acting_user, roles.MANAGE, "send election plan reminders")
    if within_days < 0:
        raise InvalidInput("The number of days cannot be negative.")
    today = today or timezone.localdate()
    by_owner: dict[int, list[PlanTask]] = {}
    for task in selectors.reminder_tasks(today=today, within_days=within_days):
        by_owner.setdefault(task.owner_id, []).append(task)
    result = ReminderRun()
    emails: list[EmailMessage] = []
    changes: list[Change] = []
    for tasks in by_owner.values():
        owner = tasks[0].owner
        if not owner.is_active or not owner.email:
            result.without_email.append(owner.get_username())
            continue
        overdue = sum(1 for t in tasks if t.due_date < today)
        subject = REMINDER_SUBJECT.format(
            overdue=overdue, soon=len(tasks) - overdue, days=within_days
        )
        body = _reminder_body(tasks, today=today, days=within_days, site_url=site_url)
        emails.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email]))
        changes.append(
            Change(
                action="communication.plan_reminder",
                object_type="user",
                object_id=owner.pk,
                object_repr=owner.get_username(),
                after={
                    "channel": "email",
                    "to": owner.email,
                    "subject": subject,
                    "tasks": [t.pk for t in tasks],
                    "within_days": within_days,
                },
            )
        )
        result.tasks += len(tasks)
        result.recipients.append(owner.get_username())
    result.emails = len(emails)
    if dry_run or not emails:
        return result
    with transaction.atomic():
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
        transaction.on_commit(lambda: _send_all(emails))
    return result


def _send_all(emails: list[EmailMessage]) -> None:
    with get_connection() as connection:
        connection.send_messages(emails)
