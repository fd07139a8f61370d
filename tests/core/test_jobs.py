"""Background jobs: interrupted jobs, the heartbeat, and a worker that survives database errors."""

import datetime
import os
import socket
import subprocess
import sys
import time

import pytest
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from ems.core import jobs
from ems.core.errors import EmsError
from ems.core.management.commands.run_worker import SteadyWorker
from ems.core.models import JOB_INTERRUPTED_MESSAGE, Job

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@jobs.job_handler("tests.count")
def run_count(job, progress):
    for n in range(1, 4):
        progress(n, 3)
    return {"counted": 3}


@jobs.job_handler("tests.refused")
def run_refused(job, progress):
    _locked["on"] = True  # from now on the database refuses to save the job
    raise EmsError("Row 3 has no postcode.")


@jobs.job_handler("tests.slow")
def run_slow(job, progress):
    seen = [Job.objects.get(pk=job.pk).heartbeat_at]
    time.sleep(0.6)
    seen.append(Job.objects.get(pk=job.pk).heartbeat_at)
    return {"heartbeats": [t.isoformat() for t in seen]}


_locked = {"on": False}


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def running_job(**fields) -> Job:
    now = timezone.now()
    values = {"started_at": now, "heartbeat_at": now, "worker": jobs.worker_name(), **fields}
    return Job.objects.create(kind="tests.count", title="Import the gazetteer", status="running",
                              **values)  # fmt: skip


def worker(**kwargs) -> SteadyWorker:
    values = {
        "queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default",
        "startup_delay": False, "max_tasks": None, "worker_id": "test-worker",
        "excluded_queue_names": [], **kwargs,
    }  # fmt: skip
    return SteadyWorker(**values)


def test_a_job_whose_worker_process_has_gone_shows_interrupted_with_the_reason(manager_client):
    job = running_job(worker=f"{socket.gethostname()}:{dead_pid()}")
    page = manager_client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Interrupted" in page
    assert JOB_INTERRUPTED_MESSAGE in page
    assert "hx-trigger" not in page  # the page stops asking for progress


def test_a_job_on_another_machine_is_interrupted_once_its_heartbeat_is_stale(
    manager_client, settings
):
    settings.EMS_JOB_STALE_SECONDS = 300
    job = running_job(worker="worker-2.council.local:4321")
    page = manager_client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Running" in page
    assert "hx-trigger" in page
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    page = manager_client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Interrupted" in page
    assert JOB_INTERRUPTED_MESSAGE in page


def test_a_running_job_of_a_live_worker_is_running(manager_client):
    job = running_job(worker=f"{socket.gethostname()}:{os.getppid()}")
    assert not job.is_interrupted
    assert "Running" in manager_client.get(reverse("core:job", args=[job.pk])).content.decode()


# The worker runs outside a transaction (it commits what it claims): transactional_db.
def test_the_worker_marks_jobs_left_running_by_a_stopped_worker_when_it_starts(transactional_db):
    gone = running_job(worker=f"{socket.gethostname()}:{dead_pid()}")
    earlier_self = running_job()  # this process id, recorded by an earlier process
    elsewhere = running_job(worker="worker-2.council.local:4321")
    alive = running_job(worker=f"{socket.gethostname()}:{os.getppid()}")
    done = Job.objects.create(kind="tests.count", title="Done", status="succeeded")
    worker().run()
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        gone.pk: "interrupted",
        earlier_self.pk: "interrupted",
        elsewhere.pk: "running",
        alive.pk: "running",
        done.pk: "succeeded",
    }
    assert Job.objects.get(pk=gone.pk).message == JOB_INTERRUPTED_MESSAGE


def test_the_worker_survives_a_locked_database_and_runs_the_job(
    transactional_db, settings, monkeypatch, manager
):
    settings.TASKS = DATABASE_TASKS
    job = jobs.job_start(kind="tests.count", title="Count", params={}, acting_user=manager)
    claim = db_worker.exclusive_transaction
    failures = []

    def locked_twice(using):
        if len(failures) < 2:
            failures.append(using)
            raise OperationalError("database is locked")
        return claim(using)

    monkeypatch.setattr(db_worker, "exclusive_transaction", locked_twice)
    pauses = []
    steady = worker(sleep=pauses.append)
    steady.run()
    assert steady.restarts == 2
    assert pauses == [1.0, 2.0]  # waiting longer each time
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"counted": 3}
    assert job.worker == jobs.worker_name()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_worker_stops_on_an_error_that_waiting_cannot_cure(transactional_db, monkeypatch):
    def broken(using):
        raise ValueError("not a database fault")

    monkeypatch.setattr(db_worker, "exclusive_transaction", broken)
    with pytest.raises(ValueError):
        worker().run()


@pytest.fixture
def refusing_database(monkeypatch):
    """Saving a job fails as it would while another connection holds SQLite's write lock."""
    update = QuerySet.update

    def locked_update(self, **kwargs):
        if _locked["on"] and self.model is Job:
            raise OperationalError("database is locked")
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", locked_update)
    monkeypatch.setattr(jobs, "RECORD_PATIENCE_SECONDS", 0)
    yield
    _locked["on"] = False


def test_a_failure_that_could_not_be_saved_is_shown_once_the_database_is_free(
    transactional_db, manager, manager_client, refusing_database
):
    job = jobs.job_start(kind="tests.refused", title="Import", params={}, acting_user=manager)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # the failure was not saved
    _locked["on"] = False
    assert jobs.outcomes_record() == 1
    page = manager_client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Failed" in page
    assert "Row 3 has no postcode." in page
    assert jobs.outcomes_record() == 0


def test_progress_and_a_timer_touch_the_heartbeat(transactional_db, manager, settings):
    settings.EMS_JOB_HEARTBEAT_SECONDS = 0.1
    job = jobs.job_start(kind="tests.slow", title="Slow", params={}, acting_user=manager)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    first, later = (datetime.datetime.fromisoformat(t) for t in job.result["heartbeats"])
    assert later > first
