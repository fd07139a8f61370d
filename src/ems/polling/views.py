"""Polling scheme pages for officers (VIEW to see, MANAGE to change) and the public
polling station finder and its JSON API (no sign-in; nothing personal is shown)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ems.core import privacy, roles
from ems.core.errors import EmsError
from ems.core.postcodes import normalise_postcode
from ems.core.views import require_view
from ems.elections.models import Election, PollingDay
from ems.gazetteer.models import Property

from . import forms, poll_cards, selectors, services
from .models import (
    AssessmentPhoto,
    EquipmentAllocation,
    EquipmentItem,
    PollCardRun,
    PollingStation,
    Round,
    StationDistrict,
)
from .rules import accessibility, staffing

NAV = "polling"


def _day_or_404(pk: int) -> PollingDay:
    return get_object_or_404(PollingDay, pk=pk)


def _may_manage(request) -> bool:
    return roles.has_role(request.user, roles.MANAGE)


def _post_by_manager(request) -> None:
    if request.method == "POST" and not _may_manage(request):
        raise PermissionDenied


# ------------------------------------------------------------------ scheme


def index(request):
    require_view(request)
    return render(
        request,
        "polling/index.html",
        {"days": selectors.polling_days(), "active_nav": NAV},
    )


def polling_day(request, pk: int):
    require_view(request)
    _post_by_manager(request)
    day = _day_or_404(pk)
    elections = list(day.elections.all())
    station_form = forms.StationAddForm(request.POST if "add_station" in request.POST else None)
    staffing_form = forms.StaffingRuleForm(request.POST if "save_rule" in request.POST else None)
    ranges_form = forms.AllocateRangesForm(
        request.POST if "allocate" in request.POST else None,
        elections=elections,
        initial={"start": 1, "spare_percent": 0, "round_to": 50},
    )
    failed = None
    if request.method == "POST":
        try:
            if "start_scheme" in request.POST:
                created = services.scheme_copy_from_districts(
                    polling_day=day, acting_user=request.user
                )
                messages.success(request, f"{len(created)} polling stations were added.")
                return redirect("polling:day", pk)
            if "add_station" in request.POST and station_form.is_valid():
                data = station_form.cleaned_data
                station = services.station_add(
                    polling_day=day,
                    polling_place=data["polling_place"],
                    number=data["number"],
                    name=data["name"],
                    acting_user=request.user,
                )
                messages.success(request, f"{station} was added.")
                return redirect("polling:station", station.pk)
            if "save_rule" in request.POST and staffing_form.is_valid():
                services.staffing_rule_save(acting_user=request.user, **staffing_form.cleaned_data)
                messages.success(request, "The staffing ratio was saved.")
                return redirect("polling:day", pk)
            if "allocate" in request.POST and ranges_form.is_valid():
                data = ranges_form.cleaned_data
                election = get_object_or_404(Election, pk=data["election"], polling_day=day)
                rows = services.ballot_ranges_allocate(
                    election=election,
                    start=data["start"],
                    spare_percent=data["spare_percent"],
                    round_to=data["round_to"],
                    acting_user=request.user,
                )
                messages.success(request, f"Ballot paper numbers set for {len(rows)} stations.")
                return redirect("polling:day", pk)
        except EmsError as exc:
            messages.error(request, str(exc))
            return redirect("polling:day", pk)
        failed = next((f for f in (station_form, staffing_form, ranges_form) if f.is_bound), None)
    summaries = selectors.scheme(day)
    return render(
        request,
        "polling/day.html",
        {
            "day": day,
            "elections": elections,
            "summaries": summaries,
            "total_electors": sum(s.electors for s in summaries),
            "total_staff": sum(s.staff_total for s in summaries),
            "ratios": selectors.staffing_ratios(),
            "problems": selectors.scheme_problems(day),
            "may_manage": _may_manage(request),
            "station_form": station_form,
            "staffing_form": staffing_form,
            "ranges_form": ranges_form,
            "form": failed,
            "active_nav": NAV,
        },
    )


def station(request, pk: int):
    require_view(request)
    _post_by_manager(request)
    st = get_object_or_404(
        PollingStation.objects.select_related("polling_day", "polling_place"), pk=pk
    )
    day, place = st.polling_day, st.polling_place
    elections = list(day.elections.all())
    post = request.POST
    booking = selectors.booking_for(day, place)
    assign_form = forms.AssignDistrictForm(post if "assign" in post else None)
    range_form = forms.BallotRangeForm(post if "set_range" in post else None, elections=elections)
    booking_form = forms.BookingForm(
        post if "booking" in post else None,
        initial={
            f: getattr(booking, f)
            for f in (
                "status",
                "contact_name",
                "contact_phone",
                "contact_email",
                "cost",
                "access_from",
                "notes",
            )
        }  # fmt: skip
        if booking
        else None,
    )
    assessment_form = forms.AssessmentForm(post if "assessment" in post else None)
    photo_form = forms.PhotoForm(
        post if "photo" in post else None, request.FILES if "photo" in post else None
    )
    edit_form = forms.StationEditForm(
        post if "edit_station" in post else None,
        initial={"number": st.number, "name": st.name, "notes": st.notes},
    )
    assessment = selectors.latest_assessment(place)
    station_forms = (edit_form, assign_form, range_form, booking_form, assessment_form, photo_form)
    failed = None
    if request.method == "POST":
        try:
            if "edit_station" in post and edit_form.is_valid():
                services.station_update(
                    station=st, acting_user=request.user, **edit_form.cleaned_data
                )
                messages.success(request, f"The station is now {st}.")
                return redirect("polling:station", pk)
            if "remove_assignment" in post:
                row = get_object_or_404(StationDistrict, pk=post["remove_assignment"], station=st)
                services.station_district_remove(assignment=row, acting_user=request.user)
                messages.success(request, "The district was removed from this station.")
                return redirect("polling:station", pk)
            if "assign" in post and assign_form.is_valid():
                services.station_district_assign(
                    station=st, acting_user=request.user, **assign_form.cleaned_data
                )
                messages.success(request, "The station now serves that district.")
                return redirect("polling:station", pk)
            if "set_range" in post and range_form.is_valid():
                data = range_form.cleaned_data
                election = get_object_or_404(Election, pk=data["election"], polling_day=day)
                services.ballot_range_set(
                    station=st,
                    election=election,
                    first_number=data["first_number"],
                    last_number=data["last_number"],
                    acting_user=request.user,
                )
                messages.success(request, "The ballot paper numbers were saved.")
                return redirect("polling:station", pk)
            if "booking" in post and booking_form.is_valid():
                services.venue_booking_save(
                    polling_day=day,
                    polling_place=place,
                    acting_user=request.user,
                    **booking_form.cleaned_data,
                )
                messages.success(request, "The booking was saved.")
                return redirect("polling:station", pk)
            if "assessment" in post and assessment_form.is_valid():
                data = assessment_form.cleaned_data
                services.assessment_record(
                    polling_place=place,
                    visited_on=data["visited_on"],
                    visited_by=data["visited_by"],
                    answers=assessment_form.answers(),
                    issues=data["issues"],
                    mitigations=data["mitigations"],
                    public_summary=data["public_summary"],
                    acting_user=request.user,
                )
                messages.success(request, "The site visit was recorded.")
                return redirect("polling:station", pk)
            if "photo" in post and photo_form.is_valid():
                if assessment is None:
                    raise EmsError("Record the site visit before adding its photos.")
                services.assessment_photo_add(
                    assessment=assessment,
                    upload=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data["caption"],
                    acting_user=request.user,
                )
                messages.success(request, "The photo was added.")
                return redirect("polling:station", pk)
        except EmsError as exc:
            bound = next((f for f in station_forms if f.is_bound), None)
            if bound is None:
                messages.error(request, str(exc))
                return redirect("polling:station", pk)
            bound.add_error(None, str(exc))
        failed = next((f for f in station_forms if f.is_bound), None)
    electors = selectors.station_electors(day).get(st.pk, 0)
    ratios = selectors.staffing_ratios()
    return render(
        request,
        "polling/station.html",
        {
            "station": st,
            "day": day,
            "place": place,
            "electors": electors,
            "staff_text": ", ".join(
                f"{n} {role.lower()}" for role, n in staffing.staff_for(ratios, electors).items()
            ),
            "serves": st.serves.select_related("polling_district"),
            "ranges": st.ballot_ranges.select_related("election"),
            "booking": booking,
            "assessment": assessment,
            "checklist_groups": accessibility.grouped(),
            "unanswered": accessibility.unanswered_items(assessment.answers) if assessment else [],
            "allocations": st.allocations.select_related("item"),
            "may_manage": _may_manage(request),
            "edit_form": edit_form,
            "assign_form": assign_form,
            "range_form": range_form,
            "booking_form": booking_form,
            "assessment_form": assessment_form,
            "photo_form": photo_form,
            "form": failed,
            "active_nav": NAV,
        },
    )


@require_POST
def station_remove(request, pk: int):
    require_view(request, roles.MANAGE)
    st = get_object_or_404(PollingStation, pk=pk)
    day_pk = st.polling_day_id
    try:
        services.station_remove(station=st, acting_user=request.user)
    except EmsError as exc:
        messages.error(request, str(exc))
        return redirect("polling:station", pk)
    messages.success(request, "The station was removed.")
    return redirect("polling:day", day_pk)


def photo(request, pk: int, photo_id: int):
    require_view(request)
    st = get_object_or_404(PollingStation, pk=pk)
    found = get_object_or_404(
        AssessmentPhoto, pk=photo_id, assessment__polling_place_id=st.polling_place_id
    )
    return FileResponse(found.image.open("rb"))


# ------------------------------------------------------------------ poll cards


def poll_card_runs(request, pk: int):
    require_view(request)
    day = _day_or_404(pk)
    if request.method == "POST":
        require_view(request, roles.MANAGE)
        try:
            job = poll_cards.poll_cards_start(polling_day=day, acting_user=request.user)
        except EmsError as exc:
            messages.error(request, str(exc))
            return redirect("polling:poll_cards", pk)
        return redirect("core:job", job.pk)
    return render(
        request,
        "polling/poll_cards.html",
        {
            "day": day,
            "runs": selectors.poll_card_runs(day),
            "may_manage": _may_manage(request),
            "active_nav": NAV,
        },
    )


def poll_card_run(request, pk: int):
    require_view(request)
    run = get_object_or_404(PollCardRun.objects.select_related("polling_day"), pk=pk)
    return render(
        request,
        "polling/poll_card_run.html",
        {"run": run, "may_manage": _may_manage(request), "active_nav": NAV},
    )


DOWNLOADS = {
    "supplier": (poll_cards.SUPPLIER_FILE, "text/csv"),
    "anonymous": (poll_cards.ANONYMOUS_FILE, "text/csv"),
    "proof": (poll_cards.PROOF_FILE, "application/pdf"),
}


def poll_card_file(request, pk: int, name: str):
    """The print files hold names and addresses: managers only."""
    require_view(request, roles.MANAGE)
    run = get_object_or_404(PollCardRun, pk=pk)
    if name not in DOWNLOADS:
        raise Http404("No such file")
    filename, content_type = DOWNLOADS[name]
    path = Path(poll_cards.run_folder(run)) / filename
    if not path.is_file():
        raise Http404("The file is no longer kept on the server")
    download_name = f"poll-cards-{name}-{run.polling_day.date.isoformat()}{path.suffix}"
    privacy.audit_download(
        acting_user=request.user,
        what="Poll card file",
        filename=download_name,
        object_type="poll card run",
        object_id=run.pk,
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=download_name, content_type=content_type
    )


# ------------------------------------------------------------------ equipment


def equipment(request, pk: int):
    require_view(request)
    _post_by_manager(request)
    day = _day_or_404(pk)
    station_list = list(selectors.stations(day))
    post = request.POST
    add_form = forms.EquipmentAddForm(post if "add" in post else None)
    allocate_form = forms.AllocateForm(post if "allocate" in post else None, stations=station_list)
    round_form = forms.RoundForm(post if "round" in post else None)
    failed = None
    if request.method == "POST":
        try:
            if "deallocate" in post:
                row = get_object_or_404(EquipmentAllocation, pk=post["deallocate"], polling_day=day)
                services.equipment_deallocate(allocation=row, acting_user=request.user)
                messages.success(request, "The item was taken off the station.")
                return redirect("polling:equipment", pk)
            if "add" in post and add_form.is_valid():
                data = add_form.cleaned_data
                items = services.equipment_add(
                    kind=data["kind"],
                    labels=data["labels"].splitlines(),
                    seal_numbers=[s.strip() for s in data["seal_numbers"].splitlines()],
                    acting_user=request.user,
                )
                messages.success(request, f"{len(items)} items were added to stock.")
                return redirect("polling:equipment", pk)
            if "allocate" in post and allocate_form.is_valid():
                st = get_object_or_404(
                    PollingStation, pk=allocate_form.cleaned_data["station"], polling_day=day
                )
                services.equipment_allocate(
                    item=allocate_form.cleaned_data["item"], station=st, acting_user=request.user
                )
                messages.success(request, f"{allocate_form.cleaned_data['item']} goes to {st}.")
                return redirect("polling:equipment", pk)
            if "round" in post and round_form.is_valid():
                data = round_form.cleaned_data
                by_number = {s.number: s for s in station_list}
                unknown = [n for n in data["stations"] if n not in by_number]
                if unknown:
                    raise EmsError(f"There is no station {unknown[0]} on this polling day.")
                services.round_create(
                    polling_day=day,
                    kind=data["kind"],
                    name=data["name"],
                    date=data["date"],
                    driver=data["driver"],
                    stations=[by_number[n] for n in data["stations"]],
                    acting_user=request.user,
                )
                messages.success(request, "The round was saved.")
                return redirect("polling:equipment", pk)
        except EmsError as exc:
            bound = next((f for f in (add_form, allocate_form, round_form) if f.is_bound), None)
            if bound is None:
                messages.error(request, str(exc))
                return redirect("polling:equipment", pk)
            bound.add_error(None, str(exc))
        failed = next((f for f in (add_form, allocate_form, round_form) if f.is_bound), None)
    return render(
        request,
        "polling/equipment.html",
        {
            "day": day,
            "stock": selectors.equipment_stock(),
            "allocations": selectors.allocations(day),
            "rounds": selectors.rounds(day),
            "may_manage": _may_manage(request),
            "add_form": add_form,
            "allocate_form": allocate_form,
            "round_form": round_form,
            "form": failed,
            "active_nav": NAV,
        },
    )


def equipment_item(request, pk: int, item_id: int):
    """Change an item's condition (good, needs repair, damaged, lost, written off), seal
    number or notes."""
    require_view(request, roles.MANAGE)
    day = _day_or_404(pk)
    item = get_object_or_404(EquipmentItem, pk=item_id)
    form = forms.EquipmentItemForm(
        request.POST or None,
        initial={"condition": item.condition, "seal_number": item.seal_number, "notes": item.notes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.equipment_update(item=item, acting_user=request.user, **form.cleaned_data)
        except EmsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{item} was updated: {item.get_condition_display()}.")
            return redirect("polling:equipment", pk)
    return render(
        request,
        "polling/equipment_item.html",
        {
            "day": day,
            "item": item,
            "allocations": item.allocations.select_related("station__polling_place", "polling_day"),
            "form": form,
            "active_nav": NAV,
        },
    )


def round_edit(request, pk: int, round_id: int):
    """Change a delivery or collection round, or delete it."""
    require_view(request, roles.MANAGE)
    day = _day_or_404(pk)
    round_ = get_object_or_404(Round, pk=round_id, polling_day=day)
    stops = list(round_.stops.select_related("station__polling_place"))
    form = forms.RoundEditForm(
        request.POST if "save" in request.POST else None,
        initial={
            "name": round_.name,
            "date": round_.date.strftime("%d/%m/%Y"),
            "driver": round_.driver,
            "stations": ", ".join(str(stop.station.number) for stop in stops),
        },
    )
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                services.round_delete(round_=round_, acting_user=request.user)
                messages.success(request, f"{round_} was deleted.")
                return redirect("polling:equipment", pk)
            if form.is_valid():
                data = form.cleaned_data
                by_number = {s.number: s for s in selectors.stations(day)}
                unknown = [n for n in data["stations"] if n not in by_number]
                if unknown:
                    raise EmsError(f"There is no station {unknown[0]} on this polling day.")
                services.round_update(
                    round_=round_,
                    name=data["name"],
                    date=data["date"],
                    driver=data["driver"],
                    stations=[by_number[n] for n in data["stations"]],
                    acting_user=request.user,
                )
                messages.success(request, f"{round_} was saved.")
                return redirect("polling:equipment", pk)
        except EmsError as exc:
            if not form.is_bound:
                messages.error(request, str(exc))
                return redirect("polling:round", pk, round_id)
            form.add_error(None, str(exc))
    return render(
        request,
        "polling/round.html",
        {"day": day, "round": round_, "stops": stops, "form": form, "active_nav": NAV},
    )


# ------------------------------------------------------------------ public


@login_not_required
def find(request):
    """Find your polling station: by postcode, then by address where a postcode is split."""
    form = forms.PostcodeForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.public_postcode_lookup(
            form.cleaned_data["postcode"], selectors.next_polling_day()
        )
    return render(
        request,
        "polling/find.html",
        {"form": form, "result": result, "postcode_form": form},
    )


@login_not_required
def find_address(request, uprn: int):
    prop = get_object_or_404(
        Property.objects.select_related("polling_district__polling_place"), uprn=uprn
    )
    day = selectors.next_polling_day()
    return render(
        request,
        "polling/find_address.html",
        {
            "address": prop.single_line_address,
            "postcode": prop.postcode,
            "day": day,
            "station": selectors.public_station_for_property(prop, day),
        },
    )


@login_not_required
def api_docs(request):
    return render(request, "polling/api_docs.html", {})


@login_not_required
def api_postcode(request, postcode: str):
    """JSON: the polling station for a postcode, or the addresses to choose from."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return JsonResponse({"error": "Not a valid UK postcode"}, status=400)
    return JsonResponse(selectors.public_postcode_lookup(normalised, selectors.next_polling_day()))


@login_not_required
def api_address(request, uprn: int):
    prop = Property.objects.select_related("polling_district__polling_place").filter(uprn=uprn)
    prop = prop.first()
    if prop is None:
        return JsonResponse({"error": "No such address"}, status=404)
    day = selectors.next_polling_day()
    return JsonResponse(
        {
            "uprn": str(prop.uprn),
            "address": prop.single_line_address,
            "polling_day": day.date.isoformat() if day else None,
            "polls": [e.title for e in day.elections.all()] if day else [],
            "station": selectors.public_station_for_property(prop, day),
        }
    )
