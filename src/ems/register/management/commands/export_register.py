"""python manage.py export_register --out FILE: write the register in the import format."""

from ems.core.commands import EmsCommand
from ems.register.services import register_export


class Command(EmsCommand):
    help = "Write every entry that is not deleted to a CSV file (anonymous entries are left out)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The CSV file to write")

    def run(self, *args, **options):
        result = register_export(
            path=options["out"], acting_user=None, progress=self.progress("Electors written")
        )
        self.stdout.write(f"Exported {result['exported']:,} electors to {options['out']}.")
        if result["anonymous_not_exported"]:
            self.stdout.write(
                f"{result['anonymous_not_exported']:,} anonymous entries were not exported."
            )
