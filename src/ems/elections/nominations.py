"""Writes for nominations: registered parties, candidates, subscribers checked against the
register, consent, deposits, agents, informal checks, the Returning Officer's decisions,
withdrawals, objections and uncontested returns.

Each service checks the acting user's role (decisions that belong to the Returning Officer
need MANAGE) and writes audit events in its transaction. The law is in rules/nominations.py.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ems.core import roles
from ems.core.audit import audit, changed_fields
from ems.core.errors import InvalidInput

from . import nominations_selectors as sel
from .formats.parties_csv import PartiesCsvImporter
from .models import (
    Agent,
    Candidate,
    ContestedArea,
    NominationCheck,
    Objection,
    PartyEmblem,
    RegisteredParty,
    Subscriber,
    UncontestedReturn,
)
from .rules import nominations as rules

CANDIDATE_FIELDS = [
    "surname", "other_names", "commonly_used_surname", "commonly_used_forenames",
    "home_address", "address_withheld", "address_area", "party", "description", "emblem",
    "certificate_of_authorisation", "home_address_form",
]  # fmt: skip


def _values(candidate: Candidate) -> dict[str, Any]:
    values = {}
    for name in CANDIDATE_FIELDS:
        value = getattr(candidate, name)
        if name == "party":
            value = candidate.party.ec_ref if candidate.party_id else None
        elif name == "emblem":
            value = candidate.emblem.emblem_id if candidate.emblem_id else None
        values[name] = value
    return values


def _audit(candidate: Candidate, action: str, *, acting_user, before=None, after=None, reason=""):
    audit(
        acting_user=acting_user,
        action=action,
        object_type="candidate",
        object_id=candidate.pk,
        object_repr=f"{candidate.ballot_name} ({candidate.area.ballot_id})",
        before=before,
        after=after,
        reason=reason,
    )


def _locked(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.select_for_update(of=("self",))
        .select_related("area__election__polling_day", "party", "emblem")
        .get(pk=candidate.pk)
    )


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# --- registered parties ---------------------------------------------------------------


def parties_import(*, path: Path | str, acting_user, display_name: str | None = None) -> dict:
    """Load the register of political parties from a CSV (see formats/parties_csv.py)."""
    roles.require_role(acting_user, roles.MANAGE, "load the register of political parties")
    return PartiesCsvImporter(path, display_name=display_name).run(acting_user=acting_user)


# --- candidates -----------------------------------------------------------------------


def _clean(values: dict[str, Any], area: ContestedArea) -> dict[str, Any]:
    for name in ("surname", "other_names", "commonly_used_surname", "commonly_used_forenames",
                 "address_area", "description"):  # fmt: skip
        if name in values and values[name] is not None:
            values[name] = " ".join(str(values[name]).split())
    if "home_address" in values:
        lines = [line.strip() for line in str(values["home_address"] or "").splitlines()]
        values["home_address"] = "\n".join(line for line in lines if line)
    return values


def _validate(candidate: Candidate) -> None:
    problems = []
    if not candidate.surname:
        problems.append("Enter the candidate's surname.")
    if not candidate.other_names:
        problems.append("Enter the candidate's other names in full.")
    if not candidate.home_address:
        problems.append("Enter the candidate's home address from the home address form.")
    if candidate.address_withheld and not candidate.address_area:
        problems.append(
            "The home address is not to be made public: enter the relevant area it is in "
            "(or the country, if outside the UK)."
        )
    allowed = None
    if candidate.party_id:
        if candidate.party.status and candidate.party.status.lower().startswith("deregistered"):
            problems.append(f"{candidate.party.name} is no longer a registered party.")
        allowed = sel.party_descriptions(candidate.party)
    problem = rules.description_problem(candidate.description, party_descriptions=allowed)
    if problem:
        problems.append(problem + ".")
    if candidate.emblem_id and candidate.emblem.party_id != candidate.party_id:
        problems.append("The emblem must be one registered by the candidate's party.")
    if problems:
        raise InvalidInput(" ".join(problems))


@transaction.atomic
def candidate_add(
    *,
    area: ContestedArea,
    surname: str,
    other_names: str,
    home_address: str,
    acting_user,
    commonly_used_surname: str = "",
    commonly_used_forenames: str = "",
    address_withheld: bool = False,
    address_area: str = "",
    party: RegisteredParty | None = None,
    description: str = "",
    emblem: PartyEmblem | None = None,
    certificate_of_authorisation: bool = False,
    home_address_form: bool = True,
    reason: str = "",
) -> Candidate:
    """Record a candidate's nomination papers (at first as an informal check)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record nomination papers")
    poll_rules = _rules_or_error(area)
    values = _clean(
        {
            "surname": surname,
            "other_names": other_names,
            "commonly_used_surname": commonly_used_surname,
            "commonly_used_forenames": commonly_used_forenames,
            "home_address": home_address,
            "address_withheld": address_withheld,
            "address_area": address_area,
            "description": description,
        },
        area,
    )
    candidate = Candidate(
        area=area,
        party=party,
        emblem=emblem,
        certificate_of_authorisation=certificate_of_authorisation,
        home_address_form=home_address_form,
        deposit=(
            Candidate.Deposit.AWAITED
            if poll_rules.deposit_required
            else Candidate.Deposit.NOT_REQUIRED
        ),
        **values,
    )
    _validate(candidate)
    candidate.save()
    _audit(candidate, "candidate.created", acting_user=acting_user, after=_values(candidate),
           reason=reason)  # fmt: skip
    return candidate


