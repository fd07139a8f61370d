"""Checking an uploaded ballot file (.blt or preference-profile .csv) before it is read.

A .csv goes through ems.core.uploads.save_csv_upload; a .blt gets the same checks (size
limit, not empty, text not binary) and is kept under MEDIA_ROOT/uploads/<purpose>.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from ems.core.csvfiles import looks_like_text
from ems.core.errors import InvalidInput
from ems.core.uploads import CSV_EXTENSIONS, save_csv_upload

BALLOT_EXTENSIONS = {".blt"} | CSV_EXTENSIONS


def save_ballot_upload(upload: UploadedFile, *, purpose: str = "count") -> Path:
    name = upload.name or "file"
    suffix = Path(name).suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return save_csv_upload(upload, purpose=purpose)
    if suffix != ".blt":
        raise InvalidInput(f"{name} must be a .blt ballot file or a preference-profile .csv.")
    limit = settings.EMS_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(f"{name} is larger than {limit // (1024 * 1024)} MB; the upload limit.")
    first_chunk = next(upload.chunks(65536), b"")
    if not first_chunk.strip():
        raise InvalidInput(f"{name} is empty.")
    if not looks_like_text(first_chunk):
        raise InvalidInput(f"{name} is not a ballot file: it does not contain text.")
    folder = Path(settings.MEDIA_ROOT) / "uploads" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}.blt"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target
