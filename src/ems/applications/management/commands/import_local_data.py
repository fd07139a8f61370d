"""python manage.py import_local_data DATASET FILE: load a council data set for matching."""

from ems.applications.services import local_data_import
from ems.core.commands import EmsCommand


class Command(EmsCommand):
    help = "Load (replace) a council data set (CSV) used to verify applicants by local data."

    def add_arguments(self, parser):
        parser.add_argument("dataset", help="A name for the data set, e.g. council-tax")
        parser.add_argument("file")

    def run(self, *args, **options):
        result = local_data_import(
            path=options["file"], dataset=options["dataset"], acting_user=None
        )
        self.stdout.write(
            f"{result['loaded']:,} records loaded into {options['dataset']}; "
            f"{result['matched']:,} open applications verified by local data."
        )
