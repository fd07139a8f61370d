"""Absent voting pages: work queues, one application (verification and decision), paper
forms, batch upload, absent voter lists and marked registers, renewals and refresh,
rejection notices, Voter Authority Certificates and overseas electors.

Views stay thin: services do the work and selectors the reading. Signatures, photographs
and dates of birth are shown only to users who may edit data (never to Read-only users);
images are served only by the views here, which check the role, never from a media URL.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ems.core import privacy, roles
from ems.core.csvwrite import safe_writer
from ems.core.errors import EmsError, InvalidInput
from ems.core.selectors import object_history
from ems.core.uploads import import_job_start, upload_kept
from ems.core.views import require_view
from ems.elections.models import Election
from ems.polling.selectors import election_district_ids, station_lookup, stations

from . import exports, images, selectors, services
from .forms import (
    KIND_PAGES,
    BatchUploadForm,
    DecideForm,
    MonthsForm,
    OverseasDecideForm,
    OverseasForm,
    PaperApplicationForm,
    ReasonForm,
    ResponseForm,
    UploadForm,
    VacDecideForm,
    VacPaperForm,
    VerifyForm,
)
from .models import (
    AbsentVoteApplication,
    Arrangement,
    Kind,
    Letter,
    Notice,
    OverseasDeclaration,
    RejectedStatement,
    VacApplication,
    VoterAuthorityCertificate,
)
from .rules import overseas, rejection

NAV = {"active_nav": "absent_voting"}


def _can_edit(request) -> bool:
    return roles.has_role(request.user, roles.EDIT_DATA)


def _anonymous_elector_check(request, elector, *, object_type: str, pk: int, caption: str):
    """For an anonymous elector's record: the "Anonymous entry" page for a user who does not
    handle anonymous entries, else audit the look (on GET) and return None to show the page."""
    if privacy.hidden_from(request.user, elector):
        return privacy.anonymous_entry_page(
            request, caption=caption, back_url=reverse("absent_voting:index"),
            back_text="Absent voting",
        )  # fmt: skip
    if privacy.is_anonymous(elector) and request.method == "GET":
        privacy.audit_viewed(acting_user=request.user, object_type=object_type, object_id=pk)
    return None


def index(request):
    require_view(request)
    today = timezone.localdate()
    return render(
        request,
        "absent_voting/index.html",
        {
            "queues": selectors.queue_counts(today=today),
            "renewals_due": selectors.postal_votes_ending(months=3, today=today).count(),
            "signatures_due": selectors.signatures_due(year=_refresh_year(today)).count(),
            "open_notices": selectors.open_notices().count(),
            "vac_open": selectors.open_vac_applications().count(),
            "elections": selectors.elections_for_lists()[:10],
            "kind_pages": [(slug, Kind(kind).label) for slug, kind in KIND_PAGES.items()],
            **NAV,
        },
    )


def _refresh_year(today: dt.date) -> int:
    """Signature refresh notices go out by 31 January: from February, plan next year's."""
    return today.year if today.month == 1 else today.year + 1


def queue(request, name: str):
    require_view(request)
    if name not in selectors.QUEUES:
        raise Http404
    page = Paginator(selectors.queue(name), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "absent_voting/queue.html",
        {"name": name, "label": selectors.QUEUES[name], "page": page, **NAV},
    )


