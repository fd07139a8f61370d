"""Nomination pages: the ballots of an election, the candidates of a ballot, one candidate's
papers (subscribers, checks, consent, deposit, agent, decision, withdrawal, objections),
the statement of persons nominated, notice of poll and ballot paper proof as PDFs, and the
register of political parties."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ems.core import roles
from ems.core.errors import EmsError
from ems.core.uploads import upload_kept
from ems.core.views import require_view

from . import nominations as svc
from . import nominations_selectors as sel
from . import selectors
from .formats.ballot_paper_pdf import ballot_paper_pdf
from .formats.notice_of_poll_pdf import notice_of_poll_pdf
from .formats.sopn_pdf import sopn_pdf
from .forms_nominations import (
    AgentForm,
    CandidateForm,
    CheckForm,
    ConsentForm,
    DecisionForm,
    DepositForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PartiesUploadForm,
    SubscribersForm,
    WhenForm,
)
from .models import Candidate, ContestedArea, Election, Objection
from .rules.nominations import NominationRulesError

NAV = "elections"


def _election(pk: int) -> Election:
    try:
        return selectors.election_get(pk)
    except Election.DoesNotExist:
        raise Http404("No such election") from None


def _area(election: Election, area_id: int) -> ContestedArea:
    try:
        return sel.area_get(election, area_id)
    except ContestedArea.DoesNotExist:
        raise Http404("No such ballot") from None


def _rules(election: Election):
    try:
        return sel.election_rules(election)
    except NominationRulesError:
        return None


def _when(moment) -> str:
    local = timezone.localtime(moment)
    hour = local.strftime("%-I:%M%p").replace(":00", "").lower()
    return f"{hour} on {local:%A %-d %B %Y}"


def nominations(request, pk: int):
    require_view(request)
    election = _election(pk)
    deadlines = sel.nomination_deadlines(election)
    return render(
        request,
        "elections/nominations/index.html",
        {
            "election": election,
            "areas": sel.areas_with_counts(election),
            "rules": _rules(election),
            "deadlines": deadlines,
            "close_text": _when(deadlines.close_of_nominations),
            "active_nav": NAV,
        },
    )


def area(request, pk: int, area_id: int):
    require_view(request)
    election = _election(pk)
    ballot = _area(election, area_id)
    may_edit = roles.has_role(request.user, roles.EDIT_DATA)
    form = CandidateForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                candidate = svc.candidate_add(
                    area=ballot, acting_user=request.user, **form.cleaned_data
                )
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, f"Nomination papers for {candidate.ballot_name} recorded."
                )
                return redirect("elections:nomination_candidate", election.pk, candidate.pk)
    statement = sel.statement_of_persons_nominated(ballot) if _rules(election) else None
    return render(
        request,
        "elections/nominations/area.html",
        {
            "election": election,
            "area": ballot,
            "candidates": sel.area_candidates(ballot),
            "statement": statement,
            "rules": _rules(election),
            "form": form,
            "may_manage": roles.has_role(request.user, roles.MANAGE),
            "uncontested_return": getattr(ballot, "uncontested_return", None),
            "active_nav": NAV,
        },
    )


@require_POST
def declare_uncontested(request, pk: int, area_id: int):
    require_view(request, roles.MANAGE)
    election = _election(pk)
    ballot = _area(election, area_id)
    try:
        svc.uncontested_declare(area=ballot, acting_user=request.user)
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{ballot.name} was declared uncontested: no poll will be taken.")
    return redirect("elections:nomination_area", election.pk, ballot.pk)


# The actions on a candidate's page: (form class, role needed, service call).
def _act_subscribers(request, candidate, data):
    results = svc.subscribers_set(
        candidate=candidate, lines=data["lines"], acting_user=request.user
    )
    bad = sum(1 for r in results if r.problems)
    return (
        f"Subscribers recorded and checked: {bad} with problems."
        if bad
        else ("Subscribers recorded and checked against the register: no problems.")
    )


def _act_recheck(request, candidate, data):
    svc.subscribers_check(candidate=candidate, acting_user=request.user)
    return "Subscribers checked against the register again."


def _act_check(request, candidate, data):
    svc.check_record(candidate=candidate, acting_user=request.user, **data)
    return "Check recorded."


def _act_consent(request, candidate, data):
    svc.consent_record(candidate=candidate, given_on=data["given_on"], acting_user=request.user)
    return "Consent to nomination recorded."


def _act_deliver(request, candidate, data):
    svc.nomination_deliver(
        candidate=candidate,
        delivered_at=data["at"],
        reason=data["reason"],
        acting_user=request.user,
    )
    return "Delivery of the nomination papers recorded."


def _act_deposit(request, candidate, data):
    pence = int((data["amount"] * Decimal(100)).to_integral_value())
    svc.deposit_receive(
        candidate=candidate, amount_pence=pence, received_at=data["at"], acting_user=request.user
    )
    return "Deposit recorded as received."


def _act_agent(request, candidate, data):
    svc.agent_appoint(candidate=candidate, acting_user=request.user, **data)
    return "Agent recorded."


def _act_decide(request, candidate, data):
    decided = svc.nomination_decide(
        candidate=candidate, valid=data["valid"], reason=data["reason"], acting_user=request.user
    )
    return f"Nomination {decided.get_status_display().lower()}."


def _act_withdraw(request, candidate, data):
    svc.nomination_withdraw(
        candidate=candidate, at=data["at"], reason=data["reason"], acting_user=request.user
    )
    return "Withdrawal recorded."


def _act_object(request, candidate, data):
    svc.objection_make(candidate=candidate, acting_user=request.user, **data)
    return "Objection recorded for the Returning Officer to decide."


def _act_decide_objection(request, candidate, data):
    try:
        objection = candidate.objections.get(pk=data["objection"])
    except Objection.DoesNotExist:
        raise Http404("No such objection") from None
    svc.objection_decide(
        objection=objection, upheld=data["upheld"], reason=data["reason"], acting_user=request.user
    )
    return "Decision on the objection recorded."


ACTIONS = {
    "subscribers": (SubscribersForm, roles.EDIT_DATA, _act_subscribers),
    "recheck": (None, roles.EDIT_DATA, _act_recheck),
    "check": (CheckForm, roles.EDIT_DATA, _act_check),
    "consent": (ConsentForm, roles.EDIT_DATA, _act_consent),
    "deliver": (WhenForm, roles.EDIT_DATA, _act_deliver),
    "deposit": (DepositForm, roles.EDIT_DATA, _act_deposit),
    "agent": (AgentForm, roles.EDIT_DATA, _act_agent),
    "decide": (DecisionForm, roles.MANAGE, _act_decide),
    "withdraw": (WhenForm, roles.EDIT_DATA, _act_withdraw),
    "object": (ObjectionForm, roles.EDIT_DATA, _act_object),
    "decide_objection": (ObjectionDecisionForm, roles.MANAGE, _act_decide_objection),
}


def candidate(request, pk: int, candidate_id: int):
    require_view(request)
    election = _election(pk)
    try:
        person = sel.candidate_get(candidate_id)
    except Candidate.DoesNotExist:
        raise Http404("No such candidate") from None
    if person.area.election_id != election.pk:
        raise Http404("No such candidate")
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {
        "deliver": {"at": now.strftime("%d/%m/%Y %H:%M")},
        "withdraw": {"at": now.strftime("%d/%m/%Y %H:%M")},
        "deposit": {"at": now.strftime("%d/%m/%Y %H:%M")},
        "agent": {"appointed_on": now.strftime("%d/%m/%Y")},
        "subscribers": {
            "lines": "\n".join(
                f"{s.elector_number}, {s.name}".rstrip(", ") for s in person.subscribers.all()
            )
        },
    }
    forms = {
        name: form_class(prefix=name, initial=initial.get(name))
        for name, (form_class, _role, _act) in ACTIONS.items()
        if form_class
    }
    failed = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404("No such action")
        form_class, role, act = ACTIONS[action]
        require_view(request, role)
        form = form_class(request.POST, prefix=action) if form_class else None
        if form is None or form.is_valid():
            try:
                message = act(request, person, form.cleaned_data if form else {})
            except EmsError as exc:
                if form is None:
                    messages.error(request, str(exc))
                    return redirect("elections:nomination_candidate", election.pk, person.pk)
                form.add_error(None, str(exc))
            else:
                messages.success(request, message)
                return redirect("elections:nomination_candidate", election.pk, person.pk)
        forms[action] = form
        failed = form
    poll_rules = _rules(election)
    return render(
        request,
        "elections/nominations/candidate.html",
        {
            "election": election,
            "area": person.area,
            "c": person,
            "rules": poll_rules,
            "problems": sel.nomination_problems(person) if poll_rules else [],
            "checklist": sel.CHECKLIST,
            "checks": {check.item: check for check in person.checks.all()},
            "forms": forms,
            "form": failed,  # the layout titles the page "Error: ..." when this has errors
            "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
            "may_manage": roles.has_role(request.user, roles.MANAGE),
            "active_nav": NAV,
        },
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _statement(request, pk: int, area_id: int):
    require_view(request)
    election = _election(pk)
    ballot = _area(election, area_id)
    if _rules(election) is None:
        raise Http404("This election has no candidate nominations")
    return ballot, sel.statement_of_persons_nominated(ballot)


def sopn(request, pk: int, area_id: int):
    ballot, statement = _statement(request, pk, area_id)
    pdf = sopn_pdf(statement, dated=timezone.localdate())
    return _pdf(pdf, f"sopn-{ballot.ballot_id}.pdf")


def notice_of_poll(request, pk: int, area_id: int):
    ballot, statement = _statement(request, pk, area_id)
    pdf = notice_of_poll_pdf(
        statement,
        dated=timezone.localdate(),
        signatories=sel.notice_signatories(statement),
        stations=sel.polling_stations(ballot),
    )
    return _pdf(pdf, f"notice-of-poll-{ballot.ballot_id}.pdf")


def ballot_paper(request, pk: int, area_id: int):
    ballot, statement = _statement(request, pk, area_id)
    pdf = ballot_paper_pdf(statement, dated=timezone.localdate())
    return _pdf(pdf, f"ballot-paper-proof-{ballot.ballot_id}.pdf")


def parties(request):
    require_view(request)
    may_manage = roles.has_role(request.user, roles.MANAGE)
    form = PartiesUploadForm(request.POST or None, request.FILES or None) if may_manage else None
    errors: list[str] = []
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with upload_kept(upload, purpose="parties") as path:
                    summary = svc.parties_import(
                        path=path, acting_user=request.user, display_name=upload.name
                    )
            except EmsError as exc:
                form.add_error("file", str(exc))
                errors = [str(e) for e in getattr(exc, "errors", [])]
            else:
                messages.success(
                    request,
                    f"{summary['parties_added']} parties added, {summary['parties_updated']} "
                    f"updated; {summary['descriptions_added']} descriptions and "
                    f"{summary['emblems_added']} emblems added.",
                )
                return redirect("elections:parties")
    return render(
        request,
        "elections/nominations/parties.html",
        {"parties": sel.parties(), "form": form, "errors": errors[:200], "active_nav": NAV},
    )
