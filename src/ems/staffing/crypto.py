"""Encryption at rest for bank details (Fernet: AES-128-CBC with an HMAC-SHA256).

The key comes from the EMS_FIELD_KEY environment variable (or setting) when set, otherwise it
is derived from SECRET_KEY. Changing either makes stored bank details unreadable, so a council
that rotates SECRET_KEY should set EMS_FIELD_KEY first.
"""

import base64
import hashlib
import json
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from ems.core.errors import EmsError


def _fernet() -> Fernet:
    secret = getattr(settings, "EMS_FIELD_KEY", "") or os.environ.get("EMS_FIELD_KEY", "")
    secret = secret or settings.SECRET_KEY
    digest = hashlib.sha256(b"ems.staffing.fields:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(values: dict) -> str:
    return _fernet().encrypt(json.dumps(values).encode()).decode()


def decrypt(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise EmsError("The stored bank details cannot be read with this server's key.") from exc
