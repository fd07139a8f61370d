"""A real worker process runs a large job while staff save, on the database the suite runs on.

On SQLite the in-memory test database cannot be shared with another process, so each test
copies it to a file and points this thread's connection at that file: the worker process and
the test then use one SQLite file, as the web server and the worker do. On PostgreSQL both use
the test database.
"""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.urls import reverse

from ems.core.models import JOB_INTERRUPTED_MESSAGE, Job
from ems.register.models import Alteration, Elector, NoticeOfAlteration
from ems.register.notices import notice_files, notice_publish_start
from ems.register.services import elector_change_name
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
IN_PERIOD = datetime.date(2025, 12, 15)
# Enough alterations for the notice to take several seconds to write.
ALTERATIONS = 300


def file_connection(path: Path, template):
    """A connection to the SQLite file, for the calling thread only."""
    wrapper = template.__class__({**template.settings_dict, "NAME": str(path)}, alias="default")
    connections["default"] = wrapper
    return wrapper


@pytest.fixture
def shared_database(transactional_db, tmp_path, settings):
    """The database URL for a worker process, with this thread using the same database."""
    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    memory = connections["default"]
    if memory.vendor != "sqlite":
        s = memory.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        yield {"url": f"postgres://{s['USER']}{password}@{host}/{s['NAME']}", "var": var}
        return
    path = tmp_path / "ems.sqlite3"
    memory.ensure_connection()
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    wrapper = file_connection(path, memory)
    try:
        yield {"url": f"sqlite:///{path}", "var": var, "path": path, "memory": memory}
    finally:
        wrapper.close()
        connections["default"] = memory


def start_worker(db, *args, log: Path, timeout: float | None = None) -> subprocess.Popen:
    """`manage.py run_worker` in its own process; a shorter SQLite busy timeout if given."""
    env = {
        **os.environ,
        "DATABASE_URL": db["url"],
        "EMS_VAR_DIR": str(db["var"]),
        "DJANGO_SETTINGS_MODULE": "ems.settings",
        "EMS_JOB_HEARTBEAT_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
    }
    code = (
        "import django, sys\n"
        "django.setup()\n"
        "from django.db import connections\n"
        f"if {timeout!r} is not None:\n"
        f"    connections['default'].settings_dict['OPTIONS']['timeout'] = {timeout!r}\n"
        "from django.core.management import call_command\n"
        "call_command('run_worker', *sys.argv[1:])\n"
    )
    options = ["--no-reload", "--no-startup-delay", "--interval", "0.1", *args]
    output = log.open("w")
    # Our own code and arguments, no outside input.
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code, *options], cwd=ROOT, env=env, stdout=output, stderr=output
    )


def wait_for(condition, seconds: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up waiting for {what}")
        time.sleep(0.05)


def alterations_in_period(count: int) -> list[Elector]:
    """Electors added in the notice's period, each with its alteration (bulk, for speed)."""
    district = PollingDistrictFactory(code="NA1", name="North A")
    with transaction.atomic():
        properties = PropertyFactory.create_batch(count, polling_district=district)
        electors = Elector.objects.bulk_create(
            ElectorFactory.build(property=p, polling_district=district, number=n + 1)
            for n, p in enumerate(properties)
        )
        Alteration.objects.bulk_create(
            Alteration(elector=e, kind=Alteration.Kind.ADDITION, effective_date=IN_PERIOD,
                       polling_district=district, elector_number=e.elector_number)
            for e in electors
        )  # fmt: skip
    return electors


def start_notice(manager) -> Job:
    return notice_publish_start(
        kind="monthly",
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2025, 12, 31),
        published_on=datetime.date(2026, 1, 2),
        acting_user=manager,
    )


def job_status(job: Job) -> str:
    return Job.objects.get(pk=job.pk).status


