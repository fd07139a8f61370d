"""Import a batch of online absent vote / VAC applications (JSON, format absent-vote-batch)."""

from ems.core.commands import EmsCommand

from ...services import batch_import
from ...sources import FileBatchSource


class Command(EmsCommand):
    help = "Import an absent vote batch file (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--skip-bad", action="store_true", help="Import the good items")

    def run(self, *args, **options):
        result = batch_import(
            source=FileBatchSource(options["path"]), acting_user=None, skip_bad=options["skip_bad"]
        )
        for line in result["rejected_records"]:
            self.stderr.write(line)
        self.stdout.write(
            f"Batch {result['batch']}: {result['absent_vote']} absent vote, {result['vac']} VAC "
            f"and {result['aed']} AED applications imported."
        )
