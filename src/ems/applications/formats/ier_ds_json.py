"""The IER Digital Service batch file: applications made online, as JSON.

The government's Individual Electoral Registration Digital Service passes each council the
applications made for its area. This module reads the shape this EMS accepts (documented
in the README, "Application batch files"): one JSON object with `format`, `version`,
`batch_id`, `gss_code`, `created_at` and an `applications` array; each item has the
applicant's details, addresses, choices and the DWP identity match result.

Every item is checked; each problem is reported as FILE:ITEM:FIELD: problem (expected ...),
ITEM counting the applications from 1 (0 for the file as a whole). A file that is not
valid JSON of this shape is rejected as a whole.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ems.core.errors import RowError
from ems.core.jsonbatch import JsonItem, read_envelope
from ems.core.jsonbatch import ParsedBatch as ParsedBatchOf
from ems.core.postcodes import normalise_postcode
from ems.core.times import local_date

from ..rules.nino import normalise_nino

FORMAT = "ier-ds-batch"
VERSIONS = (1,)
ROUTES = ("ordinary", "anonymous", "overseas", "service", "local_connection")
DWP_RESULTS = ("match", "partial", "no_match")
LIMITS = {"title": 20, "first_names": 100, "middle_names": 100, "surname": 100}


@dataclass
class Record:
    """One application, cleaned: the keyword arguments of an Application."""

    index: int
    values: dict[str, Any]


ParsedBatch = ParsedBatchOf[Record]


def _clean(item: JsonItem) -> dict[str, Any]:
    app_id = item.text("application_id", required=True, limit=100)
    submitted = item.get("submitted_at")
    try:
        # The UK day it arrived: 23:30Z on 14 June is 00:30 on 15 June in summer.
        received = local_date(datetime.fromisoformat(str(submitted).replace("Z", "+00:00")))
    except ValueError:
        item.error("submitted_at", f"not a date and time: {submitted!r}", "ISO 8601")
        received = None
    route = item.get("route") or "ordinary"
    if route not in ROUTES:
        item.error("route", f"unknown route {route!r}", " or ".join(ROUTES))
    first = item.text("applicant.first_names", required=True, limit=100)
    surname = item.text("applicant.surname", required=True, limit=100)
    dob = item.day("applicant.date_of_birth")
    no_dob = item.text("applicant.no_dob_reason", limit=1000)
    if dob is None and not no_dob and item.get("applicant.date_of_birth") in (None, ""):
        item.error("applicant.date_of_birth", "missing", "a date of birth or no_dob_reason")
    if dob and received and dob > received:
        item.error("applicant.date_of_birth", "after the application was made", "a past date")
    nationalities = item.get("applicant.nationalities")
    codes: list[str] = []
    if not isinstance(nationalities, list) or not nationalities:
        item.error("applicant.nationalities", "missing", 'a list of country codes like ["GB"]')
    else:
        for code in nationalities:
            if not (isinstance(code, str) and len(code) == 2 and code.isalpha()):
                item.error("applicant.nationalities", f"not a country code: {code!r}", "GB, IE")
            else:
                codes.append(code.upper())
    raw_nino = item.text("applicant.nino", limit=20)
    no_nino = item.text("applicant.no_nino_reason", limit=1000)
    nino = normalise_nino(raw_nino) if raw_nino else ""
    if raw_nino and nino is None:
        item.error(
            "applicant.nino",
            f"not a National Insurance number: {raw_nino!r}",
            "two letters, six digits and A, B, C or D, like QQ123456C",
        )
    elif not raw_nino and not no_nino:
        item.error("applicant.nino", "missing", "a National Insurance number or no_nino_reason")
    lines = item.get("address.lines")
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
        item.error("address.lines", "missing", "a list of address lines")
        lines = []
    town = item.text("address.town", limit=100)
    raw_postcode = item.text("address.postcode", limit=10)
    postcode = normalise_postcode(raw_postcode) if raw_postcode else ""
    if raw_postcode and postcode is None:
        item.error("address.postcode", f"not a postcode: {raw_postcode!r}", "like EX1 2AB")
    if not raw_postcode and route not in ("overseas", "service"):
        item.error("address.postcode", "missing", "the postcode of the address")
    uprn = item.get("address.uprn")
    if uprn is not None and not (isinstance(uprn, int) and 0 < uprn < 10**12):
        item.error("address.uprn", f"not a UPRN: {uprn!r}", "a whole number up to 12 digits")
        uprn = None
    previous = item.get("previous_address") or {}
    prev_lines = previous.get("lines") if isinstance(previous, dict) else None
    dwp = item.get("dwp_result") or ""
    if dwp and dwp not in DWP_RESULTS:
        item.error("dwp_result", f"unknown result {dwp!r}", " or ".join(DWP_RESULTS))
    address = [" ".join(line.split()) for line in lines if line.strip()]
    if town:
        address.append(town)
    return {
        "reference": app_id,
        "received_on": received,
        "route": route,
        "title": item.text("applicant.title", limit=20),
        "first_names": first,
        "middle_names": item.text("applicant.middle_names", limit=100),
        "surname": surname,
        "previous_names": item.text("applicant.previous_names", limit=200),
        "date_of_birth": dob,
        "no_dob_reason": no_dob if dob is None else "",
        "nationalities": ",".join(codes),
        "has_leave_to_remain": item.flag("applicant.leave_to_remain", nullable=True),
        "eu_resident_before_2021": item.flag("applicant.eu_resident_before_2021", nullable=True),
        "nino": nino or "",
        "no_nino_reason": no_nino if not nino else "",
        "address_lines": "\n".join(address),
        "postcode": postcode or "",
        "uprn_given": uprn,
        "previous_address": "\n".join(
            [*(prev_lines if isinstance(prev_lines, list) else []), previous.get("postcode") or ""]
        ).strip()
        if isinstance(previous, dict)
        else "",
        "moved_on": item.day("previous_address.moved_on"),
        "open_register_opt_out": bool(item.flag("open_register_opt_out")),
        "email": item.text("contact.email", limit=254),
        "phone": item.text("contact.phone", limit=30),
        "postal_vote_interest": bool(item.flag("postal_vote_interest")),
        "dwp_result": dwp if dwp in DWP_RESULTS else "",
    }


def read_batch(path: Path | str, *, display_name: str | None = None) -> ParsedBatch:
    """Parse and check a batch file. Raises ImportRejected if the file itself is malformed."""
    envelope = read_envelope(
        path,
        display_name=display_name,
        format_name=FORMAT,
        versions=VERSIONS,
        what="an IER DS batch file",
    )
    name, items = envelope.name, envelope.items
    parsed = ParsedBatch(envelope.batch_id, envelope.gss_code, name)
    seen: dict[str, int] = {}
    for number, raw in enumerate(items, start=1):
        if not isinstance(raw, dict):
            parsed.errors.append(RowError(name, number, "-", "not an object", "an application"))
            continue
        before = len(parsed.errors)
        item = JsonItem(name, number, raw, parsed.errors)
        values = _clean(item)
        ref = values["reference"]
        if ref and ref in seen:
            item.error("application_id", f"repeats item {seen[ref]}", "each application once")
        seen.setdefault(ref, number)
        if len(parsed.errors) == before:
            parsed.records.append(Record(number, values))
    return parsed
