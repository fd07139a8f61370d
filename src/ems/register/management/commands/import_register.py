"""python manage.py import_register FILE: add the electors in a register CSV file."""

from ems.core.commands import EmsCommand
from ems.register.services import register_import


class Command(EmsCommand):
    help = "Add electors from a register CSV file (all or nothing). See README for the format."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register CSV file")

    def run(self, *args, **options):
        result = register_import(
            path=options["file"], acting_user=None, progress=self.progress("Electors written")
        )
        self.stdout.write(f"Added {result['added']:,} electors.")