# One application ---------------------------------------------------------------------------
def application_detail(request, pk: int):
    require_view(request)
    app = get_object_or_404(
        AbsentVoteApplication.objects.select_related(
            "elector__polling_district", "elector__property", "election__polling_day",
            "proxy_elector__polling_district", "decided_by",
        ),
        pk=pk,
    )  # fmt: skip
    hidden = _anonymous_elector_check(
        request, app.elector, object_type=services.OBJECT, pk=app.pk,
        caption=f"Absent vote application {app.reference}",
    )  # fmt: skip
    if hidden:
        return hidden
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    verify_form = VerifyForm(post if action == "verify" else None)
    decide_form = DecideForm(post if action == "decide" else None)
    error = None
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        form = {"verify": verify_form, "decide": decide_form}.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "verify":
                    services.application_verify(
                        application=app, route=data["route"], detail=data["detail"],
                        acting_user=request.user,
                    )  # fmt: skip
                    done = "Identity verification recorded."
                else:
                    grant = data["decision"] == "grant"
                    services.application_determine(
                        application=app, grant=grant, reason=data["reason"],
                        acting_user=request.user,
                    )  # fmt: skip
                    done = "Application granted." if grant else "Application refused."
                    done += " The letter is ready to print."
            except EmsError as exc:
                error = str(exc)
            else:
                messages.success(request, done)
                return redirect("absent_voting:application", app.pk)
    can_edit = _can_edit(request)
    return render(
        request,
        "absent_voting/application.html",
        {
            "app": app,
            "can_edit": can_edit,
            "decision": selectors.decision_for(app) if app.is_open else None,
            "letters": list(selectors.letters_for(services.OBJECT, app.pk)),
            "arrangements": list(selectors.arrangements_for(app.elector)[:10]),
            "history": object_history(services.OBJECT, app.pk)[:50],
            "verify_form": verify_form,
            "decide_form": decide_form,
            "error": error,
            **NAV,
        },
    )


def _image_response(relative: str) -> HttpResponse:
    if not relative:
        raise Http404
    try:
        data, content_type = images.read_image(relative)
    except (InvalidInput, OSError) as exc:
        raise Http404 from exc
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def application_signature(request, pk: int):
    """The scanned signature: signed-in users who may edit data only (not Read-only)."""
    require_view(request, roles.EDIT_DATA)
    app = get_object_or_404(AbsentVoteApplication, pk=pk)
    return _image_response(app.signature_file)


def arrangement_signature(request, pk: int):
    require_view(request, roles.EDIT_DATA)
    arrangement = get_object_or_404(Arrangement, pk=pk)
    return _image_response(arrangement.signature_file)


def vac_photo(request, pk: int):
    require_view(request, roles.EDIT_DATA)
    app = get_object_or_404(VacApplication, pk=pk)
    return _image_response(app.photo_file)


def letter_pdf(request, pk: int):
    require_view(request)
    letter = get_object_or_404(Letter.objects.select_related("elector"), pk=pk)
    if privacy.hidden_from(request.user, letter.elector):
        raise PermissionDenied
    if privacy.is_anonymous(letter.elector):
        privacy.audit_viewed(acting_user=request.user, object_type="letter", object_id=letter.pk)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.kind}-{letter.pk}.pdf"'
    return response


# Paper forms --------------------------------------------------------------------------------
def _elector_or_error(form, name: str):
    parsed = form.cleaned_data.get(name)
    if parsed is None:
        return None
    elector = selectors.elector_by_number(parsed)
    if elector is None:
        form.add_error(name, "There is no current register entry with this elector number")
    return elector


def paper_application(request, kind: str):
    require_view(request, roles.EDIT_DATA)
    if kind not in KIND_PAGES:
        raise Http404
    kind_value = KIND_PAGES[kind]
    form = PaperApplicationForm(request.POST or None, request.FILES or None, kind=kind_value)
    if request.method == "POST" and form.is_valid():
        elector = _elector_or_error(form, "elector_number")
        proxy = (
            _elector_or_error(form, "proxy_elector_number")
            if "proxy_elector_number" in form.fields
            else None
        )
        if not form.errors:
            data = dict(form.cleaned_data)
            upload = data.pop("signature", None)
            for name in ("elector_number", "proxy_elector_number", "received_on", "received_time"):
                data.pop(name, None)
            values = {
                **{k: v for k, v in data.items() if v not in (None, "")},
                "signature_waived": data.get("signature_waived", False),
                "kind": kind_value,
                "elector": elector,
                "received_at": form.received_at(),
            }
            if proxy is not None:
                values["proxy_elector"] = proxy
                if not values.get("proxy_name"):
                    values["proxy_name"] = f"{proxy.first_names} {proxy.surname}"
            try:
                signature = upload.read(images.MAX_BYTES + 1) if upload else b""
                app = services.application_create(
                    acting_user=request.user, values=values, signature=signature
                )
            except EmsError as exc:
                form.add_error("signature" if "image" in str(exc) else None, str(exc))
            else:
                messages.success(request, f"Application {app.reference} recorded.")
                return redirect("absent_voting:application", app.pk)
    return render(
        request,
        "absent_voting/paper.html",
        {"form": form, "kind": kind, "kind_label": Kind(kind_value).label, **NAV},
    )


