"""The council's gazetteer as CSV: one row per property, keyed by UPRN.

Header (any order, case-insensitive; extra columns are ignored):

    uprn,address_line_1,address_line_2,address_line_3,address_line_4,town,postcode,
    easting,northing,classification,polling_district_code

Each import is a change-only update of the whole gazetteer: UPRNs new to EMS
are added, known ones are updated if anything differs, and live properties
missing from the file are marked historic. Properties are never deleted: the
register and its history refer to them.
"""

import gc
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from ems.core.audit import Change, audit, audit_many
from ems.core.csvfiles import Row
from ems.core.importing import CsvImporter, Progress, no_progress
from ems.core.postcodes import normalise_postcode

from ..addresses import street_and_sort_key
from ..models import PollingDistrict, Property

BATCH = 2000
MAX_UPRN = 999_999_999_999  # 12 digits
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000

# AddressBase classification codes begin with a primary class letter.
ADDRESSBASE_CLASSES = {
    "R": Property.Classification.RESIDENTIAL,
    "C": Property.Classification.COMMERCIAL,
    "X": Property.Classification.MIXED,  # dual use
    "L": Property.Classification.LAND,
    "M": Property.Classification.OTHER,  # military
    "O": Property.Classification.OTHER,  # other (ordnance survey only)
    "P": Property.Classification.OTHER,  # parent shell
    "U": Property.Classification.OTHER,  # unclassified
    "Z": Property.Classification.OTHER,  # object of interest
}
# "R", "RD", "RD04", "CI03HD": primary, secondary, tertiary and quaternary parts.
ADDRESSBASE_CODE = re.compile(r"^[A-Za-z](?:[A-Za-z](?:\d{2}(?:[A-Za-z]{2})?)?)?$")
CLASSIFICATIONS = {value: value for value in Property.Classification.values}
CLASSIFICATION_HELP = (
    ", ".join(Property.Classification.values) + " or an AddressBase class such as R, RD04 or CO01"
)

# The values compared to decide whether a property changed, in this order.
COMPARED = (
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "town",
    "postcode",
    "easting",
    "northing",
    "classification",
    "polling_district_id",
    "status",
)
ADDRESS_FIELDS = COMPARED[:4]


class _Inserter:
    """Adds new properties in batches, straight to the table.

    Django's bulk_create prepares every value of every row field by field
    (about 50 microseconds a row, and SQLite batches of only 57 rows); that
    alone made a 500,000-row first import ten times slower than a raw load.
    The cleaned values are already in database form, so additions go through
    one executemany per batch (SQLite) or COPY (PostgreSQL). Columns are taken
    from the model, and any column this import does not set gets its default.
    """

    def __init__(self, now) -> None:
        self.rows: list[tuple] = []
        fields = Property._meta.concrete_fields
        self.columns = [connection.ops.quote_name(f.column) for f in fields]
        given = {"uprn": 0, **{name: i + 1 for i, name in enumerate(COMPARED)}}
        given |= {"street": len(COMPARED) + 1, "sort_key": len(COMPARED) + 2}
        constants = {"created_at": now, "updated_at": now, "historic_since": None}
        # For each column: the index of the value in an added row, or a constant.
        self.layout: list[tuple[int | None, Any]] = []
        for f in fields:
            if f.attname in given:
                self.layout.append((given[f.attname], None))
            else:
                value = constants[f.attname] if f.attname in constants else f.get_default()
                self.layout.append((None, f.get_db_prep_save(value, connection)))

    def add(self, uprn: int, values: tuple, street: str, sort_key: str) -> None:
        self.rows.append((uprn, *values, street, sort_key))

    def flush(self) -> None:
        if not self.rows:
            return
        layout = self.layout
        rows = [tuple(row[i] if i is not None else c for i, c in layout) for row in self.rows]
        table = connection.ops.quote_name(Property._meta.db_table)
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - names from the model
        self.rows.clear()


@dataclass(slots=True)
class GazetteerRow:
    uprn: int
    values: tuple  # in COMPARED order, status always "live"


