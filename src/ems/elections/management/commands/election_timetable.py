"""Print the statutory timetable of a poll from its Democracy Club identifier.

python manage.py election_timetable local.2026-05-07 --country wales --json
"""

import json

from ems.core.commands import EmsCommand
from ems.core.errors import InvalidInput
from ems.elections.rules.identifiers import parse_election_id
from ems.elections.rules.timetable import Nation, TimetableError, statutory_timetable


class Command(EmsCommand):
    help = "Print the statutory timetable of a poll from its Democracy Club election identifier."

    def add_arguments(self, parser):
        parser.add_argument("election_id", help="e.g. local.2026-05-07 or parl.2024-07-04")
        parser.add_argument(
            "--country",
            choices=[n.value for n in Nation],
            help="Where the poll is held (default: implied by the identifier, else england)",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON")

    def run(self, *args, **options):
        try:
            parsed = parse_election_id(options["election_id"])
            events = statutory_timetable(
                parsed.election_type, parsed.poll_date, options["country"] or parsed.nation
            )
        except TimetableError as exc:
            raise InvalidInput(str(exc)) from None
        if options["json"]:
            payload = {
                "election_id": parsed.election_id,
                "events": [event.as_dict() for event in events],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for event in events:
            time = event.time.strftime("%H:%M") if event.time else "     "
            self.stdout.write(f"{event.date:%a %d %b %Y} {time}  {event.label}  [{event.citation}]")
