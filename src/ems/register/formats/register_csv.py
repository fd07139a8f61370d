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
import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from json.encoder import encode_basestring_ascii
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ems.core.audit import audit
from ems.core.csvfiles import Row
from ems.core.csvwrite import restore, safe_writer
from ems.core.errors import ImportRejected, RowError
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
BATCH = 20000
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


FLAGS = {"Y": True, "YES": True, "": False, "N": False, "NO": False}


def _flag(text: str) -> bool | None:
    return FLAGS.get(text.upper())


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


# The columns written for each elector, in this order (see RegisterCsvImporter._apply).
ELECTOR_COLUMNS = (
    "id",
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
    """Insert one batch of rows already in database form, without model instances.

    SQLite: one prepared statement run for every row (executemany). PostgreSQL:
    COPY, several times faster than row-by-row INSERTs. Either way inside the
    caller's transaction, so a failure anywhere rolls every batch back.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608 - names are from our models


def new_ids(table: str, count: int) -> list[int] | range:
    """`count` primary keys for new rows of `table`, taken now so that the rows
    that refer to them (the alterations) can be written without reading back.

    PostgreSQL: a block of the table's own sequence, reserved while the table
    is locked against other writers until the import commits (only inserts
    into the table draw from its sequence). SQLite: above both the highest id
    and the AUTOINCREMENT counter (ids are never reused); only one connection
    writes at a time.
    """
    if count == 0:
        return []
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {quoted} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(
                "SELECT setval(s, nextval(s) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') s",
                [count, table],
            )
            last = cursor.fetchone()[0]
            return range(last - count + 1, last + 1)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608 - our table
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(highest, found[0] if found else 0) + 1
        return range(start, start + count)


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


def _droppable_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of a table's indexes other than those of its
    primary key and constraints (which other tables' foreign keys may need)."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = %s::regclass AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            [connection.ops.quote_name(table)],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = %s",
            [table],
        )
    return cursor.fetchall()


def _droppable_foreign_keys(
    cursor, tables: list[str], referenced: list[str]
) -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, name, definition) of the tables' foreign keys to `referenced`."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)"
        " AND confrelid::regclass::text = ANY(%s) ORDER BY conname",
        [tables, referenced],
    )
    return cursor.fetchall()


def _run_pending_checks(cursor) -> None:
    """PostgreSQL: run now the foreign key checks that would run at commit.

    PostgreSQL neither builds an index on nor alters a table with checks
    pending; this runs them (failing as they would at commit) and leaves the
    constraints deferred again, as Django creates them.
    """
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def _indexes_rebuilt_after(tables: list[str], *, enabled: bool, referenced: tuple[str, ...] = ()):
    """For a large load, drop the tables' indexes and build them again after.

    Building an index once from all the rows is several times faster than
    updating each index row by row. It all happens inside the import's
    transaction: if anything fails (including a unique index that no longer
    builds, so uniqueness is still enforced) the indexes come back with the
    rollback. On SQLite other connections keep reading the old state meanwhile
    (WAL); on PostgreSQL dropping an index locks the table until the import
    commits, so searches wait for a large import to finish rather than see it
    half done. Primary keys and constraint indexes are kept.

    On PostgreSQL the tables' foreign keys to `referenced` are dropped too and
    added back at the end, which checks every row in one query instead of one
    query per row at commit (a third of a large import's time). Every row is
    still checked before the import commits; meanwhile the referenced tables
    (the gazetteer's districts and properties) take no changes.
    """
    if not enabled:
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        indexes = []
        for table in tables:
            indexes.extend(_droppable_indexes(cursor, table))
        foreign_keys = []
        if connection.vendor == "postgresql":
            foreign_keys = _droppable_foreign_keys(cursor, tables, list(referenced))
            # For this transaction only: room to sort each index in memory.
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            _run_pending_checks(cursor)
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _run_pending_checks(cursor)
        for _name, sql in indexes:
            cursor.execute(sql)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def _refresh_statistics(tables: list[str]) -> None:
    """After a large load, update the query planner's statistics so searches pick
    the indexes straight away rather than after the next ANALYZE or autovacuum."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(quote(t) for t in tables))
            return
        cursor.execute("PRAGMA analysis_limit")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA analysis_limit = 1000")  # sample each index, do not scan it
        try:
            for table in tables:
                cursor.execute(f"ANALYZE {quote(table)}")
        finally:
            cursor.execute(f"PRAGMA analysis_limit = {int(previous)}")


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


# json.dumps(addition_after(e)) spelt out: the same text, without a dict and the
# general encoder for each of a million rows (tests check they agree).
_AFTER_JSON = (
    '{"elector_number": %s, "markers": %s, "title": %s, "first_names": %s,'
    ' "middle_names": %s, "surname": %s, "uprn": %s, "open_register_opt_out": %s,'
    ' "anonymous": %s}'
)
_JSON_BOOL = {True: "true", False: "false"}


def addition_after_json(e: ElectorRow, elector_number: str) -> str:
    """json.dumps(addition_after(e)), given e's formatted elector number."""
    q = encode_basestring_ascii
    return _AFTER_JSON % (
        q(elector_number),
        q(e.markers),
        q(e.title),
        q(e.first_names),
        q(e.middle_names),
        q(e.surname),
        "null" if e.uprn is None else int(e.uprn),
        _JSON_BOOL[e.open_register_opt_out],
        _JSON_BOOL[e.anonymous],
    )


class RegisterCsvImporter(CsvImporter[ElectorRow]):
    """The register CSV import, with a validation loop tuned for a million rows.

    `validate` reads the file's fields by position rather than building a Row
    per line, and caches what repeats (dates, markers, name keys); the checks
    and messages are those of `clean_row`, which handles one Row the usual way.
    """

    columns = COLUMNS

    def prepare(self) -> None:
        self.districts = dict(PollingDistrict.objects.values_list("code", "id"))
        self.district_codes = {v: k for k, v in self.districts.items()}
        self.properties = dict(
            Property.objects.values_list("uprn", "polling_district_id").iterator(chunk_size=20000)
        )
        self.in_use = set(
            Elector.objects.exclude(status=Elector.Status.DELETED)
            .values_list("polling_district_id", "number", "suffix")
            .iterator(chunk_size=20000)
        )
        council = council_get()
        self.nation = council.country if council else attainers.ENGLAND
        self.today = timezone.localdate()
        self._dates: dict[str, date | None] = {}
        self._young: dict[date, bool] = {}

    # Reading ------------------------------------------------------------------
    def validate(self) -> list[ElectorRow]:  # type: ignore[override]
        """Clean every row. Raises ImportRejected listing every error found."""
        csv_file = self.read()
        self.prepare()
        header = csv_file.header
        pick = itemgetter(*(header.index(c) for c in COLUMNS))
        width = len(header)
        reader = csv.reader(io.StringIO(csv_file.text), delimiter=csv_file.delimiter)
        next(reader, None)
        clean = self._clean
        # Cells quoted on export to keep them from running as formulas lose the quote.
        strip = _strip_restored if csv_file.neutralised else str.strip
        cleaned: list[ElectorRow] = []
        append = cleaned.append
        number = 1
        try:
            for number, fields in enumerate(reader, start=2):
                if len(fields) == width:
                    values = list(map(strip, pick(fields)))
                    if values[0] or "".join(fields).strip():
                        value = clean(number, values)
                        if value is not None:
                            append(value)
                elif fields and "".join(fields).strip():
                    self.errors.append(
                        RowError(
                            csv_file.name,
                            number,
                            "-",
                            f"row has {len(fields)} fields",
                            f"{width}, one for each column in the header",
                        )
                    )
        except csv.Error as exc:  # the rest of the file cannot be read reliably
            self.errors.append(csv_file.unreadable(exc, row=number + 1))
        self.check_numbers(cleaned)
        if self.errors:
            self.errors.sort(key=lambda e: e.row)
            raise ImportRejected(self.errors)
        return cleaned

    def run(self, *, acting_user, progress: Progress = no_progress) -> dict[str, Any]:
        cleaned = self.validate()
        with transaction.atomic():
            return self.apply(cleaned, acting_user=acting_user, progress=progress)

    def clean_row(self, row: Row) -> ElectorRow | None:
        return self._check_row(row.number, [row[c] for c in COLUMNS])

    def _date(self, row: int, column: str, text: str) -> tuple[bool, date | None]:
        if not text:
            return True, None
        try:
            value = self._dates[text]
        except KeyError:
            value = self._dates[text] = parse_date(text)
        if value is None:
            self.error(row, column, f"{text!r} is not a date", DATE_HELP)
            return False, None
        return True, value

    def _clean(self, row: int, values: list[str]) -> ElectorRow | None:
        """Check one row's stripped values (in COLUMNS order).

        A quick test that every value is as expected, with as little work as
        possible; a row with anything unusual goes to _check_row, which reports
        every problem (and is the reference: the quick test only lets through
        rows that _check_row accepts, with the same result).
        """
        (
            code,
            number_text,
            suffix_text,
            marker_text,
            title,
            first_names,
            middle_names,
            surname,
            dob_text,
            doa_text,
            uprn_text,
            opt_out_text,
            anonymous_text,
        ) = values
        district_id = self.districts.get(code)
        marks, problem = _markers(marker_text)
        dates = self._dates
        dob = dates.get(dob_text) if dob_text else None
        doa = dates.get(doa_text) if doa_text else None
        opt_out = FLAGS.get(opt_out_text.upper())
        anonymous = FLAGS.get(anonymous_text.upper())
        if (
            district_id is None
            or problem
            or not number_text.isdecimal()
            or len(number_text) > 6
            or (suffix_text and (not suffix_text.isdecimal() or len(suffix_text) > 6))
            or not first_names
            or not surname
            or len(title) > LENGTHS["title"]
            or len(first_names) > LENGTHS["first_names"]
            or len(middle_names) > LENGTHS["middle_names"]
            or len(surname) > LENGTHS["surname"]
            or (dob_text and (dob is None or dob > self.today))
            or (doa_text and doa is None)
            or opt_out is None
            or anonymous is None
            or (not anonymous and markers.ANONYMOUS in marks)
        ):
            return self._check_row(row, values)
        uprn = None
        if uprn_text:
            if not uprn_text.isdecimal():
                return self._check_row(row, values)
            uprn = int(uprn_text)
            if self.properties.get(uprn, -1) != district_id:
                return self._check_row(row, values)
        return self._elector_row(
            row,
            district_id,
            code,
            int(number_text),
            int(suffix_text) if suffix_text else 0,
            marks,
            title,
            first_names,
            middle_names,
            surname,
            dob,
            doa,
            uprn,
            opt_out,
            anonymous,
        )

    def _elector_row(
        self,
        row: int,
        district_id: int,
        code: str,
        number: int,
        suffix: int,
        marks: str,
        title: str,
        first_names: str,
        middle_names: str,
        surname: str,
        dob: date | None,
        doa: date | None,
        uprn: int | None,
        opt_out: bool,
        anonymous: bool,
    ) -> ElectorRow:
        """The cleaned value of a row with no problems, its markers completed (N, Z...)."""
        young = False
        if dob is not None:
            young = self._young.get(dob)
            if young is None:
                young = self._young[dob] = attainers.is_young_elector(dob, self.nation, self.today)
        marks = _derive(marks, anonymous, young or markers.YOUNG in marks)
        return ElectorRow(
            row,
            district_id,
            code,
            number,
            suffix,
            marks,
            title,
            first_names,
            middle_names,
            surname,
            dob,
            doa,
            uprn,
            opt_out,
            anonymous,
        )

    def _check_row(self, row: int, values: list[str]) -> ElectorRow | None:
        """Check one row's stripped values (in COLUMNS order); report every problem."""
        (
            code,
            number_text,
            suffix_text,
            marker_text,
            title,
            first_names,
            middle_names,
            surname,
            dob_text,
            doa_text,
            uprn_text,
            opt_out_text,
            anonymous_text,
        ) = values
        error = self.error
        ok = True
        district_id = self.districts.get(code)
        if district_id is None:
            ok = False
            if code:
                error(
                    row,
                    "polling_district_code",
                    f"unknown polling district {code!r}",
                    "a code from the polling districts list",
                )
            else:
                error(row, "polling_district_code", "missing", "a polling district code")
        number = int(number_text) if number_text.isdecimal() else -1
        if not 0 <= number <= MAX_NUMBER:
            error(
                row, "elector_number", f"{number_text!r} is not an elector number", "a whole number"
            )
            ok = False
        suffix = int(suffix_text) if suffix_text.isdecimal() else 0 if not suffix_text else -1
        if not 0 <= suffix <= MAX_NUMBER:
            error(
                row, "elector_suffix", f"{suffix_text!r} is not an elector number", "a whole number"
            )
            ok = False
        marks, problem = _markers(marker_text)
        if problem:
            error(row, "markers", problem, "franchise marker letters such as F, G or FN")
            ok = False
        for column, text in (
            ("title", title),
            ("first_names", first_names),
            ("middle_names", middle_names),
            ("surname", surname),
        ):
            limit = LENGTHS[column]
            if len(text) > limit:
                error(row, column, f"longer than {limit} characters", f"at most {limit}")
                ok = False
        if not first_names:
            error(row, "first_names", "missing", "the elector's first names")
            ok = False
        if not surname:
            error(row, "surname", "missing", "the elector's surname")
            ok = False
        dob_ok, dob = self._date(row, "date_of_birth", dob_text)
        doa_ok, doa = self._date(row, "date_of_attainment", doa_text)
        ok = ok and dob_ok and doa_ok
        if dob is not None and dob > self.today:
            error(row, "date_of_birth", "is in the future", "a date of birth in the past")
            ok = False
        uprn = None
        if uprn_text:
            if not uprn_text.isdecimal():
                error(row, "uprn", f"{uprn_text!r} is not a UPRN", "a number of up to 12 digits")
                ok = False
            else:
                uprn = int(uprn_text)
                known = self.properties.get(uprn, -1)
                if known == -1:
                    error(row, "uprn", f"unknown UPRN {uprn}", "a UPRN in the gazetteer")
                    ok = False
                elif district_id is not None and known != district_id:
                    where = self.district_codes.get(known, "no polling district")
                    error(
                        row,
                        "uprn",
                        f"UPRN {uprn} is in {where}, not {code}",
                        "a property in the elector's polling district",
                    )
                    ok = False
        opt_out = FLAGS.get(opt_out_text.upper())
        if opt_out is None:
            error(row, "open_register_opt_out", f"{opt_out_text!r} is not Y or N", "Y or N")
            ok = False
        anonymous = FLAGS.get(anonymous_text.upper())
        if anonymous is None:
            error(row, "anonymous", f"{anonymous_text!r} is not Y or N", "Y or N")
            ok = False
        if ok and markers.ANONYMOUS in marks and not anonymous:
            error(row, "markers", "marker N but anonymous is N", "anonymous Y for marker N")
            ok = False
        if not ok:
            return None
        return self._elector_row(
            row,
            district_id,
            code,
            number,
            suffix,
            marks,
            title,
            first_names,
            middle_names,
            surname,
            dob,
            doa,
            uprn,
            opt_out,
            anonymous,
        )

    def check_numbers(self, cleaned: list[ElectorRow]) -> None:
        """An elector number already in use, or twice in the file, is an error."""
        first_row: dict[tuple[int, int, int], int] = {}
        in_use = self.in_use
        for e in cleaned:
            key = (e.district_id, e.number, e.suffix)
            if key in in_use:
                shown = format_elector_number(e.district_code, e.number, e.suffix)
                self.error(
                    e.row,
                    "elector_number",
                    f"elector number {shown} is already in the register",
                    "a number not in use",
                )
            elif key in first_row:
                shown = format_elector_number(e.district_code, e.number, e.suffix)
                self.error(
                    e.row,
                    "elector_number",
                    f"elector number {shown} is also at row {first_row[key]}",
                    "each elector number once",
                )
            else:
                first_row[key] = e.row

    # Writing ------------------------------------------------------------------
    def apply(
        self, cleaned: list[ElectorRow], *, acting_user, progress: Progress
    ) -> dict[str, Any]:
        tables = [Elector._meta.db_table, Alteration._meta.db_table]
        large = len(cleaned) >= REBUILD_FROM
        referenced = (
            Elector._meta.db_table,
            PollingDistrict._meta.db_table,
            Property._meta.db_table,
        )
        with _large_cache(), _indexes_rebuilt_after(tables, enabled=large, referenced=referenced):
            result = self._apply(cleaned, acting_user=acting_user, progress=progress)
        if large:
            _refresh_statistics(tables)
        return result

    def _apply(
        self, cleaned: list[ElectorRow], *, acting_user, progress: Progress
    ) -> dict[str, Any]:
        ops = connection.ops
        now = timezone.now()
        stamp = ops.adapt_datetimefield_value(now)
        today_db = ops.adapt_datefield_value(self.today)
        db_date = lru_cache(maxsize=None)(ops.adapt_datefield_value)
        total = len(cleaned)
        progress(0, total)
        elector_table = Elector._meta.db_table
        ids = new_ids(elector_table, total)
        live = Elector.Status.LIVE
        overseas = Elector.SpecialCategory.OVERSEAS
        overseas_marker = markers.OVERSEAS
        normalised, soundex = _normalised, _sounds_like
        for start in range(0, total, BATCH):
            batch = cleaned[start : start + BATCH]
            rows = [
                (
                    pk,
                    e.district_id,
                    e.number,
                    e.suffix,
                    e.markers,
                    e.title,
                    e.first_names,
                    e.middle_names,
                    e.surname,
                    "",
                    db_date(e.date_of_birth),
                    "",
                    db_date(e.date_of_attainment),
                    e.uprn,
                    "",
                    "",
                    "",
                    e.open_register_opt_out,
                    e.anonymous,
                    overseas if overseas_marker in e.markers else "",
                    live,
                    today_db,
                    normalised(e.surname),
                    normalised(e.first_names),
                    soundex(e.surname),
                    1,
                    stamp,
                    stamp,
                )
                for pk, e in zip(ids[start : start + BATCH], batch, strict=True)
            ]
            insert_rows(elector_table, ELECTOR_COLUMNS, rows)
            progress(start + len(batch), total * 2)
        user_id = acting_user.pk if acting_user is not None else None
        reason = f"Imported from {self.display_name}"
        alteration_table = Alteration._meta.db_table
        addition = Alteration.Kind.ADDITION
        for start in range(0, total, BATCH):
            batch = cleaned[start : start + BATCH]
            rows = []
            for pk, e in zip(ids[start : start + BATCH], batch, strict=True):
                shown = (
                    f"{e.district_code}-{e.number}/{e.suffix}"
                    if e.suffix
                    else f"{e.district_code}-{e.number}"
                )
                rows.append(
                    (
                        pk,
                        addition,
                        today_db,
                        reason,
                        None,
                        addition_after_json(e, shown),
                        e.district_id,
                        shown,
                        user_id,
                        stamp,
                    )
                )
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


def _strip_restored(text: str) -> str:
    return restore(text.strip())


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
        writer = safe_writer(out)
        writer.writerow(COLUMNS)
        batch: list[tuple] = []
        for r in rows.iterator(chunk_size=20000):
            batch.append(
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
                writer.writerows(batch)
                batch.clear()
                progress(written, total)
        writer.writerows(batch)
    progress(written, total)
    return {"exported": written, "anonymous_not_exported": anonymous}