def vac_paper(request):
    require_view(request, roles.EDIT_DATA)
    form = VacPaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        elector = _elector_or_error(form, "elector_number")
        if not form.errors:
            data = form.cleaned_data
            values = {
                "document": data["document"],
                "elector": elector,
                "received_at": form.received_at(),
                "election": data.get("election"),
                "date_of_birth": data.get("date_of_birth"),
                "nino": data.get("nino") or "",
                "no_nino_reason": data.get("no_nino_reason") or "",
            }
            try:
                app = services.vac_application_create(
                    acting_user=request.user,
                    values=values,
                    photo=data["photo"].read(images.MAX_BYTES + 1),
                )
            except EmsError as exc:
                form.add_error("photo", str(exc))
            else:
                messages.success(request, f"Application {app.reference} recorded.")
                return redirect("absent_voting:vac", app.pk)
    return render(request, "absent_voting/vac_paper.html", {"form": form, **NAV})


# Batch upload -------------------------------------------------------------------------------
BATCH_EXTENSIONS = frozenset({".json"})


def batch_upload(request):
    """Upload an absent vote batch file; the import runs as a background job."""
    require_view(request, roles.EDIT_DATA)
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                upload,
                purpose="absent_voting",
                extensions=BATCH_EXTENSIONS,
                kind="an absent vote batch file (.json)",
                job_kind="absent_voting.import",
                title=f"Import absent vote applications from {upload.name}",
                params={"skip_bad": form.cleaned_data["skip_bad"]},
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("core:job", job.pk)
    return render(request, "absent_voting/batch_upload.html", {"form": form, **NAV})


# Absent voter lists -------------------------------------------------------------------------
def lists_index(request):
    require_view(request)
    return render(
        request,
        "absent_voting/lists_index.html",
        {"elections": selectors.elections_for_lists(), **NAV},
    )


def election_lists(request, pk: int):
    require_view(request)
    election = get_object_or_404(Election.objects.select_related("polling_day"), pk=pk)
    counts = exports.list_counts(election)
    return render(
        request,
        "absent_voting/lists.html",
        {
            "election": election,
            "lists": [(w, label, counts[w]) for w, label in exports.LISTS.items()],
            "stations": list(stations(election.polling_day)) if election.polling_day_id else [],
            **NAV,
        },
    )


class _Echo:
    def write(self, value):
        return value


