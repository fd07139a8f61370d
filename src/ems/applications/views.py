"""Applications pages: queues, one application (matching, verification, objections,
determination), paper applications and letters. Views stay thin: services do the work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ems.core import privacy, roles
from ems.core.errors import EmsError
from ems.core.selectors import object_history
from ems.core.uploads import import_job_start
from ems.core.views import require_view
from ems.gazetteer.models import Property

from . import selectors, services
from .forms import (
    BatchUploadForm,
    DetermineForm,
    NewAddressForm,
    ObjectionForm,
    PaperApplicationForm,
    VerifyForm,
)
from .models import Application, Letter
from .rules.eligibility import nationality_names


def index(request):
    require_view(request)
    return render(
        request,
        "applications/index.html",
        {
            "queues": selectors.queue_counts(),
            "batches": selectors.batches()[:20],
            "active_nav": "applications",
        },
    )


def queue(request, name: str):
    require_view(request)
    if name not in selectors.QUEUES:
        raise Http404
    page = Paginator(selectors.queue(name), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/queue.html",
        {
            "name": name,
            "label": selectors.QUEUE_LABELS[name],
            "page": page,
            "active_nav": "applications",
        },
    )


@require_POST
def close_duplicates(request):
    require_view(request, roles.EDIT_DATA)
    ids = [int(i) for i in request.POST.getlist("application") if i.isdigit()]
    try:
        counts = services.applications_close_duplicates(
            applications=Application.objects.filter(pk__in=ids), acting_user=request.user
        )
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"{counts['duplicate']} closed as duplicates, {counts['address_change']} closed as "
            f"changes of address, {counts['left_open']} left open.",
        )
    return redirect("applications:queue", "duplicates")


def _forms(request, action):
    post = request.POST if request.method == "POST" else None
    return {
        "verify_form": VerifyForm(post if action == "verify" else None),
        "determine_form": DetermineForm(post if action == "determine" else None),
        "address_form": NewAddressForm(post if action == "new_address" else None),
        "objection_form": ObjectionForm(post if action == "objection" else None),
    }


def _act(request, app: Application, action: str, forms: dict) -> str | None:
    """Run one action from the application page; returns the success message."""
    user = request.user
    if action == "confirm_property":
        prop = get_object_or_404(Property, pk=request.POST.get("uprn") or 0)
        services.application_confirm_property(application=app, property=prop, acting_user=user)
        return f"Address confirmed: {prop}."
    if action == "request_evidence":
        services.application_request_evidence(application=app, acting_user=user)
        return "Evidence requested: the letter is ready to print."
    if action == "acknowledge":
        services.letter_generate(
            application=app, kind=Letter.Kind.ACKNOWLEDGEMENT, acting_user=user
        )
        return "Acknowledgement letter created."
    form_key = {
        "verify": "verify_form",
        "determine": "determine_form",
        "new_address": "address_form",
        "objection": "objection_form",
    }.get(action)
    if form_key is None:
        raise EmsError("Unknown action.")
    form = forms[form_key]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "verify":
        services.application_verify(application=app, acting_user=user, **data)
        return "Identity verification recorded."
    if action == "new_address":
        services.property_add_for_application(application=app, acting_user=user, **data)
        return "The new address was added to the gazetteer and confirmed."
    if action == "objection":
        services.objection_add(application=app, acting_user=user, **data)
        return "Objection recorded."
    approve = data["decision"] == "approve"
    services.application_determine(
        application=app, approve=approve, reason=data["reason"], acting_user=user
    )
    return (
        "Application approved: the register entry is pending addition."
        if approve
        else ("Application rejected.")
    )


def application_detail(request, pk: int):
    require_view(request)
    try:
        app = selectors.application_get(pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    if privacy.hidden_from(request.user, app):
        return privacy.anonymous_entry_page(
            request,
            caption=f"Application {app.reference}",
            back_url=reverse("applications:index"),
            back_text="Applications",
        )
    if app.anonymous and request.method == "GET":
        privacy.audit_viewed(acting_user=request.user, object_type="application", object_id=app.pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _forms(request, action)
    error = None
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        try:
            done = _act(request, app, action, forms)
        except EmsError as exc:
            error = str(exc)
        else:
            if done:
                messages.success(request, done)
                return redirect("applications:detail", app.pk)
    decision = services.decision_for(app) if app.is_open else None
    dates = selectors.statutory_dates(app)
    return render(
        request,
        "applications/detail.html",
        {
            "app": app,
            "nationality": nationality_names(app.nationality_codes),
            "candidates": selectors.candidates(app) if app.is_open and not app.property else [],
            "dates": dates,
            "queue_label": selectors.QUEUE_LABELS[dates["queue"]],
            "decision": decision,
            "letters": list(app.letters.defer("pdf")),
            "objections": list(app.objections.all()),
            "history": object_history("application", app.pk)[:50],
            "error": error,
            "can_edit": roles.has_role(request.user, roles.EDIT_DATA),
            "active_nav": "applications",
            **forms,
        },
    )


def paper_application(request):
    require_view(request, roles.EDIT_DATA)
    form = PaperApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_create(acting_user=request.user, values=form.values())
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Application {app.reference} recorded.")
            return redirect("applications:detail", app.pk)
    return render(request, "applications/paper.html", {"form": form, "active_nav": "applications"})


def batch_detail(request, pk: int):
    require_view(request)
    batch = get_object_or_404(selectors.batches(), pk=pk)
    return render(
        request, "applications/batch.html", {"batch": batch, "active_nav": "applications"}
    )


BATCH_EXTENSIONS = frozenset({".json"})


def batch_upload(request):
    """Upload an IER DS batch file; the import runs as a background job."""
    require_view(request, roles.EDIT_DATA)
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                upload,
                purpose="applications",
                extensions=BATCH_EXTENSIONS,
                kind="an IER DS batch file (.json)",
                job_kind="applications.import",
                title=f"Import applications from {upload.name}",
                params={"all_or_nothing": form.cleaned_data["all_or_nothing"]},
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("core:job", job.pk)
    return render(
        request, "applications/batch_upload.html", {"form": form, "active_nav": "applications"}
    )


def letter_pdf(request, pk: int):
    require_view(request)
    letter = get_object_or_404(
        Letter.objects.select_related("application__elector", "review__elector"), pk=pk
    )
    subject = letter.application if letter.application_id else letter.review.elector
    if privacy.hidden_from(request.user, subject):
        raise PermissionDenied
    if subject.anonymous:
        privacy.audit_viewed(acting_user=request.user, object_type="letter", object_id=letter.pk)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.kind}-{letter.reference}.pdf"'
    return response
