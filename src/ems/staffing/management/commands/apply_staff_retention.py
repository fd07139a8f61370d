"""Anonymise staff records past the retention schedule: apply_staff_retention [--dry-run]."""

import datetime as dt

from ems.core.commands import EmsCommand
from ems.staffing.services import staff_retention_apply


class Command(EmsCommand):
    help = "Anonymise polling and count staff records past the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count; change nothing")
        parser.add_argument("--years", type=int, help="Years after the last appointment")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD")

    def run(self, *args, **options):
        due = staff_retention_apply(
            today=options["today"], years=options["years"], dry_run=options["dry_run"],
            acting_user=None,
        )  # fmt: skip
        verb = "would be anonymised" if options["dry_run"] else "anonymised"
        self.stdout.write(f"{len(due)} staff records {verb}.")
