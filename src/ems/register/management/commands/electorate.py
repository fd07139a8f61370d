"""`python manage.py electorate [--json]`: live electors, properties and districts."""

import json

from ems.core.commands import EmsCommand
from ems.register.statistics import electorate_summary


class Command(EmsCommand):
    help = "Print the electorate: live electors in total and by polling district."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def run(self, *args, **options):
        summary = electorate_summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(f"Live electors:     {summary['total']:,}")
        self.stdout.write(f"Live properties:   {summary['properties']:,}")
        self.stdout.write(f"Polling districts: {summary['polling_districts']:,}")
        for code, count in summary["by_polling_district"].items():
            self.stdout.write(f"  {code:8} {count:,}")
