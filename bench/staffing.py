"""Benchmark: propose staff for 2,000 positions from a pool of 5,000 people (goal < 10 s).

    .venv/bin/python bench/staffing.py
    .venv/bin/python bench/staffing.py --positions 4000 --people 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ems_bench_staffing .venv/bin/python bench/staffing.py

Runs on a fresh SQLite file in a temporary folder unless DATABASE_URL is set (then that database
is migrated and used; give it a throw-away database). Setup (not timed): one polling day, polling
places spread over a 40 x 30 km district with coordinates, a station per place with a presiding
officer and two poll clerks (so positions / 3 stations), and people with home coordinates (10%
known by postcode only), some with experience, 5% unavailable. Timed: `staff_allocate` (reading
the pool, scoring nearby candidates, writing the proposals and their audit events).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=2000)
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ems-bench-staffing-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["EMS_VAR_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "ems.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command

    from ems.elections.models import Election, PollingDay
    from ems.gazetteer.models import PollingPlace
    from ems.polling.models import PollingStation
    from ems.staffing.models import Appointment, Availability, Person, Position
    from ems.staffing.services import staff_allocate

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    day = PollingDay.objects.create(date=dt.date(2026, 5, 7))
    Election.objects.create(election_id="local.bench.2026-05-07", title="Bench election",
                            election_type="local", polling_day=day, country="england")  # fmt: skip
    stations_needed = -(-args.positions // 3)
    e0, n0 = 440000.0, 100000.0
    places = PollingPlace.objects.bulk_create(
        PollingPlace(name=f"Hall {i}", postcode=f"EX{1 + i % 9} {1 + i % 9}AB",
                     easting=e0 + rng.uniform(0, 40000), northing=n0 + rng.uniform(0, 30000))
        for i in range(stations_needed)
    )  # fmt: skip
    stations = PollingStation.objects.bulk_create(
        PollingStation(polling_day=day, polling_place=p, number=i + 1) for i, p in enumerate(places)
    )
    positions = []
    for s in stations:
        positions.append(Position(polling_day=day, role="presiding_officer", station=s, needed=1))
        positions.append(Position(polling_day=day, role="poll_clerk", station=s, needed=2))
    Position.objects.bulk_create(positions, batch_size=1000)
    people = []
    for i in range(args.people):
        known = rng.random() > 0.1
        experience = {}
        if rng.random() < 0.3:
            experience = {rng.choice(["presiding_officer", "poll_clerk"]): rng.randint(1, 6)}
        people.append(
            Person(
                status="active",
                first_names=f"Person{i}",
                surname="Bench",
                email=f"p{i}@example.com",
                postcode=f"EX{1 + i % 9} {1 + i % 7}XY",
                easting=e0 + rng.uniform(-5000, 45000) if known else None,
                northing=n0 + rng.uniform(-5000, 35000) if known else None,
                experience=experience,
            )  # fmt: skip
        )
    people = Person.objects.bulk_create(people, batch_size=1000)
    Availability.objects.bulk_create(
        (Availability(person=p, polling_day=day, available=rng.random() > 0.05) for p in people),
        batch_size=1000,
    )
    total = sum(p.needed for p in Position.objects.filter(polling_day=day))
    start = time.perf_counter()
    result = staff_allocate(polling_day=day, acting_user=None)
    elapsed = time.perf_counter() - start
    engine = django.db.connection.vendor
    placed = Appointment.objects.filter(position__polling_day=day).count()
    print(f"{engine}: {total:,} places, {args.people:,} people: {result['proposed']:,} proposed,"
          f" {result['unfilled']:,} unfilled in {elapsed:.2f} s (goal < 10 s); {placed:,} rows")  # fmt: skip


if __name__ == "__main__":
    main()
