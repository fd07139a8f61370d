"""Death notifications from the registrar of births and deaths, as CSV.

Header: surname,first_names,date_of_birth,date_of_death,address,postcode,uprn

- surname, first_names: as registered (required)
- date_of_birth, date_of_death: YYYY-MM-DD (date of death required; date of birth may be empty)
- address: the usual address of the deceased, one text field (may be empty)
- postcode: of that address (may be empty)
- uprn: if the registrar's system gives one (may be empty)

Each row needs a date of birth, a postcode or a UPRN, so it can be matched to one entry. Every
row is checked first; any problem and nothing is imported. Each row becomes a DeletionNotice
matched to an elector; an officer then confirms the deletions (RPR 2001 reg 31C(2)(b)(iii)).
"""

from datetime import date
from typing import Any

from ems.core.csvfiles import Row
from ems.core.importing import CsvImporter, Progress

from ..models import DeletionNotice

BATCH = 5000


class DeathNotificationsCsvImporter(CsvImporter[DeletionNotice]):
    columns = (
        "surname", "first_names", "date_of_birth", "date_of_death", "address", "postcode", "uprn",
    )  # fmt: skip

    def __init__(self, path, *, received_on: date, display_name: str | None = None):
        super().__init__(path, display_name=display_name)
        self.received_on = received_on

    def _date(self, row: Row, column: str, *, required: bool) -> tuple[date | None, bool]:
        value = row[column]
        if not value:
            if required:
                self.error(row, column, "missing", "YYYY-MM-DD")
                return None, False
            return None, True
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(row, column, f"not a date: {value!r}", "YYYY-MM-DD")
            return None, False
        if day > self.received_on:
            self.error(row, column, f"in the future: {value}", "a date before today")
            return None, False
        return day, True

    def clean_row(self, row: Row) -> DeletionNotice | None:
        ok = True
        for column, what in (("surname", "the surname"), ("first_names", "the first names")):
            if not row[column]:
                self.error(row, column, "missing", what)
                ok = False
            elif len(row[column]) > 100:
                self.error(row, column, "longer than 100 characters", "100 characters or fewer")
                ok = False
        dob, good = self._date(row, "date_of_birth", required=False)
        ok &= good
        dod, good = self._date(row, "date_of_death", required=True)
        ok &= good
        if dob and dod and dob > dod:
            self.error(row, "date_of_birth", "after the date of death", "an earlier date")
            ok = False
        uprn, good = self.uprn_cell(row)
        ok &= good
        postcode, good = self.postcode_cell(row)
        ok &= good
        if ok and dob is None and uprn is None and not postcode:
            self.error(row, "date_of_birth", "no date of birth, postcode or UPRN", "at least one")
            ok = False
        if not ok:
            return None
        return DeletionNotice(
            kind=DeletionNotice.Kind.DEATH,
            source=self.display_name,
            received_on=self.received_on,
            surname=" ".join(row["surname"].split()),
            first_names=" ".join(row["first_names"].split()),
            date_of_birth=dob,
            date_of_death=dod,
            address=" ".join(row["address"].split()),
            postcode=postcode,
            uprn=uprn,
        )

    def apply(self, cleaned, *, acting_user, progress: Progress) -> dict[str, Any]:
        for start in range(0, len(cleaned), BATCH):
            DeletionNotice.objects.bulk_create(cleaned[start : start + BATCH])
            progress(min(start + BATCH, len(cleaned)), len(cleaned))
        return {"notices": len(cleaned)}
