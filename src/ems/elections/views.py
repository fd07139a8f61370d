"""Election pages: list and set up polls, the timetable (page and ICS), the plan and risks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ems.core import roles
from ems.core.errors import EmsError
from ems.core.views import require_view

from . import selectors, services
from .formats.ics import timetable_ics
from .forms import ElectionCreateForm, RiskForm, TaskUpdateForm
from .models import Election, PlanTask

NAV = "elections"


def _election_or_404(pk: int) -> Election:
    try:
        return selectors.election_get(pk)
    except Election.DoesNotExist:
        raise Http404("No such election") from None


def election_list(request):
    require_view(request)
    return render(
        request,
        "elections/list.html",
        {
            "elections": selectors.election_list(),
            "may_create": roles.has_role(request.user, roles.MANAGE),
            "active_nav": NAV,
        },
    )


def election_create(request):
    require_view(request, roles.MANAGE)
    form = ElectionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        areas = [services.AreaSpec(ward=ward, seats=data["seats"]) for ward in data["wards"]]
        if data["division_name"]:
            areas.append(
                services.AreaSpec(division_name=data["division_name"], seats=data["seats"])
            )
        try:
            election = services.election_create(
                title=data["title"],
                election_type=data["election_type"],
                poll_date=data["poll_date"],
                country=data["country"],
                organisation=data["organisation"],
                by_election=data["by_election"],
                areas=areas,
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{election.title} ({election.election_id}) was set up.")
            return redirect("elections:detail", election.pk)
    return render(request, "elections/create.html", {"form": form, "active_nav": NAV})


def _reminder_days(request) -> int:
    try:
        return max(0, min(365, int(request.GET.get("within", selectors.DEFAULT_REMINDER_DAYS))))
    except ValueError:
        return selectors.DEFAULT_REMINDER_DAYS


def election_detail(request, pk: int):
    require_view(request)
    election = _election_or_404(pk)
    within = _reminder_days(request)
    today = timezone.localdate()
    return render(
        request,
        "elections/detail.html",
        {
            "election": election,
            "events": selectors.election_timetable(election),
            "alteration_notices": selectors.alteration_notices(election),
            "areas": election.areas.select_related("ward", "parish", "constituency"),
            "combined": selectors.combined_elections(election),
            "reminders": selectors.tasks_due(election, today=today, within_days=within),
            "within": within,
            "today": today,
            "active_nav": NAV,
        },
    )


def election_ics(request, pk: int):
    require_view(request)
    election = _election_or_404(pk)
    text = timetable_ics(
        election_id=election.election_id,
        title=election.title,
        events=selectors.election_timetable(election),
        stamp=timezone.now(),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{election.election_id}.ics"'
    return response


def plan(request, pk: int):
    require_view(request)
    election = _election_or_404(pk)
    return render(
        request,
        "elections/plan.html",
        {
            "election": election,
            "tasks": selectors.plan_tasks(election),
            "today": timezone.localdate(),
            "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
            "may_manage": roles.has_role(request.user, roles.MANAGE),
            "active_nav": NAV,
        },
    )


@require_POST
def plan_generate(request, pk: int):
    require_view(request, roles.MANAGE)
    election = _election_or_404(pk)
    try:
        created = services.plan_generate(election=election, acting_user=request.user)
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{len(created)} tasks were added from the timetable.")
    return redirect("elections:plan", election.pk)


def task_edit(request, pk: int, task_id: int):
    require_view(request, roles.EDIT_DATA)
    election = _election_or_404(pk)
    task = get_object_or_404(
        PlanTask.objects.select_related("owner"), pk=task_id, election=election
    )
    form = TaskUpdateForm(
        request.POST or None,
        initial={
            "status": task.status,
            "owner": task.owner_id,
            "due_date": task.due_date,
            "notes": task.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update(
                task=task,
                status=data["status"],
                owner=data["owner"],
                clear_owner=data["owner"] is None,
                due_date=data["due_date"],
                notes=data["notes"],
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"“{task.title}” was updated.")
            return redirect("elections:plan", election.pk)
    return render(
        request,
        "elections/task_edit.html",
        {"election": election, "task": task, "form": form, "active_nav": NAV},
    )


def risks(request, pk: int):
    require_view(request)
    election = _election_or_404(pk)
    may_manage = roles.has_role(request.user, roles.MANAGE)
    form = RiskForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.risk_add(election=election, acting_user=request.user, **form.cleaned_data)
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The risk was added to the register.")
                return redirect("elections:risks", election.pk)
    return render(
        request,
        "elections/risks.html",
        {
            "election": election,
            "risks": selectors.risk_register(election),
            "form": form,
            "active_nav": NAV,
        },
    )
