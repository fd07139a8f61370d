"""Publish the register: `manage.py publish_register --edition full|open --out PATH`."""

import datetime

from ems.core.commands import EmsCommand
from ems.register.publication import register_publish


class Command(EmsCommand):
    help = "Publish the full or open register as CSV or PDF and record the edition."

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, choices=["full", "open"])
        parser.add_argument("--out", required=True, help="Where to write the file")
        parser.add_argument("--format", dest="file_format", default="csv", choices=["csv", "pdf"])
        parser.add_argument("--district", default="", help="One polling district's code")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Date of publication, YYYY-MM-DD (default today)",
        )
        parser.add_argument("--reason", default="")

    def run(self, *args, edition, out, file_format, district, date, reason, **options):
        published = register_publish(
            kind=edition,
            file_format=file_format,
            out_path=out,
            polling_district=district or None,
            acting_user=None,
            published_on=date,
            progress=self.progress("Entries read"),
            reason=reason,
        )
        self.stdout.write(
            f"Published the {published.get_kind_display().lower()} "
            f"({published.elector_count:,} entries, {published.anonymous_count:,} anonymous) "
            f"to {out}; sha256 {published.file_sha256}"
        )
