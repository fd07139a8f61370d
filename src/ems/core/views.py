"""Sign-in, the audit trail and job progress pages."""

from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import roles, selectors
from .forms import AuditFilterForm
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
