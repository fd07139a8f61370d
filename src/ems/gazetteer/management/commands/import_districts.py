"""Import wards and polling districts from CSV."""

from ems.core.commands import EmsCommand
from ems.gazetteer.services import districts_import


class Command(EmsCommand):
    help = (
        "Import wards and polling districts from a CSV (ward_code,ward_name,"
        "polling_district_code,polling_district_name; optionally parish, constituency and "
        "polling place columns). Nothing is written if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")

    def run(self, *args, **options):
        result = districts_import(path=options["file"], acting_user=None)
        for key, value in result.items():
            self.stdout.write(f"{key.replace('_', ' ').capitalize()}: {value:,}")
