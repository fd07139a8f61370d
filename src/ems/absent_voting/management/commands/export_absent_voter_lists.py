"""Write the absent voter lists and every station's marked register for a poll as CSV."""

from pathlib import Path

from ems.core.commands import EmsCommand
from ems.core.errors import InvalidInput
from ems.elections.models import Election

from ...exports import write_all


class Command(EmsCommand):
    help = "Write postal voters, proxies, postal proxies and marked registers (CSV) for a poll."

    def add_arguments(self, parser):
        parser.add_argument("election_id", help="Democracy Club election identifier")
        parser.add_argument("folder")

    def run(self, *args, **options):
        try:
            election = Election.objects.select_related("polling_day").get(
                election_id=options["election_id"]
            )
        except Election.DoesNotExist:
            raise InvalidInput(f"No election {options['election_id']}.") from None
        counts = write_all(election, Path(options["folder"]))
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count:,} rows")
