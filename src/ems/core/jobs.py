"""Background jobs: long work (imports, publication) runs as a task and reports progress.

An app registers a handler for a job kind:

    @job_handler("gazetteer.import")
    def run_gazetteer_import(job: Job, progress: Progress) -> dict: ...

`job_start` records a Job and enqueues it with Django's tasks framework
(django-tasks, database backend: run `manage.py run_worker`). The job page
polls the Job row for progress.

While a job runs its worker touches the Job's heartbeat (at each progress report and every
EMS_JOB_HEARTBEAT_SECONDS); a job whose worker process is gone or whose heartbeat is stale is
shown as interrupted (Job.is_interrupted), and `run_worker` marks such jobs so when it starts.
Saving a job's status waits out a briefly locked database; an outcome that still cannot be
saved is kept by the worker and saved later (`outcomes_record`).
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.utils import timezone
from django_tasks import task

from .errors import EmsError, ImportRejected
from .models import JOB_INTERRUPTED_MESSAGE, Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# A handler returns a summary shown on the job page; "next_url" (and "next_label") in it
# become a link to where the work can be seen, such as a report page.
Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}

DATABASE_BUSY_MESSAGE = (
    "The job stopped because the database was busy with other work for too long, or could not "
    "be reached. Nothing it was doing was saved. Start it again."
)
# How long saving a job's status keeps trying while the database is locked (each try itself
# waits for SQLite's busy timeout), before the outcome is left for the worker to save later.
RECORD_PATIENCE_SECONDS = 120
# Outcomes (job id -> fields) this worker could not save yet; see outcomes_record.
_UNRECORDED: dict[int, dict[str, Any]] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        _HANDLERS[kind] = function
        return function

    return register


def job_start(*, kind: str, title: str, params: dict[str, Any], acting_user) -> Job:
    """Record a job and queue it to run once this transaction commits."""
    if kind not in _HANDLERS:
        raise EmsError(f"There is no job called {kind!r}.")
    job = Job.objects.create(kind=kind, title=title, params=params, created_by=acting_user)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _progress_reporter(job: Job) -> Progress:
    last = {"saved": -1}

    def report(done: int, total: int) -> None:
        # Saving every row would slow the job: save about every 1%.
        step = max(1, total // 100)
        if done - last["saved"] >= step or done == total:
            try:
                Job.objects.filter(pk=job.pk).update(
                    progress_done=done, progress_total=total, heartbeat_at=timezone.now()
                )
            except OperationalError:
                # Progress is for show: a busy database must not stop the work, unless the
                # failure broke the job's own transaction.
                if connection.in_atomic_block:
                    raise
                logger.warning("Job %s: progress not saved, the database was busy", job.pk)
            last["saved"] = done

    return report


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    handler = _HANDLERS[job.kind]
    now = timezone.now()
    started = _record(
        job.pk, status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, worker=worker_name()
    )
    if not started:
        _finish(job, Job.Status.FAILED, DATABASE_BUSY_MESSAGE)
        return
    try:
        with _heartbeat(job.pk):
            result = handler(job, _progress_reporter(job))
    except ImportRejected as exc:
        _finish(job, Job.Status.FAILED, str(exc), errors=[str(e) for e in exc.errors])
    except EmsError as exc:
        _finish(job, Job.Status.FAILED, str(exc))
    except OperationalError as exc:
        logger.warning("Job %s (%s) stopped: %s", job.pk, job.kind, type(exc).__name__)
        _finish(job, Job.Status.FAILED, DATABASE_BUSY_MESSAGE)
    except Exception:
        # Log the type and place only: the job's data may hold personal details.
        logger.exception("Job %s (%s) failed unexpectedly", job.pk, job.kind)
        _finish(job, Job.Status.FAILED, "The job stopped because of an unexpected error.")
    else:
        _finish(job, Job.Status.SUCCEEDED, "Finished.", result=result)
    finally:
        from .uploads import job_upload_discard  # here: uploads imports this module

        job_upload_discard(job)


def _finish(job: Job, status: str, message: str, *, errors=None, result=None) -> None:
    fields = {
        "status": status,
        "message": message,
        "errors": errors or [],
        "result": result or {},
        "finished_at": timezone.now(),
    }
    if not _record(job.pk, **fields):
        # Keep it: the worker saves it once the database is free (outcomes_record).
        _UNRECORDED[job.pk] = fields


def _record(job_id: int, **fields) -> bool:
    """Save fields of a job, trying again while the database is locked; False if it stays so.

    Inside a transaction (a job started by a test, or by the immediate backend) an error has
    broken that transaction, so it is raised rather than tried again.
    """
    deadline = time.monotonic() + RECORD_PATIENCE_SECONDS
    pause = 0.5
    while True:
        try:
            Job.objects.filter(pk=job_id).update(**fields)
            return True
        except OperationalError:
            if connection.in_atomic_block:
                raise
            if time.monotonic() + pause > deadline:
                logger.warning("Job %s: status not saved, the database stayed busy", job_id)
                return False
            logger.warning("Job %s: the database is busy, trying again in %s s", job_id, pause)
            time.sleep(pause)
            pause = min(pause * 2, 15)


def outcomes_record() -> int:
    """Save the outcomes of jobs that finished while the database was locked; how many saved."""
    saved = 0
    for job_id, fields in list(_UNRECORDED.items()):
        try:
            Job.objects.filter(pk=job_id).update(**fields)
        except OperationalError:
            continue
        del _UNRECORDED[job_id]
        saved += 1
    return saved


def worker_name() -> str:
    """This process, as recorded on the jobs it runs (Job.is_interrupted reads it back)."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """Touch the job's heartbeat from a second thread while the handler works.

    Only outside a transaction: the thread has its own connection and could neither see a job
    row created in an uncommitted transaction nor update one that transaction has locked.
    """
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.EMS_JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    # On SQLite the job's own long write holds the lock: try at the next beat.
                    logger.warning("Job %s: heartbeat not saved, the database was busy", job_id)
        finally:
            connections.close_all()  # this thread's connection only

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def jobs_mark_interrupted() -> int:
    """Mark jobs left running by a worker that has stopped as interrupted; how many.

    Run when a worker starts: a job recorded as run by this very process is from an earlier
    process that had the same id, so it is interrupted too.
    """
    me = worker_name()
    stopped = [
        job.pk
        for job in Job.objects.filter(status=Job.Status.RUNNING)
        if job.worker == me or job.is_interrupted
    ]
    return Job.objects.filter(pk__in=stopped, status=Job.Status.RUNNING).update(
        status=Job.Status.INTERRUPTED,
        message=JOB_INTERRUPTED_MESSAGE,
        finished_at=timezone.now(),
    )
