"""Wards and polling districts as CSV: one row per polling district.

Header (any order, case-insensitive):

    ward_code,ward_name,polling_district_code,polling_district_name

and optionally any of

    parish_code,parish_name,constituency_code,constituency_name,
    polling_place_name,polling_place_address,polling_place_postcode

Wards, parishes, constituencies, polling places and districts are created or
updated to match the file. Nothing is deleted: districts missing from the file
stay as they are (properties and electors refer to them). An optional column
that is present but blank clears that link (e.g. a district with no parish); a
column that is absent leaves it alone.
"""

import re
from dataclasses import dataclass
from typing import Any

from ems.core.audit import Change, audit, audit_many
from ems.core.csvfiles import CsvFile, Row
from ems.core.importing import CsvImporter, Progress
from ems.core.postcodes import normalise_postcode

from ..models import Constituency, Parish, PollingDistrict, PollingPlace, Ward

DISTRICT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9/_-]{0,9}$")
OPTIONAL_COLUMNS = (
    "parish_code",
    "parish_name",
    "constituency_code",
    "constituency_name",
    "polling_place_name",
    "polling_place_address",
    "polling_place_postcode",
)


@dataclass(slots=True)
class DistrictRow:
    ward: tuple[str, str]
    code: str
    name: str
    parish: tuple[str, str] | None
    constituency: tuple[str, str] | None
    place: tuple[str, str, str] | None  # name, address, postcode

# Count names in the summary: "parishes_added", not "parishs_added".
PLURALS = {"parish": "parishes", "constituency": "constituencies"}


