"""Checking an uploaded ballot file (.blt or preference-profile .csv) before it is read."""

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from ems.core.uploads import CSV_EXTENSIONS, save_text_upload

BALLOT_EXTENSIONS = frozenset({".blt"}) | CSV_EXTENSIONS


def save_ballot_upload(upload: UploadedFile, *, purpose: str = "count") -> Path:
    return save_text_upload(
        upload,
        purpose=purpose,
        extensions=BALLOT_EXTENSIONS,
        kind="a .blt ballot file or a preference-profile .csv",
    )
