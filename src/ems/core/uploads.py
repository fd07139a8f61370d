"""Checking files uploaded through the web before anything reads them."""

import uuid
from collections.abc import Collection
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .csvfiles import looks_like_text
from .errors import InvalidInput
from .jobs import job_start
from .models import Job

CSV_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


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
    folder = Path(settings.MEDIA_ROOT) / "uploads" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
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
        params={"path": str(path), "display_name": upload.name, **(params or {})},
        acting_user=acting_user,
    )
