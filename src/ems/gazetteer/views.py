"""Gazetteer pages: property search, polling districts, reports and uploads.

Moving properties between polling districts is the register's page
(register:move_properties), because it moves the electors at them too.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from ems.core import privacy, roles
from ems.core.errors import EmsError
from ems.core.selectors import object_history
from ems.core.uploads import import_job_start
from ems.core.views import require_view

from . import selectors
from .forms import CsvUploadForm, PropertySearchForm
from .models import PollingDistrict, Property

PAGE_SIZE = 50


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def property_search(request):
    require_view(request)
    search_form = PropertySearchForm(request.GET or None)
    text = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    page, query = _page(request, selectors.property_search(text))
    return render(
        request,
        "gazetteer/property_search.html",
        {
            "search_form": search_form,
            "text": text,
            "page": page,
            "query": query,
            "active_nav": "properties",
        },
    )


def property_detail(request, uprn: int):
    require_view(request)
    try:
        prop = selectors.property_get(uprn)
    except Property.DoesNotExist as exc:
        raise Http404 from exc
    # An anonymous elector's address is what must stay hidden: for users who do not handle
    # anonymous entries they are not listed at all, not even as "Anonymous entry".
    electors = [
        e
        for e in selectors.property_electors(prop)[:200]
        if not privacy.hidden_from(request.user, e)
    ]
    return render(
        request,
        "gazetteer/property_detail.html",
        {
            "property": prop,
            "electors": electors,
            "history": object_history("property", prop.uprn)[:100],
            "active_nav": "properties",
        },
    )


def district_list(request):
    require_view(request)
    districts = list(selectors.districts_with_counts())
    return render(
        request,
        "gazetteer/district_list.html",
        {
            "districts": districts,
            "totals": {
                "properties": sum(d.property_count for d in districts),
                "electors": sum(d.elector_count for d in districts),
            },
            "counts": selectors.dashboard_counts(),
            "active_nav": "districts",
        },
    )


def district_detail(request, code: str):
    require_view(request)
    try:
        district = selectors.district_get(code)
    except PollingDistrict.DoesNotExist as exc:
        raise Http404 from exc
    page, query = _page(request, selectors.district_properties(district))
    return render(
        request,
        "gazetteer/district_detail.html",
        {"district": district, "page": page, "query": query, "active_nav": "districts"},
    )


def unallocated(request):
    require_view(request)
    page, query = _page(request, selectors.unallocated_residential())
    return render(
        request,
        "gazetteer/unallocated.html",
        {"page": page, "query": query, "active_nav": "districts"},
    )


def historic_with_electors(request):
    require_view(request)
    historic = selectors.historic_with_electors(
        include_anonymous=privacy.may_see_anonymous(request.user)
    )
    page, query = _page(request, historic)
    return render(
        request,
        "gazetteer/historic_with_electors.html",
        {"page": page, "query": query, "active_nav": "properties"},
    )


def _upload(request, *, allowed, kind: str, title: str, template: str):
    require_view(request, allowed)
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                upload,
                purpose=kind,
                job_kind=kind,
                title=f"{title}: {upload.name}",
                acting_user=request.user,
            )
        except EmsError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("core:job", job_id=job.pk)
    return render(request, template, {"form": form, "active_nav": "districts"})


def upload_gazetteer(request):
    return _upload(
        request,
        allowed=roles.EDIT_DATA,
        kind="gazetteer.import",
        title="Gazetteer import",
        template="gazetteer/upload_gazetteer.html",
    )


def upload_districts(request):
    return _upload(
        request,
        allowed=roles.MANAGE,
        kind="gazetteer.districts_import",
        title="Polling districts import",
        template="gazetteer/upload_districts.html",
    )
