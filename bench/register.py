"""Benchmark: register import, publication and elector search on a large synthetic register.

    .venv/bin/python bench/register.py                        # 1,000,000 electors, SQLite and PostgreSQL
    .venv/bin/python bench/register.py --electors 200000 --no-postgres

For each database (a fresh SQLite file in a temporary folder; a throw-away
PostgreSQL database on BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432,
created and dropped by the script) it:
  1. loads wards, polling districts and properties with raw bulk inserts (setup, not timed),
  2. times a raw baseline load of the electors (executemany on SQLite, COPY on PostgreSQL,
     one transaction, indexes and foreign keys handled as register_import does for a large
     file, so only the import's own work differs; the import also writes an Alteration
     row per elector, which the baseline does not),
  3. writes the register as an import file with the register CSV exporter, empties the
     electors table and times `register_import` of that file (goal < 30 s for 1,000,000),
  4. times `register_publish` of the full and open registers as CSV (goal < 15 s each)
     against a plain SELECT written out with csv.writer,
  5. times `elector_search` over varied queries (names spelt wrongly, surname first,
     dates of birth, postcodes, addresses, elector numbers; goal p95 < 50 ms) against a
     raw indexed lookup of each, and counts how often the intended elector was found
     (in the top 10 for names and numbers; anywhere in the results for the filters).
The load average is reported with the figures: other work on the machine slows them.
A step whose service does not exist yet is skipped with a note. Each database runs in
its own process because Django's settings are fixed once set up.
"""

import argparse
import csv
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELECTORS_PER_DISTRICT = 2_500
ELECTORS_PER_PROPERTY = 2.3
PROPERTIES_PER_POSTCODE = 15
STREET_NAMES = [
    "Acacia Avenue", "Mill Road", "Church Lane", "High Street", "Station Road", "The Green",
    "Victoria Road", "Park Lane", "Manor Close", "Orchard Way", "Queens Drive", "Kings Crescent",
]  # fmt: skip
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NOW = "2026-01-01 00:00:00+00:00"


# Synthetic data -------------------------------------------------------------------
def name_lists() -> tuple[list[str], list[str]]:
    from faker.providers.person.en_GB import Provider

    firsts = sorted(set(Provider.first_names_male) | set(Provider.first_names_female))
    surnames = sorted(set(Provider.last_names))
    return firsts, surnames


def postcode_for(index: int) -> str:
    outward = f"EX{index // 4000 % 98 + 1}"
    inward = f"{index // 400 % 10}{INWARD_LETTERS[index // 20 % 20]}{INWARD_LETTERS[index % 20]}"
    return f"{outward} {inward}"


