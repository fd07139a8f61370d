"""The online absent vote batch file: applications made on GOV.UK, as JSON.

The government's online service passes each council the postal, proxy and Voter
Authority Certificate applications made for its area. This module reads the shape this
EMS accepts (documented in the README, "Absent vote batch files"): one JSON object

    {"format": "absent-vote-batch", "version": 1, "batch_id": "...", "gss_code": "...",
     "applications": [ {...}, ... ]}

Each application has `application_id`, `submitted_at` (ISO 8601 with offset), `kind`
(postal, proxy, postal_proxy, emergency_proxy, vac or aed), `period`, `elector`,
`date_of_birth`, `nino` or `no_nino_reason`, `dwp_result`, `signature` (base64 PNG or JPEG)
or `signature_waiver`, and by kind `ballot_address`, `proxy`, `grounds`, `reason`,
`attestation`, `photo`.

Every item is checked here for shape; elector numbers and election ids are resolved
against the database by the import service. Each problem is reported as
FILE:ITEM:FIELD: problem (expected ...), ITEM counting applications from 1 (0 for the
file as a whole).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ems.applications.rules.nino import normalise_nino
from ems.core.errors import RowError
from ems.core.jsonbatch import JsonItem, read_envelope
from ems.core.jsonbatch import ParsedBatch as ParsedBatchOf
from ems.core.postcodes import normalise_postcode

from ..images import MAX_BYTES, image_type
from ..rules import decision

FORMAT = "absent-vote-batch"
VERSIONS = (1,)
ABSENT_KINDS = decision.KINDS
DOCUMENT_KINDS = ("vac", "aed")
KINDS = (*ABSENT_KINDS, *DOCUMENT_KINDS)
DWP_RESULTS = ("match", "partial", "no_match")
ELECTOR_NUMBER = re.compile(r"^(?P<code>[A-Za-z0-9]{1,10})-(?P<number>\d+)(?:/(?P<suffix>\d+))?$")


def parse_elector_number(text: str) -> tuple[str, int, int] | None:
    match = ELECTOR_NUMBER.match((text or "").strip())
    if not match:
        return None
    return match["code"].upper(), int(match["number"]), int(match["suffix"] or 0)


@dataclass
class Record:
    index: int
    kind: str
    values: dict[str, Any]
    elector_number: tuple[str, int, int]
    election_id: str = ""
    proxy_elector_number: tuple[str, int, int] | None = None
    signature: bytes = b""
    photo: bytes = b""


ParsedBatch = ParsedBatchOf[Record]


class _Item(JsonItem):
    """A JSON item with the address and image fields absent vote applications carry."""

    def address(self, path: str) -> str:
        lines = self.get(f"{path}.lines")
        if lines in (None, []):
            return ""
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            self.error(f"{path}.lines", "not a list of lines", 'a list like ["1 High St", "Town"]')
            return ""
        postcode = self.text(f"{path}.postcode", limit=10)
        code = normalise_postcode(postcode) if postcode else ""
        if postcode and code is None:
            self.error(f"{path}.postcode", f"not a postcode: {postcode!r}", "like EX1 2AB")
        return "\n".join([*(" ".join(x.split()) for x in lines if x.strip()), code or ""]).strip()

    def image(self, path: str, label: str) -> bytes:
        raw = self.get(f"{path}.image_base64")
        if raw in (None, ""):
            return b""
        if not isinstance(raw, str):
            self.error(f"{path}.image_base64", "not text", "base64 text")
            return b""
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            self.error(f"{path}.image_base64", "not base64", "a base64-encoded PNG or JPEG")
            return b""
        if len(data) > MAX_BYTES:
            self.error(f"{path}.image_base64", f"{label} is too large", "2 MB or smaller")
            return b""
        if image_type(data) is None:
            self.error(f"{path}.image_base64", f"{label} is not a PNG or JPEG image", "PNG or JPEG")
            return b""
        return data


def _clean(item: _Item) -> Record | None:
    before = len(item.errors)
    ref = item.text("application_id", required=True, limit=100)
    submitted = item.get("submitted_at")
    received = None
    try:
        received = datetime.fromisoformat(str(submitted).replace("Z", "+00:00"))
        if received.tzinfo is None:
            item.error("submitted_at", "has no time zone", "ISO 8601 with an offset, like +01:00")
    except ValueError:
        item.error("submitted_at", f"not a date and time: {submitted!r}", "ISO 8601")
    kind = item.get("kind")
    if kind not in KINDS:
        item.error("kind", f"unknown kind {kind!r}", " or ".join(KINDS))
    number_text = item.text("elector.elector_number", required=True, limit=30)
    number = parse_elector_number(number_text) if number_text else None
    if number_text and number is None:
        item.error("elector.elector_number", f"not an elector number: {number_text!r}", "NA1-23")
    first = item.text("elector.first_names", required=True, limit=100)
    surname = item.text("elector.surname", required=True, limit=100)
    dob = item.day("date_of_birth", required=True)
    raw_nino = item.text("nino", limit=20)
    nino = (normalise_nino(raw_nino) or "") if raw_nino else ""
    no_nino = item.text("no_nino_reason", limit=1000)
    if raw_nino and not nino:
        item.error("nino", "not a National Insurance number", "like JG103759A")
    if not nino and not no_nino and kind != "emergency_proxy":
        item.error("nino", "missing", "a National Insurance number or no_nino_reason")
    dwp = item.get("dwp_result") or ""
    if dwp not in ("", *DWP_RESULTS):
        item.error("dwp_result", f"unknown result {dwp!r}", " or ".join(DWP_RESULTS))
    values: dict[str, Any] = {
        "reference": ref,
        "received_at": received,
        "first_names": first,
        "surname": surname,
        "date_of_birth": dob,
        "nino": nino,
        "no_nino_reason": no_nino if not nino else "",
        "dwp_result": dwp,
    }
    record = Record(item.index, kind if kind in KINDS else "", values, number or ("", 0, 0))
    if kind in DOCUMENT_KINDS:
        record.photo = item.image("photo", "the photograph")
        if not record.photo and "photo.image_base64" not in {e.column for e in item.errors}:
            item.error("photo.image_base64", "missing", "a base64-encoded PNG or JPEG photograph")
        record.election_id = item.text("election_id", limit=200)
        if kind == "aed" and not record.election_id:
            item.error("election_id", "missing", "the poll an Anonymous Elector's Document is for")
        return record if len(item.errors) == before else None
    scope = item.get("period.type")
    if scope not in decision.SCOPES:
        item.error("period.type", f"unknown period {scope!r}", " or ".join(decision.SCOPES))
    values["scope"] = scope
    if scope == decision.ELECTION:
        record.election_id = item.text("period.election_id", required=True, limit=200)
    values["period_start"] = item.day("period.start", required=scope == decision.PERIOD)
    values["period_end"] = item.day("period.end", required=scope == decision.PERIOD)
    if (
        values["period_start"]
        and values["period_end"]
        and (values["period_end"] < values["period_start"])
    ):
        item.error("period.end", "before the start", "a date after period.start")
    record.signature = item.image("signature", "the signature")
    waiver = item.text("signature_waiver.reason", limit=1000)
    values["signature_waived"] = bool(waiver)
    values["waiver_reason"] = waiver
    if (
        not record.signature
        and not waiver
        and not any(e.column.startswith("signature") for e in item.errors[before:])
    ):
        item.error("signature.image_base64", "missing", "a signature image or a waiver reason")
    values["ballot_address"] = item.address("ballot_address")
    values["ballot_address_reason"] = item.text("ballot_address.reason", limit=1000)
    if kind in ("proxy", "postal_proxy", "emergency_proxy"):
        proxy_first = item.text("proxy.first_names", required=True, limit=100)
        proxy_surname = item.text("proxy.surname", required=True, limit=100)
        values["proxy_name"] = f"{proxy_first} {proxy_surname}".strip()
        values["proxy_address"] = item.address("proxy.address")
        if not values["proxy_address"]:
            item.error("proxy.address.lines", "missing", "the proxy's address")
        values["proxy_relationship"] = item.text("proxy.relationship", limit=100)
        proxy_number = item.text("proxy.elector_number", limit=30)
        if proxy_number:
            record.proxy_elector_number = parse_elector_number(proxy_number)
            if record.proxy_elector_number is None:
                item.error("proxy.elector_number", "not an elector number", "NA1-23")
        values["grounds"] = item.text("grounds", limit=20)
        allowed = (
            decision.EMERGENCY_GROUNDS if kind == "emergency_proxy" else decision.PROXY_GROUNDS
        )
        if values["grounds"] and values["grounds"] not in allowed:
            item.error("grounds", f"unknown grounds {values['grounds']!r}", " or ".join(allowed))
        values["reason"] = item.text("reason", limit=2000)
        values["attested_by"] = item.text("attestation.name", limit=200)
        values["attestation_detail"] = item.text("attestation.detail", limit=2000)
    return record if len(item.errors) == before else None


def read_batch(path: Path | str, *, display_name: str | None = None) -> ParsedBatch:
    """Parse and check a batch file. Raises ImportRejected if the file itself is malformed."""
    envelope = read_envelope(
        path,
        display_name=display_name,
        format_name=FORMAT,
        versions=VERSIONS,
        what="an absent vote batch file",
    )
    name, items = envelope.name, envelope.items
    parsed = ParsedBatch(envelope.batch_id, envelope.gss_code, name)
    seen: dict[str, int] = {}
    for number, raw in enumerate(items, start=1):
        if not isinstance(raw, dict):
            parsed.errors.append(RowError(name, number, "-", "not an object", "an application"))
            continue
        item = _Item(name, number, raw, parsed.errors)
        record = _clean(item)
        ref = str(raw.get("application_id") or "")
        if ref and ref in seen:
            item.error("application_id", f"repeats item {seen[ref]}", "each application once")
            record = None
        seen.setdefault(ref, number)
        if record is not None:
            parsed.records.append(record)
    return parsed
