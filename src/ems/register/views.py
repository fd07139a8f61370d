"""Register pages: find an elector, see their entry, correct it, import a register file.

Dates of birth are personal data held for registration, never published. Read-only
users (who look up entries but never change them) do not see them and cannot
search by them; officers and managers can. Anonymous entries (RPA 1983 s9B) are for
officers and managers only: others never find them, and their page shows the elector number
and "Anonymous entry"; each look at one by an officer or manager is audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ems.core import privacy, roles
from ems.core.errors import EditConflict, EmsError
from ems.core.uploads import import_job_start
from ems.core.views import require_view

from . import selectors
from .forms import ElectorEditForm, ElectorSearchForm, RegisterImportForm
from .models import Elector
from .services import elector_update

SEARCH_LIMIT = 50


def _may_see_date_of_birth(user) -> bool:
    return roles.has_role(user, roles.EDIT_DATA)


def search(request):
    require_view(request)
    may_see_dob = _may_see_date_of_birth(request.user)
    form = ElectorSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.has_terms():
        data = form.cleaned_data
        results = selectors.elector_search(
            query=data["q"],
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"],
            include_deleted=data["include_deleted"],
            use_date_of_birth=may_see_dob,
            include_anonymous=privacy.may_see_anonymous(request.user),
            limit=SEARCH_LIMIT,
        )
    context = {
        "search_form": form,
        "results": results,
        "limit": SEARCH_LIMIT,
        "may_see_dob": may_see_dob,
        "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
        "may_import": roles.has_role(request.user, roles.MANAGE),
        "active_nav": "register",
    }
    if request.headers.get("HX-Request"):
        return render(request, "register/_results.html", context)
    return render(request, "register/search.html", context)


def _elector_or_404(elector_id: int) -> Elector:
    try:
        return selectors.elector_get(elector_id)
    except Elector.DoesNotExist:
        raise Http404("No elector with that reference") from None


def elector_detail(request, elector_id: int):
    require_view(request)
    elector = _elector_or_404(elector_id)
    if privacy.hidden_from(request.user, elector):
        return privacy.anonymous_entry_page(
            request,
            caption=f"Elector {elector.elector_number}",
            back_url=reverse("register:search"),
            back_text="Find an elector",
        )
    if privacy.is_anonymous(elector):
        privacy.audit_viewed(acting_user=request.user, object_type="elector", object_id=elector.pk)
    history = selectors.elector_history(elector)
    return render(
        request,
        "register/elector_detail.html",
        {
            "elector": elector,
            "markers": selectors.marker_meanings(elector.markers),
            "household": selectors.household(elector),
            "history": history,
            "may_see_dob": _may_see_date_of_birth(request.user),
            "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
            "active_nav": "register",
        },
    )


def _conflict_message(elector: Elector) -> str:
    last = selectors.elector_last_change(elector)
    if last is None:
        return "This entry was changed while you were editing. Reload to see the changes."
    at = timezone.localtime(last.at).strftime("%H:%M")
    return (
        f"This entry was changed by {last.actor} at {at} while you were editing. "
        "Reload to see the changes."
    )


def elector_edit(request, elector_id: int):
    if not roles.has_role(request.user, roles.EDIT_DATA):
        raise PermissionDenied
    elector = _elector_or_404(elector_id)
    if request.method == "GET" and privacy.is_anonymous(elector):
        privacy.audit_viewed(acting_user=request.user, object_type="elector", object_id=elector.pk)
    conflict = False
    if request.method == "POST":
        form = ElectorEditForm(request.POST)
        if form.is_valid():
            changes = form.changes(elector)
            if not changes:
                messages.info(request, "Nothing was changed.")
                return redirect("register:elector", elector.pk)
            try:
                elector_update(
                    elector=elector,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                    acting_user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except EditConflict:
                conflict = True
                form.add_error(None, _conflict_message(elector))
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{elector.elector_number} was updated.")
                return redirect("register:elector", elector.pk)
    else:
        form = ElectorEditForm(
            initial={name: getattr(elector, name) for name in ElectorEditForm.EDITABLE}
            | {"version": elector.version}
        )
    return render(
        request,
        "register/elector_edit.html",
        {"elector": elector, "form": form, "conflict": conflict, "active_nav": "register"},
    )


def register_import(request):
    require_view(request, roles.MANAGE)
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                upload,
                purpose="register",
                job_kind="register.import",
                title=f"Import register from {upload.name}",
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("core:job", job.pk)
    return render(request, "register/import.html", {"form": form, "active_nav": "register"})
