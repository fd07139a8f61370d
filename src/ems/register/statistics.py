"""Electorate statistics: live electors by polling district."""

from django.db.models import Count, Q

from ems.gazetteer.models import PollingDistrict, Property

from .models import Elector


def electorate_summary() -> dict:
    """Totals for `manage.py electorate` and the dashboard, in two aggregate queries."""
    districts = PollingDistrict.objects.annotate(
        live_electors=Count("electors", filter=Q(electors__status=Elector.Status.LIVE))
    ).values_list("code", "live_electors")
    by_district = dict(sorted(districts))
    return {
        "total": sum(by_district.values()),
        "properties": Property.objects.filter(status=Property.Status.LIVE).count(),
        "polling_districts": len(by_district),
        "by_polling_district": by_district,
    }
