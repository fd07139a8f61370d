"""Email each election plan task owner their unfinished tasks due soon or overdue.

python manage.py send_plan_reminders [--days 14] [--site-url https://ems.example.gov.uk]
    [--dry-run]

Run it once a day (cron or a systemd timer). Emails go through Django's email backend
(EMAIL_BACKEND, EMAIL_HOST, DEFAULT_FROM_EMAIL); each is audited as a communication.
"""

from ems.core.commands import EmsCommand
from ems.elections import selectors, services


class Command(EmsCommand):
    help = "Email each election plan task owner their unfinished tasks due soon or overdue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=selectors.DEFAULT_REMINDER_DAYS,
            help="Tasks due within this many days, and overdue ones (default: %(default)s)",
        )
        parser.add_argument(
            "--site-url", default="", help="Start of the links to the plan, e.g. https://ems..."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be emailed; send nothing"
        )

    def run(self, *args, **options):
        result = services.plan_reminders_send(
            acting_user=None,
            within_days=options["days"],
            site_url=options["site_url"],
            dry_run=options["dry_run"],
        )
        verb = "Would email" if options["dry_run"] else "Emailed"
        self.stdout.write(
            f"{verb} {result.emails} task owners about {result.tasks} tasks"
            + (f": {', '.join(result.recipients)}" if result.recipients else "")
        )
        for username in result.without_email:
            self.stderr.write(f"{username} has tasks due but no email address (or is switched off)")