def _csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = safe_writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf_response(filename: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def list_download(request, pk: int, which: str, fmt: str):
    require_view(request)
    election = get_object_or_404(Election.objects.select_related("polling_day"), pk=pk)
    if which not in exports.LISTS or fmt not in ("csv", "pdf"):
        raise Http404
    rows = exports.list_rows(election, which)
    name = f"{which}-{election.election_id}.{fmt}"
    privacy.audit_download(
        acting_user=request.user, what=exports.LISTS[which], filename=name,
        object_type="election", object_id=election.pk,
    )  # fmt: skip
    if fmt == "csv":
        return _csv_response(name, exports.HEADERS[which], rows)
    return _pdf_response(
        name,
        exports.pdf(exports.LISTS[which], exports.HEADERS[which], rows, election=election),
    )


def marked_register(request, pk: int, station_pk: int, fmt: str):
    require_view(request)
    election = get_object_or_404(Election.objects.select_related("polling_day"), pk=pk)
    station = get_object_or_404(stations(election.polling_day), pk=station_pk)
    if fmt not in ("csv", "pdf"):
        raise Http404
    rows = exports.marked_register_rows(
        election, station.pk, exports.absent_at(election),
        station_lookup(election.polling_day), election_district_ids(election),
    )  # fmt: skip
    name = f"marked-register-station-{station.number}-{election.election_id}.{fmt}"
    privacy.audit_download(
        acting_user=request.user, what="Marked register", filename=name,
        object_type="election", object_id=election.pk,
    )  # fmt: skip
    if fmt == "csv":
        return _csv_response(name, exports.MARKED_HEADER, rows)
    return _pdf_response(
        name,
        exports.pdf(
            f"Marked register: polling station {station.number}", exports.MARKED_HEADER, rows,
            election=election, caption="A: votes by post (postal voter or proxy postal voter)",
        ),
    )  # fmt: skip


# Renewals and refresh -----------------------------------------------------------------------
def renewals(request):
    require_view(request)
    today = timezone.localdate()
    months_form = MonthsForm(request.GET or None)
    months = months_form.cleaned_data["months"] if months_form.is_valid() else 3
    year = _refresh_year(today)
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        action = request.POST.get("action")
        try:
            if action == "send_reapply":
                letter = services.notices_send(
                    arrangements=list(selectors.postal_votes_ending(months=months, today=today)),
                    kind=Notice.Kind.REAPPLY, acting_user=request.user,
                )  # fmt: skip
                done = "Reminders to reapply sent." if letter else "There was nobody to remind."
            elif action == "send_signature":
                letter = services.notices_send(
                    arrangements=list(selectors.signatures_due(year=year)),
                    kind=Notice.Kind.SIGNATURE, acting_user=request.user,
                )  # fmt: skip
                done = "Fresh signature notices sent." if letter else "No signatures are due."
            elif action == "send_copies":
                letter = services.notices_send_reminders(acting_user=request.user)
                done = "Copies of unanswered notices sent." if letter else "No copies are due."
            elif action == "close_overdue":
                n = services.notices_close_overdue(acting_user=request.user)
                done = f"{n} unanswered notices closed; their absent votes cancelled with notice."
            elif action == "expire":
                n = services.arrangements_expire(acting_user=request.user)
                done = f"{n} absent votes whose period has ended were ended."
            else:
                raise Http404
        except EmsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(f"{request.path}?months={months}")
    return render(
        request,
        "absent_voting/renewals.html",
        {
            "months_form": months_form,
            "months": months,
            "year": year,
            "ending": list(selectors.postal_votes_ending(months=months, today=today)[:200]),
            "signatures": list(selectors.signatures_due(year=year)[:200]),
            "notices": list(selectors.open_notices().order_by("ceases_on", "id")[:200]),
            "letters": list(
                Letter.objects.filter(object_type="notice_run").defer("pdf").order_by("-id")[:10]
            ),
            "can_edit": _can_edit(request),
            **NAV,
        },
    )


def notice_response(request, pk: int):
    require_view(request, roles.EDIT_DATA)
    notice = get_object_or_404(Notice.objects.select_related("arrangement__elector"), pk=pk)
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("signature")
        try:
            services.notice_record_response(
                notice=notice, response=form.cleaned_data["response"], acting_user=request.user,
                signature=upload.read(images.MAX_BYTES + 1) if upload else b"",
            )  # fmt: skip
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Reply recorded.")
            return redirect("absent_voting:renewals")
    return render(request, "absent_voting/notice.html", {"notice": notice, "form": form, **NAV})


def arrangement_detail(request, pk: int):
    require_view(request)
    arrangement = get_object_or_404(
        Arrangement.objects.select_related("elector__polling_district", "election", "application"),
        pk=pk,
    )
    hidden = _anonymous_elector_check(
        request, arrangement.elector, object_type=services.ARRANGEMENT, pk=arrangement.pk,
        caption=f"Absent vote {arrangement.pk}",
    )  # fmt: skip
    if hidden:
        return hidden
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        if form.is_valid():
            try:
                services.arrangement_cancel(
                    arrangement=arrangement, reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )  # fmt: skip
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Absent vote cancelled; the notice is ready to print.")
                return redirect("absent_voting:arrangement", arrangement.pk)
    return render(
        request,
        "absent_voting/arrangement.html",
        {
            "arrangement": arrangement,
            "form": form if _can_edit(request) else None,
            "can_edit": _can_edit(request),
            "notices": list(arrangement.notices.all()),
            "letters": list(selectors.letters_for(services.ARRANGEMENT, arrangement.pk)),
            **NAV,
        },
    )


# Rejection notices --------------------------------------------------------------------------
def rejections(request, pk: int):
    require_view(request)
    election = get_object_or_404(Election.objects.select_related("polling_day"), pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        action = request.POST.get("action")
        if action == "send":
            try:
                result = services.rejection_notices_send(
                    election=election, acting_user=request.user
                )
            except EmsError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    f"{result['sent']} rejection notices written, {result['not_sent']} not sent"
                    + (" (after the statutory period)." if result["late"] else "."),
                )
            return redirect("absent_voting:rejections", election.pk)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                with upload_kept(upload, purpose="absent_voting") as path:
                    result = services.rejections_import(
                        path=path, election=election, acting_user=request.user,
                        display_name=upload.name,
                    )  # fmt: skip
            except EmsError as exc:
                errors = getattr(exc, "errors", None)
                for line in [str(e) for e in errors] if errors else [str(exc)]:
                    form.add_error("file", line)
            else:
                messages.success(request, f"Rejected statements imported: {result}.")
                return redirect("absent_voting:rejections", election.pk)
    rows = RejectedStatement.objects.filter(election=election).select_related(
        "elector__polling_district"
    )
    return render(
        request,
        "absent_voting/rejections.html",
        {
            "election": election,
            "form": form,
            "rows": rows,
            "reasons": rejection.REASONS,
            "last_day": rejection.notice_last_day(election.poll_date),
            "letters": list(
                Letter.objects.filter(object_type="election", object_id=election.pk).defer("pdf")
            ),
            "can_edit": _can_edit(request),
            **NAV,
        },
    )


# Voter Authority Certificates ---------------------------------------------------------------
def vac_index(request):
    require_view(request)
    return render(
        request,
        "absent_voting/vac_index.html",
        {
            "open": list(selectors.open_vac_applications()[:200]),
            "certificates": list(selectors.certificates()[:200]),
            "statistics": selectors.vac_statistics(),
            **NAV,
        },
    )


def vac_detail(request, pk: int):
    require_view(request)
    app = get_object_or_404(
        VacApplication.objects.select_related("elector__polling_district", "election"), pk=pk
    )
    hidden = _anonymous_elector_check(
        request, app.elector, object_type=services.VAC_OBJECT, pk=app.pk,
        caption=f"Voter Authority Certificate application {app.pk}",
    )  # fmt: skip
    if hidden:
        return hidden
    action = request.POST.get("action", "") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    verify_form = VerifyForm(post if action == "verify" else None)
    decide_form = VacDecideForm(post if action == "decide" else None)
    replace_form = ReasonForm(post if action == "replace" else None)
    error = None
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        form = {"verify": verify_form, "decide": decide_form, "replace": replace_form}.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "verify":
                    services.vac_application_verify(
                        application=app, route=data["route"], detail=data["detail"],
                        acting_user=request.user,
                    )  # fmt: skip
                    done, target = "Identity verification recorded.", app.pk
                elif action == "decide":
                    issue = data["decision"] == "issue"
                    services.vac_determine(
                        application=app, issue=issue, reason=data["reason"],
                        acting_user=request.user,
                    )  # fmt: skip
                    done = "Certificate issued." if issue else "Application refused."
                    target = app.pk
                else:
                    new = services.certificate_replace(
                        certificate=app.certificate, reason=data["reason"],
                        acting_user=request.user,
                    )  # fmt: skip
                    done, target = (
                        f"Replacement certificate {new.number} issued.",
                        new.application_id,
                    )
            except EmsError as exc:
                error = str(exc)
            else:
                messages.success(request, done)
                return redirect("absent_voting:vac", target)
    certificate = VoterAuthorityCertificate.objects.filter(application=app).first()
    letters = list(selectors.letters_for(services.VAC_OBJECT, app.pk))
    if certificate:
        letters += list(selectors.letters_for("certificate", certificate.pk))
    return render(
        request,
        "absent_voting/vac.html",
        {
            "app": app,
            "certificate": certificate,
            "problems": selectors.vac_problems(app) if not app.outcome else [],
            "letters": letters,
            "can_edit": _can_edit(request),
            "verify_form": verify_form,
            "decide_form": decide_form,
            "replace_form": replace_form,
            "error": error,
            **NAV,
        },
    )


# Overseas electors --------------------------------------------------------------------------
def overseas_index(request):
    require_view(request)
    today = timezone.localdate()
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        try:
            letter = services.overseas_reminders_send(acting_user=request.user)
        except EmsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, "Renewal reminders sent." if letter else "No reminders are due today."
            )
        return redirect("absent_voting:overseas")
    return render(
        request,
        "absent_voting/overseas_index.html",
        {
            "open": list(selectors.overseas_open()[:200]),
            "registrations": list(selectors.overseas_registrations()[:500]),
            "due": selectors.overseas_reminders_due(today=today).count(),
            "today": today,
            "letters": list(
                Letter.objects.filter(kind="overseas_reminder").defer("pdf").order_by("-id")[:10]
            ),
            "can_edit": _can_edit(request),
            **NAV,
        },
    )