def _rules_or_error(area: ContestedArea) -> rules.NominationRules:
    try:
        return sel.election_rules(area.election)
    except rules.NominationRulesError as exc:
        raise InvalidInput(str(exc)) from None


def _editable(candidate: Candidate) -> None:
    if candidate.status not in (Candidate.Status.INFORMAL, Candidate.Status.DELIVERED):
        raise InvalidInput(
            f"{candidate.ballot_name}'s nomination has been decided or withdrawn; it can no "
            "longer be changed."
        )


@transaction.atomic
def candidate_update(*, candidate: Candidate, acting_user, reason: str = "", **values) -> Candidate:
    """Correct the particulars of a nomination not yet decided."""
    roles.require_role(acting_user, roles.EDIT_DATA, "change nomination papers")
    unknown = set(values) - set(CANDIDATE_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown candidate fields: {', '.join(sorted(unknown))}")
    candidate = _locked(candidate)
    _editable(candidate)
    before = _values(candidate)
    for name, value in _clean(dict(values), candidate.area).items():
        setattr(candidate, name, value)
    _validate(candidate)
    old, new = changed_fields(before, _values(candidate))
    if new:
        candidate.save()
        _audit(candidate, "candidate.updated", acting_user=acting_user, before=old, after=new,
               reason=reason)  # fmt: skip
    return candidate


# --- subscribers ------------------------------------------------------------------------


def _check(candidate: Candidate, *, now: dt.datetime) -> list[rules.SubscriberResult]:
    """Check the candidate's subscribers against the register and store the problems."""
    area = candidate.area
    election = area.election
    poll_rules = sel.election_rules(election)
    subscribers = list(candidate.subscribers.order_by("position"))
    lines = []
    for sub in subscribers:
        number, readable = sel.normalised_number(sub.elector_number)
        lines.append(rules.SubscriberLine(sub.position, number, sub.name, readable))
    register = sel.register_entries([line.elector_number for line in lines if line.parsed], area)
    # Papers delivered before this one, in the same area, count against each elector.
    earlier = Subscriber.objects.filter(
        candidate__area=area,
        candidate__delivered_at__isnull=False,
        position__lte=poll_rules.subscribers,
        elector__isnull=False,
    ).exclude(candidate=candidate)
    if candidate.delivered_at:
        earlier = earlier.filter(candidate__delivered_at__lt=candidate.delivered_at)
    elsewhere: dict[int, int] = {}
    for elector_id in earlier.values_list("elector_id", flat=True):
        elsewhere[elector_id] = elsewhere.get(elector_id, 0) + 1
    results = rules.check_subscribers(
        lines,
        register,
        rules=poll_rules,
        poll_date=election.poll_date,
        register_date=sel.nomination_deadlines(election).notice_of_election,
        papers_elsewhere=elsewhere,
        papers_allowed=1 if poll_rules.one_paper_per_elector else area.seats,
    )
    by_position = {r.position: r for r in results}
    for sub in subscribers:
        result = by_position[sub.position]
        sub.elector_id = result.elector_id
        sub.problems = [str(p) for p in result.problems]
        sub.checked_at = now
    Subscriber.objects.bulk_update(subscribers, ["elector", "problems", "checked_at"])
    return results


@transaction.atomic
def subscribers_set(
    *,
    candidate: Candidate,
    lines: list[tuple[str, str]],
    acting_user,
    reason: str = "",
    now: dt.datetime | None = None,
) -> list[rules.SubscriberResult]:
    """Record the subscribers as written on the paper ((elector number, name) in order) and
    check each against the register."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record subscribers")
    candidate = _locked(candidate)
    _editable(candidate)
    before = list(candidate.subscribers.order_by("position").values_list("elector_number", "name"))
    cleaned = [(" ".join((n or "").split()).upper(), " ".join((s or "").split())) for n, s in lines]
    while cleaned and cleaned[-1] == ("", ""):
        cleaned.pop()
    candidate.subscribers.all().delete()
    Subscriber.objects.bulk_create(
        Subscriber(candidate=candidate, position=i, elector_number=number, name=name)
        for i, (number, name) in enumerate(cleaned, start=1)
    )
    results = _check(candidate, now=_now(now))
    # Subscribers' names are personal data: the audit keeps elector numbers only.
    _audit(
        candidate,
        "candidate.subscribers_recorded",
        acting_user=acting_user,
        before={"elector_numbers": [n for n, _ in before]} if before else None,
        after={
            "elector_numbers": [n for n, _ in cleaned],
            "problems": {r.position: [str(p) for p in r.problems] for r in results if r.problems},
        },
        reason=reason,
    )
    return results


@transaction.atomic
def subscribers_check(
    *, candidate: Candidate, acting_user, now: dt.datetime | None = None
) -> list[rules.SubscriberResult]:
    """Check the subscribers against the register again (for example after an update)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "check subscribers")
    candidate = _locked(candidate)
    results = _check(candidate, now=_now(now))
    _audit(
        candidate,
        "candidate.subscribers_checked",
        acting_user=acting_user,
        after={
            "problems": {r.position: [str(p) for p in r.problems] for r in results if r.problems}
        },
    )
    return results


