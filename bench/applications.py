"""Benchmark: import a batch of online applications with duplicate detection against a
large register, and time the queue pages' queries.

    .venv/bin/python bench/applications.py                     # 1,000,000 electors, 50,000 apps
    .venv/bin/python bench/applications.py --electors 200000 --applications 50000

Runs on a fresh SQLite file in a temporary folder (or DATABASE_URL if set to a throw-away
database). Setup (districts, properties, electors by bulk_create) is not timed. Timed:
`batch_import` of an IER DS JSON file in which 10% of applicants are already registered
and 2% repeat within the batch (goal under 60 s), then each work queue's count and first
page (goal under 200 ms each).
"""

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--electors", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=50_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ems.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import CaptureQueriesContext  # noqa: F401

    call_command("migrate", verbosity=0)
    from ems.applications import selectors
    from ems.applications.services import batch_import
    from ems.applications.sources import FileApplicationSource
    from ems.gazetteer.models import PollingDistrict, Property, Ward
    from ems.register.models import Elector
    from ems.register.search_keys import name_keys

    rng = random.Random(1)

    def word(n: int) -> str:  # names are letters only: the search keys drop digits
        letters = ""
        while True:
            n, r = divmod(n, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[r]
            if not n:
                return letters.title()

    firsts = [word(i + 1000) for i in range(3000)]
    surnames = [word(i + 50000) for i in range(20000)]
    start = time.perf_counter()
    ward = Ward.objects.create(code="E05000001", name="Bench ward")
    districts = PollingDistrict.objects.bulk_create(
        PollingDistrict(code=f"B{i}", name=f"District {i}", ward=ward)
        for i in range(max(1, args.electors // 2500))
    )
    n_props = max(1, int(args.electors / 2.3))
    props = []
    for i in range(n_props):
        props.append(
            Property(
                uprn=100_000_000 + i,
                address_line_1=f"{i % 200 + 1} Street {i // 200}",
                town="Benchton",
                postcode=f"BE{i // 3000 % 99 + 1} {i % 9}{'ABDEFGHJL'[i % 9]}{'ABDEFGHJL'[i // 9 % 9]}",
                polling_district=districts[i % len(districts)],
                street=f"Street {i // 200}",
                sort_key=f"{i % 200 + 1:06d}",
            )
        )
    Property.objects.bulk_create(props, batch_size=5000)
    people = []
    batch = []
    for i in range(args.electors):
        first, surname = rng.choice(firsts), rng.choice(surnames)
        dob = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 60))
        prop = props[i % n_props]
        keys = name_keys(first, surname)
        batch.append(
            Elector(
                polling_district_id=prop.polling_district_id, number=i + 1, first_names=first,
                surname=surname, date_of_birth=dob, property_id=prop.uprn, **keys,
            )
        )  # fmt: skip
        if len(people) < args.applications // 10:
            people.append((first, surname, dob, prop.uprn))
        if len(batch) == 10000:
            Elector.objects.bulk_create(batch)
            batch = []
    Elector.objects.bulk_create(batch)
    print(f"setup: {args.electors:,} electors in {time.perf_counter() - start:.1f} s")
    items = []
    for i in range(args.applications):
        if i < len(people):
            first, surname, dob, uprn = people[i]
        else:
            first, surname = rng.choice(firsts), "Qz" + word(rng.randrange(10**7))
            dob = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 60))
            uprn = props[rng.randrange(n_props)].uprn
        item = {
            "application_id": f"BENCH-{i}",
            "submitted_at": "2025-06-02T09:00:00Z",
            "applicant": {"first_names": first, "surname": surname,
                          "date_of_birth": dob.isoformat(), "nationalities": ["GB"],
                          "nino": "AB123456C"},
            "address": {"lines": ["1 Street"], "postcode": "BE1 1AA", "uprn": uprn},
            "dwp_result": rng.choice(["match", "match", "partial", "no_match"]),
        }  # fmt: skip
        items.append(item)
        if i % 50 == 0 and i:
            items.append({**item, "application_id": f"BENCH-{i}-R"})
    path = Path(folder) / "batch.json"
    path.write_text(
        json.dumps(
            {"format": "ier-ds-batch", "version": 1, "batch_id": "BENCH", "applications": items}
        )
    )
    start = time.perf_counter()
    result = batch_import(source=FileApplicationSource(path), acting_user=None)
    took = time.perf_counter() - start
    print(
        f"batch_import: {result['imported']:,} applications, {result['duplicates']:,} duplicates "
        f"against {args.electors:,} electors in {took:.1f} s (goal < 60 s)"
    )
    for name in selectors.QUEUES:
        times = []
        for _ in range(3):  # the first run after the import also pays for a cold cache
            start = time.perf_counter()
            count = selectors.queue(name).count()
            list(selectors.queue(name)[:50])
            times.append(1000 * (time.perf_counter() - start))
        print(f"queue {name}: {count:,}; first {times[0]:.0f} ms, best {min(times):.0f} ms")


if __name__ == "__main__":
    main()
