"""Council data sets for local data matching (e.g. council tax, housing benefit), as CSV.

Header: first_names,surname,date_of_birth,uprn,postcode. date_of_birth (YYYY-MM-DD), uprn
and postcode may be empty but each row needs a date of birth or a UPRN or a postcode. A load
replaces the whole data set of that name, all or nothing. Only search keys are kept (names
normalised as the register keeps them), never the raw file.
"""

from datetime import date
from typing import Any

from ems.core.csvfiles import Row
from ems.core.importing import CsvImporter, Progress
from ems.register.search_keys import normalise_name

from ..models import LocalRecord

BATCH = 5000


class LocalDataCsvImporter(CsvImporter[LocalRecord]):
    columns = ("first_names", "surname", "date_of_birth", "uprn", "postcode")

    def __init__(self, path, *, dataset: str, display_name: str | None = None):
        super().__init__(path, display_name=display_name)
        self.dataset = dataset

    def clean_row(self, row: Row) -> LocalRecord | None:
        ok = True
        first, surname = normalise_name(row["first_names"]), normalise_name(row["surname"])
        if not first:
            self.error(row, "first_names", "missing", "the person's first names")
            ok = False
        if not surname:
            self.error(row, "surname", "missing", "the person's surname")
            ok = False
        dob = None
        if row["date_of_birth"]:
            try:
                dob = date.fromisoformat(row["date_of_birth"])
            except ValueError:
                self.error(
                    row, "date_of_birth", f"not a date: {row['date_of_birth']!r}", "YYYY-MM-DD"
                )
                ok = False
        uprn, good = self.uprn_cell(row)
        ok &= good
        postcode, good = self.postcode_cell(row)
        ok &= good
        if ok and dob is None and uprn is None and not postcode:
            self.error(row, "date_of_birth", "no date of birth, UPRN or postcode", "at least one")
            ok = False
        if not ok:
            return None
        return LocalRecord(
            dataset=self.dataset,
            search_first=first,
            search_surname=surname,
            date_of_birth=dob,
            uprn=uprn,
            postcode=postcode,
        )

    def apply(self, cleaned, *, acting_user, progress: Progress) -> dict[str, Any]:
        removed, _ = LocalRecord.objects.filter(dataset=self.dataset).delete()
        for start in range(0, len(cleaned), BATCH):
            LocalRecord.objects.bulk_create(cleaned[start : start + BATCH])
            progress(min(start + BATCH, len(cleaned)), len(cleaned))
        return {"loaded": len(cleaned), "replaced": removed}
