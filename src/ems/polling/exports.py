"""Exports of the polling scheme for others: Democracy Club's polling station finder."""

from __future__ import annotations

from pathlib import Path

from ems.core import roles
from ems.core.audit import audit
from ems.core.errors import InvalidInput
from ems.elections.models import Election
from ems.gazetteer.models import PollingDistrict, Property
from ems.register.models import Elector

from . import selectors
from .formats import xpress_dc
from .models import PollingStation

FORMATS = ("xpress-dc",)


def _place_lines(place) -> list[str]:
    lines = [line.strip() for line in place.address.splitlines() if line.strip()]
    return (lines + ["", "", "", ""])[:4]


def polling_stations_export(
    *, election: Election, out: str | Path, acting_user, file_format: str = "xpress-dc"
) -> int:
    """Write the polling station file for a poll; return the number of property rows.

    Rows: every live residential (or mixed use) property in the poll's area, with the
    station that serves it. Where a district is split between stations by elector
    number, the station of the property's electors is used (anonymous entries are
    not read, so the file says nothing about them); a property with no electors gets
    the district's first station. Properties in districts with no station are left out.
    """
    roles.require_role(acting_user, roles.VIEW_DATA, "export polling stations")
    if file_format not in FORMATS:
        raise InvalidInput(f"The format must be one of {', '.join(FORMATS)}, not {file_format!r}.")
    out = Path(out)
    if not out.parent.exists():
        raise InvalidInput(f"The folder {out.parent} does not exist.")
    day = election.polling_day
    lookup = selectors.station_lookup(day)
    if not lookup.by_district:
        raise InvalidInput(f"There is no polling scheme for {day} yet.")
    district_ids = selectors.election_district_ids(election)
    districts = {
        d.pk: (d.code, d.ward.name)
        for d in PollingDistrict.objects.filter(pk__in=district_ids).select_related("ward")
    }
    stations = {}
    for s in PollingStation.objects.filter(polling_day=day).select_related("polling_place"):
        place = s.polling_place
        stations[s.pk] = (
            str(s.pk),
            place.name,
            *_place_lines(place),
            place.postcode,
            xpress_dc.coordinate(place.easting),
            xpress_dc.coordinate(place.northing),
            str(place.uprn or ""),
        )
    split = [d for d, spans in lookup.by_district.items() if len(spans) > 1 and d in districts]
    property_station: dict[int, int] = {}
    if split:
        numbers = Elector.objects.filter(
            status=Elector.Status.LIVE, anonymous=False, polling_district_id__in=split
        ).values_list("property_id", "polling_district_id", "number")
        for uprn, district_id, number in numbers.iterator(chunk_size=5000):
            if uprn is not None and uprn not in property_station:
                station_id = lookup.station_for(district_id, number)
                if station_id is not None:
                    property_station[uprn] = station_id
    date_text = f"{day.date:%d/%m/%Y}"
    election_type = election.get_election_type_display()
    properties = (
        Property.objects.filter(
            status=Property.Status.LIVE,
            classification__in=[Property.Classification.RESIDENTIAL, Property.Classification.MIXED],
            polling_district_id__in=list(districts),
        )
        .order_by("polling_district_id", "street", "sort_key", "uprn")
        .values_list(
            "uprn", "address_line_1", "address_line_2", "address_line_3", "address_line_4",
            "town", "postcode", "polling_district_id",
        )
    )  # fmt: skip

    def rows():
        for uprn, a1, a2, a3, a4, town, postcode, district_id in properties.iterator(5000):
            station_id = property_station.get(uprn)
            if station_id is None:
                choices = lookup.stations_of(district_id)
                if not choices:
                    continue
                station_id = choices[0]
            code, ward = districts[district_id]
            yield (
                date_text, election_type, ward, "Yes", str(uprn),
                a1, a2, a3, a4, town, postcode, postcode, code, *stations[station_id], "",
            )  # fmt: skip

    with out.open("w", encoding="utf-8", newline="") as f:
        count = xpress_dc.write_xpress_dc(f, rows(), delimiter=xpress_dc.delimiter_for(out.name))
    audit(
        acting_user=acting_user,
        action="polling_stations.exported",
        object_type="election",
        object_id=election.pk,
        object_repr=election.election_id,
        after={"format": file_format, "file": out.name, "rows": count},
    )
    return count
