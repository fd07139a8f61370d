"""Benchmark: poll card print files for a large synthetic register (goal < 30 s for 750,000).

    .venv/bin/python bench/poll_cards.py                    # 750,000 electors, SQLite
    .venv/bin/python bench/poll_cards.py --electors 200000
    .venv/bin/python bench/poll_cards.py --postgres         # also PostgreSQL (BENCH_POSTGRES)

Each database runs in its own process (Django settings are fixed once set up): a fresh
SQLite file in a temporary folder, or a throw-away PostgreSQL database on
BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432) created and dropped here.
Setup (not timed): wards, districts, one polling place and station per two districts,
properties and electors loaded with raw inserts (1% anonymous, 1% overseas F, 2% EU G),
a combined local + PCC polling day. Timed: `poll_cards_produce`: streaming every
elector, writing the supplier and anonymous files and a 24-card PDF proof, reading both
files back and reconciling them with the register.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELECTORS_PER_DISTRICT = 2_500
ELECTORS_PER_PROPERTY = 2
NOW = "2026-01-01 00:00:00+00:00"


def child(backend: str, electors: int, folder: Path) -> dict:
    import datetime

    import django

    sys.path.insert(0, str(ROOT / "src"))
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from ems.elections.models import ContestedArea, Election, PollingDay
    from ems.gazetteer.models import PollingDistrict, PollingPlace, Property, Ward
    from ems.polling.models import PollingStation, StationDistrict
    from ems.polling.poll_cards import poll_cards_produce
    from ems.register.models import Elector

    call_command("migrate", verbosity=0)
    started = time.perf_counter()

    def load(model, given, rows):
        """Raw insert; columns not given get their model default (so new fields still load)."""
        from django.db.models import NOT_PROVIDED

        columns, extra = list(given), []
        for f in model._meta.concrete_fields:
            if f.column in given or f.primary_key:
                continue
            value = f.get_default() if f.default is not NOT_PROVIDED else (None if f.null else "")
            if isinstance(value, datetime.datetime):
                value = NOW
            elif isinstance(value, datetime.date):
                value = "2026-01-01"
            elif isinstance(value, dict | list):
                value = json.dumps(value)
            columns.append(f.column)
            extra.append(value)
        extra = tuple(extra)
        table = model._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            if backend == "sqlite":
                marks = ",".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})"
                for i in range(0, len(rows), 50_000):
                    cursor.executemany(sql, [r + extra for r in rows[i : i + 50_000]])
            else:
                with cursor.cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extra)

    districts = max(2, electors // ELECTORS_PER_DISTRICT)
    wards = max(1, districts // 4)
    Ward.objects.bulk_create([Ward(code=f"E05{n:06d}", name=f"Ward {n}") for n in range(wards)])
    ward_ids = list(Ward.objects.order_by("id").values_list("id", flat=True))
    places = PollingPlace.objects.bulk_create(
        [
            PollingPlace(
                name=f"Hall {n}", address=f"{n} Church Lane\nExampleton", postcode="EX1 3CD"
            )
            for n in range(-(-districts // 2))
        ]
    )
    places = list(PollingPlace.objects.order_by("id"))
    PollingDistrict.objects.bulk_create(
        [
            PollingDistrict(
                code=f"D{n:04d}", name=f"District {n}", ward_id=ward_ids[n % wards],
                polling_place=places[n // 2],
            )
            for n in range(districts)
        ]
    )  # fmt: skip
    district_ids = list(PollingDistrict.objects.order_by("id").values_list("id", flat=True))
    properties = electors // ELECTORS_PER_PROPERTY
    per_district = -(-properties // districts)
    load(
        Property,
        ["uprn", "address_line_1", "address_line_2", "address_line_3", "address_line_4", "town",
         "postcode", "classification", "status", "polling_district_id", "street", "sort_key",
         "created_at", "updated_at"],
        [
            (100_000_000 + i, f"{i % 150 + 1} Street {i // 150}", "", "", "", "Exampleton",
             f"EX{i // 4000 % 98 + 1} {i // 400 % 10}AB", "residential", "live",
             district_ids[min(i // per_district, districts - 1)], f"Street {i // 150}",
             f"{i % 150 + 1:06d}", NOW, NOW)
            for i in range(properties)
        ],
    )  # fmt: skip
    rows = []
    numbers = {}
    for i in range(electors):
        p = i // ELECTORS_PER_PROPERTY
        d = district_ids[min(p // per_district, districts - 1)]
        numbers[d] = numbers.get(d, 0) + 1
        anonymous = i % 100 == 7
        markers = "N" if anonymous else ("F" if i % 100 == 11 else ("G" if i % 50 == 3 else ""))
        rows.append(
            (d, numbers[d], 0, markers, "Mx", f"First{i % 997}", "", f"Surname{i % 4999}",
             "1980-01-01", "British", 100_000_000 + p, False, anonymous, "live", "2026-01-01",
             "", "", "", "", 1, NOW, NOW)
        )  # fmt: skip
    load(
        Elector,
        ["polling_district_id", "number", "suffix", "markers", "title", "first_names",
         "middle_names", "surname", "date_of_birth", "nationality", "property_id",
         "open_register_opt_out", "anonymous", "status", "status_effective", "previous_names",
         "correspondence_address", "email", "phone", "version", "created_at", "updated_at"],
        rows,
    )  # fmt: skip
    del rows
    day = PollingDay.objects.create(date=datetime.date(2026, 5, 7))
    local = Election.objects.create(
        election_id="local.bench.2026-05-07", title="Bench District Council election",
        election_type="local", polling_day=day, country="england",
    )  # fmt: skip
    for ward_id in ward_ids[: max(1, wards * 2 // 3)]:
        ContestedArea.objects.create(election=local, ward_id=ward_id, ballot_id=f"b{ward_id}")
    pcc = Election.objects.create(
        election_id="pcc.bench.2026-05-07", title="Bench PCC election",
        election_type="pcc", polling_day=day, country="england",
    )  # fmt: skip
    ContestedArea.objects.create(election=pcc, division_name="Bench", ballot_id="pcc.bench")
    stations = PollingStation.objects.bulk_create(
        [
            PollingStation(polling_day=day, polling_place=p, number=n + 1)
            for n, p in enumerate(places)
        ]
    )
    stations = list(PollingStation.objects.order_by("number"))
    StationDistrict.objects.bulk_create(
        [
            StationDistrict(station=stations[n // 2], polling_district_id=d)
            for n, d in enumerate(district_ids)
        ]
    )
    setup = time.perf_counter() - started

    start_cpu = time.process_time()
    start = time.perf_counter()
    run = poll_cards_produce(polling_day=day, acting_user=None, folder=folder / "cards")
    wall = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    size = (folder / "cards" / "supplier.csv").stat().st_size
    return {
        "backend": backend,
        "electors": electors,
        "setup_seconds": round(setup, 1),
        "poll_cards_seconds": round(wall, 2),
        "poll_cards_cpu_seconds": round(cpu, 2),
        "goal_seconds": 30,
        "met": wall < 30,
        "counts": run.counts,
        "reconciled": run.reconciled,
        "supplier_file_mb": round(size / 1e6, 1),
    }


def psql(server: str, sql: str, *, check: bool) -> None:
    command = ["psql", f"{server}/postgres", "-qc", sql]
    subprocess.run(command, check=check)  # noqa: S603, S607 - fixed command, local server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--electors", type=int, default=750_000)
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ["EMS_VAR_DIR"] = str(Path(args.folder) / "var")
        os.environ["DJANGO_SETTINGS_MODULE"] = "ems.settings"
        print(json.dumps(child(args.child, args.electors, Path(args.folder))))
        return
    backends = [("sqlite", None)]
    if args.postgres:
        backends.append(
            ("postgres", os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
        )
    for backend, server in backends:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if backend == "sqlite":
                url = f"sqlite:///{folder / 'bench.sqlite3'}"
            else:
                name = f"bench_poll_cards_{uuid.uuid4().hex[:8]}"
                psql(server, f"CREATE DATABASE {name}", check=True)
                url = f"{server}/{name}"
            try:
                output = subprocess.run(  # noqa: S603 - runs this script with fixed arguments
                    [sys.executable, __file__, "--child", backend, "--electors", str(args.electors),
                     "--database-url", url, "--folder", str(folder)],
                    check=True, capture_output=True, text=True, cwd=ROOT,
                )  # fmt: skip
            except subprocess.CalledProcessError as exc:
                print(exc.stderr, file=sys.stderr)
                raise
            finally:
                if backend == "postgres":
                    psql(server, f"DROP DATABASE IF EXISTS {name}", check=False)
            result = json.loads(output.stdout.strip().splitlines()[-1])
            print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
