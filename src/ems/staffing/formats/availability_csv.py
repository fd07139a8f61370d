"""Availability for one polling day, for many people at once (e.g. from a survey).

Header: staff_id,available  or  email,available  (both id columns may be given: staff_id wins)

- staff_id: the EMS person number (shown on the person's page and in the payroll file)
- email: the person's email address as held in the staff pool (case does not matter); it must
  belong to one person only
- available: yes or no (also y/n, true/false, 1/0, available/unavailable)

The polling day is chosen on the page. All or nothing; a person may appear once.
"""

from ems.core.csvfiles import CsvFile, open_csv
from ems.core.errors import ImportRejected, RowError
from ems.core.importing import CsvImporter

from ..models import Person

YES = {"yes", "y", "true", "1", "available"}
NO = {"no", "n", "false", "0", "unavailable", "not available"}


class AvailabilityImporter(CsvImporter[tuple[int, bool]]):
    columns = ("available",)

    def __init__(self, path, *, polling_day, display_name=None):
        super().__init__(path, display_name=display_name)
        self.polling_day = polling_day

    def read(self) -> CsvFile:
        csv_file = open_csv(self.path, required=self.columns, display_name=self.display_name)
        if "staff_id" not in csv_file.header and "email" not in csv_file.header:
            raise ImportRejected(
                [RowError(self.display_name, 1, "staff_id", "missing column",
                          "header staff_id,available or email,available")]
            )  # fmt: skip
        self.by_id = "staff_id" in csv_file.header
        return csv_file

    def prepare(self) -> None:
        live = Person.objects.exclude(status=Person.Status.ANONYMISED)
        if self.by_id:
            self.ids = set(live.values_list("pk", flat=True))
        else:
            self.emails: dict[str, list[int]] = {}
            for pk, email in live.exclude(email="").values_list("pk", "email"):
                self.emails.setdefault(email.lower(), []).append(pk)

    def clean_row(self, row):
        person = None
        if self.by_id:
            value = row["staff_id"]
            if not value.isdigit() or int(value) not in self.ids:
                self.error(row, "staff_id", f"no one in the staff pool has number {value!r}",
                           "the EMS person number")  # fmt: skip
            else:
                person = int(value)
        else:
            found = self.emails.get(row["email"].lower(), [])
            if not found:
                self.error(row, "email", "no one in the staff pool has this email address",
                           "the email address held for the person")  # fmt: skip
            elif len(found) > 1:
                self.error(row, "email", f"{len(found)} people share this email address",
                           "staff_id for people who share an address")  # fmt: skip
            else:
                person = found[0]
        answer = row["available"].lower()
        if answer not in YES | NO:
            self.error(row, "available", f"{row['available']!r} is not an answer", "yes or no")
            return None
        return None if person is None else (person, answer in YES)

    def check_all(self, cleaned) -> None:
        seen: dict[int, int] = {}
        column = "staff_id" if self.by_id else "email"
        for row, (person, _answer) in cleaned:
            if person in seen:
                self.error(row, column, f"same person as row {seen[person]}", "each person once")
            seen.setdefault(person, row.number)

    def apply(self, cleaned, *, acting_user, progress):
        from ..services import _availability_write

        result = _availability_write(
            self.polling_day, dict(cleaned), acting_user=acting_user,
            reason=f"imported from {self.display_name}",
        )  # fmt: skip
        progress(len(cleaned), len(cleaned))
        return result
