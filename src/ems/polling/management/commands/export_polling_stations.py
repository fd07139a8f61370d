"""Write the polling station file Democracy Club's WhereDoIVote reads.

    python manage.py export_polling_stations --format xpress-dc --out PATH [--election ID]

PATH ending .tsv gives a TAB-separated file, otherwise comma-separated. ID is the
Democracy Club identifier or the database id; the default is the next election.
"""

from ems.core.commands import EmsCommand
from ems.core.errors import InvalidInput
from ems.elections.models import Election
from ems.polling import exports, selectors


class Command(EmsCommand):
    help = "Export polling stations and the properties they serve (Democracy Club layout)."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="file_format", required=True, choices=exports.FORMATS)
        parser.add_argument("--out", required=True, help="File to write (.csv or .tsv)")
        parser.add_argument("--election", help="Election id (Democracy Club id or number)")

    def run(self, *args, file_format: str, out: str, election: str | None, **options):
        chosen = _election(election)
        count = exports.polling_stations_export(
            election=chosen, out=out, file_format=file_format, acting_user=None
        )
        self.stdout.write(f"Wrote {count:,} properties for {chosen.election_id} to {out}")


def _election(value: str | None) -> Election:
    if not value:
        found = selectors.next_election()
        if found is None:
            raise InvalidInput("There is no upcoming election: give one with --election.")
        return found
    queryset = Election.objects.select_related("polling_day")
    found = queryset.filter(election_id=value).first()
    if found is None and value.isdigit():
        found = queryset.filter(pk=int(value)).first()
    if found is None:
        raise InvalidInput(f"There is no election {value}.")
    return found
