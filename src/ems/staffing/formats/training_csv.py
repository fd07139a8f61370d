"""Training completions exported by the council's learning platform.

Header: email,module_code,completed_on

- email: the person's email address as held in the staff pool (case does not matter)
- module_code: the code of a training module set up in the EMS (e.g. PO-2026)
- completed_on: the date completed, YYYY-MM-DD or DD/MM/YYYY

A row for a completion already recorded updates its date. All or nothing.
"""

import datetime as dt

from ems.core.audit import Change, audit_many
from ems.core.importing import CsvImporter

from ..models import Person, TrainingCompletion, TrainingModule


def parse_date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


class TrainingCompletionImporter(CsvImporter[tuple[int, int, dt.date]]):
    columns = ("email", "module_code", "completed_on")

    def prepare(self) -> None:
        self.people: dict[str, int] = {}
        for pk, email in (
            Person.objects.exclude(email="")
            .exclude(status=Person.Status.ANONYMISED)
            .values_list("pk", "email")
        ):
            self.people.setdefault(email.lower(), pk)
        self.modules = dict(TrainingModule.objects.values_list("code", "pk"))
        self.today = dt.date.today()

    def clean_row(self, row):
        email = row["email"].lower()
        person = self.people.get(email)
        if person is None:
            self.error(row, "email", "no one in the staff pool has this email address",
                       "the email address held for the person")  # fmt: skip
        module = self.modules.get(row["module_code"])
        if module is None:
            self.error(row, "module_code", f"unknown module {row['module_code']!r}",
                       "one of " + ", ".join(sorted(self.modules)) if self.modules
                       else "a module set up in the EMS")  # fmt: skip
        completed = parse_date(row["completed_on"])
        if completed is None:
            self.error(row, "completed_on", "not a date", "YYYY-MM-DD or DD/MM/YYYY")
        elif completed > self.today:
            self.error(row, "completed_on", "date is in the future", "a date up to today")
            completed = None
        if person is None or module is None or completed is None:
            return None
        return (person, module, completed)

    def check_all(self, cleaned) -> None:
        seen: dict[tuple[int, int], int] = {}
        for row, (person, module, _day) in cleaned:
            if (person, module) in seen:
                first = seen[(person, module)]
                self.error(row, "module_code", f"same person and module as row {first}",
                           "each completion once")  # fmt: skip
            seen.setdefault((person, module), row.number)

    def apply(self, cleaned, *, acting_user, progress):
        existing = {
            (c.person_id, c.module_id): c
            for c in TrainingCompletion.objects.filter(person_id__in={p for p, _, _ in cleaned})
        }
        new, changed = [], []
        for person, module, day in cleaned:
            record = existing.get((person, module))
            if record is None:
                new.append(
                    TrainingCompletion(
                        person_id=person,
                        module_id=module,
                        completed_on=day,
                        source=self.display_name,
                    )
                )
            elif record.completed_on != day:
                record.completed_on = day
                record.source = self.display_name
                changed.append(record)
        TrainingCompletion.objects.bulk_create(new, batch_size=1000)
        TrainingCompletion.objects.bulk_update(changed, ["completed_on", "source"], batch_size=1000)
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("staffing.training.import", "staff person", str(person), "", None,
                       {"module": module, "completed_on": str(day)})
                for person, module, day in cleaned
            ),
            reason=f"imported from {self.display_name}",
        )  # fmt: skip
        progress(len(cleaned), len(cleaned))
        return {"added": len(new), "updated": len(changed), "rows": len(cleaned)}