# --- checks, consent, deposit, agents ---------------------------------------------------


@transaction.atomic
def check_record(
    *,
    candidate: Candidate,
    item: str,
    passed: bool,
    acting_user,
    note: str = "",
    now: dt.datetime | None = None,
) -> NominationCheck:
    """Record one item of the informal checklist as passed or failed, with a note."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record nomination checks")
    if item not in sel.CHECKLIST:
        raise InvalidInput(f"Unknown check: {item}")
    candidate = _locked(candidate)
    check, _ = NominationCheck.objects.update_or_create(
        candidate=candidate,
        item=item,
        defaults={
            "passed": passed,
            "note": note.strip(),
            "checked_by": acting_user,
            "checked_at": _now(now),
        },
    )
    _audit(candidate, "candidate.checked", acting_user=acting_user,
           after={"item": item, "passed": passed, "note": note.strip()})  # fmt: skip
    return check


@transaction.atomic
def consent_record(
    *, candidate: Candidate, given_on: dt.date, acting_user, reason: str = ""
) -> Candidate:
    """Record the date of the candidate's consent to nomination."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record consent to nomination")
    candidate = _locked(candidate)
    _editable(candidate)
    if given_on > candidate.area.election.poll_date:
        raise InvalidInput("The consent cannot be dated after polling day.")
    before = candidate.consent_given_on
    candidate.consent_given_on = given_on
    candidate.save(update_fields=["consent_given_on"])
    _audit(candidate, "candidate.consent_recorded", acting_user=acting_user,
           before={"consent_given_on": before.isoformat() if before else None},
           after={"consent_given_on": given_on.isoformat()}, reason=reason)  # fmt: skip
    return candidate


