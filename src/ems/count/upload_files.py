"""Checking an uploaded ballot file (.blt or preference-profile .csv) before it is read."""

from contextlib import AbstractContextManager
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from ems.core.uploads import CSV_EXTENSIONS, upload_kept

BALLOT_EXTENSIONS = frozenset({".blt"}) | CSV_EXTENSIONS


def ballot_upload_kept(
    upload: UploadedFile, *, purpose: str = "count"
) -> AbstractContextManager[Path]:
    """Check and keep a ballot file while the count reads it; deleted afterwards."""
    return upload_kept(
        upload,
        purpose=purpose,
        extensions=BALLOT_EXTENSIONS,
        kind="a .blt ballot file or a preference-profile .csv",
    )
