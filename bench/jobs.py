"""Benchmark: how long staff saves wait while a notice of alteration is published.

    .venv/bin/python bench/jobs.py                        # 10,000 alterations, SQLite
    .venv/bin/python bench/jobs.py --alterations 50000 --database-url postgres://...
    .venv/bin/python bench/jobs.py --before COMMIT        # also the notice code of COMMIT

Loads a synthetic register with the bulk loader of bench/register.py and gives every
elector an addition in December 2025 (not timed). Then `run_worker` publishes the
notice of alteration as a background job in its own process while this process saves
a change of name through `elector_change_name` every 0.1 s, as staff would, and reports
how long each save waited and how many failed. With --before COMMIT the notice code of
that commit (which wrote the files inside its transaction) is run in a thread in the
same way, for comparison.
"""

import argparse
import datetime
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

PERIOD = (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31))
PUBLISHED = datetime.date(2026, 1, 2)


def load_register(backend: str, total: int, folder: Path):
    from ems.register.models import Alteration, Elector
    from register import Bench  # bench/register.py

    bench = Bench(backend, total, 0, folder)
    bench.setup_geography()
    columns, rows, _ = bench.elector_rows()
    bench.bulk_load(Elector, columns, rows)
    batch = []
    for elector in Elector.objects.select_related("polling_district").iterator(chunk_size=2000):
        batch.append(
            Alteration(elector_id=elector.pk, kind=Alteration.Kind.ADDITION,
                       effective_date=datetime.date(2025, 12, 15),
                       polling_district_id=elector.polling_district_id,
                       elector_number=elector.elector_number)
        )  # fmt: skip
        if len(batch) == 5000:
            Alteration.objects.bulk_create(batch)
            batch = []
    Alteration.objects.bulk_create(batch)


def saves_while(running, manager) -> tuple[list[float], list[str]]:
    """Save a change of name every 0.1 s while running() is true: waits and failures."""
    from ems.register.models import Elector
    from ems.register.services import elector_change_name

    ids = list(Elector.objects.order_by("id").values_list("id", flat=True)[:50])
    waits, failures = [], []
    n = 0
    while running():
        elector = Elector.objects.get(pk=ids[n % len(ids)])
        began = time.perf_counter()
        try:
            elector_change_name(elector=elector, first_names="Alex", surname=f"Saved{n}",
                                effective_date=datetime.date(2026, 2, 1), acting_user=manager)  # fmt: skip
        except Exception as exc:  # a save that failed is the figure
            failures.append(type(exc).__name__ + ": " + str(exc)[:60])
        waits.append(time.perf_counter() - began)
        n += 1
        time.sleep(0.1)
    return waits, failures


def with_worker(url: str, folder: Path, manager) -> tuple[float, list[float], list[str]]:
    from ems.core.models import Job
    from ems.register.notices import notice_publish_start

    env = {**os.environ, "DATABASE_URL": url, "EMS_VAR_DIR": str(folder)}
    worker = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        job = notice_publish_start(kind="monthly", period_start=PERIOD[0], period_end=PERIOD[1],
                                   published_on=PUBLISHED, acting_user=manager)  # fmt: skip
        while Job.objects.get(pk=job.pk).status == Job.Status.QUEUED:
            time.sleep(0.05)
        started = time.perf_counter()
        waits, failures = saves_while(
            lambda: Job.objects.get(pk=job.pk).status == Job.Status.RUNNING, manager
        )
        took = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait()
    job.refresh_from_db()
    print(f"  job: {job.get_status_display()}; {job.message}")
    return took, waits, failures


def before(commit: str, manager) -> tuple[float, list[float], list[str]]:
    """The notice code of an earlier commit, run in a thread as the web request did."""
    from django.db import connection

    command = ["git", "show", f"{commit}:src/ems/register/notices.py"]
    source = subprocess.run(  # noqa: S603 - git with fixed arguments
        command, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    spec = importlib.util.spec_from_loader("ems.register._notices_before", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "ems.register"
    exec(compile(source, f"{commit}:notices.py", "exec"), module.__dict__)  # noqa: S102
    done = threading.Event()

    def publish():
        try:
            module.notice_publish(kind="interim", period_start=PERIOD[0], period_end=PERIOD[1],
                                  published_on=PUBLISHED, acting_user=manager)  # fmt: skip
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=publish)
    started = time.perf_counter()
    thread.start()
    waits, failures = saves_while(lambda: not done.is_set(), manager)
    thread.join()
    return time.perf_counter() - started, waits, failures


def report(label: str, took: float, waits: list[float], failures: list[str]) -> None:
    waits = sorted(waits) or [0.0]
    p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
    print(
        f"{label}: notice {took:.1f} s; {len(waits)} saves meanwhile, wait median "
        f"{statistics.median(waits) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, longest "
        f"{waits[-1] * 1000:.0f} ms; {len(failures)} failed"
        + (f" ({failures[0]})" if failures else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alterations", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--before", default="", help="a commit whose notice code to compare")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ems-bench-jobs-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["EMS_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ems.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from ems.core.roles import Role, role_group
    from ems.register.models import Alteration, NoticeOfAlteration

    backend = "sqlite" if url.startswith("sqlite") else "postgres"
    call_command("migrate", verbosity=0)
    load_register(backend, args.alterations, folder)
    manager = User.objects.create_user("bench-manager")
    manager.groups.add(role_group(Role.MANAGER))
    load = os.getloadavg()[0]
    print(f"{backend}, {args.alterations:,} alterations in the notice; load {load:.1f}")
    if args.before:
        report(f"  before ({args.before}, in the request)", *before(args.before, manager))
        Alteration.objects.update(notice=None)
        NoticeOfAlteration.objects.all().delete()
    report("  now (background job)", *with_worker(url, folder, manager))


if __name__ == "__main__":
    main()
