"""The shared flow of every file import: check every row first, then write all or nothing.

A format is a small subclass that names its columns, cleans one row, checks
across rows, and applies the cleaned rows. `run` does the rest:

    read -> clean every row (collect every error) -> cross-row checks
         -> any error? raise ImportRejected, nothing written
         -> one transaction: apply
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from django.db import transaction

from .csvfiles import CsvFile, Row, open_csv
from .errors import ImportRejected, RowError
from .postcodes import normalise_postcode

Cleaned = TypeVar("Cleaned")
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Default progress callback: report nothing."""


class CsvImporter(Generic[Cleaned]):
    """Base class for one import format. Subclasses set `columns` and implement the hooks."""

    columns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, path: Path | str, *, display_name: str | None = None):
        self.path = Path(path)
        self.display_name = display_name or self.path.name
        self.errors: list[RowError] = []

    # Hooks for subclasses -------------------------------------------------
    def prepare(self) -> None:
        """Load lookups (existing records, codes) before rows are cleaned."""

    def clean_row(self, row: Row) -> Cleaned | None:
        """Return the row's cleaned value, or None after calling self.error()."""
        raise NotImplementedError

    def check_all(self, cleaned: list[tuple[Row, Cleaned]]) -> None:
        """Checks across rows (duplicates and the like); call self.error() for each."""

    def apply(self, cleaned: list[Cleaned], *, acting_user, progress: Progress) -> dict[str, Any]:
        """Write everything. Runs inside one transaction. Returns a summary of counts."""
        raise NotImplementedError

    # Shared flow ------------------------------------------------------------
    def error(self, row: Row | int, column: str, problem: str, expected: str = "") -> None:
        number = row if isinstance(row, int) else row.number
        self.errors.append(RowError(self.display_name, number, column, problem, expected))

    def uprn_cell(self, row: Row, column: str = "uprn") -> tuple[int | None, bool]:
        """An optional UPRN cell: (the UPRN or None when blank, whether it was valid)."""
        text = row[column]
        if not text:
            return None, True
        if not text.isdigit() or len(text) > 12:
            self.error(row, column, f"not a UPRN: {text!r}", "up to 12 digits")
            return None, False
        return int(text), True

    def postcode_cell(self, row: Row, column: str = "postcode") -> tuple[str, bool]:
        """An optional postcode cell, normalised: (the postcode or "", whether it was valid)."""
        text = row[column]
        if not text:
            return "", True
        postcode = normalise_postcode(text)
        if postcode is None:
            self.error(row, column, f"not a postcode: {text!r}", "like EX1 2AB")
            return "", False
        return postcode, True

    def read(self) -> CsvFile:
        return open_csv(self.path, required=self.columns, display_name=self.display_name)

    def validate(self) -> list[tuple[Row, Cleaned]]:
        """Clean every row. Raises ImportRejected listing every error found."""
        csv_file = self.read()
        self.prepare()
        cleaned: list[tuple[Row, Cleaned]] = []
        for item in csv_file.rows():
            if isinstance(item, RowError):
                self.errors.append(item)
                continue
            value = self.clean_row(item)
            if value is not None:
                cleaned.append((item, value))
        self.check_all(cleaned)
        if self.errors:
            self.errors.sort(key=lambda e: e.row)
            raise ImportRejected(self.errors)
        return cleaned

    def run(self, *, acting_user, progress: Progress = no_progress) -> dict[str, Any]:
        cleaned = self.validate()
        values = [value for _row, value in cleaned]
        with transaction.atomic():
            return self.apply(values, acting_user=acting_user, progress=progress)
