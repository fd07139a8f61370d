"""Moving properties to another polling district, with their electors.

This page lives in the register app, not the gazetteer: confirming a move calls
the register's `properties_move`, which moves the properties (gazetteer) and
the electors at them (register) in one transaction. The register depends on
the gazetteer, never the other way round, so the gazetteer's pages only link
here by URL name and its old address redirects here.
"""

from django.contrib import messages
from django.shortcuts import redirect, render

from ems.core import roles
from ems.core.errors import EmsError
from ems.core.views import require_view
from ems.gazetteer import selectors as gazetteer_selectors
from ems.gazetteer.forms import ReallocationForm

from .services import properties_move


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def move_properties(request):
    require_view(request, roles.EDIT_DATA)
    form = ReallocationForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        district = form.cleaned_data["target_district"]
        criteria = form.criteria()
        if "confirm" in request.POST:
            uprns = gazetteer_selectors.reallocation_selection(**criteria).values_list(
                "uprn", flat=True
            )
            try:
                moved = properties_move(
                    uprns=list(uprns),
                    district=district,
                    acting_user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except EmsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"{_count(moved['properties'], 'property', 'properties')} and "
                    f"{_count(moved['electors'], 'elector', 'electors')} moved to polling "
                    f"district {district}.",
                )
                return redirect("gazetteer:district", code=district.code)
        else:
            preview = gazetteer_selectors.reallocation_preview(**criteria, target_district=district)
    return render(
        request,
        "register/move_properties.html",
        {"form": form, "preview": preview, "active_nav": "districts"},
    )
