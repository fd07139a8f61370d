"""Pages for reviews of entitlement, deletion notices, letter templates, print batches and
statistics. Thin: services and selectors do the work."""

import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ems.core import privacy, roles
from ems.core.csvwrite import safe_writer
from ems.core.errors import EmsError
from ems.core.uploads import import_job_start
from ems.core.views import require_view

from . import letters, selectors, services
from .forms import (
    DeathNotificationsUploadForm,
    LetterTemplateForm,
    RegisteredElsewhereForm,
    ReviewDecisionForm,
    ReviewHearingForm,
    ReviewStartForm,
)
from .models import DeletionNotice, Letter, LetterTemplate
from .rules import reviews as review_rules

NAV = {"active_nav": "applications"}


# Reviews ----------------------------------------------------------------------------------
def review_list(request):
    require_view(request)
    form = ReviewStartForm(request.POST or None)
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        if form.is_valid():
            try:
                review = services.review_start(acting_user=request.user, **form.cleaned_data)
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Review started.")
                return redirect("applications:review", review.pk)
    return render(
        request,
        "applications/reviews.html",
        {"form": form, "reviews": selectors.reviews()[:200], **NAV},
    )


def review_detail(request, pk: int):
    require_view(request)
    review = get_object_or_404(selectors.reviews(open_only=False), pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    hearing_form = ReviewHearingForm(post if action == "hearing" else None)
    decision_form = ReviewDecisionForm(post if action == "decide" else None)
    error = None
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        try:
            done = None
            if action == "notice":
                services.review_send_notice(review=review, acting_user=request.user)
                done = "Notice of review created."
            elif action == "hearing" and hearing_form.is_valid():
                services.review_set_hearing(
                    review=review, acting_user=request.user, **hearing_form.cleaned_data
                )
                done = "Hearing fixed: the notice of hearing is ready."
            elif action == "decide" and decision_form.is_valid():
                data = decision_form.cleaned_data
                services.review_determine(
                    review=review,
                    remove=data["decision"] == "remove",
                    reason=data["reason"],
                    acting_user=request.user,
                )
                done = "Review decided."
        except EmsError as exc:
            error = str(exc)
        else:
            if done:
                messages.success(request, done)
                return redirect("applications:review", review.pk)
    deadline = (
        review_rules.hearing_request_deadline(review.notice_sent_on)
        if review.notice_sent_on
        else None
    )
    return render(
        request,
        "applications/review.html",
        {
            "review": review,
            "deadline": deadline,
            "letters": list(review.letters.defer("pdf", "html")),
            "hearing_form": hearing_form,
            "decision_form": decision_form,
            "error": error,
            "can_edit": roles.has_role(request.user, roles.EDIT_DATA),
            **NAV,
        },
    )


# Deletion notices --------------------------------------------------------------------------
def deletion_notices(request):
    require_view(request)
    return render(
        request,
        "applications/deletions.html",
        {
            "notices": selectors.deletion_notices()[:500],
            "elsewhere_form": RegisteredElsewhereForm(),
            "upload_form": DeathNotificationsUploadForm(),
            **NAV,
        },
    )


@require_POST
def deletions_confirm(request):
    require_view(request, roles.EDIT_DATA)
    ids = [int(i) for i in request.POST.getlist("notice") if i.isdigit()]
    try:
        counts = services.deletions_confirm(
            notices=DeletionNotice.objects.filter(pk__in=ids), acting_user=request.user
        )
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{counts['deleted']} entries deleted; {counts['left']} notices left."
        )
    return redirect("applications:deletions")


@require_POST
def deletion_dismiss(request, pk: int):
    require_view(request, roles.EDIT_DATA)
    notice = get_object_or_404(DeletionNotice, pk=pk)
    try:
        services.deletion_notice_dismiss(
            notice=notice, reason=request.POST.get("reason", ""), acting_user=request.user
        )
    except EmsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Notice dismissed.")
    return redirect("applications:deletions")


def registered_elsewhere(request):
    require_view(request, roles.EDIT_DATA)
    form = RegisteredElsewhereForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registered_elsewhere_add(acting_user=request.user, **form.cleaned_data)
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Notice recorded: confirm the deletion below.")
            return redirect("applications:deletions")
    return render(request, "applications/registered_elsewhere.html", {"form": form, **NAV})


def death_notifications_upload(request):
    require_view(request, roles.EDIT_DATA)
    form = DeathNotificationsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                upload,
                purpose="death-notifications",
                job_kind="applications.death_notifications",
                title=f"Import death notifications from {upload.name}",
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("core:job", job.pk)
    return render(request, "applications/death_upload.html", {"form": form, **NAV})


# Letter templates and printing -----------------------------------------------------------------
def letter_templates(request):
    require_view(request)
    edited = dict(LetterTemplate.objects.values_list("kind", "updated_at"))
    families = [
        (f.title, [(k, label, edited.get(k)) for k, label in f.labels.items()])
        for f in letters.FAMILIES
    ]
    waiting = Letter.objects.filter(printed_at=None).exclude(html="").count()
    return render(
        request,
        "applications/letter_templates.html",
        {"families": families, "waiting": waiting, **NAV},
    )


def letter_template_edit(request, kind: str):
    require_view(request, roles.MANAGE)
    family = letters.family_of(kind)
    if family is None:
        raise Http404
    current = LetterTemplate.objects.filter(kind=kind).first()
    subject, body = (current.subject, current.body) if current else family.defaults[kind]
    form = LetterTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and request.POST.get("action") == "reset":
        services.letter_template_reset(kind=kind, acting_user=request.user)
        messages.success(request, "The built-in wording is back in use.")
        return redirect("applications:letter_templates")
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_save(kind=kind, acting_user=request.user, **form.cleaned_data)
        except EmsError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, f"{family.labels[kind]} letter saved.")
            return redirect("applications:letter_templates")
    return render(
        request,
        "applications/letter_template_edit.html",
        {
            "form": form,
            "kind": kind,
            "label": family.labels[kind],
            "edited": current,
            "merge_fields": family.merge_fields,
            **NAV,
        },
    )


@require_POST
def letters_print(request):
    require_view(request, roles.EDIT_DATA)
    try:
        pdf, count = services.letters_print_batch(acting_user=request.user)
    except EmsError as exc:
        messages.error(request, str(exc))
        return redirect("applications:letter_templates")
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"letters-{stamp}-{count}.pdf"
    privacy.audit_download(acting_user=request.user, what="Letters to print", filename=filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Statistics --------------------------------------------------------------------------------
def statistics(request):
    require_view(request)
    year = request.GET.get("year", "")
    stats = selectors.statistics(year=int(year) if year.isdigit() else None)
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        writer = safe_writer(out)
        writer.writerow(selectors.statistics_header())
        writer.writerows(selectors.statistics_rows(stats))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="application-statistics.csv"'
        return response
    return render(
        request,
        "applications/statistics.html",
        {"stats": stats, "columns": selectors.STAT_COLUMNS, "year": year, **NAV},
    )
