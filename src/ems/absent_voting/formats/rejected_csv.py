"""The list of rejected postal voting statements for one poll (RPR 2001 reg 87(4)), as CSV.

Columns (header row required, any order, names case-insensitive):

    elector_number     the elector's number in the register, like NA1-23 or NA1-23/1
    reasons            one or more reason codes separated by ";" (see rules/rejection.py):
                       signature_mismatch, dob_mismatch, signature_blank, dob_blank,
                       handed_in_form, handed_in_limit, handed_in_campaigner, left_behind
    offence_suspected  optional: yes/no (no notice is sent where the RO suspects an offence)

Until postal vote opening is built, the returning officer's list is loaded from this file.
"""

from typing import Any

from ems.core.audit import Change, audit, audit_many
from ems.core.csvfiles import Row
from ems.core.importing import CsvImporter
from ems.register.models import Elector

from ..models import RejectedStatement
from ..rules import rejection
from .absent_vote_json import parse_elector_number

YES = {"yes", "y", "true", "1"}
NO = {"", "no", "n", "false", "0"}


class RejectedStatementsImporter(CsvImporter[tuple[int, str, bool]]):
    columns = ("elector_number", "reasons")

    def __init__(self, path, *, election, display_name=None):
        super().__init__(path, display_name=display_name)
        self.election = election

    def prepare(self) -> None:
        self.electors: dict[tuple[str, int, int], int] = {}
        rows = (
            Elector.objects.exclude(status=Elector.Status.DELETED)
            .values_list("polling_district__code", "number", "suffix", "id")
            .iterator()
        )
        for code, number, suffix, pk in rows:
            self.electors[(code.upper(), number, suffix)] = pk
        self.already = set(
            RejectedStatement.objects.filter(election=self.election).values_list(
                "elector_id", flat=True
            )
        )

    def clean_row(self, row: Row):
        key = parse_elector_number(row["elector_number"])
        ok = True
        if key is None:
            self.error(row, "elector_number", f"not an elector number: {row['elector_number']!r}",
                       "like NA1-23")  # fmt: skip
            ok = False
        elif key not in self.electors:
            self.error(row, "elector_number", "no such elector in the register", "a current entry")
            ok = False
        elif self.electors[key] in self.already:
            self.error(row, "elector_number", "already on the list for this poll", "a new entry")
            ok = False
        codes, unknown = rejection.parse_reasons(row["reasons"])
        if unknown or not codes:
            self.error(row, "reasons", f"unknown reason {', '.join(unknown) or '(none)'}",
                       "; ".join(rejection.REASONS))  # fmt: skip
            ok = False
        offence = row["offence_suspected"].lower()
        if offence not in YES | NO:
            self.error(row, "offence_suspected", f"not yes or no: {offence!r}", "yes or no")
            ok = False
        if not ok:
            return None
        return self.electors[key], ";".join(codes), offence in YES

    def check_all(self, cleaned) -> None:
        seen: dict[int, int] = {}
        for row, (elector_id, _, _) in cleaned:
            if elector_id in seen:
                self.error(
                    row, "elector_number", f"repeats row {seen[elector_id]}", "each elector once"
                )
            seen.setdefault(elector_id, row.number)

    def apply(self, cleaned, *, acting_user, progress) -> dict[str, Any]:
        objs = [
            RejectedStatement(election=self.election, elector_id=e, reasons=r, offence_suspected=o)
            for e, r, o in cleaned
        ]
        RejectedStatement.objects.bulk_create(objs, batch_size=2000)
        audit_many(
            acting_user=acting_user,
            changes=(
                Change(
                    "rejected_statement.imported",
                    "election",
                    self.election.pk,
                    "",
                    None,
                    {"elector_id": o.elector_id, "reasons": o.reasons},
                )  # fmt: skip
                for o in objs
            ),
        )
        audit(
            acting_user=acting_user,
            action="rejected_statements.imported",
            object_type="election",
            object_id=self.election.pk,
            object_repr=self.election.title,
            after={"rows": len(objs), "file": self.display_name},
        )
        return {"imported": len(objs)}
