"""Run background jobs: django_tasks_db's worker, made to keep going when the database is busy.

django_tasks_db's `db_worker` stops for good when the database stays locked while it claims a
task (SQLite's busy timeout runs out behind a long write) or when saving a task's outcome
fails. This worker starts its loop again after such an error, waiting longer each time (up to
a minute), and when it starts it marks jobs left running by a stopped worker as interrupted.
"""

import logging
import os
import time

from django.db import InterfaceError, OperationalError, connection, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from ems.core import jobs

logger = logging.getLogger("ems.core.worker")

FIRST_PAUSE_SECONDS = 1.0
LONGEST_PAUSE_SECONDS = 60.0
# A loop that ran this long before its error starts again after the first pause.
STEADY_SECONDS = 60.0


def database_down(exc: BaseException) -> bool:
    """An error that waiting can cure: the database locked, restarting or out of reach."""
    return isinstance(exc, OperationalError | InterfaceError)


def _reconnect() -> None:
    """Drop the connections after a database error; the next query opens new ones.

    Not inside a transaction (only a test runs the worker so), which closing would break.
    """
    if not connection.in_atomic_block:
        connections.close_all()


class SteadyWorker(db_worker.Worker):
    """The django_tasks_db worker, restarted after a database error instead of exiting."""

    def __init__(self, *, sleep=time.sleep, **kwargs):
        super().__init__(**kwargs)
        self.sleep = sleep
        self.restarts = 0

    def run(self) -> None:
        self._mark_interrupted()
        pause = FIRST_PAUSE_SECONDS
        while self.running:
            began = time.monotonic()
            try:
                super().run()
                return  # --batch or --max-tasks: finished
            except Exception as exc:
                if not database_down(exc):
                    raise
                if time.monotonic() - began > STEADY_SECONDS:
                    pause = FIRST_PAUSE_SECONDS
                # The message of a database error names no person's data, only the fault.
                logger.warning(
                    "Database error in the job worker (%s: %s); starting again in %.0f s",
                    type(exc).__name__, exc, pause,
                )  # fmt: skip
                _reconnect()
                self.restarts += 1
                self.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
                jobs.outcomes_record()

    def run_task(self, db_task_result) -> None:
        jobs.outcomes_record()
        super().run_task(db_task_result)

    def _mark_interrupted(self) -> None:
        pause = FIRST_PAUSE_SECONDS
        while self.running:
            try:
                marked = jobs.jobs_mark_interrupted()
            except Exception as exc:
                if not database_down(exc):
                    raise
                _reconnect()
                self.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
                continue
            if marked:
                logger.warning("%s job(s) left running by a stopped worker: interrupted", marked)
            return


class Command(db_worker.Command):
    help = (
        "Run background jobs (imports, publication, poll cards). Keeps going when the database "
        "is busy or briefly out of reach; marks jobs left running by a stopped worker as "
        "interrupted."
    )

    def handle(self, *, verbosity: int, reload: bool, batch: bool, **options) -> None:
        self.configure_logging(verbosity)
        exclude = options["exclude_queues"]
        worker = SteadyWorker(
            queue_names=options["queue_name"].split(","),
            excluded_queue_names=exclude.split(",") if exclude else [],
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only, as db_worker does
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
