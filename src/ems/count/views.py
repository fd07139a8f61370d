"""Count pages: verification, results entry, declaration (staff) and published results
(public, no sign-in)."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ems.core import roles
from ems.core.errors import EmsError, ImportRejected
from ems.core.views import require_view
from ems.elections.models import ContestedArea, Election
from ems.elections.selectors import election_list as elections_all

from . import selectors, services
from .formats.results_export import contest_json, election_json, results_csv
from .formats.statements_pdf import declaration_html, pdf_bytes, verification_html
from .forms import AccountForm, BoxForm, CandidateForm, FptpResultForm, StvUploadForm, VerifyForm
from .models import BallotPaperAccount
from .records import result_from_record
from .results_files import sheet_html, write_csv
from .upload_files import ballot_upload_kept

NAV = "count"


def _contest_or_404(pk: int) -> ContestedArea:
    try:
        return selectors.contest_get(pk)
    except ContestedArea.DoesNotExist:
        raise Http404("No such contest") from None


def _download(content, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- staff pages -------------------------------------------------------------------------
def election_list(request):
    require_view(request)
    return render(
        request, "count/elections.html", {"elections": elections_all(), "active_nav": NAV}
    )


def election_contests(request, pk: int):
    require_view(request)
    election = get_object_or_404(Election.objects.select_related("polling_day"), pk=pk)
    contests = [
        (contest, selectors.current_result(contest), selectors.verification_totals(contest))
        for contest in selectors.contests_of(election)
    ]
    return render(
        request,
        "count/election.html",
        {"election": election, "contests": contests, "active_nav": NAV},
    )


def contest_detail(request, pk: int):
    require_view(request)
    contest = _contest_or_404(pk)
    may_edit = roles.has_role(request.user, roles.EDIT_DATA)
    stations = selectors.polling_stations_of(contest) if may_edit else []
    forms = {
        "candidate_form": CandidateForm(prefix="candidate"),
        "account_form": AccountForm(
            prefix="account", initial={"spoilt": 0, "tendered": 0}, stations=stations
        ),
        "box_form": BoxForm(prefix="box"),
    }
    failed = None
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        action = request.POST.get("action")
        try:
            if action == "candidate":
                failed = form = CandidateForm(request.POST, prefix="candidate")
                if form.is_valid():
                    services.candidate_add(
                        contest=contest, acting_user=request.user, **form.cleaned_data
                    )
                    messages.success(request, f"{form.cleaned_data['name']} was added.")
                    return redirect("count:contest", contest.pk)
            elif action == "account":
                failed = form = AccountForm(request.POST, prefix="account", stations=stations)
                if form.is_valid():
                    services.ballot_paper_account_save(
                        contest=contest, acting_user=request.user, **form.account_values()
                    )
                    messages.success(
                        request, f"The account for {form.cleaned_data['station']} was saved."
                    )
                    return redirect("count:contest", contest.pk)
            elif action == "nominations":
                outcome = services.candidates_from_nominations(
                    contest=contest, acting_user=request.user
                )
                messages.success(request, _nominations_message(outcome))
                return redirect("count:contest", contest.pk)
            elif action == "box":
                failed = form = BoxForm(request.POST, prefix="box")
                if form.is_valid():
                    services.ballot_box_check_in(
                        contest=contest, acting_user=request.user, **form.cleaned_data
                    )
                    messages.success(
                        request, f"Box {form.cleaned_data['box_number']} was checked in."
                    )
                    return redirect("count:contest", contest.pk)
            else:
                raise Http404("Unknown action")
        except EmsError as exc:
            if failed is None:
                messages.error(request, str(exc))
                return redirect("count:contest", contest.pk)
            failed.add_error(None, str(exc))
        forms[f"{action}_form"] = failed
    return render(
        request,
        "count/contest.html",
        {
            "contest": contest,
            "election": contest.election,
            "candidates": selectors.candidates_of(contest),
            "accounts": selectors.accounts_of(contest),
            "boxes": selectors.boxes_of(contest),
            "totals": selectors.verification_totals(contest),
            "history": selectors.result_history(contest),
            "may_edit": may_edit,
            "nominations_standing": selectors.nominations_standing(contest),
            "may_manage": roles.has_role(request.user, roles.MANAGE),
            "form": failed,
            "active_nav": NAV,
            **forms,
        },
    )


def _nominations_message(outcome: dict) -> str:
    parts = []
    if outcome["added"]:
        parts.append(f"{len(outcome['added'])} added")
    if outcome["updated"]:
        parts.append(f"{len(outcome['updated'])} updated")
    if outcome["unchanged"]:
        parts.append(f"{outcome['unchanged']} already in the count")
    text = "Candidates from the statement of persons nominated: " + ", ".join(parts) + "."
    if outcome["not_on_statement"]:
        text += " Not on the statement (kept): " + ", ".join(outcome["not_on_statement"]) + "."
    return text


def account_verify(request, pk: int, account_id: int):
    require_view(request, roles.EDIT_DATA)
    contest = _contest_or_404(pk)
    account = get_object_or_404(BallotPaperAccount, pk=account_id, contest=contest)
    initial = {
        "verified_count": account.verified_count,
        "explanation": account.discrepancy_explanation,
    }
    form = VerifyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_paper_account_verify(
                account=account,
                verified_count=form.cleaned_data["verified_count"],
                explanation=form.cleaned_data["explanation"],
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("explanation", str(exc))
        else:
            messages.success(request, f"The account for {account.station} was verified.")
            return redirect("count:contest", contest.pk)
    return render(
        request,
        "count/verify.html",
        {"contest": contest, "account": account, "form": form, "active_nav": NAV},
    )


def verification_pdf(request, pk: int):
    require_view(request)
    contest = _contest_or_404(pk)
    page = verification_html(
        contest, list(selectors.accounts_of(contest)), selectors.verification_totals(contest)
    )
    return _download(pdf_bytes(page), f"verification-{contest.ballot_id}.pdf", "application/pdf")


def result_enter(request, pk: int):
    require_view(request, roles.EDIT_DATA)
    contest = _contest_or_404(pk)
    candidates = list(selectors.candidates_of(contest))
    form = FptpResultForm(request.POST or None, candidates=candidates, seats=contest.seats)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.fptp_result_enter(
                contest=contest,
                votes=form.votes(),
                valid_papers=form.cleaned_data["valid_papers"],
                rejected=form.rejected(),
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            text = f"Version {result.version} of the result was recorded."
            if result.lot:
                chosen = ", ".join(result.lot["chosen"])
                text += f" There was a tie: decided by lot in favour of {chosen}."
            messages.success(request, text)
            return redirect("count:contest", contest.pk)
    return render(
        request,
        "count/result_enter.html",
        {"contest": contest, "form": form, "candidates": candidates, "active_nav": NAV},
    )


def stv_upload(request, pk: int):
    require_view(request, roles.EDIT_DATA)
    contest = _contest_or_404(pk)
    form = StvUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["ballot_file"]
        try:
            with ballot_upload_kept(upload, purpose="count") as path:
                result = services.stv_result_upload(
                    contest=contest,
                    path=path,
                    display_name=Path(upload.name).name,
                    rejected=form.rejected(),
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )
        except ImportRejected as exc:
            problems = [str(e) for e in exc.errors]
            form.add_error("ballot_file", str(exc))
        except EmsError as exc:
            form.add_error("ballot_file", str(exc))
        else:
            messages.success(request, f"The count was recorded as version {result.version}.")
            return redirect("count:contest", contest.pk)
    return render(
        request,
        "count/stv_upload.html",
        {"contest": contest, "form": form, "problems": problems, "active_nav": NAV},
    )


@require_POST
def result_declare(request, pk: int):
    require_view(request, roles.MANAGE)
    contest = _contest_or_404(pk)
    try:
        services.result_declare(contest=contest, acting_user=request.user)
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The result of {contest.name} was declared and published.")
    return redirect("count:contest", contest.pk)


def declaration_pdf(request, pk: int):
    require_view(request)
    contest = _contest_or_404(pk)
    result = selectors.current_result(contest)
    if result is None:
        raise Http404("No result yet")
    page = declaration_html(contest, result)
    return _download(pdf_bytes(page), f"declaration-{contest.ballot_id}.pdf", "application/pdf")


def _stage_sheet(result, kind: str, filename: str) -> HttpResponse:
    if not result.count_record:
        raise Http404("No stage sheet for this result")
    outcome = result_from_record(result.count_record)
    if kind == "pdf":
        return _download(pdf_bytes(sheet_html(outcome)), f"{filename}.pdf", "application/pdf")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stages.csv"
        write_csv(outcome, path)
        return _download(path.read_bytes(), f"{filename}.csv", "text/csv; charset=utf-8")


def stage_sheet(request, pk: int, version: int, kind: str):
    require_view(request)
    if kind not in ("csv", "pdf"):
        raise Http404("Unknown file")
    contest = _contest_or_404(pk)
    result = get_object_or_404(contest.results, version=version)
    return _stage_sheet(result, kind, f"stages-{contest.ballot_id}-v{version}")


# --- public results (no sign-in) ---------------------------------------------------------
def _public_election(election_id: str) -> Election:
    try:
        return selectors.election_by_identifier(election_id)
    except Election.DoesNotExist:
        raise Http404("No such election") from None


def _public_contest(election_id: str, ballot_id: str):
    election = _public_election(election_id)
    try:
        contest = selectors.contest_by_ballot_id(election, ballot_id)
    except ContestedArea.DoesNotExist:
        raise Http404("No such contest") from None
    result = selectors.declared_result(contest)
    if result is None:
        raise Http404("The result has not been declared")
    return election, contest, result


@login_not_required
def public_elections(request):
    return render(
        request,
        "count/public_list.html",
        {"elections": selectors.elections_with_declared_results()},
    )


@login_not_required
def public_election(request, election_id: str):
    election = _public_election(election_id)
    declared = selectors.declared_results_of(election)
    rows = [(c, r, selectors.result_rows(r), selectors.turnout(r)) for c, r in declared]
    return render(
        request,
        "count/public_election.html",
        {
            "election": election,
            "declared": rows,
            "undeclared": selectors.contests_of(election).count() - len(declared),
        },
    )


@login_not_required
def public_election_file(request, election_id: str, kind: str):
    if kind not in ("csv", "json"):
        raise Http404("Unknown file")
    election = _public_election(election_id)
    declared = selectors.declared_results_of(election)
    if kind == "json":
        body = json.dumps(election_json(election, declared), ensure_ascii=False, indent=1)
        return _download(body, f"{election.election_id}.json", "application/json", inline=True)
    return _download(
        results_csv(election, declared), f"{election.election_id}.csv", "text/csv; charset=utf-8"
    )


@login_not_required
def public_contest(request, election_id: str, ballot_id: str):
    election, contest, result = _public_contest(election_id, ballot_id)
    return render(
        request,
        "count/public_contest.html",
        {
            "election": election,
            "contest": contest,
            "result": result,
            "rows": selectors.result_rows(result),
            "turnout": selectors.turnout(result),
        },
    )


@login_not_required
def public_contest_file(request, election_id: str, ballot_id: str, kind: str):
    files = {
        "results.json": "json",
        "results.csv": "csv",
        "declaration.pdf": "declaration",
        "stages.csv": "stages-csv",
        "stages.pdf": "stages-pdf",
    }
    if kind not in files:
        raise Http404("Unknown file")
    kind = files[kind]
    election, contest, result = _public_contest(election_id, ballot_id)
    if kind == "json":
        body = json.dumps(
            {"election_id": election.election_id, **contest_json(contest, result)},
            ensure_ascii=False,
            indent=1,
        )
        return _download(body, f"{contest.ballot_id}.json", "application/json", inline=True)
    if kind == "csv":
        return _download(
            results_csv(election, [(contest, result)]),
            f"{contest.ballot_id}.csv",
            "text/csv; charset=utf-8",
        )
    if kind == "declaration":
        page = declaration_html(contest, result)
        return _download(pdf_bytes(page), f"declaration-{contest.ballot_id}.pdf", "application/pdf")
    if kind in ("stages-csv", "stages-pdf"):
        return _stage_sheet(result, kind.removeprefix("stages-"), f"stages-{contest.ballot_id}")
    raise Http404("Unknown file")
