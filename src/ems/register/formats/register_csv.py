"""The register of electors as CSV: one row per entry. Import and export.

Header (any order on import, case-insensitive):

    polling_district_code,elector_number,elector_suffix,markers,title,first_names,
    middle_names,surname,date_of_birth,date_of_attainment,uprn,open_register_opt_out,anonymous

- polling_district_code: a code from the polling districts list (e.g. NA1).
- elector_number, elector_suffix: whole numbers; the suffix blank or 0 for none
  (123/1 is number 123, suffix 1). An elector number already in use in the
  register, or twice in the file, is an error.
- markers: franchise markers (see ems.register.rules.markers), e.g. F, G, FN.
- date_of_birth, date_of_attainment: YYYY-MM-DD or DD/MM/YYYY, or blank.
- uprn: the qualifying address, a UPRN in the gazetteer in the same polling
  district; blank for electors without one (overseas, service voters...).
- open_register_opt_out, anonymous: Y or N (blank = N). An anonymous entry
  carries marker N; the import adds it.

An import adds electors, all or nothing, with one Alteration (addition) for
each and one audit event for the whole file. Export writes the same format for
every entry that is not deleted, in district, number and suffix order, except
anonymous entries, which never leave the EMS (their count is reported).
Exporting what an import wrote gives back the same file.
"""

import csv
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from ems.core.audit import audit
from ems.core.csvfiles import Row
from ems.core.importing import CsvImporter, Progress, no_progress
from ems.core.selectors import council_get
from ems.gazetteer.models import PollingDistrict, Property

from ..models import Alteration, Elector, format_elector_number
from ..rules import attainers, markers
from ..search_keys import normalise_name, sounds_like

COLUMNS = (
    "polling_district_code",
    "elector_number",
    "elector_suffix",
    "markers",
    "title",
    "first_names",
    "middle_names",
    "surname",
    "date_of_birth",
    "date_of_attainment",
    "uprn",
    "open_register_opt_out",
    "anonymous",
)
BATCH = 5000
REBUILD_FROM = 50_000  # rows: from this many, rebuild indexes rather than update them
SQLITE_CACHE_KIB = -1_000_000  # negative: in KiB, so about 1 GB
MAX_NUMBER = 999_999
LENGTHS = {"title": 20, "first_names": 100, "middle_names": 100, "surname": 100}
DATE_HELP = "a date as YYYY-MM-DD or DD/MM/YYYY"


# Names and markers repeat across a register: work each distinct one out once.
_normalised = lru_cache(maxsize=100_000)(normalise_name)
_sounds_like = lru_cache(maxsize=100_000)(sounds_like)


@lru_cache(maxsize=1000)
def _markers(text: str) -> tuple[str, str]:
    """(canonical markers, "") or ("", the problem)."""
    try:
        return markers.normalise(text), ""
    except markers.MarkerError as exc:
        return "", str(exc)


