"""Signature and photograph images: checked by content, kept outside static and media URLs.

An image is accepted only if its first bytes are those of a PNG or JPEG file (the name and
the declared content type are not trusted) and it is no larger than the limit. Files are
kept under MEDIA_ROOT/private/<purpose>/ with a random name; no URL serves that folder,
and pages read them only through views that check the role.
"""

import uuid
from pathlib import Path

from django.conf import settings

from ems.core.errors import InvalidInput
from ems.core.uploads import open_private, private_folder

MAX_BYTES = 2 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


def image_type(data: bytes) -> str | None:
    if data.startswith(PNG):
        return "png"
    if data.startswith(JPEG):
        return "jpeg"
    return None


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "private"


def save_image(data: bytes, *, purpose: str, label: str = "The image") -> str:
    """Check and keep an image; returns its path relative to the private folder."""
    if not data:
        raise InvalidInput(f"{label} is empty.")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{label} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    kind = image_type(data)
    if kind is None:
        raise InvalidInput(f"{label} is not a PNG or JPEG image.")
    folder = private_folder(private_root() / purpose)
    name = f"{uuid.uuid4().hex}.{'png' if kind == 'png' else 'jpg'}"
    with open_private(folder / name) as out:
        out.write(data)
    return f"{purpose}/{name}"


def save_uploaded_image(upload, *, purpose: str, label: str) -> str:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise InvalidInput(f"{label} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    return save_image(upload.read(MAX_BYTES + 1), purpose=purpose, label=label)


def read_image(relative: str) -> tuple[bytes, str]:
    """(bytes, content type) of a kept image. Refuses paths outside the private folder."""
    root = private_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise InvalidInput("Not a kept image.")
    data = path.read_bytes()
    return data, "image/png" if data.startswith(PNG) else "image/jpeg"