@transaction.atomic
def deposit_receive(
    *,
    candidate: Candidate,
    amount_pence: int,
    acting_user,
    received_at: dt.datetime | None = None,
    reason: str = "",
) -> Candidate:
    """Record the deposit as received (it must be the full amount the law requires)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record a deposit")
    candidate = _locked(candidate)
    poll_rules = _rules_or_error(candidate.area)
    if not poll_rules.deposit_required:
        raise InvalidInput("No deposit is required at this election.")
    if candidate.deposit != Candidate.Deposit.AWAITED:
        raise InvalidInput(f"The deposit is already {candidate.get_deposit_display().lower()}.")
    if amount_pence != poll_rules.deposit_pence:
        raise InvalidInput(
            f"The deposit is {poll_rules.deposit_pounds}; £{amount_pence / 100:,.2f} was entered."
        )
    received_at = _now(received_at)
    deadlines = sel.nomination_deadlines(candidate.area.election)
    if received_at > deadlines.close_of_nominations:
        raise InvalidInput("The deposit must be received by the close of nominations.")
    candidate.deposit = Candidate.Deposit.RECEIVED
    candidate.deposit_pence = amount_pence
    candidate.deposit_received_at = received_at
    candidate.save(update_fields=["deposit", "deposit_pence", "deposit_received_at"])
    _audit(candidate, "candidate.deposit_received", acting_user=acting_user,
           after={"deposit_pence": amount_pence, "received_at": received_at.isoformat()},
           reason=reason)  # fmt: skip
    return candidate


@transaction.atomic
def deposit_settle(
    *,
    candidate: Candidate,
    acting_user,
    votes: int | None = None,
    total_votes: int | None = None,
    on: dt.date | None = None,
    reason: str = "",
) -> Candidate:
    """Return or forfeit a deposit: returned if the candidate withdrew, was not validly
    nominated, was elected, or polled more than one-twentieth of the votes."""
    roles.require_role(acting_user, roles.MANAGE, "return or forfeit a deposit")
    candidate = _locked(candidate)
    if candidate.deposit != Candidate.Deposit.RECEIVED:
        raise InvalidInput("There is no deposit held for this candidate.")
    poll_rules = _rules_or_error(candidate.area)
    try:
        outcome = rules.deposit_outcome(
            rules=poll_rules,
            elected=candidate.elected_unopposed,
            stood_nominated=candidate.status == Candidate.Status.VALID,
            votes=votes,
            total_votes=total_votes,
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    candidate.deposit = Candidate.Deposit(outcome.value)
    candidate.deposit_settled_on = on or timezone.localdate()
    candidate.save(update_fields=["deposit", "deposit_settled_on"])
    _audit(candidate, f"candidate.deposit_{outcome.value}", acting_user=acting_user,
           after={"deposit": outcome.value, "votes": votes, "total_votes": total_votes},
           reason=reason)  # fmt: skip
    return candidate


@transaction.atomic
def agent_appoint(
    *,
    candidate: Candidate,
    name: str,
    address: str,
    acting_user,
    kind: str = Agent.Kind.ELECTION,
    appointed_on: dt.date | None = None,
    reason: str = "",
) -> Agent:
    """Record the appointment of an election agent (replacing any earlier one) or sub-agent."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record agents")
    if kind not in Agent.Kind.values:
        raise InvalidInput(f"Unknown kind of agent: {kind}")
    name = " ".join(name.split())
    address = "\n".join(line.strip() for line in address.splitlines() if line.strip())
    if not name or not address:
        raise InvalidInput("Enter the agent's name and office address.")
    candidate = _locked(candidate)
    replaced = []
    if kind == Agent.Kind.ELECTION:
        replaced = list(candidate.agents.filter(kind=kind).values_list("name", flat=True))
        candidate.agents.filter(kind=kind).delete()
    agent = Agent.objects.create(
        candidate=candidate,
        kind=kind,
        name=name,
        address=address,
        appointed_on=appointed_on or timezone.localdate(),
    )
    _audit(candidate, "candidate.agent_appointed", acting_user=acting_user,
           before={"agents": replaced} if replaced else None,
           after={"kind": kind, "name": name}, reason=reason)  # fmt: skip
    return agent


# --- delivery, decisions, withdrawals, objections ---------------------------------------