@lru_cache(maxsize=1000)
def _derive(marks: str, anonymous: bool, young: bool) -> str:
    return markers.derive(
        marks, anonymous=anonymous, overseas=markers.OVERSEAS in marks, young=young
    )


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None if it is neither or is not a real day."""
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            return date(int(text[6:10]), int(text[3:5]), int(text[0:2]))
    except ValueError:
        return None
    return None


def _flag(text: str) -> bool | None:
    value = text.upper()
    if value in ("Y", "YES"):
        return True
    if value in ("", "N", "NO"):
        return False
    return None


@dataclass(slots=True)
class ElectorRow:
    row: int
    district_id: int
    district_code: str
    number: int
    suffix: int
    markers: str
    title: str
    first_names: str
    middle_names: str
    surname: str
    date_of_birth: date | None
    date_of_attainment: date | None
    uprn: int | None
    open_register_opt_out: bool
    anonymous: bool


# The columns written for each elector, in this order (see _elector_values).
ELECTOR_COLUMNS = (
    "polling_district_id",
    "number",
    "suffix",
    "markers",
    "title",
    "first_names",
    "middle_names",
    "surname",
    "previous_names",
    "date_of_birth",
    "nationality",
    "date_of_attainment",
    "property_id",
    "correspondence_address",
    "email",
    "phone",
    "open_register_opt_out",
    "anonymous",
    "special_category",
    "status",
    "status_effective",
    "search_surname",
    "search_first",
    "surname_code",
    "version",
    "created_at",
    "updated_at",
)
ALTERATION_COLUMNS = (
    "elector_id",
    "kind",
    "effective_date",
    "reason",
    "before",
    "after",
    "polling_district_id",
    "elector_number",
    "created_by_id",
    "created_at",
)


def insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows with one prepared statement (much faster than model instances)."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names are from our models
        quote(table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@contextmanager
def _large_cache():
    """On SQLite, a page cache big enough to keep the indexes in memory while importing.

    With the default 2 MB cache, inserting a million rows spends most of its time
    reading index pages back from disk.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def _indexes_rebuilt_after(tables: list[str], *, enabled: bool):
    """On SQLite, drop the tables' indexes for a large load and build them again after.

    Building an index once from sorted rows is several times faster than
    updating nine indexes row by row. It all happens inside the import's
    transaction: if anything fails (including a unique index that no longer
    builds) the indexes come back with the rollback, and other connections keep
    reading the old state meanwhile (WAL).
    """
    if not enabled or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        indexes = []
        for table in tables:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = %s",
                [table],
            )
            indexes.extend(cursor.fetchall())
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def addition_after(e: ElectorRow) -> dict[str, Any]:
    """The Alteration.after of an addition, as the services write it."""
    return {
        "elector_number": format_elector_number(e.district_code, e.number, e.suffix),
        "markers": e.markers,
        "title": e.title,
        "first_names": e.first_names,
        "middle_names": e.middle_names,
        "surname": e.surname,
        "uprn": e.uprn,
        "open_register_opt_out": e.open_register_opt_out,
        "anonymous": e.anonymous,
    }


