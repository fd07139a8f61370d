"""Count a contest from a ballot file.

python manage.py count_votes FILE --method scottish-stv|ni-stv|fptp [--seats N] [--json]
"""

import json

from ems.core.commands import EmsCommand
from ems.count.counting import METHODS, count_file, result_json
from ems.count.results_files import write_csv, write_pdf
from ems.count.rules.stv_scottish import units_to_votes


class Command(EmsCommand):
    help = "Count votes from a .blt or preference-profile .csv ballot file and print the result."

    def add_arguments(self, parser):
        parser.add_argument("file", help="ballot file: .blt, or preference-profile .csv")
        parser.add_argument("--method", required=True, choices=METHODS)
        parser.add_argument("--seats", type=int, help="seats to fill (required for .csv)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--csv", dest="csv_path", help="write the stage-by-stage sheet as CSV")
        parser.add_argument("--pdf", dest="pdf_path", help="write the stage-by-stage sheet as PDF")
        parser.add_argument("--seed", type=int, default=0, help="seed for any decision by lot")

    def run(self, *args, **options):
        result = count_file(
            options["file"], method=options["method"], seats=options["seats"], seed=options["seed"]
        )
        for lot in result.lots:
            self.stderr.write(
                f"Decided by lot at stage {lot.stage} ({lot.reason}) between "
                f"{', '.join(lot.among)}: {lot.chosen} (seed {lot.seed})"
            )
        if options["csv_path"]:
            write_csv(result, options["csv_path"])
        if options["pdf_path"]:
            write_pdf(result, options["pdf_path"])
        if options["json"]:
            self.stdout.write(json.dumps(result_json(result), ensure_ascii=False))
            return
        self.stdout.write(f"{result.title}\nSeats: {result.seats}  Valid: {result.valid_ballots:,}")
        if result.quota is not None:
            self.stdout.write(f"Quota: {result.quota:,}")
        for stage in result.stages:
            subject = f" {stage.candidate}" if stage.candidate else ""
            self.stdout.write(f"Stage {stage.number}: {stage.action}{subject}")
            for name, votes in stage.totals.items():
                self.stdout.write(f"  {name}: {units_to_votes(votes)}")
        self.stdout.write(
            "Elected: " + "; ".join(f"{e.name} (stage {e.stage})" for e in result.elected)
        )
