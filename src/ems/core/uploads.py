"""Checking files uploaded through the web before anything reads them."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .csvfiles import looks_like_text
from .errors import InvalidInput

CSV_EXTENSIONS = {".csv", ".tsv", ".txt"}


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def save_csv_upload(upload: UploadedFile, *, purpose: str) -> Path:
    """Check an uploaded CSV's type and size and keep it under var/uploads.

    Raises InvalidInput with a message for the person who uploaded it.
    """
    name = upload.name or "file"
    limit = settings.EMS_MAX_UPLOAD_BYTES
    if Path(name).suffix.lower() not in CSV_EXTENSIONS:
        raise InvalidInput(f"{name} must be a CSV file (.csv or .tsv).")
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(f"{name} is larger than {_human_size(limit)}; the limit for uploads.")
    first_chunk = next(upload.chunks(65536), b"")
    if not first_chunk.strip():
        raise InvalidInput(f"{name} is empty.")
    if not looks_like_text(first_chunk):
        raise InvalidInput(f"{name} is not a CSV file: it does not contain text.")
    folder = Path(settings.MEDIA_ROOT) / "uploads" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target
