"""python manage.py import_applications FILE [--all-or-nothing]: import an IER DS batch (JSON)."""

from ems.applications.services import batch_import
from ems.applications.sources import FileApplicationSource
from ems.core.commands import EmsCommand


class Command(EmsCommand):
    help = (
        "Import a batch of online applications (IER DS JSON). The good applications are "
        "imported and each bad one is reported; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="Import nothing if any application in the batch has a problem",
        )
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="Import the good applications and report the bad ones (the default)",
        )

    def run(self, *args, **options):
        result = batch_import(
            source=FileApplicationSource(options["file"]),
            acting_user=None,
            all_or_nothing=options["all_or_nothing"],
            progress=self.progress("Applications"),
        )
        for line in result["rejected_records"]:
            self.stderr.write(f"skipped {line}")
        self.stdout.write(
            f"Batch {result['batch']}: {result['imported']:,} applications imported, "
            f"{result['duplicates']:,} duplicates, {result['verified_by_dwp']:,} verified by DWP, "
            f"{result['verified_by_local_data']:,} by local data, "
            f"{result['address_matched']:,} matched to an address, "
            f"{len(result['rejected_records']):,} skipped."
        )