@transaction.atomic
def nomination_deliver(
    *, candidate: Candidate, acting_user, delivered_at: dt.datetime | None = None, reason: str = ""
) -> Candidate:
    """Record that the nomination papers were formally delivered (by the deadline)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record delivery of nomination papers")
    candidate = _locked(candidate)
    if candidate.status != Candidate.Status.INFORMAL:
        raise InvalidInput("These nomination papers have already been delivered.")
    delivered_at = _now(delivered_at)
    deadlines = sel.nomination_deadlines(candidate.area.election)
    if delivered_at > deadlines.close_of_nominations:
        raise InvalidInput(
            "Nomination papers must be delivered by "
            f"{timezone.localtime(deadlines.close_of_nominations):%-I%p on %A %-d %B %Y}".replace(
                "PM", "pm"
            ).replace("AM", "am")
            + "; these are too late."
        )
    candidate.status = Candidate.Status.DELIVERED
    candidate.delivered_at = delivered_at
    candidate.save(update_fields=["status", "delivered_at"])
    _check(candidate, now=delivered_at)
    _audit(candidate, "candidate.delivered", acting_user=acting_user,
           before={"status": Candidate.Status.INFORMAL.value},
           after={"status": candidate.status, "delivered_at": delivered_at.isoformat()},
           reason=reason)  # fmt: skip
    return candidate


@transaction.atomic
def nomination_decide(
    *,
    candidate: Candidate,
    valid: bool,
    acting_user,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Candidate:
    """The Returning Officer's decision on a delivered nomination, with reasons.

    A nomination can be held valid only when nothing in `nomination_problems` remains;
    a nomination held invalid must say why (the reason is shown on the statement).
    """
    roles.require_role(acting_user, roles.MANAGE, "decide whether a nomination is valid")
    candidate = _locked(candidate)
    if candidate.status != Candidate.Status.DELIVERED:
        raise InvalidInput(
            f"Only delivered nominations awaiting a decision can be decided; this one is: "
            f"{candidate.get_status_display().lower()}."
        )
    reason = " ".join(reason.split())
    if valid:
        problems = sel.nomination_problems(candidate)
        if problems:
            raise InvalidInput("The nomination cannot be held valid: " + "; ".join(problems) + ".")
    elif not reason:
        raise InvalidInput("Give the reason the nomination is invalid.")
    before = candidate.status
    candidate.status = Candidate.Status.VALID if valid else Candidate.Status.INVALID
    candidate.decision_reason = reason
    candidate.decided_at = _now(now)
    candidate.decided_by = acting_user
    candidate.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    _audit(
        candidate,
        "candidate.nomination_valid" if valid else "candidate.nomination_invalid",
        acting_user=acting_user,
        before={"status": before},
        after={"status": candidate.status, "decision_reason": reason},
        reason=reason,
    )
    return candidate


@transaction.atomic
def nomination_withdraw(
    *, candidate: Candidate, acting_user, at: dt.datetime | None = None, reason: str = ""
) -> Candidate:
    """Record a notice of withdrawal, which must be delivered by the withdrawal deadline
    (4pm on the last day for nominations at UK Parliamentary and local polls)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record a withdrawal")
    candidate = _locked(candidate)
    if candidate.status in (Candidate.Status.WITHDRAWN, Candidate.Status.INVALID):
        raise InvalidInput("This candidate no longer stands nominated.")
    at = _now(at)
    deadline = sel.nomination_deadlines(candidate.area.election).withdrawals
    if at > deadline:
        raise InvalidInput(
            "The time for withdrawals has passed; the candidate stays on the ballot."
        )
    before = candidate.status
    candidate.status = Candidate.Status.WITHDRAWN
    candidate.withdrawn_at = at
    candidate.save(update_fields=["status", "withdrawn_at"])
    _audit(candidate, "candidate.withdrawn", acting_user=acting_user, before={"status": before},
           after={"status": candidate.status, "withdrawn_at": at.isoformat()},
           reason=reason)  # fmt: skip
    return candidate