class DistrictsCsvImporter(CsvImporter[DistrictRow]):
    columns = ("ward_code", "ward_name", "polling_district_code", "polling_district_name")

    def read(self) -> CsvFile:
        csv_file = super().read()
        self.header = set(csv_file.header)
        return csv_file

    def _text(self, row: Row, column: str, limit: int, *, required: bool, what: str) -> str:
        text = " ".join(row[column].split())
        if required and not text:
            self.error(row, column, "is empty", what)
        elif len(text) > limit:
            self.error(row, column, "too long", f"at most {limit} characters")
        return text

    def _pair(self, row: Row, kind: str, limit: int) -> tuple[str, str] | None:
        code = self._text(row, f"{kind}_code", 20, required=False, what="")
        name = self._text(row, f"{kind}_name", 200, required=False, what="")
        if name and not code:
            self.error(row, f"{kind}_code", "is empty", f"a code when {kind}_name is given")
        if code and not name:
            self.error(row, f"{kind}_name", "is empty", f"a name when {kind}_code is given")
        return (code.upper(), name) if code and name else None

    def clean_row(self, row: Row) -> DistrictRow | None:
        before = len(self.errors)
        ward_code = self._text(row, "ward_code", 20, required=True, what="the ward's code")
        ward_name = self._text(row, "ward_name", 200, required=True, what="the ward's name")
        code = row["polling_district_code"].upper()
        if not DISTRICT_CODE.match(code):
            self.error(
                row,
                "polling_district_code",
                f"{code!r} is not a polling district code" if code else "is empty",
                "1 to 10 letters and digits, like NA1",
            )
        name = self._text(
            row, "polling_district_name", 200, required=True, what="the district's name"
        )
        parish = self._pair(row, "parish", 200)
        constituency = self._pair(row, "constituency", 200)
        place = None
        place_name = self._text(row, "polling_place_name", 200, required=False, what="")
        place_address = row["polling_place_address"].strip()
        raw_postcode = row["polling_place_postcode"]
        place_postcode = normalise_postcode(raw_postcode) if raw_postcode else ""
        if place_postcode is None:
            self.error(
                row,
                "polling_place_postcode",
                f"{raw_postcode!r} is not a UK postcode",
                "a postcode like EX1 2AB, or blank",
            )
        if (place_address or raw_postcode) and not place_name:
            self.error(
                row, "polling_place_name", "is empty", "a name when an address or postcode is given"
            )
        if place_name:
            place = (place_name, place_address, place_postcode or "")
        if len(self.errors) > before:
            return None
        return DistrictRow((ward_code.upper(), ward_name), code, name, parish, constituency, place)

    def check_all(self, cleaned: list[tuple[Row, DistrictRow]]) -> None:
        district_rows: dict[str, int] = {}
        names: dict[tuple[str, str], tuple[str, int]] = {}
        for row, value in cleaned:
            seen = district_rows.setdefault(value.code, row.number)
            if seen != row.number:
                self.error(
                    row,
                    "polling_district_code",
                    f"polling district {value.code} appears more than once",
                    f"each district once; it is also on row {seen}",
                )
            for kind, pair in (
                ("ward", value.ward),
                ("parish", value.parish),
                ("constituency", value.constituency),
            ):
                if pair is None:
                    continue
                first = names.setdefault((kind, pair[0]), (pair[1], row.number))
                if first[0] != pair[1]:
                    self.error(
                        row,
                        f"{kind}_name",
                        f"{kind} {pair[0]} is called {pair[1]!r} here",
                        f"the same name as on row {first[1]}: {first[0]!r}",
                    )

    # Writing ---------------------------------------------------------------
    def _sync_areas(self, model, kind: str, wanted: dict[str, str], changes: list[Change]):
        """Create or rename wards/parishes/constituencies; return {code: id}."""
        existing = {obj.code: obj for obj in model.objects.all()}
        new = [model(code=code, name=name) for code, name in wanted.items() if code not in existing]
        renamed = []
        for code, name in wanted.items():
            obj = existing.get(code)
            if obj is not None and obj.name != name:
                changes.append(
                    Change(f"{kind}.updated", kind, code, name, {"name": obj.name}, {"name": name})
                )
                obj.name = name
                renamed.append(obj)
        model.objects.bulk_create(new)
        model.objects.bulk_update(renamed, ["name"])
        changes.extend(
            Change(f"{kind}.created", kind, obj.code, obj.name, None, {"name": obj.name})
            for obj in new
        )
        plural = PLURALS.get(kind, f"{kind}s")
        self.counts[f"{plural}_added"] = len(new)
        self.counts[f"{plural}_updated"] = len(renamed)
        return {obj.code: obj.pk for obj in model.objects.filter(code__in=wanted)}

    def _sync_places(self, cleaned: list[DistrictRow], changes: list[Change]):
        """Polling places are matched by name and postcode; return {(name, postcode): id}."""
        existing = {(p.name.lower(), p.postcode): p for p in PollingPlace.objects.all()}
        new: dict[tuple[str, str], PollingPlace] = {}
        updated = []
        for value in cleaned:
            if value.place is None:
                continue
            name, address, postcode = value.place
            key = (name.lower(), postcode)
            place = existing.get(key)
            if place is None:
                new.setdefault(key, PollingPlace(name=name, address=address, postcode=postcode))
            elif address and place.address != address:
                changes.append(
                    Change(
                        "polling_place.updated",
                        "polling_place",
                        str(place.pk),
                        place.name,
                        {"address": place.address},
                        {"address": address},
                    )
                )
                place.address = address
                updated.append(place)
        PollingPlace.objects.bulk_create(new.values())
        PollingPlace.objects.bulk_update(updated, ["address"])
        changes.extend(
            Change(
                "polling_place.created",
                "polling_place",
                str(p.pk),
                p.name,
                None,
                {"name": p.name, "address": p.address, "postcode": p.postcode},
            )
            for p in new.values()
        )
        self.counts["polling_places_added"] = len(new)
        self.counts["polling_places_updated"] = len(updated)
        return {
            (p.name.lower(), p.postcode): p.pk
            for p in PollingPlace.objects.all().only("id", "name", "postcode")
        }

    def apply(
        self, cleaned: list[DistrictRow], *, acting_user, progress: Progress
    ) -> dict[str, Any]:
        self.counts: dict[str, int] = {}
        changes: list[Change] = []
        ward_ids = self._sync_areas(Ward, "ward", dict(v.ward for v in cleaned), changes)
        parish_ids = self._sync_areas(
            Parish, "parish", dict(v.parish for v in cleaned if v.parish), changes
        )
        constituency_ids = self._sync_areas(
            Constituency,
            "constituency",
            dict(v.constituency for v in cleaned if v.constituency),
            changes,
        )
        place_ids = self._sync_places(cleaned, changes)
        has = {
            "parish": "parish_code" in self.header,
            "constituency": "constituency_code" in self.header,
            "polling_place": "polling_place_name" in self.header,
        }
        existing = {d.code: d for d in PollingDistrict.objects.select_related("ward")}
        labels = {
            "ward": {pk: code for code, pk in ward_ids.items()},
            "parish": {pk: code for code, pk in parish_ids.items()},
            "constituency": {pk: code for code, pk in constituency_ids.items()},
        }
        new, updated = [], []
        for value in cleaned:
            wanted: dict[str, Any] = {"name": value.name, "ward_id": ward_ids[value.ward[0]]}
            if has["parish"]:
                wanted["parish_id"] = parish_ids[value.parish[0]] if value.parish else None
            if has["constituency"]:
                wanted["constituency_id"] = (
                    constituency_ids[value.constituency[0]] if value.constituency else None
                )
            if has["polling_place"]:
                wanted["polling_place_id"] = (
                    place_ids[(value.place[0].lower(), value.place[2])] if value.place else None
                )
            district = existing.get(value.code)
            if district is None:
                district = PollingDistrict(code=value.code, **wanted)
                new.append(district)
                changes.append(
                    Change(
                        "polling_district.created",
                        "polling_district",
                        value.code,
                        f"{value.code} {value.name}",
                        None,
                        {"name": value.name, "ward": value.ward[0]},
                    )
                )
                continue
            before = {k: getattr(district, k) for k in wanted}
            if before == wanted:
                continue
            for key, new_value in wanted.items():
                setattr(district, key, new_value)
            updated.append(district)
            keys = [k for k in wanted if before[k] != wanted[k]]
            changes.append(
                Change(
                    "polling_district.updated",
                    "polling_district",
                    value.code,
                    f"{value.code} {value.name}",
                    {k: self._label(k, before[k], labels) for k in keys},
                    {k: self._label(k, wanted[k], labels) for k in keys},
                )
            )
        PollingDistrict.objects.bulk_create(new)
        PollingDistrict.objects.bulk_update(
            updated, ["name", "ward", "parish", "constituency", "polling_place"]
        )
        self.counts["polling_districts_added"] = len(new)
        self.counts["polling_districts_updated"] = len(updated)
        self.counts["polling_districts_unchanged"] = len(cleaned) - len(new) - len(updated)
        reason = f"Polling districts import {self.display_name}"
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
        audit(
            acting_user=acting_user,
            action="polling_districts.imported",
            object_type="polling_districts",
            object_repr=self.display_name,
            after={"file": self.display_name, "rows": len(cleaned), **self.counts},
            reason=reason,
        )
        progress(len(cleaned), len(cleaned))
        return dict(self.counts)

    @staticmethod
    def _label(key: str, value: Any, labels: dict[str, dict[int, str]]) -> Any:
        """Audit values name areas by code rather than database id."""
        kind = key.removesuffix("_id")
        if kind in labels and value is not None:
            return labels[kind].get(value, value)
        return value
