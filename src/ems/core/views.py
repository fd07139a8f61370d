"""Sign-in, the audit trail and job progress pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import privacy, roles, selectors, services
from .errors import EmsError
from .forms import AuditFilterForm, CouncilForm, UserCreateForm, UserForm
from .models import Job


def require_view(request, allowed=roles.VIEW_DATA) -> None:
    """Pages showing electoral data need a data role (Administrators manage users only)."""
    if not roles.has_role(request.user, allowed):
        raise PermissionDenied


class SignInView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


def audit_list(request):
    require_view(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events.select_related(None), 50).get_page(request.GET.get("page"))
    page.object_list = privacy.redact_events(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_list.html",
        {"filter_form": form, "page": page, "query": query.urlencode(), "active_nav": "audit"},
    )


def job_detail(request, job_id: int):
    require_view(request)
    job = get_object_or_404(Job, pk=job_id)
    template = (
        "core/_job_progress.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    )
    return render(request, template, {"job": job})


def council_detail(request):
    require_view(request)
    council = selectors.council_get()
    form = None
    if roles.has_role(request.user, roles.MANAGE):
        form = CouncilForm(request.POST or None, instance=council)
        if request.method == "POST" and form.is_valid():
            try:
                services.council_save(acting_user=request.user, **form.cleaned_data)
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The council's details have been saved.")
                return redirect("core:council")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "core/council.html", {"council": council, "form": form})


def _role_items(form) -> list[dict]:
    """govukCheckboxes items for the roles field, each with what the role may do."""
    chosen = {str(v) for v in (form["roles"].value() or [])}
    return [
        {"value": value, "text": text, "checked": value in chosen,
         "hint": {"text": roles.DESCRIPTIONS[roles.Role(value)]}}
        for value, text in form.fields["roles"].choices
    ]  # fmt: skip


def user_list(request):
    require_view(request, roles.MANAGE_USERS)
    grantable = roles.grantable_roles(roles.roles_of(request.user))
    form = UserCreateForm(request.POST or None, grantable=grantable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_create(
                username=data["username"],
                password=data["password"],
                roles_held=data["roles"],
                full_name=data["full_name"],
                email=data["email"],
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("username", str(exc))
        else:
            messages.success(request, f"User {data['username']} created.")
            return redirect("core:users")
    users = list(User.objects.order_by("username").prefetch_related("groups"))
    granter = roles.roles_of(request.user)
    changeable = {
        u.pk for u in users
        if u != request.user and roles.may_change_account(granter, _held(u), _held(u))
    }  # fmt: skip
    return render(
        request,
        "core/users.html",
        {"users": users, "changeable": changeable, "form": form,
         "role_items": _role_items(form), "active_nav": "users"},
    )  # fmt: skip


def _held(user: User) -> set[roles.Role]:
    """The roles an account holds (switched on or not), from its prefetched groups."""
    names = {g.name for g in user.groups.all()}
    return {r for r in roles.Role if r.value in names}


def user_edit(request, user_id: int):
    """One user's roles, name and email address; its two-factor sign-in can be reset here."""
    require_view(request, roles.MANAGE_USERS)
    user = get_object_or_404(User, pk=user_id)
    granter = roles.roles_of(request.user)
    held = _held(user)
    may_change = user != request.user and roles.may_change_account(granter, held, held)
    initial = {"full_name": user.get_full_name(), "email": user.email,
               "roles": [r.value for r in held]}  # fmt: skip
    data = request.POST if request.method == "POST" and "save" in request.POST else None
    form = UserForm(data, initial=initial, grantable=roles.grantable_roles(granter))
    if request.method == "POST":
        try:
            if "reset_two_factor" in request.POST:
                services.two_factor_reset(user=user, acting_user=request.user)
                messages.success(request, f"{user.username} will set up two-factor sign-in again.")
                return redirect("core:user", user.pk)
            if form.is_valid():
                services.user_update(
                    user=user, roles_held=form.cleaned_data["roles"],
                    full_name=form.cleaned_data["full_name"], email=form.cleaned_data["email"],
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(request, f"{user.username}'s account was saved.")
                return redirect("core:users")
        except EmsError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "core/user_edit.html",
        {"account": user, "held": sorted(r.value for r in held), "form": form,
         "role_items": _role_items(form), "may_change": may_change,
         "two_factor": selectors.two_factor_device(user) is not None, "active_nav": "users"},
    )  # fmt: skip


@require_POST
def user_toggle_active(request, user_id: int):
    require_view(request, roles.MANAGE_USERS)
    user = get_object_or_404(User, pk=user_id)
    try:
        services.user_set_active(user=user, active=not user.is_active, acting_user=request.user)
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        state = "switched on" if user.is_active else "switched off"
        messages.success(request, f"{user.username}'s account is {state}.")
    return redirect("core:users")