def overseas_new(request):
    require_view(request, roles.EDIT_DATA)
    form = OverseasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        elector = _elector_or_error(form, "elector_number")
        if not form.errors:
            values = dict(form.cleaned_data)
            values.pop("elector_number")
            try:
                d = services.overseas_declaration_record(
                    elector=elector, values=values, acting_user=request.user
                )
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Declaration recorded.")
                return redirect("absent_voting:overseas_declaration", d.pk)
    return render(request, "absent_voting/overseas_new.html", {"form": form, **NAV})


def overseas_detail(request, pk: int):
    require_view(request)
    d = get_object_or_404(
        OverseasDeclaration.objects.select_related("elector__polling_district", "previous"), pk=pk
    )
    hidden = _anonymous_elector_check(
        request, d.elector, object_type=services.OVERSEAS_OBJECT, pk=d.pk,
        caption=f"Overseas elector's declaration {d.pk}",
    )  # fmt: skip
    if hidden:
        return hidden
    decide_form = OverseasDecideForm(request.POST or None)
    error = None
    if request.method == "POST":
        require_view(request, roles.EDIT_DATA)
        if decide_form.is_valid():
            accept = decide_form.cleaned_data["decision"] == "accept"
            try:
                services.overseas_declaration_decide(
                    declaration=d, accept=accept, reason=decide_form.cleaned_data["reason"],
                    acting_user=request.user,
                )  # fmt: skip
            except EmsError as exc:
                error = str(exc)
            else:
                messages.success(
                    request, "Declaration accepted." if accept else "Declaration refused."
                )
                return redirect("absent_voting:overseas_declaration", d.pk)
    window = overseas.renewal_window(d.previous.ends_on) if d.previous_id else None
    return render(
        request,
        "absent_voting/overseas_detail.html",
        {
            "d": d,
            "window": window,
            "decide_form": decide_form,
            "error": error,
            "letters": list(selectors.letters_for(services.OVERSEAS_OBJECT, d.pk)),
            "can_edit": _can_edit(request),
            **NAV,
        },
    )
