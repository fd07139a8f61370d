"""Benchmark: import a synthetic gazetteer with `gazetteer_import` against a raw bulk load.

    .venv/bin/python bench/gazetteer_import.py            # 500,000 rows, SQLite and PostgreSQL
    .venv/bin/python bench/gazetteer_import.py --rows 50000 --no-postgres

For each database it times, on a fresh database:
  1. gazetteer_import of the whole file (the first import: every row added),
  2. the same file again (a change-only re-import where nothing changed),
  3. a raw baseline loading the same rows into the same table
     (executemany for SQLite, COPY for PostgreSQL),
and prints seconds, rows per second and the ratio import / baseline (goal: within 5x).

SQLite uses a fresh database file in a temporary folder; PostgreSQL a throw-away
database (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432)
that the script creates and drops. Each database runs in its own process because
Django's settings are fixed once set up.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
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
]
DISTRICTS = 40
STREETS = ["Acacia Avenue", "Mill Road", "Church Lane", "High Street", "Station Road", "The Green"]
TOWNS = ["Exampleton", "Sampleford", "Testbury", "Mockingham"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def generate(path: Path, rows: int) -> None:
    """Write a synthetic gazetteer: houses, flats and named houses on numbered streets."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(rows):
            street = f"{STREETS[i % len(STREETS)]} {i // 600}"
            house = (i % 600) // 3 + 1
            kind = i % 3
            if kind == 0:
                line_1, line_2 = f"{house} {street}", ""
            elif kind == 1:
                line_1, line_2 = f"Flat {i % 7 + 1}", f"{house}A {street}"
            else:
                line_1, line_2 = f"Rose Cottage {house}", street
            outward = f"EX{(i // 4000) % 99 + 1}"
            inward = f"{(i // 400) % 10}{INWARD_LETTERS[(i // 20) % 20]}{INWARD_LETTERS[i % 20]}"
            district = "" if i % 97 == 0 else f"PD{(i // 12_500) % DISTRICTS + 1}"
            writer.writerow(
                [
                    10_000_000 + i,
                    line_1,
                    line_2,
                    "",
                    "",
                    TOWNS[i % len(TOWNS)],
                    f"{outward} {inward}",
                    290_000 + i % 10_000,
                    90_000 + i % 7_000,
                    "residential" if i % 10 else "commercial",
                    district,
                ]
            )


def districts_file(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["ward_code", "ward_name", "polling_district_code", "polling_district_name"]
        )
        for n in range(1, DISTRICTS + 1):
            writer.writerow([f"E0500{n:04d}", f"Ward {n}", f"PD{n}", f"District {n}"])


# One database, in a child process ------------------------------------------------
def run_one(backend: str, database_url: str, gazetteer: Path, districts: Path) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ["EMS_VAR_DIR"] = str(gazetteer.parent / f"var-{backend}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ems.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from ems.gazetteer.models import Property
    from ems.gazetteer.services import districts_import, gazetteer_import

    call_command("migrate", verbosity=0)
    districts_import(path=districts, acting_user=None)
    rows = sum(1 for _ in gazetteer.open(encoding="utf-8")) - 1

    start, cpu = time.perf_counter(), time.process_time()
    first = gazetteer_import(path=gazetteer, acting_user=None)
    import_seconds, import_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert first["added"] == rows, first

    start, cpu = time.perf_counter(), time.process_time()
    again = gazetteer_import(path=gazetteer, acting_user=None)
    reimport_seconds, reimport_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert again["unchanged"] == rows, again

    # The baseline: the same rows straight into the same (emptied) table.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Property._meta.db_table}")
    table = Property._meta.db_table
    codes = dict(
        Property._meta.get_field("polling_district")
        .related_model.objects.values_list("code", "id")
        .order_by()
    )
    columns = [*HEADER[:-1], "polling_district_id", "status", "street", "sort_key", "created_at"]
    columns += ["updated_at"]
    start, cpu = time.perf_counter(), time.process_time()
    with gazetteer.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        now = "2026-01-01 00:00:00+00"
        values = [
            (
                int(r[0]),
                *r[1:7],
                float(r[7]) if r[7] else None,
                float(r[8]) if r[8] else None,
                r[9],
                codes.get(r[10]),
                "live",
                "",
                "",
                now,
                now,
            )
            for r in reader
        ]
    with transaction.atomic(), connection.cursor() as cursor:
        if backend == "sqlite":
            marks = ",".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", values
            )
        else:
            with cursor.cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
    baseline_seconds, baseline_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert Property.objects.count() == rows
    return {
        "backend": backend,
        "rows": rows,
        "import": import_seconds,
        "reimport": reimport_seconds,
        "baseline": baseline_seconds,
        "import_cpu": import_cpu,
        "reimport_cpu": reimport_cpu,
        "baseline_cpu": baseline_cpu,
    }


def child(backend: str, database_url: str, gazetteer: Path, districts: Path) -> dict:
    output = subprocess.run(  # noqa: S603 - runs this script with fixed arguments
        [
            sys.executable,
            __file__,
            "--child",
            backend,
            "--database-url",
            database_url,
            "--gazetteer",
            str(gazetteer),
            "--districts",
            str(districts),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def report(result: dict) -> None:
    rows = result["rows"]
    print(f"\n{result['backend']}: {rows:,} rows (wall-clock s, rows/s, this process's CPU s)")
    for label, key in [
        ("gazetteer_import (first)", "import"),
        ("gazetteer_import (unchanged)", "reimport"),
        ("raw baseline", "baseline"),
    ]:
        seconds = result[key]
        cpu = result[f"{key}_cpu"]
        print(f"  {label:30} {seconds:8.1f} s {rows / seconds:12,.0f} rows/s {cpu:8.1f} cpu s")
    print(f"  ratio first import / baseline  {result['import'] / result['baseline']:8.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"])
    parser.add_argument("--database-url")
    parser.add_argument("--gazetteer", type=Path)
    parser.add_argument("--districts", type=Path)
    args = parser.parse_args()
    if args.child:
        result = run_one(args.child, args.database_url, args.gazetteer, args.districts)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="ems-bench-") as folder:
        folder = Path(folder)
        gazetteer, districts = folder / "gazetteer.csv", folder / "districts.csv"
        start = time.perf_counter()
        generate(gazetteer, args.rows)
        districts_file(districts)
        print(f"Generated {args.rows:,} properties in {time.perf_counter() - start:.1f} s")
        report(child("sqlite", f"sqlite:///{folder / 'bench.sqlite3'}", gazetteer, districts))
        if not args.no_postgres:
            import psycopg

            server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
            name = f"ems_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                report(child("postgres", f"{server}/{name}", gazetteer, districts))
            finally:
                with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
