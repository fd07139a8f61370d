"""Council, audit events and background jobs: what every other app stands on."""

import datetime
import os
import socket

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from . import times


class Country(models.TextChoices):
    """The law differs by nation: franchise, timetables, bank holidays."""

    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


gss_code_validator = RegexValidator(
    r"^[ENSWK]\d{8}$", "A GSS code is a letter E, N, S, W or K and eight digits, like E07000041."
)


class Council(models.Model):
    """The authority running this installation (one row)."""

    name = models.CharField(max_length=200)
    gss_code = models.CharField("GSS code", max_length=9, validators=[gss_code_validator])
    country = models.CharField(max_length=20, choices=Country.choices)
    ero_name = models.CharField("Electoral Registration Officer", max_length=200)
    ro_name = models.CharField("Returning Officer", max_length=200)
    office_address = models.TextField(help_text="Electoral services office, one line per row")
    office_postcode = models.CharField(max_length=8)
    telephone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class AuditEvent(models.Model):
    """Who did what to which record, when and why, with the values before and after.

    Written only by services (see `ems.core.audit`), never by views or save().
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor = models.CharField(max_length=150, help_text="Username, or 'command line'")
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{times.datetime_uk(self.at)} {self.actor} {self.action} {self.object_repr}"


class Job(models.Model):
    """A long-running piece of work (an import, a publication) and its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        # Its worker stopped (or the server restarted) before it finished: see core.jobs.
        INTERRUPTED = "interrupted", "Interrupted"

    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker touches the heartbeat while the job runs; a stale one means it stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="host:process id")
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.SUCCEEDED else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_interrupted(self) -> bool:
        """Stopped without finishing: marked so, or running with its worker gone.

        The worker is gone when its process no longer exists on this machine, or when it has
        not touched the heartbeat for EMS_JOB_STALE_SECONDS (a worker on another machine).
        """
        if self.status == self.Status.INTERRUPTED:
            return True
        if self.status != self.Status.RUNNING:
            return False
        host, _, pid = self.worker.rpartition(":")
        if host == socket.gethostname() and pid.isdigit() and not _process_exists(int(pid)):
            return True
        last = self.heartbeat_at or self.started_at
        stale = datetime.timedelta(seconds=settings.EMS_JOB_STALE_SECONDS)
        return last is not None and timezone.now() - last > stale

    @property
    def status_shown(self) -> str:
        """The status label a person sees (Interrupted for a job whose worker is gone)."""
        if self.is_interrupted:
            return self.Status.INTERRUPTED.label
        return self.get_status_display()

    @property
    def message_shown(self) -> str:
        if self.is_interrupted and self.status != self.Status.INTERRUPTED:
            return JOB_INTERRUPTED_MESSAGE
        return self.message

    @property
    def is_finished(self) -> bool:
        return self.is_interrupted or self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


JOB_INTERRUPTED_MESSAGE = (
    "The job stopped without finishing: the worker was stopped or the server restarted. "
    "Start it again."
)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists but belongs to another user
    return True