class RegisterCsvImporter(CsvImporter[ElectorRow]):
    columns = COLUMNS

    def prepare(self) -> None:
        self.districts = dict(PollingDistrict.objects.values_list("code", "id"))
        self.district_codes = {v: k for k, v in self.districts.items()}
        self.properties = {
            uprn: (district_id, status)
            for uprn, district_id, status in Property.objects.values_list(
                "uprn", "polling_district_id", "status"
            ).iterator(chunk_size=20000)
        }
        self.in_use = set(
            Elector.objects.exclude(status=Elector.Status.DELETED)
            .values_list("polling_district_id", "number", "suffix")
            .iterator(chunk_size=20000)
        )
        council = council_get()
        self.nation = council.country if council else attainers.ENGLAND
        self.today = timezone.localdate()

    def _whole_number(self, row: Row, column: str, *, blank: int | None = None) -> int | None:
        text = row[column]
        if not text and blank is not None:
            return blank
        if not text.isdigit() or int(text) > MAX_NUMBER:
            self.error(row, column, f"{text!r} is not an elector number", "a whole number")
            return None
        return int(text)

    def _date(self, row: Row, column: str) -> tuple[bool, date | None]:
        text = row[column]
        if not text:
            return True, None
        value = parse_date(text)
        if value is None:
            self.error(row, column, f"{text!r} is not a date", DATE_HELP)
            return False, None
        return True, value

    def clean_row(self, row: Row) -> ElectorRow | None:
        ok = True
        code = row["polling_district_code"]
        district_id = self.districts.get(code)
        if district_id is None:
            ok = False
            if code:
                self.error(
                    row,
                    "polling_district_code",
                    f"unknown polling district {code!r}",
                    "a code from the polling districts list",
                )
            else:
                self.error(row, "polling_district_code", "missing", "a polling district code")
        number = self._whole_number(row, "elector_number")
        suffix = self._whole_number(row, "elector_suffix", blank=0)
        ok = ok and number is not None and suffix is not None
        marks, problem = _markers(row["markers"])
        if problem:
            self.error(row, "markers", problem, "franchise marker letters such as F, G or FN")
            ok = False
        values = {}
        for column, limit in LENGTHS.items():
            text = row[column]
            if len(text) > limit:
                self.error(row, column, f"longer than {limit} characters", f"at most {limit}")
                ok = False
            values[column] = text
        for column in ("first_names", "surname"):
            if not values[column]:
                self.error(row, column, "missing", "the elector's " + column.replace("_", " "))
                ok = False
        dob_ok, dob = self._date(row, "date_of_birth")
        doa_ok, doa = self._date(row, "date_of_attainment")
        ok = ok and dob_ok and doa_ok
        if dob is not None and dob > self.today:
            self.error(row, "date_of_birth", "is in the future", "a date of birth in the past")
            ok = False
        uprn = None
        text = row["uprn"]
        if text:
            if not text.isdigit():
                self.error(row, "uprn", f"{text!r} is not a UPRN", "a number of up to 12 digits")
                ok = False
            else:
                uprn = int(text)
                known = self.properties.get(uprn)
                if known is None:
                    self.error(row, "uprn", f"unknown UPRN {uprn}", "a UPRN in the gazetteer")
                    ok = False
                elif district_id is not None and known[0] != district_id:
                    where = self.district_codes.get(known[0], "no polling district")
                    self.error(
                        row,
                        "uprn",
                        f"UPRN {uprn} is in {where}, not {code}",
                        "a property in the elector's polling district",
                    )
                    ok = False
        flags = {}
        for column in ("open_register_opt_out", "anonymous"):
            flags[column] = _flag(row[column])
            if flags[column] is None:
                self.error(row, column, f"{row[column]!r} is not Y or N", "Y or N")
                ok = False
        if ok and markers.ANONYMOUS in marks and not flags["anonymous"]:
            self.error(row, "markers", "marker N but anonymous is N", "anonymous Y for marker N")
            ok = False
        if not ok:
            return None
        young = dob is not None and attainers.is_young_elector(dob, self.nation, self.today)
        marks = _derive(marks, flags["anonymous"], young or markers.YOUNG in marks)
        return ElectorRow(
            row.number,
            district_id,
            code,
            number,
            suffix,
            marks,
            values["title"],
            values["first_names"],
            values["middle_names"],
            values["surname"],
            dob,
            doa,
            uprn,
            flags["open_register_opt_out"],
            flags["anonymous"],
        )

    def check_all(self, cleaned: list[tuple[Row, ElectorRow]]) -> None:
        first_row: dict[tuple[int, int, int], int] = {}
        for row, e in cleaned:
            key = (e.district_id, e.number, e.suffix)
            shown = format_elector_number(e.district_code, e.number, e.suffix)
            if key in self.in_use:
                self.error(
                    row,
                    "elector_number",
                    f"elector number {shown} is already in the register",
                    "a number not in use",
                )
            elif key in first_row:
                self.error(
                    row,
                    "elector_number",
                    f"elector number {shown} is also at row {first_row[key]}",
                    "each elector number once",
                )
            else:
                first_row[key] = row.number

    def apply(
        self, cleaned: list[ElectorRow], *, acting_user, progress: Progress
    ) -> dict[str, Any]:
        tables = [Elector._meta.db_table, Alteration._meta.db_table]
        with _large_cache(), _indexes_rebuilt_after(tables, enabled=len(cleaned) >= REBUILD_FROM):
            return self._apply(cleaned, acting_user=acting_user, progress=progress)

    def _apply(
        self, cleaned: list[ElectorRow], *, acting_user, progress: Progress
    ) -> dict[str, Any]:
        ops = connection.ops
        now = timezone.now()
        today = self.today
        stamp = ops.adapt_datetimefield_value(now)
        today_db = ops.adapt_datefield_value(today)
        total = len(cleaned)
        progress(0, total)
        elector_table = Elector._meta.db_table
        live = Elector.Status.LIVE
        overseas = Elector.SpecialCategory.OVERSEAS
        for start in range(0, total, BATCH):
            batch = cleaned[start : start + BATCH]
            rows = []
            for e in batch:
                rows.append(
                    (
                        e.district_id,
                        e.number,
                        e.suffix,
                        e.markers,
                        e.title,
                        e.first_names,
                        e.middle_names,
                        e.surname,
                        "",
                        ops.adapt_datefield_value(e.date_of_birth),
                        "",
                        ops.adapt_datefield_value(e.date_of_attainment),
                        e.uprn,
                        "",
                        "",
                        "",
                        e.open_register_opt_out,
                        e.anonymous,
                        overseas if markers.OVERSEAS in e.markers else "",
                        live,
                        today_db,
                        _normalised(e.surname),
                        _normalised(e.first_names),
                        _sounds_like(e.surname),
                        1,
                        stamp,
                        stamp,
                    )
                )
            insert_rows(elector_table, ELECTOR_COLUMNS, rows)
            progress(start + len(batch), total * 2)
        # The new electors' ids, found by their (district, number, suffix): unique while live.
        ids = {
            (d, n, s): pk
            for pk, d, n, s in Elector.objects.filter(created_at=now)
            .exclude(status=Elector.Status.DELETED)
            .values_list("id", "polling_district_id", "number", "suffix")
            .iterator(chunk_size=20000)
        }
        user_id = acting_user.pk if acting_user is not None else None
        reason = f"Imported from {self.display_name}"
        alteration_table = Alteration._meta.db_table
        for start in range(0, total, BATCH):
            batch = cleaned[start : start + BATCH]
            rows = [
                (
                    ids[(e.district_id, e.number, e.suffix)],
                    Alteration.Kind.ADDITION,
                    today_db,
                    reason,
                    None,
                    json.dumps(addition_after(e)),
                    e.district_id,
                    format_elector_number(e.district_code, e.number, e.suffix),
                    user_id,
                    stamp,
                )
                for e in batch
            ]
            insert_rows(alteration_table, ALTERATION_COLUMNS, rows)
            progress(total + start + len(batch), total * 2)
        audit(
            acting_user=acting_user,
            action="register.imported",
            object_type="register",
            object_repr=self.display_name,
            after={"file": self.display_name, "added": total},
            reason=reason,
        )
        return {"added": total}


def _text_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def export_register(path: Path | str, *, progress: Progress = no_progress) -> dict[str, int]:
    """Write every entry that is not deleted (anonymous entries excepted) to a CSV file."""
    entries = Elector.objects.exclude(status=Elector.Status.DELETED)
    anonymous = entries.filter(anonymous=True).count()
    rows = (
        entries.filter(anonymous=False)
        .order_by("polling_district__code", "number", "suffix", "id")
        .values_list(
            "polling_district__code",
            "number",
            "suffix",
            "markers",
            "title",
            "first_names",
            "middle_names",
            "surname",
            "date_of_birth",
            "date_of_attainment",
            "property_id",
            "open_register_opt_out",
            "anonymous",
        )
    )
    total = entries.count() - anonymous
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for r in rows.iterator(chunk_size=20000):
            writer.writerow(
                (
                    r[0],
                    r[1],
                    r[2] or "",
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    _text_date(r[8]),
                    _text_date(r[9]),
                    "" if r[10] is None else r[10],
                    "Y" if r[11] else "N",
                    "Y" if r[12] else "N",
                )
            )
            written += 1
            if written % BATCH == 0:
                progress(written, total)
    progress(written, total)
    return {"exported": written, "anonymous_not_exported": anonymous}