def misspell(rng: random.Random, word: str) -> str:
    """One typing slip: a vowel swapped, a letter dropped or doubled (never the first)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word))
    slip = rng.choice(["vowel", "drop", "double"])
    if slip == "vowel" and word[i] in "aeiouy":
        return word[:i] + rng.choice([v for v in "aeiouy" if v != word[i]]) + word[i + 1 :]
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


# One database, in a child process ------------------------------------------------------
class Bench:
    def __init__(self, backend: str, electors: int, queries: int, folder: Path):
        self.backend = backend
        self.total = electors
        self.queries = queries
        self.folder = folder
        self.result: dict = {"backend": backend, "electors": electors, "notes": []}

    def note(self, text: str) -> None:
        self.result["notes"].append(text)

    def cpu_seconds(self) -> float:
        """CPU time used so far by this process and, on PostgreSQL, by its server
        process (read from /proc when the server runs on this machine).

        Unlike elapsed time it hardly changes with how busy the machine is, so
        runs on a loaded machine can still be compared. PostgreSQL's parallel
        workers (large sorts, index builds) are not counted.
        """
        total = time.process_time()
        if self.backend == "postgres":
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return float("nan")
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def bulk_load(
        self, model, columns: list[str], rows: list[tuple], *, referenced: tuple = ()
    ) -> float:
        """Raw load into a model's table in one transaction: executemany (SQLite) or
        COPY (PostgreSQL), nothing else done per row.

        With `referenced` (the raw baseline of the elector import), the load is
        done the way register_import loads a large file, so the two are compared
        on the same footing: a large SQLite page cache, the table's indexes (and
        on PostgreSQL its foreign keys to `referenced`) dropped first and built
        again after, inside the same transaction, then the planner's statistics
        refreshed.
        """
        from contextlib import nullcontext

        from django.db import connection, transaction

        from ems.register.formats import register_csv

        table = model._meta.db_table
        if referenced:
            large = register_csv._indexes_rebuilt_after(
                [table], enabled=True, referenced=referenced
            )
            cache = register_csv._large_cache()
        else:
            large = cache = nullcontext()
        start = time.perf_counter()
        with transaction.atomic(), cache, large, connection.cursor() as cursor:
            if self.backend == "sqlite":
                marks = ",".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})"
                for i in range(0, len(rows), 50_000):
                    cursor.executemany(sql, rows[i : i + 50_000])
            else:
                sql = f"COPY {table} ({','.join(columns)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        if referenced:
            register_csv._refresh_statistics([table])
        return time.perf_counter() - start

    @staticmethod
    def columns_with_defaults(model, given: dict[str, int]) -> tuple[list[str], list]:
        """Every concrete column of a model: the ones we give, the rest at their default.

        Built from the model so fields added later by other code still get a value.
        """
        from django.db.models import NOT_PROVIDED

        columns, defaults = [], []
        for f in model._meta.concrete_fields:
            if f.primary_key and f.column not in given:
                continue
            columns.append(f.column)
            if f.column in given:
                defaults.append(None)
            elif f.default is not NOT_PROVIDED:
                value = f.get_default()
                if isinstance(value, datetime.datetime):
                    value = NOW
                elif isinstance(value, datetime.date):
                    value = "2026-01-01"
                elif isinstance(value, dict | list):
                    value = json.dumps(value)
                defaults.append(value)
            else:
                defaults.append(None if f.null else "")
        return columns, defaults

    def setup_geography(self) -> None:
        from ems.gazetteer.models import PollingDistrict, Property, Ward

        districts = max(1, round(self.total / ELECTORS_PER_DISTRICT))
        wards = max(1, districts // 4)
        Ward.objects.bulk_create(
            [Ward(code=f"E05{n:06d}", name=f"Ward {n}") for n in range(wards)], batch_size=1000
        )
        ward_ids = list(Ward.objects.order_by("id").values_list("id", flat=True))
        PollingDistrict.objects.bulk_create(
            [
                PollingDistrict(
                    code=f"{chr(65 + n // 260 % 26)}{chr(65 + n // 10 % 26)}{n % 10 + 1}",
                    name=f"District {n}",
                    ward_id=ward_ids[n % wards],
                )
                for n in range(districts)
            ],
            batch_size=1000,
        )
        self.districts = list(PollingDistrict.objects.order_by("id").values_list("id", "code"))
        properties = round(self.total / ELECTORS_PER_PROPERTY)
        per_district = -(-properties // len(self.districts))
        given = [
            "uprn", "address_line_1", "town", "postcode", "polling_district_id",
            "street", "sort_key", "created_at", "updated_at",
        ]  # fmt: skip
        columns, defaults = self.columns_with_defaults(Property, dict.fromkeys(given, 1))
        self.properties = []  # (uprn, district index, address line 1, postcode)
        rows = []
        for i in range(properties):
            d = min(i // per_district, len(self.districts) - 1)
            street = f"{STREET_NAMES[i // 150 % len(STREET_NAMES)]} {i // 1800}"
            house = i % 150 + 1
            uprn = 100_000_000 + i
            line_1 = f"{house} {street}"
            postcode = postcode_for(i // PROPERTIES_PER_POSTCODE)
            values = {
                "uprn": uprn,
                "address_line_1": line_1,
                "town": "Exampleton",
                "postcode": postcode,
                "polling_district_id": self.districts[d][0],
                "street": street,
                "sort_key": f"{house:06d}",
                "created_at": NOW,
                "updated_at": NOW,
            }
            rows.append(tuple(values.get(c, dv) for c, dv in zip(columns, defaults, strict=True)))
            self.properties.append((uprn, d, line_1, postcode))
        self.bulk_load(Property, columns, rows)

    def elector_rows(self) -> tuple[list[str], list[tuple], list[dict]]:
        from ems.register.models import Elector
        from ems.register.search_keys import name_keys

        rng = random.Random(1)
        firsts, surnames = name_lists()
        given = [
            "polling_district_id", "number", "suffix", "markers", "title", "first_names",
            "middle_names", "surname", "date_of_birth", "nationality", "property_id",
            "open_register_opt_out", "anonymous", "status", "status_effective",
            "search_surname", "search_first", "surname_code", "version", "created_at",
            "updated_at",
        ]  # fmt: skip
        columns, defaults = self.columns_with_defaults(Elector, dict.fromkeys(given, 1))
        rows, people = [], []
        numbers = [0] * len(self.districts)
        p = 0
        for i in range(self.total):
            # Two or three electors a property, in property (street) order.
            if i and rng.random() < 1 / ELECTORS_PER_PROPERTY:
                p = min(p + 1, len(self.properties) - 1)
            uprn, d, line_1, postcode = self.properties[p]
            numbers[d] += 1
            first = rng.choice(firsts)
            surname = rng.choice(surnames)
            if rng.random() < 0.05:
                surname = f"{surname}-{rng.choice(surnames)}"
            dob = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(27_000))
            anonymous = i % 5000 == 0
            keys = name_keys(first, surname)
            values = {
                "polling_district_id": self.districts[d][0],
                "number": numbers[d],
                "suffix": 0,
                "markers": "N" if anonymous else ("G" if i % 50 == 0 else ""),
                "title": "",
                "first_names": first,
                "middle_names": "",
                "surname": surname,
                "date_of_birth": dob.isoformat(),
                "nationality": "British",
                "property_id": uprn,
                "open_register_opt_out": i % 3 == 0,
                "anonymous": anonymous,
                "status": "live",
                "status_effective": "2025-12-01",
                "version": 1,
                "created_at": NOW,
                "updated_at": NOW,
                **keys,
            }
            rows.append(tuple(values.get(c, dv) for c, dv in zip(columns, defaults, strict=True)))
            if i % max(1, self.total // 2000) == 0:
                people.append(
                    {
                        "first": first,
                        "surname": surname,
                        "dob": dob,
                        "number": f"{self.districts[d][1]}-{numbers[d]}",
                        "postcode": postcode,
                        "address": line_1,
                    }
                )
        return columns, rows, people

    # The timed steps ------------------------------------------------------------------
    def run(self) -> dict:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        self.setup_geography()
        columns, rows, people = self.elector_rows()
        self.result["setup_seconds"] = time.perf_counter() - start

        from ems.gazetteer.models import PollingDistrict, Property
        from ems.register.models import Elector

        self.result["load_average_start"] = os.getloadavg()
        referenced = (
            Elector._meta.db_table,
            PollingDistrict._meta.db_table,
            Property._meta.db_table,
        )
        cpu = self.cpu_seconds()
        self.result["import_baseline"] = self.bulk_load(
            Elector, columns, rows, referenced=referenced
        )
        self.result["import_baseline_cpu"] = self.cpu_seconds() - cpu
        del rows
        self.analyze()
        # Search and publish the raw-loaded register (its numbers are the ones noted in
        # `people`), then export it, empty it and time the import of the export.
        self.step_search(people)
        self.step_publish()
        self.step_import()
        self.result["load_average_end"] = os.getloadavg()
        return self.result

    def analyze(self) -> None:
        """Refresh the planner's statistics, as autovacuum (PostgreSQL) or a nightly
        ANALYZE (SQLite) would on a live system after a bulk load."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def step_import(self) -> None:
        from django.db import connection

        from ems.register.models import Elector

        try:
            from ems.register.services import register_export, register_import
        except ImportError as exc:
            self.note(f"register import skipped: {exc}")
            return
        path = self.folder / f"register-{self.backend}.csv"
        start = time.perf_counter()
        register_export(path=path, acting_user=None)
        self.result["export_seconds"] = time.perf_counter() - start
        exported = sum(1 for _ in path.open(encoding="utf-8")) - 1
        self.result["exported_rows"] = exported
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Elector._meta.db_table}")  # noqa: S608
        start, cpu = time.perf_counter(), self.cpu_seconds()
        summary = register_import(path=path, acting_user=None)
        self.result["import_seconds"] = time.perf_counter() - start
        self.result["import_seconds_cpu"] = self.cpu_seconds() - cpu
        self.result["import_summary"] = {k: v for k, v in summary.items() if isinstance(v, int)}
        count = Elector.objects.count()
        if count != exported:
            self.note(f"register import left {count:,} electors, expected {exported:,}")
        self.note(
            f"the export leaves out anonymous entries: {exported:,} of {self.total:,} re-imported"
        )

    def step_publish(self) -> None:
        from django.db import connection

        try:
            from ems.register.publication import register_publish
        except ImportError as exc:
            self.note(f"publication skipped: {exc}")
            return
        for kind in ("full", "open"):
            out = self.folder / f"{kind}-{self.backend}.csv"
            start, cpu = time.perf_counter(), self.cpu_seconds()
            register_publish(kind=kind, file_format="csv", out_path=out, acting_user=None)
            self.result[f"publish_{kind}_seconds"] = time.perf_counter() - start
            self.result[f"publish_{kind}_seconds_cpu"] = self.cpu_seconds() - cpu
            self.result[f"publish_{kind}_rows"] = max(
                0, sum(1 for _ in out.open(encoding="utf-8")) - 1
            )
            # Baseline: one plain SELECT of the same kind of rows, written with csv.writer.
            where = "e.status = 'live'" + (
                " AND NOT e.open_register_opt_out" if kind == "open" else ""
            )
            sql = (
                "SELECT d.code, e.number, e.suffix, e.markers, e.surname, e.first_names,"
                " e.middle_names, p.address_line_1, p.address_line_2, p.town, p.postcode"
                " FROM register_elector e JOIN gazetteer_pollingdistrict d"
                " ON d.id = e.polling_district_id LEFT JOIN gazetteer_property p"
                f" ON p.uprn = e.property_id WHERE {where}"
                " ORDER BY d.code, p.street, p.sort_key, e.number, e.suffix"
            )
            start, cpu = time.perf_counter(), self.cpu_seconds()
            with (
                self.folder.joinpath(f"{kind}-baseline.csv").open("w", newline="") as handle,
                connection.cursor() as cursor,
            ):
                writer = csv.writer(handle)
                cursor.execute(sql)
                while batch := cursor.fetchmany(10_000):
                    writer.writerows(batch)
            self.result[f"publish_{kind}_baseline"] = time.perf_counter() - start
            self.result[f"publish_{kind}_baseline_cpu"] = self.cpu_seconds() - cpu

    def step_search(self, people: list[dict]) -> None:
        from django.db import connection

        from ems.register.search_keys import normalise_name
        from ems.register.selectors import elector_search

        rng = random.Random(2)
        sample = rng.sample(people, min(self.queries, len(people)))
        cases = []
        for n, person in enumerate(sample):
            first, surname = person["first"], person["surname"]
            kind = n % 8
            if kind in (0, 1):
                typed = f"{misspell(rng, first)} {misspell(rng, surname)}"
                case = ("misspelt name", {"query": typed}, ("surname", surname))
            elif kind == 2:
                case = ("surname, first", {"query": f"{surname}, {first}"}, ("surname", surname))
            elif kind == 3:
                case = ("surname only", {"query": surname}, ("surname", surname))
            elif kind == 4:
                case = ("date of birth", {"date_of_birth": person["dob"]}, ("dob", person["dob"]))
            elif kind == 5:
                typed = person["postcode"].replace(" ", "").lower()
                case = ("postcode", {"query": typed}, ("postcode", person["postcode"]))
            elif kind == 6:
                number = person["number"].replace("-", " ") if n % 2 else person["number"]
                case = ("elector number", {"query": number}, ("number", person["number"]))
            else:
                case = ("address", {"query": person["address"]}, ("address", person["address"]))
            cases.append((person, *case))

        elector_search(query="warm up the caches")
        timings: dict[str, list[float]] = {}
        everything, found = [], 0
        found_by_kind: dict[str, list[int]] = {}
        for person, label, kwargs, _key in cases:
            start = time.perf_counter()
            results = elector_search(**kwargs)
            elapsed = (time.perf_counter() - start) * 1000
            timings.setdefault(label, []).append(elapsed)
            everything.append(elapsed)
            wanted = (person["first"], person["surname"])
            # Names and numbers should bring the elector into the top 10; the other kinds
            # are filters listing everyone who matches, so any place in the results counts.
            ranked = label in ("misspelt name", "surname, first", "elector number")
            shown = results[:10] if ranked else results
            hit = any((e.first_names, e.surname) == wanted for e in shown)
            tally = found_by_kind.setdefault(label, [0, 0])
            tally[0] += hit
            tally[1] += 1
            if label != "surname only" and hit:
                found += 1
        self.result["search_ms"] = summarise(everything)
        self.result["search_by_kind_ms"] = {
            k: {**summarise(v), "found": "{}/{}".format(*found_by_kind[k])}
            for k, v in timings.items()
        }
        countable = sum(1 for c in cases if c[1] != "surname only")
        self.result["search_found_in_top_10"] = f"{found}/{countable}"

        # Baseline: one raw indexed lookup per query, 50 rows, no ranking.
        lookups = {
            "surname": "SELECT id FROM register_elector WHERE search_surname = %s LIMIT 50",
            "dob": "SELECT id FROM register_elector WHERE date_of_birth = %s LIMIT 50",
            "postcode": "SELECT e.id FROM register_elector e JOIN gazetteer_property p"
            " ON p.uprn = e.property_id WHERE p.postcode = %s LIMIT 50",
            "number": "SELECT e.id FROM register_elector e JOIN gazetteer_pollingdistrict d"
            " ON d.id = e.polling_district_id WHERE d.code = %s AND e.number = %s LIMIT 50",
            "address": "SELECT e.id FROM register_elector e JOIN gazetteer_property p"
            " ON p.uprn = e.property_id WHERE p.address_line_1 = %s LIMIT 50",
        }
        raw = []
        with connection.cursor() as cursor:
            for _person, _label, _kwargs, (key, value) in cases:
                if key == "surname":
                    args = [normalise_name(value)]
                elif key == "number":
                    code, number = value.split("-")
                    args = [code, int(number)]
                else:
                    args = [value]
                start = time.perf_counter()
                cursor.execute(lookups[key], args)
                cursor.fetchall()
                raw.append((time.perf_counter() - start) * 1000)
        self.result["search_baseline_ms"] = summarise(raw)


