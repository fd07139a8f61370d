"""Checking files uploaded through the web before anything reads them.

Uploads hold personal data (registers with dates of birth), so they are refused before the body
is read when too large or sent by someone not signed in, kept readable by the service's own
user only, and deleted once the job that imports them has finished. `purge_uploads` removes
any left behind.
"""

import datetime as dt
import os
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .audit import audit
from .csvfiles import looks_like_text
from .errors import InvalidInput
from .jobs import job_start
from .models import Job

CSV_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
UPLOADS_FOLDER = "uploads"
# Room in a request for the form's other fields and the multipart boundaries around the file.
FORM_ALLOWANCE = 64 * 1024
# A form a signed-out person may send (sign-in, a staff offer reply) is never larger than this.
PUBLIC_BODY_LIMIT = 1024 * 1024
# An upload is deleted when its job finishes; one left behind (a job that never ran, a worker
# stopped mid-job) is deleted by purge_uploads after this many days.
UPLOAD_RETENTION_DAYS = 2


def _human_size(n: int) -> str:
    """A size limit as people read it: kilobytes under a megabyte (never "0 MB")."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.0f} MB"


def uploads_root() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOADS_FOLDER


def private_folder(folder: Path) -> Path:
    """Make a folder, and the folders above it up to MEDIA_ROOT, open to their owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT).resolve()
    for level in [folder.resolve(), *folder.resolve().parents]:
        if not level.is_relative_to(media):
            break
        level.chmod(0o700)
    return folder


def open_private(path: Path):
    """Open a new file for writing, readable by its owner only whatever the umask."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def save_text_upload(
    upload: UploadedFile, *, purpose: str, extensions: Collection[str], kind: str
) -> Path:
    """Check an uploaded text file's type and size and keep it under MEDIA_ROOT/uploads.

    `kind` names the expected file in messages, e.g. "a CSV file (.csv or .tsv)".
    Raises InvalidInput with a message for the person who uploaded it.
    """
    name = upload.name or "file"
    limit = settings.EMS_MAX_UPLOAD_BYTES
    suffix = Path(name).suffix.lower()
    if suffix not in extensions:
        raise InvalidInput(f"{name} must be {kind}.")
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(f"{name} is larger than {_human_size(limit)}; the limit for uploads.")
    first_chunk = next(upload.chunks(65536), b"")
    if not first_chunk.strip():
        raise InvalidInput(f"{name} is empty.")
    if not looks_like_text(first_chunk):
        raise InvalidInput(f"{name} is not {kind}: it does not contain text.")
    folder = private_folder(uploads_root() / purpose)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    with open_private(target) as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def save_csv_upload(upload: UploadedFile, *, purpose: str) -> Path:
    """Check and keep an uploaded CSV file (see save_text_upload)."""
    return save_text_upload(
        upload, purpose=purpose, extensions=CSV_EXTENSIONS, kind="a CSV file (.csv or .tsv)"
    )


def import_job_start(
    upload: UploadedFile,
    *,
    purpose: str,
    job_kind: str,
    title: str,
    acting_user,
    params: dict | None = None,
    extensions: Collection[str] = CSV_EXTENSIONS,
    kind: str = "a CSV file (.csv or .tsv)",
) -> Job:
    """Check and keep an uploaded file, then start the background job that imports it.

    The job's params carry the kept file's path and the name the user knows it by.
    Raises InvalidInput (before any job starts) if the file is refused.
    """
    path = save_text_upload(upload, purpose=purpose, extensions=extensions, kind=kind)
    return job_start(
        kind=job_kind,
        title=title,
        params={
            "path": str(path),
            "display_name": upload.name,
            "delete_after": True,
            **(params or {}),
        },
        acting_user=acting_user,
    )


def upload_discard(path: Path | str) -> None:
    """Delete a kept upload. Only files under MEDIA_ROOT/uploads: never a file named on the
    command line."""
    path = Path(path)
    if uploads_root().resolve() in path.resolve().parents:
        path.unlink(missing_ok=True)


def job_upload_discard(job: Job) -> None:
    """Delete the upload a finished job read (called by run_job, success or failure)."""
    if job.params.get("delete_after") and job.params.get("path"):
        upload_discard(job.params["path"])


@contextmanager
def upload_kept(
    upload: UploadedFile,
    *,
    purpose: str,
    extensions: Collection[str] = CSV_EXTENSIONS,
    kind: str = "a CSV file (.csv or .tsv)",
) -> Iterator[Path]:
    """Check and keep an upload for an import done while the person waits; delete it after."""
    path = save_text_upload(upload, purpose=purpose, extensions=extensions, kind=kind)
    try:
        yield path
    finally:
        upload_discard(path)


def uploads_purge(*, older_than_days: int = UPLOAD_RETENTION_DAYS, acting_user) -> int:
    """Delete uploads left behind for longer than `older_than_days`; returns how many.

    A file a queued or running job has yet to read is kept, however old.
    """
    cutoff = (timezone.now() - dt.timedelta(days=older_than_days)).timestamp()
    waiting = {
        str(Path(params.get("path", "")).resolve())
        for params in Job.objects.filter(
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        ).values_list("params", flat=True)
        if isinstance(params, dict)
    }
    root = uploads_root()
    old = [
        path
        for path in (root.rglob("*") if root.exists() else [])
        if path.is_file() and path.stat().st_mtime < cutoff and str(path.resolve()) not in waiting
    ]
    with transaction.atomic():
        for path in old:
            path.unlink(missing_ok=True)
        audit(
            acting_user=acting_user,
            action="uploads.purged",
            object_type="uploads",
            after={"deleted": len(old), "older_than_days": older_than_days},
        )
    return len(old)


class UploadGuardMiddleware:
    """Refuse an upload before its body is read.

    Listed before CsrfViewMiddleware, whose check reads the whole body. Too large by its
    declared length: 413. A file sent to a signed-in page by someone not signed in: 403.
    Without a declared length the server passes Django no body at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        public = not getattr(view_func, "login_required", True)
        return upload_refusal(request, public=public)


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def upload_refusal(request: HttpRequest, *, public: bool) -> HttpResponse | None:
    """The page refusing this request before its body is read, or None to let it through.

    `public`: the page is open to people not signed in (a staff offer reply, sign-in).
    """
    length = _declared_length(request)
    if not length:
        return None
    if not request.user.is_authenticated:
        if not public and request.content_type == "multipart/form-data":
            return _refused(request, "Sign in before uploading a file.", status=403)
        if length > PUBLIC_BODY_LIMIT:
            message = f"The form sent is larger than {_human_size(PUBLIC_BODY_LIMIT)}."
            return _refused(request, message, status=413)
        return None
    limit = settings.EMS_MAX_UPLOAD_BYTES
    if length > limit + FORM_ALLOWANCE:
        message = f"The file is larger than {_human_size(limit)}, the limit for uploads."
        return _refused(request, message, status=413)
    return None


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "core/upload_refused.html", {"message": message}, status=status)
