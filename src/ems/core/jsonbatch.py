"""Reading batches of records sent as JSON (online applications, absent vote applications).

A format module walks the batch's items and cleans each one with a `JsonItem`, which
reads values by dotted path and records each problem as a RowError naming the file,
the item's position (from 1; 0 is the whole file) and the field's path.
"""

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from .errors import ImportRejected, RowError

RecordT = TypeVar("RecordT")


@dataclass
class ParsedBatch(Generic[RecordT]):
    """A whole batch: its identity, the cleaned records and every problem found."""

    batch_id: str
    gss_code: str
    display_name: str
    records: list[RecordT] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class JsonItem:
    """One item of a JSON batch being cleaned."""

    def __init__(self, name: str, index: int, data: dict, errors: list[RowError]):
        self.name, self.index, self.data, self.errors = name, index, data, errors

    def error(self, path: str, problem: str, expected: str = "") -> None:
        self.errors.append(RowError(self.name, self.index, path, problem, expected))

    def get(self, path: str) -> Any:
        value: Any = self.data
        for part in path.split("."):
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def text(self, path: str, *, required: bool = False, limit: int = 200) -> str:
        """Text with runs of spaces closed up; too long or not text is an error."""
        value = self.get(path)
        if value is None or value == "":
            if required:
                self.error(path, "missing", "text")
            return ""
        if not isinstance(value, str):
            self.error(path, f"not text: {value!r}", "a string")
            return ""
        value = " ".join(value.split())
        if len(value) > limit:
            self.error(path, f"longer than {limit} characters", f"{limit} characters or fewer")
            return value[:limit]
        return value

    def day(self, path: str, *, required: bool = False) -> date | None:
        """An ISO date (YYYY-MM-DD), or None when absent."""
        value = self.get(path)
        if value in (None, ""):
            if required:
                self.error(path, "missing", "a date YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.error(path, f"not a date: {value!r}", "YYYY-MM-DD")
            return None

    def flag(self, path: str, *, nullable: bool = False) -> bool | None:
        """true or false; absent is False (or None when nullable)."""
        value = self.get(path)
        if value is None:
            return None if nullable else False
        if not isinstance(value, bool):
            self.error(path, f"not true or false: {value!r}", "true or false")
            return None if nullable else False
        return value


@dataclass
class BatchEnvelope:
    """The checked outside of a batch file: its name, identity and the list of items."""

    name: str
    batch_id: str
    gss_code: str
    items: list


def read_envelope(
    path: Path | str,
    *,
    display_name: str | None,
    format_name: str,
    versions: Collection[int],
    what: str,
) -> BatchEnvelope:
    """Read a batch file and check its envelope: JSON object, format, version, batch_id and a
    list of applications. Raises ImportRejected (item 0: the whole file) if any is wrong, so
    a malformed file changes nothing. `what` names the file in messages."""
    path = Path(path)
    name = display_name or path.name

    def whole(problem: str, expected: str = "") -> ImportRejected:
        return ImportRejected([RowError(name, 0, "-", problem, expected)])

    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise whole(f"not valid JSON ({exc})", what) from exc
    if not isinstance(data, dict):
        raise whole("not a JSON object", "an object with format, version and applications")
    if data.get("format") != format_name:
        raise whole(f"format is {data.get('format')!r}", f'"format": "{format_name}"')
    if data.get("version") not in versions:
        raise whole(f"version {data.get('version')!r} is not supported", "version 1")
    batch_id = data.get("batch_id")
    if not isinstance(batch_id, str) or not batch_id.strip():
        raise whole("batch_id is missing", "a batch reference")
    items = data.get("applications")
    if not isinstance(items, list):
        raise whole("applications is missing", "a list of applications")
    return BatchEnvelope(name, batch_id.strip(), str(data.get("gss_code") or ""), items)
