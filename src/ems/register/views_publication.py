"""Pages for published editions, notices of alteration and the supply log."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ems.core import privacy, roles
from ems.core.errors import EmsError, NotPermitted
from ems.core.jobs import job_start
from ems.core.views import require_view
from ems.gazetteer.models import PollingDistrict

from . import notices, publication, supply
from .models import Edition, NoticeOfAlteration, Recipient

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class PublishForm(forms.Form):
    kind = forms.ChoiceField(
        label="Edition",
        choices=[("full", "Full register"), ("open", "Open register")],
    )
    file_format = forms.ChoiceField(
        label="Format",
        choices=[("csv", "CSV (for printers and recipients)"), ("pdf", "PDF (printed register)")],
    )
    polling_district = forms.ChoiceField(
        label="Polling district", required=False, help_text="Leave as all for the whole area"
    )
    published_on = forms.DateField(
        label="Date of publication",
        input_formats=DATE_FORMATS,
        help_text="For example 01/12/2025",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["polling_district"].choices = [("", "All polling districts")] + [
            (code, f"{code} {name}")
            for code, name in PollingDistrict.objects.values_list("code", "name")
        ]


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="Notice", choices=NoticeOfAlteration.Kind.choices)
    period_start = forms.DateField(
        label="Alterations effective from",
        input_formats=DATE_FORMATS,
        help_text="For example 02/12/2025",
    )
    period_end = forms.DateField(
        label="Alterations effective to",
        input_formats=DATE_FORMATS,
        help_text="For example 01/01/2026",
    )
    published_on = forms.DateField(
        label="Date of publication", input_formats=DATE_FORMATS, help_text="For example 02/01/2026"
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return data


class RecipientForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    legal_basis = forms.CharField(
        label="Legal basis",
        max_length=200,
        help_text="The regulation that entitles them, for example RPR 2001 reg 103",
    )
    open_register_only = forms.BooleanField(
        label="May be supplied the open register only", required=False
    )
    contact = forms.CharField(label="Contact details", required=False, widget=forms.Textarea)


class SupplyForm(forms.Form):
    recipient = forms.ModelChoiceField(queryset=Recipient.objects.all(), label="Recipient")
    edition = forms.ModelChoiceField(queryset=Edition.objects.all(), label="Edition supplied")
    supplied_on = forms.DateField(
        label="Date supplied", input_formats=DATE_FORMATS, help_text="For example 02/12/2025"
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        required=False,
        max_length=200,
        help_text="Leave empty to use the recipient's",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = publication.editions_list()
        self.fields["edition"].label_from_instance = _edition_label


def _edition_label(edition: Edition) -> str:
    area = edition.polling_district.code if edition.polling_district_id else "all districts"
    published = f"{edition.published_on:%d/%m/%Y}"
    return f"{edition.get_kind_display()}, {area}, {published} ({edition.file_format.upper()})"


def _today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def edition_list(request):
    require_view(request)
    return render(
        request,
        "register/publication/editions.html",
        {
            "editions": publication.editions_list()[:200],
            "may_publish": roles.has_role(request.user, roles.MANAGE),
            "active_nav": "register",
        },
    )


def edition_download(request, edition_id: int):
    require_view(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    try:
        path = publication.edition_download(edition=edition, acting_user=request.user)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except EmsError as exc:
        messages.error(request, str(exc))
        return redirect("register:editions")
    content_type = "text/csv; charset=utf-8" if edition.file_format == "csv" else "application/pdf"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=publication.edition_download_name(edition),
        content_type=content_type,
    )


def edition_publish(request):
    require_view(request, roles.MANAGE)
    form = PublishForm(
        request.POST or None,
        initial={"kind": "full", "file_format": "csv", "published_on": _today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind_label = dict(form.fields["kind"].choices)[data["kind"]]
        area = data["polling_district"] or "all districts"
        try:
            job = job_start(
                kind="register.publish",
                title=f"Publish the {kind_label.lower()} ({area}, {data['file_format'].upper()})",
                params={
                    "kind": data["kind"],
                    "file_format": data["file_format"],
                    "polling_district": data["polling_district"],
                    "published_on": data["published_on"].isoformat(),
                },
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("core:job", job.pk)
    return render(
        request,
        "register/publication/publish.html",
        {"form": form, "active_nav": "register"},
    )


def notice_list(request):
    require_view(request)
    items = [(n, notices.notice_files(n)) for n in notices.notices_list()[:200]]
    return render(
        request,
        "register/publication/notices.html",
        {
            "items": items,
            "due": notices.monthly_notices_due(today=timezone.localdate()),
            "may_publish": roles.has_role(request.user, roles.MANAGE),
            "active_nav": "register",
        },
    )


def notice_download(request, notice_id: int, name: str):
    require_view(request)
    notice = get_object_or_404(NoticeOfAlteration, pk=notice_id)
    try:
        path = notices.notice_file(notice, name)
    except EmsError:
        raise Http404("No such file") from None
    content_type = "text/csv; charset=utf-8" if path.suffix == ".csv" else "application/pdf"
    privacy.audit_download(
        acting_user=request.user,
        what="Notice of alteration",
        filename=path.name,
        object_type="notice",
        object_id=notice.pk,
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type
    )


def notice_publish(request):
    require_view(request, roles.MANAGE)
    today = timezone.localdate()
    form = NoticeForm(
        request.POST or None,
        initial={
            "kind": "monthly",
            "period_end": (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            "published_on": _today(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # A large notice takes minutes to write: it runs as a job with its own page.
            job = notices.notice_publish_start(
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                published_on=data["published_on"],
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("core:job", job.pk)
    return render(
        request,
        "register/publication/notice_publish.html",
        {"form": form, "active_nav": "register"},
    )


def recipient_list(request):
    require_view(request)
    return render(
        request,
        "register/publication/recipients.html",
        {
            "recipients": supply.recipients_with_supplies(),
            "may_add": roles.has_role(request.user, roles.MANAGE),
            "may_record": roles.has_role(request.user, roles.EDIT_DATA),
            "active_nav": "register",
        },
    )


def recipient_add(request):
    require_view(request, roles.MANAGE)
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recipient = supply.recipient_create(acting_user=request.user, **form.cleaned_data)
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{recipient.name} was added.")
            return redirect("register:recipients")
    return render(
        request,
        "register/publication/recipient_add.html",
        {"form": form, "active_nav": "register"},
    )


def supply_add(request):
    require_view(request, roles.EDIT_DATA)
    initial = {"supplied_on": _today()}
    if request.GET.get("recipient"):
        initial["recipient"] = request.GET["recipient"]
    form = SupplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            supply.register_supply(
                recipient=data["recipient"],
                edition=data["edition"],
                supplied_on=data["supplied_on"],
                legal_basis=data["legal_basis"],
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The supply to {data['recipient'].name} was recorded.")
            return redirect("register:recipients")
    return render(
        request,
        "register/publication/supply_add.html",
        {"form": form, "active_nav": "register"},
    )
