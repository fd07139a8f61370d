"""The home dashboard: the whole service at a glance."""

from django.shortcuts import render

from ems.core import roles
from ems.core.selectors import council_get
from ems.gazetteer import selectors as gazetteer_selectors
from ems.register.statistics import electorate_summary


def home(request):
    context = {"council": council_get(), "active_nav": "home"}
    if roles.has_role(request.user, roles.VIEW_DATA):
        context["gazetteer"] = gazetteer_selectors.dashboard_counts()
        context["electorate"] = electorate_summary()
    return render(request, "home.html", context)