def summarise(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": p95,
        "max": ordered[-1],
    }


def run_child(args) -> None:
    folder = Path(args.folder)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["EMS_VAR_DIR"] = str(folder / f"var-{args.child}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ems.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    result = Bench(args.child, args.electors, args.queries, folder).run()
    print(json.dumps(result, default=str))


# The parent: one child per database, then the report -------------------------------
def child(backend: str, database_url: str, args, folder: Path) -> dict:
    output = subprocess.run(  # noqa: S603 - runs this script with fixed arguments
        [
            sys.executable,
            __file__,
            "--child",
            backend,
            "--database-url",
            database_url,
            "--folder",
            str(folder),
            "--electors",
            str(args.electors),
            "--queries",
            str(args.queries),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    if output.returncode != 0:
        print(output.stderr[-5000:], file=sys.stderr)
        raise SystemExit(f"The {backend} benchmark failed.")
    return json.loads(output.stdout.strip().splitlines()[-1])


def line(
    label: str,
    seconds: float | None,
    rows: int,
    baseline: float | None = None,
    *,
    cpu: float | None = None,
    baseline_cpu: float | None = None,
) -> None:
    if seconds is None:
        return
    text = f"  {label:40} {seconds:7.2f} s {rows / seconds:10,.0f} rows/s"
    if cpu is not None:
        text += f"  CPU {cpu:6.1f} s"
    if baseline:
        text += f"  {seconds / baseline:4.1f}x baseline"
        if cpu and baseline_cpu:
            text += f" ({cpu / baseline_cpu:.1f}x in CPU)"
    print(text)


def report(r: dict) -> None:
    n = r["electors"]
    print(f"\n{r['backend']}: {n:,} electors (setup {r['setup_seconds']:.1f} s)")
    loads = [r.get("load_average_start"), r.get("load_average_end")]
    if all(loads):
        shown = ["/".join(f"{x:.1f}" for x in la) for la in loads]
        print(
            f"  load average (1/5/15 min) {shown[0]} at the start, {shown[1]} at the end, "
            f"on {os.cpu_count()} CPUs"
        )
    line("electors raw load (baseline)", r["import_baseline"], n, cpu=r.get("import_baseline_cpu"))
    line("register export to CSV", r.get("export_seconds"), n)
    line(
        "register_import (goal < 30 s)",
        r.get("import_seconds"),
        n,
        r["import_baseline"],
        cpu=r.get("import_seconds_cpu"),
        baseline_cpu=r.get("import_baseline_cpu"),
    )
    for kind in ("full", "open"):
        rows = r.get(f"publish_{kind}_rows", 0) or n
        line(
            f"plain SELECT + csv.writer ({kind})",
            r.get(f"publish_{kind}_baseline"),
            rows,
            cpu=r.get(f"publish_{kind}_baseline_cpu"),
        )
        line(
            f"register_publish {kind} CSV (goal < 15 s)",
            r.get(f"publish_{kind}_seconds"),
            rows,
            r.get(f"publish_{kind}_baseline"),
            cpu=r.get(f"publish_{kind}_seconds_cpu"),
            baseline_cpu=r.get(f"publish_{kind}_baseline_cpu"),
        )
    if "search_ms" in r:
        s, b = r["search_ms"], r["search_baseline_ms"]
        print(
            f"  elector_search over {s['n']} queries: p50 {s['p50']:.1f} ms, "
            f"p95 {s['p95']:.1f} ms (goal < 50 ms), max {s['max']:.1f} ms; "
            f"intended elector found: {r['search_found_in_top_10']}"
        )
        for kind, k in r["search_by_kind_ms"].items():
            print(
                f"    {kind:16} p50 {k['p50']:6.1f} ms  p95 {k['p95']:6.1f} ms  found: {k['found']}"
            )
        print(
            f"  raw indexed lookup baseline:  p50 {b['p50']:.2f} ms, p95 {b['p95']:.2f} ms; "
            f"search p95 / baseline p95 {s['p95'] / b['p95']:.0f}x"
        )
    for note in r["notes"]:
        print(f"  NOTE: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--electors", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"])
    parser.add_argument("--database-url")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.child:
        run_child(args)
        return

    with tempfile.TemporaryDirectory(prefix="ems-bench-register-") as name:
        folder = Path(name)
        if not args.no_sqlite:
            report(child("sqlite", f"sqlite:///{folder / 'bench.sqlite3'}", args, folder))
        if not args.no_postgres:
            import psycopg

            server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
            db = f"ems_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{db}"')
            try:
                report(child("postgres", f"{server}/{db}", args, folder))
            finally:
                with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
