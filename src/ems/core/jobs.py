"""Background jobs: long work (imports, publication) runs as a task and reports progress.

An app registers a handler for a job kind:

    @job_handler("gazetteer.import")
    def run_gazetteer_import(job: Job, progress: Progress) -> dict: ...

`job_start` records a Job and enqueues it with Django's tasks framework
(django-tasks, database backend: run `manage.py db_worker`). The job page
polls the Job row for progress.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .errors import EmsError, ImportRejected
from .models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# A handler returns a summary shown on the job page; "next_url" (and "next_label") in it
# become a link to where the work can be seen, such as a report page.
Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


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
            Job.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)
            last["saved"] = done

    return report


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    handler = _HANDLERS[job.kind]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = handler(job, _progress_reporter(job))
    except ImportRejected as exc:
        _finish(job, Job.Status.FAILED, str(exc), errors=[str(e) for e in exc.errors])
    except EmsError as exc:
        _finish(job, Job.Status.FAILED, str(exc))
    except Exception:
        # Log the type and place only: the job's data may hold personal details.
        logger.exception("Job %s (%s) failed unexpectedly", job.pk, job.kind)
        _finish(job, Job.Status.FAILED, "The job stopped because of an unexpected error.")
    else:
        _finish(job, Job.Status.SUCCEEDED, "Finished.", result=result)


def _finish(job: Job, status: str, message: str, *, errors=None, result=None) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        message=message,
        errors=errors or [],
        result=result or {},
        finished_at=timezone.now(),
    )
