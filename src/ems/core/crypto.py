"""Encryption at rest for the most sensitive fields: bank details and National Insurance numbers.

Fernet (AES-128-CBC with an HMAC-SHA256). The key comes from the EMS_FIELD_KEY environment
variable (or setting) when set, otherwise it is derived from SECRET_KEY. Changing either makes
stored values unreadable, so a council that rotates SECRET_KEY should set EMS_FIELD_KEY first.

`EncryptedTextField` stores ciphertext and gives the code the plain value, so services, forms
and pages read and write `application.nino` as before. Fernet tokens differ each time the same
value is encrypted, so such a field cannot be searched; a lookup needs a keyed hash column
(`keyed_hash`) beside it.
"""

import base64
import hashlib
import hmac
import json
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

from .errors import EmsError

# The derivation of the key stays as it was when only staffing used it, so bank details stored
# before the helper moved here still decrypt.
_KEY_CONTEXT = b"ems.staffing.fields:"


def _secret() -> str:
    secret = getattr(settings, "EMS_FIELD_KEY", "") or os.environ.get("EMS_FIELD_KEY", "")
    return secret or settings.SECRET_KEY


def _fernet() -> Fernet:
    digest = hashlib.sha256(_KEY_CONTEXT + _secret().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_text(value: str) -> str:
    """Ciphertext of `value`; an empty value stays empty (blank means "not given")."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise EmsError("A stored encrypted value cannot be read with this server's key.") from exc


def encrypt(values: dict) -> str:
    return _fernet().encrypt(json.dumps(values).encode()).decode()


def decrypt(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise EmsError("The stored bank details cannot be read with this server's key.") from exc


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of `value` under the field key: equal values match, the value is not revealed."""
    if not value:
        return ""
    key = hashlib.sha256(b"ems.fields.lookup:" + _secret().encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column holding Fernet ciphertext; the model attribute is the plain text.

    Only exact reads and writes: the database cannot compare or search the values.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt_text(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt_text(value) if value else value


def column_encryption(app_label: str, model_name: str, field_name: str, *, batch: int = 2000):
    """The (forwards, backwards) functions of a data migration that encrypts a column in place.

    Run them while the column is a plain TextField, between the AlterField that widens it and
    the AlterField that makes it an EncryptedTextField; backwards turns ciphertext back into
    plain values so the migration can be reversed.
    """

    def convert(apps, change) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model.objects.exclude(**{field_name: ""}).only("pk", field_name).order_by("pk")
        pending = []
        for row in rows.iterator(chunk_size=batch):
            setattr(row, field_name, change(getattr(row, field_name)))
            pending.append(row)
            if len(pending) >= batch:
                model.objects.bulk_update(pending, [field_name])
                pending = []
        if pending:
            model.objects.bulk_update(pending, [field_name])

    def forwards(apps, schema_editor) -> None:
        convert(apps, encrypt_text)

    def backwards(apps, schema_editor) -> None:
        convert(apps, decrypt_text)

    return forwards, backwards
