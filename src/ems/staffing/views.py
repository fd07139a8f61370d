"""Staffing pages for officers (a data role to see; services check the role for each change),
and the public pages: the expression-of-interest form and the offer page behind a link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ems.core import privacy, roles
from ems.core.errors import EmsError
from ems.core.uploads import upload_kept
from ems.core.views import require_view
from ems.elections.models import PollingDay

from . import forms, selectors, services
from .models import (
    Appointment,
    PayAdjustment,
    Payment,
    Person,
    Position,
    StaffRole,
    TrainingSession,
)

NAV = "staffing"
# The public interest form takes at most INTEREST_LIMIT submissions from one address in
# INTEREST_WINDOW seconds. The counts live in Django's cache (settings.CACHES). The default
# there is LocMemCache, which is per process: with several worker processes or servers each
# keeps its own count, so production needs a shared cache (Redis, Memcached or Django's
# DatabaseCache) for the limit to hold.
INTEREST_LIMIT = 5
INTEREST_WINDOW = 3600


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _day(pk: int) -> PollingDay:
    return get_object_or_404(PollingDay, pk=pk)


def index(request):
    require_view(request)
    return render(
        request,
        "staffing/index.html",
        {"days": selectors.polling_days(), "applicants": selectors.applicants(),
         "active_nav": NAV},
    )  # fmt: skip


def day_dashboard(request, pk: int):
    require_view(request)
    day = _day(pk)
    if request.method == "POST":
        try:
            if "derive" in request.POST:
                r = services.positions_derive(polling_day=day, acting_user=request.user)
                messages.success(
                    request,
                    f"Positions from the polling scheme: {r['created']} added, "
                    f"{r['updated']} updated, {r['kept_edited']} edited numbers kept.",
                )
            elif "allocate" in request.POST:
                r = services.staff_allocate(polling_day=day, acting_user=request.user)
                messages.success(
                    request, f"{r['proposed']} people proposed; {r['unfilled']} places unfilled."
                )
            elif "offer_all" in request.POST:
                proposed = Appointment.objects.filter(
                    position__polling_day=day, status=Appointment.Status.PROPOSED
                )
                n = services.offers_send(
                    appointments=proposed, site_url=_site(request), acting_user=request.user
                )
                messages.success(request, f"{n} offers were emailed.")
            elif "letters" in request.POST:
                proposed = Appointment.objects.filter(
                    position__polling_day=day, status=Appointment.Status.PROPOSED
                ).exclude(person__email__gt="")
                pdf = services.offer_letters(
                    appointments=proposed, site_url=_site(request), acting_user=request.user
                )
                privacy.audit_download(
                    acting_user=request.user, what="Offer letters", filename="offer-letters.pdf",
                    object_type="polling day", object_id=day.pk,
                )  # fmt: skip
                response = HttpResponse(pdf, content_type="application/pdf")
                response["Content-Disposition"] = 'attachment; filename="offer-letters.pdf"'
                return response
        except EmsError as exc:
            messages.error(request, str(exc))
        return redirect("staffing:day", pk)
    rows = selectors.dashboard(day)
    return render(
        request,
        "staffing/day.html",
        {"day": day, "rows": rows, "totals": selectors.dashboard_totals(rows),
         "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
         "may_manage": roles.has_role(request.user, roles.MANAGE), "active_nav": NAV},
    )  # fmt: skip


def position_detail(request, pk: int):
    require_view(request)
    position = get_object_or_404(
        Position.objects.select_related("polling_day", "station__polling_place", "session"), pk=pk
    )
    needed_form = forms.NeededForm(
        request.POST if "set_needed" in request.POST else None,
        initial={"needed": position.needed},
    )
    replacements = None
    if request.method == "POST":
        try:
            post = request.POST
            if "set_needed" in post and needed_form.is_valid():
                services.position_set_needed(
                    position=position, needed=needed_form.cleaned_data["needed"],
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(request, "The number needed was saved.")
                return redirect("staffing:position", pk)
            if "propose" in post or "reserve" in post:
                person = get_object_or_404(Person, pk=post.get("person"))
                services.appointment_propose(
                    position=position, person=person, reserve="reserve" in post,
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(request, f"{person.name} was added.")
                return redirect("staffing:position", pk)
            appointment = None
            for action in ("offer", "confirm", "withdraw"):
                if action in post:
                    appointment = get_object_or_404(Appointment, pk=post[action], position=position)
                    break
            if appointment is not None and "offer" in post:
                services.offers_send(
                    appointments=[appointment], site_url=_site(request), acting_user=request.user
                )
                messages.success(request, f"An offer was emailed to {appointment.person.name}.")
                return redirect("staffing:position", pk)
            if appointment is not None and "confirm" in post:
                services.appointment_confirm(appointment=appointment, acting_user=request.user)
                messages.success(request, f"{appointment.person.name} is appointed.")
                return redirect("staffing:position", pk)
            if appointment is not None and "withdraw" in post:
                replacements = services.appointment_withdraw(
                    appointment=appointment, acting_user=request.user,
                    reason=post.get("reason", ""),
                )  # fmt: skip
                messages.success(
                    request, f"{appointment.person.name} has withdrawn. Replacements are below."
                )
        except EmsError as exc:
            messages.error(request, str(exc))
            return redirect("staffing:position", pk)
    suggestions = replacements if replacements is not None else services.suggest(position)
    people = Person.objects.in_bulk([pk for pk, _ in suggestions])
    return render(
        request,
        "staffing/position.html",
        {
            "position": position,
            "appointments": selectors.position_appointments(position),
            "suggestions": [(people[pk], s) for pk, s in suggestions if pk in people],
            "replacing": replacements is not None,
            "needed_form": needed_form,
            "form": needed_form if needed_form.is_bound else None,
            "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
            "may_manage": roles.has_role(request.user, roles.MANAGE),
            "active_nav": NAV,
        },
    )


CHASE_DAYS = 7


def _chase_days(request) -> int:
    """?days=N from the address: a whole number of days up to a year, else the usual 7."""
    given = request.GET.get("days") or str(CHASE_DAYS)
    if not (given.isascii() and given.isdigit()) or int(given) > 365:
        messages.error(
            request,
            f"Days must be a whole number from 0 to 365; showing offers older than "
            f"{CHASE_DAYS} days.",
        )
        return CHASE_DAYS
    return int(given)


def chase(request, pk: int):
    require_view(request)
    day = _day(pk)
    days = _chase_days(request)
    waiting = list(selectors.non_responders(day, days=days))
    if request.method == "POST":
        chosen = [a for a in waiting if str(a.pk) in request.POST.getlist("appointment")]
        try:
            n = services.offers_send(
                appointments=chosen, site_url=_site(request), acting_user=request.user,
                reminder=True,
            )  # fmt: skip
        except EmsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{n} reminders were emailed.")
        return redirect(request.get_full_path())
    return render(
        request,
        "staffing/chase.html",
        {"day": day, "waiting": waiting, "days": days, "active_nav": NAV},
    )


def compliance(request, pk: int):
    require_view(request)
    day = _day(pk)
    return render(
        request,
        "staffing/compliance.html",
        {"day": day, "gaps": selectors.compliance_gaps(day), "active_nav": NAV},
    )


def training(request, pk: int):
    require_view(request)
    day = _day(pk)
    form = forms.ImportForm(
        request.POST if "import" in request.POST else None,
        request.FILES if "import" in request.POST else None,
    )
    session_form = forms.TrainingSessionForm(request.POST if "session" in request.POST else None)
    import_errors: list[str] = []
    if request.method == "POST":
        try:
            if "session" in request.POST:
                if session_form.is_valid():
                    data = session_form.cleaned_data
                    services.training_session_add(
                        module=data["module"], polling_day=day, starts_at=data["starts_at"],
                        venue=data["venue"], capacity=data["capacity"], roles_for=data["roles"],
                        acting_user=request.user,
                    )  # fmt: skip
                    messages.success(request, "The session was added.")
                    return redirect("staffing:training", pk)
            elif "remind" in request.POST:
                try:
                    n = services.training_reminders_send(polling_day=day, acting_user=request.user)
                except EmsError as exc:  # no form to show it on: a message above the page
                    messages.error(request, str(exc))
                else:
                    messages.success(request, f"{n} training reminders were emailed.")
                return redirect("staffing:training", pk)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                with upload_kept(upload, purpose="staffing") as path:
                    result = services.training_completions_import(
                        path=path, acting_user=request.user, display_name=upload.name
                    )
                messages.success(
                    request,
                    f"{result['added']} completions added, {result['updated']} updated.",
                )
                return redirect("staffing:training", pk)
        except EmsError as exc:
            if session_form.is_bound:
                session_form.add_error(None, str(exc))
            else:
                form.add_error("file", str(exc))
                import_errors = [str(e) for e in getattr(exc, "errors", [])]
    bound = next((f for f in (form, session_form) if f.is_bound), None)
    return render(
        request,
        "staffing/training.html",
        {"day": day, "report": selectors.training_report(day),
         "outstanding": len(selectors.training_outstanding(day)), "import_form": form,
         "session_form": session_form, "form": bound, "import_errors": import_errors,
         "may_manage": roles.has_role(request.user, roles.MANAGE), "active_nav": NAV},
    )  # fmt: skip


def training_session(request, pk: int):
    """One in-person session: book placed staff onto it, cancel bookings, record attendance."""
    require_view(request)
    session = get_object_or_404(TrainingSession.objects.select_related("module"), pk=pk)
    post = request.POST
    if request.method == "POST":
        try:
            if "book" in post:
                chosen = Person.objects.filter(pk__in=_ids(post.getlist("person")))
                n = services.training_session_book(
                    session=session, people=chosen, acting_user=request.user
                )
                messages.success(request, f"{n} {'person' if n == 1 else 'people'} booked.")
            elif "cancel" in post:
                person = get_object_or_404(Person, pk=post["cancel"])
                services.training_booking_cancel(
                    session=session, person=person, acting_user=request.user
                )
                messages.success(request, f"{person.name}'s booking was cancelled.")
            elif "attendance" in post:
                r = services.training_attendance_record(
                    session=session, attended=_ids(post.getlist("attended")),
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(
                    request,
                    f"Attendance recorded: {r['attended']} attended; "
                    f"{r['completed']} completed the module.",
                )
        except EmsError as exc:
            messages.error(request, str(exc))
        return redirect("staffing:training_session", pk)
    bookings = list(selectors.session_bookings(session))
    labels = dict(StaffRole.choices)
    return render(
        request,
        "staffing/training_session.html",
        {"session": session, "bookings": bookings,
         "places_left": max(0, session.capacity - len(bookings)),
         "candidates": selectors.session_candidates(session),
         "role_labels": [labels[r] for r in session.for_roles],
         "session_started": session.starts_at <= timezone.now(),
         "may_edit": roles.has_role(request.user, roles.EDIT_DATA), "active_nav": NAV},
    )  # fmt: skip


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def availability(request, pk: int):
    """Mark availability for a polling day for many people at once: tick people in the pool
    and choose available or not, or upload a CSV file."""
    require_view(request)
    day = _day(pk)
    post = request.POST
    form = forms.AvailabilityImportForm(
        post if "import" in post else None, request.FILES if "import" in post else None
    )
    import_errors: list[str] = []
    if request.method == "POST":
        try:
            if "mark" in post:
                chosen = _ids(post.getlist("person"))
                if not chosen:
                    raise EmsError("Tick at least one person.")
                if post.get("answer") not in ("yes", "no"):
                    raise EmsError("Choose available or not available.")
                r = services.availability_set_many(
                    polling_day=day, answers=dict.fromkeys(chosen, post["answer"] == "yes"),
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(request, _availability_message(r))
                return redirect(request.get_full_path())
            if "import" in post and form.is_valid():
                upload = form.cleaned_data["file"]
                with upload_kept(upload, purpose="staffing") as path:
                    r = services.availability_import(
                        path=path, polling_day=day, acting_user=request.user,
                        display_name=upload.name,
                    )  # fmt: skip
                messages.success(request, _availability_message(r))
                return redirect("staffing:availability", pk)
        except EmsError as exc:
            if "import" in post:
                form.add_error("file", str(exc))
                import_errors = [str(e) for e in getattr(exc, "errors", [])]
            else:
                messages.error(request, str(exc))
                return redirect(request.get_full_path())
    query = request.GET.get("q", "")
    page = Paginator(selectors.people(query=query, status="active"), 100).get_page(
        request.GET.get("page")
    )
    answers = selectors.availability_of(day, [p.pk for p in page])
    return render(
        request,
        "staffing/availability.html",
        {"day": day, "page": page, "q": query, "answers": answers,
         "counts": selectors.availability_counts(day), "import_form": form,
         "import_errors": import_errors, "form": form if form.is_bound else None,
         "may_edit": roles.has_role(request.user, roles.EDIT_DATA), "active_nav": NAV},
    )  # fmt: skip


def _availability_message(r: dict) -> str:
    return (
        f"Availability recorded: {r['added']} new, {r['changed']} changed, "
        f"{r['unchanged']} already recorded."
    )


def payments(request, pk: int):
    require_view(request)
    day = _day(pk)
    if request.method == "POST":
        try:
            if "calculate" in request.POST:
                r = services.payments_calculate(polling_day=day, acting_user=request.user)
                messages.success(request, f"Pay calculated for {r['calculated']} people.")
            elif "approve" in request.POST:
                n = services.payments_approve(polling_day=day, acting_user=request.user)
                messages.success(request, f"{n} payments approved.")
            elif "payroll" in request.POST:
                text = services.payroll_export(polling_day=day, acting_user=request.user)
                response = HttpResponse(text, content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = (
                    f'attachment; filename="payroll-{day.date:%Y-%m-%d}.csv"'
                )
                return response
        except EmsError as exc:
            messages.error(request, str(exc))
        return redirect("staffing:payments", pk)
    return render(
        request,
        "staffing/payments.html",
        {"day": day, "payments": selectors.payments(day), "costs": selectors.election_costs(day),
         "is_finance": roles.has_role(request.user, roles.FINANCE), "active_nav": NAV,
         "withdrawn": selectors.approvals_withdrawn(day)},
    )  # fmt: skip


def appointment_pay(request, pk: int):
    """Manual pay adjustments for one appointment: miles claimed, extras and deductions."""
    require_view(request)
    appointment = get_object_or_404(
        Appointment.objects.select_related(
            "person", "position__polling_day", "position__station", "position__session"
        ),
        pk=pk,
    )
    form = forms.PayAdjustmentForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        try:
            if "add" in request.POST and form.is_valid():
                services.pay_adjustment_add(
                    appointment=appointment, acting_user=request.user, **form.cleaned_data
                )
                messages.success(request, "The adjustment was recorded.")
                return redirect("staffing:appointment_pay", pk)
            if "remove" in request.POST:
                adjustment = get_object_or_404(
                    PayAdjustment, pk=request.POST["remove"], appointment=appointment
                )
                services.pay_adjustment_remove(
                    adjustment=adjustment, acting_user=request.user,
                    reason="removed on the pay adjustments page",
                )  # fmt: skip
                messages.success(request, "The adjustment was removed.")
                return redirect("staffing:appointment_pay", pk)
        except EmsError as exc:
            if form.is_bound:
                form.add_error(None, str(exc))
            else:
                messages.error(request, str(exc))
    payment = Payment.objects.filter(appointment=appointment).first()
    return render(
        request,
        "staffing/appointment_pay.html",
        {"appointment": appointment, "day": appointment.position.polling_day,
         "payment": payment, "adjustments": appointment.pay_adjustments.select_related("by"),
         "adjust_form": form, "form": form if form.is_bound else None,
         "may_edit": roles.has_role(request.user, roles.EDIT_DATA)
         and not (payment and payment.status == Payment.Status.APPROVED),
         "active_nav": NAV},
    )  # fmt: skip


# ------------------------------------------------------------------ people


def people(request):
    require_view(request)
    query = request.GET.get("q", "")
    found = selectors.people(query=query, status=request.GET.get("status", ""))
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "staffing/people.html", {"page": page, "q": query, "active_nav": NAV})


def person_add(request):
    require_view(request, roles.EDIT_DATA)
    form = forms.PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_add(acting_user=request.user, **form.cleaned_data)
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{person.name} was added to the staff pool.")
            return redirect("staffing:person", person.pk)
    return render(request, "staffing/person_add.html", {"form": form, "active_nav": NAV})


def person_detail(request, pk: int):
    require_view(request)
    person = get_object_or_404(Person.objects.exclude(status=Person.Status.ANONYMISED), pk=pk)
    post = request.POST
    compliance_form = forms.ComplianceForm(post if "compliance" in post else None)
    enquiry_form = forms.EnquiryForm(post if "enquiry" in post else None)
    availability_form = forms.AvailabilityForm(post if "availability" in post else None)
    bank_full = None
    if request.method == "POST":
        try:
            if "reveal" in post:
                bank_full = services.bank_details_reveal(
                    person=person, acting_user=request.user, reason="viewed on the person's page"
                )
            elif "status" in post:
                services.person_set_status(
                    person=person, status=post["status"], acting_user=request.user
                )
                messages.success(request, "The status was changed.")
                return redirect("staffing:person", pk)
            elif "compliance" in post and compliance_form.is_valid():
                data = {k: (v if v not in ("", None) else None)
                        for k, v in compliance_form.cleaned_data.items()}  # fmt: skip
                services.compliance_update(person=person, acting_user=request.user, **data)
                messages.success(request, "The compliance details were saved.")
                return redirect("staffing:person", pk)
            elif "availability" in post and availability_form.is_valid():
                data = availability_form.cleaned_data
                services.availability_set(
                    person=person, polling_day=data["polling_day"],
                    available=data["available"] == "yes", acting_user=request.user,
                )  # fmt: skip
                messages.success(request, "Availability was recorded.")
                return redirect("staffing:person", pk)
            elif "enquiry" in post and enquiry_form.is_valid():
                services.enquiry_log(
                    person=person, acting_user=request.user, **enquiry_form.cleaned_data
                )
                messages.success(request, "The enquiry was logged.")
                return redirect("staffing:person", pk)
        except EmsError as exc:
            messages.error(request, str(exc))
            if "compliance" in post:
                compliance_form.add_error(None, str(exc))
    failed = next((f for f in (compliance_form, enquiry_form) if f.is_bound and f.errors), None)
    return render(
        request,
        "staffing/person.html",
        {
            "person": person,
            "history": selectors.person_history(person),
            "missing": services.compliance_missing(person),
            "bank_masked": services.bank_details_masked(person),
            "bank_full": bank_full,
            "is_finance": roles.has_role(request.user, roles.FINANCE),
            "duplicates": selectors.duplicates_of(person),
            "log": person.messages.all()[:50],
            "compliance_form": compliance_form,
            "enquiry_form": enquiry_form,
            "availability_form": availability_form,
            "availability": person.availability.select_related("polling_day"),
            "form": failed,
            "may_edit": roles.has_role(request.user, roles.EDIT_DATA),
            "active_nav": NAV,
        },
    )


def person_merge(request, pk: int, other: int):
    """Merge a duplicate (`other`) into the record kept (`pk`): compare, then confirm."""
    require_view(request)
    live = Person.objects.exclude(status=Person.Status.ANONYMISED)
    keep = get_object_or_404(live, pk=pk)
    duplicate = get_object_or_404(live, pk=other)
    if request.method == "POST" and "merge" in request.POST:
        try:
            services.person_merge(
                keep=keep, duplicate=duplicate, acting_user=request.user,
                reason=request.POST.get("reason", "").strip() or "duplicate records",
            )  # fmt: skip
        except EmsError as exc:
            messages.error(request, str(exc))
            return redirect("staffing:person_merge", pk, other)
        messages.success(
            request, f"The duplicate record was merged into {keep.name}'s. Nothing was lost."
        )
        return redirect("staffing:person", pk)
    rows = []
    for label, key in (("Name", "name"), ("Status", "get_status_display"), ("Email", "email"),
                       ("Phone", "phone"), ("Postcode", "postcode"), ("Languages", "languages"),
                       ("Skills", "skills")):  # fmt: skip
        values = [getattr(p, key) for p in (keep, duplicate)]
        rows.append((label, *[v() if callable(v) else v for v in values]))
    for label, relation in (("Appointments", "appointments"), ("Messages", "messages"),
                            ("Training completed", "completions")):  # fmt: skip
        rows.append((label, *[getattr(p, relation).count() for p in (keep, duplicate)]))
    return render(
        request,
        "staffing/person_merge.html",
        {"keep": keep, "duplicate": duplicate, "rows": rows,
         "problems": services.merge_conflicts(keep, duplicate),
         "may_manage": roles.has_role(request.user, roles.MANAGE), "active_nav": NAV},
    )  # fmt: skip


def bulk_email(request):
    """Bulk email in two steps: choose the template and who, preview the message as the first
    recipient gets it with the number of recipients, then confirm to send."""
    require_view(request, roles.EDIT_DATA)
    post = request.POST
    stage = "send" if "send" in post else ("preview" if "preview" in post else None)
    form = forms.BulkEmailForm(post if stage else None)
    template_form = forms.TemplateForm(post if "save_template" in post else None)
    preview = None
    if request.method == "POST":
        if "save_template" in post and template_form.is_valid():
            template_form.save()  # a template is wording, not a record of anyone
            messages.success(request, "The template was saved.")
            return redirect("staffing:email")
        if stage and form.is_valid():
            data = form.cleaned_data
            chosen = list(
                selectors.people(
                    status=data["status"] or "active",
                    role=data["role"],
                    language=data["language"],
                )  # fmt: skip
            )
            try:
                preview = services.bulk_email_preview(people=chosen, template=data["template"])
            except EmsError as exc:  # wording saved before templates were checked
                form.add_error("template", str(exc))
                stage = None
            if stage == "send" and str(preview["count"]) != post.get("confirm_count"):
                form.add_error(
                    None,
                    "The people matching have changed since the preview: check the preview "
                    "again before sending.",
                )
            elif stage == "send":
                try:
                    n = services.bulk_email(
                        people=chosen, template=data["template"], acting_user=request.user
                    )
                except EmsError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, f"{n} emails were sent.")
                    return redirect("staffing:email")
    failed = next((f for f in (form, template_form) if f.is_bound and f.errors), None)
    return render(
        request,
        "staffing/email.html",
        {"email_form": form, "template_form": template_form, "form": failed,
         "preview": preview, "active_nav": NAV},
    )  # fmt: skip


# ------------------------------------------------------------------ public pages


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _count_submission(key: str) -> None:
    """Add one to the count for this address; the window starts at the first submission.
    add() then incr() so two submissions at once both count (in a shared cache too)."""
    if not cache.add(key, 1, INTEREST_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, INTEREST_WINDOW)


@login_not_required
def interest(request):
    """The public expression-of-interest form (no sign-in; CSRF on; honeypot and a limit per
    address against automated submissions)."""
    form = forms.InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = f"staffing-interest:{_client_address(request)}"
        if data["website"]:
            return redirect("staffing:interest_done")  # a robot: say thanks, keep nothing
        if cache.get(key, 0) >= INTEREST_LIMIT:
            form.add_error(None, "Too many forms have been sent from here. Try again later.")
        else:
            try:
                services.interest_submit(
                    first_names=data["first_names"], surname=data["surname"],
                    email=data["email"], postcode=data["postcode"], phone=data["phone"],
                    roles_wanted=data["roles_wanted"], languages=data["languages"],
                )  # fmt: skip
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                _count_submission(key)
                return redirect("staffing:interest_done")
    return render(request, "staffing/public_interest.html", {"form": form})


@login_not_required
def interest_done(request):
    return render(request, "staffing/public_interest_done.html", {})


@login_not_required
def offer(request, token: str):
    """The page behind an offer link: accept or decline, and check your own details."""
    try:
        link = services.link_get(token)
    except EmsError as exc:
        return render(request, "staffing/public_link_problem.html", {"problem": str(exc)},
                      status=410 if "expired" in str(exc) else 404)  # fmt: skip
    person = link.person
    contact_form = forms.ContactForm(
        request.POST if "details" in request.POST else None,
        initial={"email": person.email, "phone": person.phone, "address": person.address,
                 "postcode": person.postcode, "languages": person.languages},
    )  # fmt: skip
    if request.method == "POST":
        try:
            if "accept" in request.POST or "decline" in request.POST:
                try:
                    answer = services.offer_respond(token=token, accept="accept" in request.POST)
                except EmsError as exc:  # answered already, perhaps in another tab
                    messages.error(request, str(exc))
                    return redirect("staffing:offer", token)
                messages.success(
                    request,
                    "Thank you: you have accepted the offer."
                    if answer.status == Appointment.Status.ACCEPTED
                    else "Thank you: you have declined the offer.",
                )
                return redirect("staffing:offer", token)
            if "details" in request.POST and contact_form.is_valid():
                services.own_details_update(token=token, **contact_form.cleaned_data)
                messages.success(request, "Your details have been saved.")
                return redirect("staffing:offer", token)
        except EmsError as exc:
            contact_form.add_error(None, str(exc))
    person.refresh_from_db()
    return render(
        request,
        "staffing/public_offer.html",
        {"link": link, "person": person, "appointment": link.appointment,
         "missing": services.compliance_missing(person),
         "details_problem": services.link_details_problem(link),
         "bank_masked": services.bank_details_masked(person), "contact_form": contact_form,
         "form": contact_form if contact_form.is_bound else None},
    )  # fmt: skip


def setup(request, pk: int):
    """The pay table, combined-poll shares, count sessions and training modules of a day."""
    require_view(request)
    day = _day(pk)
    elections = list(day.elections.order_by("election_id"))
    types = sorted({(e.election_type, e.get_election_type_display()) for e in elections})
    post = request.POST
    rate_form = forms.PayRateForm(post if "rate" in post else None, election_types=types)
    shares_form = forms.SharesForm(
        post if "shares" in post else None, elections=elections,
        initial={f"share_{s.election_id}": s.percent for s in day.shares.all()},
    )  # fmt: skip
    session_form = forms.SessionForm(post if "session" in post else None)
    module_form = forms.ModuleForm(post if "module" in post else None)
    bound = (rate_form, shares_form, session_form, module_form)
    if request.method == "POST":
        try:
            if "rate" in post and rate_form.is_valid():
                services.pay_rate_save(acting_user=request.user, **rate_form.cleaned_data)
                messages.success(request, "The pay rate was saved.")
                return redirect("staffing:setup", pk)
            if "shares" in post and shares_form.is_valid():
                data = shares_form.cleaned_data
                services.poll_shares_set(
                    polling_day=day, agreed_with=data["agreed_with"], acting_user=request.user,
                    shares={e: data[f"share_{e.pk}"] for e in elections},
                )  # fmt: skip
                messages.success(request, "The shares were saved.")
                return redirect("staffing:setup", pk)
            if "session" in post and session_form.is_valid():
                data = session_form.cleaned_data
                services.session_add(
                    polling_day=day, kind=data["kind"], name=data["name"],
                    starts_at=data["starts_at"], venue=data["venue"], postcode=data["postcode"],
                    staff={data["kind"]: data["assistants"], "supervisor": data["supervisors"]},
                    acting_user=request.user,
                )  # fmt: skip
                messages.success(request, f"{data['name']} was added.")
                return redirect("staffing:setup", pk)
            if "module" in post and module_form.is_valid():
                data = module_form.cleaned_data
                services.training_module_save(
                    code=data["code"], title=data["title"], kind=data["kind"],
                    roles_required=data["roles"], acting_user=request.user,
                )  # fmt: skip
                messages.success(request, "The training module was saved.")
                return redirect("staffing:setup", pk)
        except EmsError as exc:
            for f in bound:
                if f.is_bound:
                    f.add_error(None, str(exc))
    from .models import PayRate, Session, TrainingModule

    return render(
        request,
        "staffing/setup.html",
        {"day": day, "elections": elections,
         "rates": PayRate.objects.filter(election_type__in=[t for t, _ in types]),
         "shares": day.shares.select_related("election"),
         "sessions": Session.objects.filter(polling_day=day),
         "modules": TrainingModule.objects.all(), "rate_form": rate_form,
         "shares_form": shares_form, "session_form": session_form, "module_form": module_form,
         "form": next((f for f in bound if f.is_bound and f.errors), None),
         "may_manage": roles.has_role(request.user, roles.MANAGE), "active_nav": NAV},
    )  # fmt: skip
