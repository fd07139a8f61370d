"""Import the council's gazetteer CSV: a change-only update of every property."""

from ems.core.commands import EmsCommand
from ems.gazetteer.services import gazetteer_import


class Command(EmsCommand):
    help = (
        "Import a gazetteer CSV (uprn,address_line_1..4,town,postcode,easting,northing,"
        "classification,polling_district_code). New UPRNs are added, changed ones updated, "
        "missing ones made historic. Nothing is written if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")

    def run(self, *args, **options):
        result = gazetteer_import(
            path=options["file"], acting_user=None, progress=self.progress("Properties")
        )
        self.stdout.write(
            f"Added {result['added']:,}, updated {result['updated']:,}, "
            f"unchanged {result['unchanged']:,}, made historic {result['made_historic']:,}."
        )
        waiting = result["historic_with_electors"]
        if waiting:
            self.stdout.write(
                f"{len(waiting):,} properties made historic still have electors "
                "(resolve them on the 'Historic properties with electors' page):"
            )
            self.stdout.write(" ".join(str(uprn) for uprn in waiting))