def _classification(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return Property.Classification.RESIDENTIAL
    lowered = text.lower()
    if lowered in CLASSIFICATIONS:
        return CLASSIFICATIONS[lowered]
    if ADDRESSBASE_CODE.match(text):
        return ADDRESSBASE_CLASSES.get(text[0].upper())
    return None


class GazetteerCsvImporter(CsvImporter[GazetteerRow]):
    columns = (
        "uprn",
        "address_line_1",
        "address_line_2",
        "address_line_3",
        "address_line_4",
        "town",
        "postcode",
        "easting",
        "northing",
        "classification",
        "polling_district_code",
    )

    def run(self, *, acting_user, progress: Progress = no_progress) -> dict[str, Any]:
        # Half a million cleaned rows are millions of small objects, none in a reference
        # cycle, yet each one makes Python's cyclic garbage collector rescan the growing
        # heap: with it paused the import runs several times faster. It is enabled again
        # afterwards, whatever happens.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return super().run(acting_user=acting_user, progress=progress)
        finally:
            if was_enabled:
                gc.enable()

    def prepare(self) -> None:
        self.district_ids: dict[str, int] = {
            code.upper(): pk for pk, code in PollingDistrict.objects.values_list("id", "code")
        }
        self.district_codes = {pk: code for code, pk in self.district_ids.items()}
        self._strings: dict[str, str] = {}

    def _share(self, text: str) -> str:
        """One string object per distinct town or postcode: 500,000 rows share a few thousand."""
        return self._strings.setdefault(text, text)

    def _coordinate(self, row: Row, column: str, limit: int) -> tuple[bool, float | None]:
        raw = row[column]
        if not raw:
            return True, None
        try:
            value = float(raw)
        except ValueError:
            value = None
        if value is None or not (0 <= value <= limit):  # also rejects nan and inf
            self.error(row, column, f"{raw!r} is not a grid reference", f"0 to {limit:,} metres")
            return False, None
        return True, value

    def clean_row(self, row: Row) -> GazetteerRow | None:
        ok = True
        raw_uprn = row["uprn"]
        uprn = int(raw_uprn) if raw_uprn.isdigit() and raw_uprn.isascii() else None
        if uprn is None or not (1 <= uprn <= MAX_UPRN) or len(raw_uprn.lstrip("0")) > 12:
            self.error(row, "uprn", f"{raw_uprn!r} is not a UPRN", "1 to 12 digits")
            ok = False
        lines = []
        for column in ADDRESS_FIELDS:
            text = " ".join(row[column].split())
            if len(text) > 200:
                self.error(row, column, "too long", "at most 200 characters")
                ok = False
            lines.append(text)
        if not lines[0]:
            self.error(row, "address_line_1", "is empty", "the first line of the address")
            ok = False
        town = " ".join(row["town"].split())
        if len(town) > 100:
            self.error(row, "town", "too long", "at most 100 characters")
            ok = False
        postcode = normalise_postcode(row["postcode"])
        if postcode is None:
            self.error(
                row,
                "postcode",
                f"{row['postcode']!r} is not a UK postcode",
                "a postcode like EX1 2AB",
            )
            ok = False
        ok_e, easting = self._coordinate(row, "easting", MAX_EASTING)
        ok_n, northing = self._coordinate(row, "northing", MAX_NORTHING)
        classification = _classification(row["classification"])
        if classification is None:
            self.error(
                row,
                "classification",
                f"{row['classification']!r} is not a classification",
                CLASSIFICATION_HELP,
            )
            ok = False
        code = row["polling_district_code"].upper()
        district_id = None
        if code:
            district_id = self.district_ids.get(code)
            if district_id is None:
                self.error(
                    row,
                    "polling_district_code",
                    f"there is no polling district {code!r}",
                    "an existing polling district code, or blank for unallocated",
                )
                ok = False
        if not (ok and ok_e and ok_n):
            return None
        values = (
            *lines,
            self._share(town),
            self._share(postcode),
            easting,
            northing,
            classification,
            district_id,
            Property.Status.LIVE,
        )
        return GazetteerRow(uprn, values)

    def check_all(self, cleaned: list[tuple[Row, GazetteerRow]]) -> None:
        first_row: dict[int, int] = {}
        for row, value in cleaned:
            seen = first_row.setdefault(value.uprn, row.number)
            if seen != row.number:
                self.error(
                    row,
                    "uprn",
                    f"UPRN {value.uprn} appears more than once",
                    f"each UPRN once; it is also on row {seen}",
                )

    # Writing ---------------------------------------------------------------
    def _describe(self, values: tuple) -> dict[str, Any]:
        """Field values for an audit record, with the district as its code."""
        record = dict(zip(COMPARED, values, strict=True))
        district_id = record.pop("polling_district_id")
        record["polling_district"] = self.district_codes.get(district_id, "")
        return record

    def apply(
        self, cleaned: list[GazetteerRow], *, acting_user, progress: Progress
    ) -> dict[str, Any]:
        now = timezone.now()
        today = timezone.localdate()
        # One query loads every existing property's compared values.
        existing: dict[int, tuple] = {}
        for uprn, *values in Property.objects.values_list("uprn", *COMPARED).iterator(
            chunk_size=10_000
        ):
            values[4] = self._share(values[4])
            values[5] = self._share(values[5])
            existing[uprn] = tuple(values)

        total = len(cleaned)
        added = updated = unchanged = 0
        inserter = _Inserter(now)
        changed_batch: list[Property] = []
        changes: list[Change] = []
        in_file: set[int] = set()

        def flush() -> None:
            inserter.flush()
            if changed_batch:
                Property.objects.bulk_update(
                    changed_batch,
                    [*COMPARED, "street", "sort_key", "historic_since", "updated_at"],
                    batch_size=500,
                )
                changed_batch.clear()

        for done, row in enumerate(cleaned, start=1):
            uprn, values = row.uprn, row.values
            in_file.add(uprn)
            old = existing.get(uprn)
            if old == values:
                unchanged += 1
                continue
            street, sort_key = street_and_sort_key(values[:4])
            if old is None:
                # Additions are counted in the import's summary audit event rather than
                # written as one audit row each: that keeps a 500,000-row first import fast.
                added += 1
                inserter.add(uprn, values, street, sort_key)
            else:
                updated += 1
                prop = Property(
                    uprn=uprn,
                    **dict(zip(COMPARED, values, strict=True)),
                    street=street,
                    sort_key=sort_key,
                    historic_since=None,
                    updated_at=now,
                )
                changed_batch.append(prop)
                before, after = self._describe(old), self._describe(values)
                keys = [k for k in after if before[k] != after[k]]
                changes.append(
                    Change(
                        action="property.updated",
                        object_type="property",
                        object_id=str(uprn),
                        object_repr=prop.single_line_address,
                        before={k: before[k] for k in keys},
                        after={k: after[k] for k in keys},
                    )
                )
            if len(inserter.rows) >= BATCH or len(changed_batch) >= BATCH:
                flush()
                progress(done, total)
        flush()

        gone = sorted(
            uprn
            for uprn, values in existing.items()
            if uprn not in in_file and values[10] == Property.Status.LIVE
        )
        historic_with_electors: list[int] = []
        for start in range(0, len(gone), BATCH):
            batch = gone[start : start + BATCH]
            Property.objects.filter(uprn__in=batch).update(
                status=Property.Status.HISTORIC, historic_since=today, updated_at=now
            )
            historic_with_electors.extend(
                Property.objects.filter(uprn__in=batch)
                .annotate(n=Count("electors", filter=~Q(electors__status="deleted")))
                .filter(n__gt=0)
                .values_list("uprn", flat=True)
            )
        changes.extend(
            Change(
                action="property.made_historic",
                object_type="property",
                object_id=str(uprn),
                before={"status": Property.Status.LIVE},
                after={"status": Property.Status.HISTORIC, "historic_since": today.isoformat()},
            )
            for uprn in gone
        )
        reason = f"Gazetteer import {self.display_name}"
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
        summary = {
            "added": added,
            "updated": updated,
            "unchanged": unchanged,
            "made_historic": len(gone),
            "historic_with_electors": sorted(historic_with_electors),
        }
        audit(
            acting_user=acting_user,
            action="gazetteer.imported",
            object_type="gazetteer",
            object_repr=self.display_name,
            after={
                "file": self.display_name,
                "rows": total,
                **{k: v for k, v in summary.items() if k != "historic_with_electors"},
                "historic_with_electors": len(historic_with_electors),
            },
            reason=reason,
        )
        progress(total, total)
        return summary