def test_a_large_job_runs_while_staff_save(shared_database, manager, tmp_path):
    electors = alterations_in_period(ALTERATIONS)
    job = start_notice(manager)
    worker = start_worker(shared_database, "--batch", log=tmp_path / "worker.log")
    try:
        wait_for(lambda: job_status(job) == Job.Status.RUNNING, what="the job to start")
        waits = []
        # Staff save changes of name while the notice is written; each must go through.
        while job_status(job) == Job.Status.RUNNING:
            elector = Elector.objects.get(pk=electors[len(waits) % 20].pk)
            began = time.monotonic()
            elector_change_name(
                elector=elector,
                first_names="Alex",
                surname=f"Saved{len(waits)}",
                effective_date=datetime.date(2026, 2, 1),
                acting_user=manager,
            )
            waits.append(time.monotonic() - began)
            time.sleep(0.05)
        assert worker.wait(timeout=30) == 0
    finally:
        worker.kill()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, (job.message, (tmp_path / "worker.log").read_text())
    assert job.result["alterations_listed"] == ALTERATIONS
    assert len(waits) >= 3, "the web side saved while the job ran"
    notice = NoticeOfAlteration.objects.get()
    assert [p.suffix for p in notice_files(notice)] == [".csv", ".pdf"]
    assert Elector.objects.get(pk=electors[0].pk).surname.startswith("Saved")
    # The changes of name, effective after the period, wait for the next notice.
    assert Alteration.objects.filter(notice__isnull=True).count() == len(waits)
    took = (job.finished_at - job.started_at).total_seconds()
    print(f"\nJob {took:.1f} s; {len(waits)} saves meanwhile, longest wait {max(waits):.3f} s")


def test_a_job_whose_worker_is_killed_shows_interrupted(
    shared_database, manager, manager_client, tmp_path
):
    alterations_in_period(ALTERATIONS)
    job = start_notice(manager)
    worker = start_worker(shared_database, log=tmp_path / "worker.log")
    try:
        wait_for(lambda: job_status(job) == Job.Status.RUNNING, what="the job to start")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert job_status(job) == Job.Status.RUNNING
    page = manager_client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Interrupted" in page
    assert JOB_INTERRUPTED_MESSAGE in page
    # A worker starting again records it as interrupted; the notice was never published.
    assert start_worker(shared_database, "--batch", log=tmp_path / "again.log").wait(30) == 0
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.INTERRUPTED, JOB_INTERRUPTED_MESSAGE)
    assert not NoticeOfAlteration.objects.exists()
    assert not Alteration.objects.filter(notice__isnull=False).exists()


def test_the_worker_waits_out_a_long_write_and_then_runs_the_job(
    shared_database, manager, tmp_path
):
    if "path" not in shared_database:
        pytest.skip("SQLite's single writer lock; PostgreSQL has no such lock")
    alterations_in_period(10)
    job = start_notice(manager)
    log = tmp_path / "worker.log"
    # Staff's long write holds SQLite's lock for longer than the worker's busy timeout (1 s).
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(title=job.title)
        worker = start_worker(shared_database, "--batch", log=log, timeout=1)
        wait_for(lambda: "starting again" in log.read_text(), what="a locked database")
    try:
        assert worker.wait(timeout=30) == 0
    finally:
        worker.kill()
    assert "database is locked" in log.read_text()
    assert job_status(job) == Job.Status.SUCCEEDED


def test_an_immediate_transaction_waits_for_a_writer_instead_of_failing(shared_database):
    """A transaction that reads and then writes, while another connection writes meanwhile."""
    if "path" not in shared_database:
        pytest.skip("SQLite only")
    elector = ElectorFactory()
    read = threading.Event()
    errors = []

    def other_writer():
        file_connection(shared_database["path"], shared_database["memory"])
        try:
            read.wait(5)
            Elector.objects.filter(pk=elector.pk).update(surname="Other")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    with transaction.atomic():
        current = Elector.objects.get(pk=elector.pk)
        read.set()
        time.sleep(0.5)  # the other connection tries to write now
        Elector.objects.filter(pk=elector.pk).update(surname=current.surname + "-checked")
    thread.join(10)
    assert errors == []
    assert Elector.objects.get(pk=elector.pk).surname == "Other"