@transaction.atomic
def objection_make(
    *,
    candidate: Candidate,
    objector: str,
    grounds: str,
    acting_user,
    made_at: dt.datetime | None = None,
) -> Objection:
    """Record an objection to a nomination paper (for the Returning Officer to decide)."""
    roles.require_role(acting_user, roles.EDIT_DATA, "record an objection")
    objector, grounds = " ".join(objector.split()), grounds.strip()
    if not objector or not grounds:
        raise InvalidInput("Enter who objects and the grounds of the objection.")
    candidate = _locked(candidate)
    if candidate.status not in (Candidate.Status.DELIVERED, Candidate.Status.VALID):
        raise InvalidInput("Objections can be made only to a delivered nomination.")
    objection = Objection.objects.create(
        candidate=candidate, objector=objector, grounds=grounds, made_at=_now(made_at)
    )
    _audit(candidate, "candidate.objection_made", acting_user=acting_user,
           after={"objection": objection.pk, "objector": objector, "grounds": grounds})  # fmt: skip
    return objection


@transaction.atomic
def objection_decide(
    *, objection: Objection, upheld: bool, reason: str, acting_user, now: dt.datetime | None = None
) -> Objection:
    """The Returning Officer's decision on an objection. Upheld: the nomination is invalid."""
    roles.require_role(acting_user, roles.MANAGE, "decide an objection")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.decision != Objection.Decision.PENDING:
        raise InvalidInput("This objection has already been decided.")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Give the reasons for the decision on the objection.")
    now = _now(now)
    objection.decision = Objection.Decision.UPHELD if upheld else Objection.Decision.DISMISSED
    objection.decision_reason = reason
    objection.decided_at = now
    objection.save(update_fields=["decision", "decision_reason", "decided_at"])
    candidate = _locked(objection.candidate)
    if upheld:
        before = candidate.status
        candidate.status = Candidate.Status.INVALID
        candidate.decision_reason = reason
        candidate.decided_at = now
        candidate.decided_by = acting_user
        candidate.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
        status_change = {"before": before, "after": candidate.status}
    else:
        status_change = None
    _audit(candidate, f"candidate.objection_{objection.decision}", acting_user=acting_user,
           after={"objection": objection.pk, "decision": objection.decision,
                  "status": status_change}, reason=reason)  # fmt: skip
    return objection


# --- uncontested returns -----------------------------------------------------------------


@transaction.atomic
def uncontested_declare(
    *, area: ContestedArea, acting_user, now: dt.datetime | None = None, reason: str = ""
) -> UncontestedReturn:
    """Declare elected those standing nominated where there are no more of them than seats;
    no poll is then taken for this ballot."""
    roles.require_role(acting_user, roles.MANAGE, "declare an uncontested result")
    area = ContestedArea.objects.select_for_update().select_related("election").get(pk=area.pk)
    now = _now(now)
    if UncontestedReturn.objects.filter(area=area).exists():
        raise InvalidInput(f"{area.name} has already been declared uncontested.")
    if now <= sel.nomination_deadlines(area.election).withdrawals:
        raise InvalidInput("Wait until the time for nominations and withdrawals has passed.")
    candidates = list(Candidate.objects.select_for_update().filter(area=area))
    undecided = [c for c in candidates if c.status in (Candidate.Status.INFORMAL,
                                                        Candidate.Status.DELIVERED)]  # fmt: skip
    delivered_undecided = [c for c in undecided if c.status == Candidate.Status.DELIVERED]
    if delivered_undecided:
        raise InvalidInput("Decide every delivered nomination first.")
    if Objection.objects.filter(candidate__area=area, decision=Objection.Decision.PENDING).exists():
        raise InvalidInput("Decide every objection first.")
    standing = [c for c in candidates if c.status == Candidate.Status.VALID]
    if not rules.is_uncontested(len(standing), area.seats):
        raise InvalidInput(
            f"{len(standing)} candidates stand nominated for {area.seats} "
            f"seat{'s' if area.seats != 1 else ''}: the election is contested."
        )
    for candidate in standing:
        candidate.elected_unopposed = True
    Candidate.objects.bulk_update(standing, ["elected_unopposed"])
    result = UncontestedReturn.objects.create(
        area=area, declared_at=now, seats_unfilled=area.seats - len(standing)
    )
    audit(
        acting_user=acting_user,
        action="election.uncontested_declared",
        object_type="election",
        object_id=area.election_id,
        object_repr=area.ballot_id,
        after={
            "ballot_id": area.ballot_id,
            "elected": [c.ballot_name for c in sel.in_ballot_order(standing)],
            "seats_unfilled": result.seats_unfilled,
        },
        reason=reason,
    )
    return result
