"""Reads for the gazetteer and electoral geography."""

from .models import PollingDistrict, Property


def dashboard_counts() -> dict[str, int]:
    live = Property.objects.filter(status=Property.Status.LIVE)
    return {
        "live_properties": live.count(),
        "polling_districts": PollingDistrict.objects.count(),
        "unallocated_residential": live.filter(
            classification=Property.Classification.RESIDENTIAL, polling_district__isnull=True
        ).count(),
    }
