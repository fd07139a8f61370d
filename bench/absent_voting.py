"""Benchmark: every absent voter list and marked register for a large register.

    .venv/bin/python bench/absent_voting.py                  # 1,000,000 electors, SQLite
    .venv/bin/python bench/absent_voting.py --electors 200000
    .venv/bin/python bench/absent_voting.py --db /tmp/av.sqlite3   # keep and reuse the data
    .venv/bin/python bench/absent_voting.py --database-url postgres://postgres@127.0.0.1/empty_db

Setup (not timed): a fresh SQLite file in a temporary folder; one ward, districts of 2,500
electors, one station per district, electors by bulk_create, 25% postal voters and 2%
proxies as standing arrangements. Timed: `exports.write_all` (postal voters list, list of
proxies, proxy postal voters list and one marked register per station, all CSV).
Goal: under 30 s for 1,000,000 electors.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_DISTRICT = 2_500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--electors", type=int, default=1_000_000)
    parser.add_argument("--db", help="Keep the SQLite database here and reuse it next time")
    parser.add_argument("--profile", action="store_true", help="Print a profile of write_all")
    parser.add_argument(
        "--database-url", help="An empty PostgreSQL database to use instead of SQLite"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = Path(args.db) if args.db else folder / "bench.sqlite3"
    reuse = db.exists() and not args.database_url
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ems.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from ems.absent_voting import exports
    from ems.absent_voting.models import Arrangement
    from ems.elections.models import Election
    from ems.gazetteer.models import PollingDistrict

    call_command("migrate", verbosity=0)
    if reuse:
        election = Election.objects.get(election_id="local.bench.2026-05-07")
        districts = PollingDistrict.objects.count()
        arrangements = Arrangement.objects.count()
        setup = 0.0
    else:
        election, districts, arrangements, setup = _setup(args.electors)
    t1 = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        counts = profiler.runcall(exports.write_all, election, folder / "out")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    else:
        counts = exports.write_all(election, folder / "out")
    took = time.perf_counter() - t1
    print(f"electors {args.electors:,}; arrangements {arrangements:,}; setup {setup:.1f} s")
    print(f"postal {counts['postal_voters']:,}, proxies {counts['proxies']:,}, "
          f"marked registers {districts:,}; write_all {took:.1f} s")  # fmt: skip


def _setup(electors: int):
    from django.db import transaction

    from ems.absent_voting.models import Arrangement
    from ems.elections.models import Election, PollingDay
    from ems.gazetteer.models import PollingDistrict, PollingPlace, Ward
    from ems.polling.models import PollingStation, StationDistrict
    from ems.register.models import Elector

    t0 = time.perf_counter()
    day = PollingDay.objects.create(date=dt.date(2026, 5, 7))
    election = Election.objects.create(election_id="local.bench.2026-05-07", title="Bench",
                                       election_type="local", polling_day=day, country="england")  # fmt: skip
    ward = Ward.objects.create(code="E05999999", name="Bench ward")
    place = PollingPlace.objects.create(name="Hall", postcode="EX1 3CD")
    districts = (electors + PER_DISTRICT - 1) // PER_DISTRICT
    with transaction.atomic():
        ds = PollingDistrict.objects.bulk_create(
            [PollingDistrict(code=f"B{i}", name=f"D{i}", ward=ward) for i in range(districts)]
        )
        ds = list(PollingDistrict.objects.order_by("pk"))
        stations = PollingStation.objects.bulk_create(
            [
                PollingStation(polling_day=day, polling_place=place, number=i + 1)
                for i in range(districts)
            ]
        )
        stations = list(PollingStation.objects.order_by("pk"))
        StationDistrict.objects.bulk_create(
            [
                StationDistrict(station=s, polling_district=d)
                for s, d in zip(stations, ds, strict=True)
            ]
        )
        batch = []
        for n in range(electors):
            d = ds[n // PER_DISTRICT]
            batch.append(Elector(polling_district=d, number=n % PER_DISTRICT + 1, first_names="Ann",
                                 surname=f"Voter{n}", anonymous=(n % 100 == 0)))  # fmt: skip
            if len(batch) == 20000:
                Elector.objects.bulk_create(batch)
                batch = []
        Elector.objects.bulk_create(batch)
        now = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
        ids = list(Elector.objects.values_list("pk", flat=True).order_by("pk"))
        arrangements = []
        for i, pk in enumerate(ids):
            kind = "postal" if i % 4 == 0 else ("proxy" if i % 50 == 1 else None)
            if kind is None:
                continue
            arrangements.append(Arrangement(elector_id=pk, kind=kind, scope="standing",
                                            starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2029, 1, 31),
                                            received_at=now, granted_on=dt.date(2026, 1, 1),
                                            proxy_name="P Proxy" if kind == "proxy" else ""))  # fmt: skip
        Arrangement.objects.bulk_create(arrangements, batch_size=20000)
    return election, districts, len(arrangements), time.perf_counter() - t0


if __name__ == "__main__":
    main()
