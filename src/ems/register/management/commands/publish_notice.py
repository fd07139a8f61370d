"""Publish a notice of alteration (monthly, interim or final) and copy its files to a folder."""

import datetime
from pathlib import Path

from ems.core.commands import EmsCommand
from ems.core.errors import InvalidInput
from ems.register.notices import notice_copy_files, notice_publish


class Command(EmsCommand):
    help = "Publish a monthly, interim or final notice of alteration (CSV and PDF per district)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=["monthly", "interim", "final"])
        parser.add_argument(
            "--from", dest="period_start", required=True, type=datetime.date.fromisoformat
        )
        parser.add_argument(
            "--to", dest="period_end", required=True, type=datetime.date.fromisoformat
        )
        parser.add_argument("--out", required=True, help="Folder to copy the files into")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Date of publication, YYYY-MM-DD (default today)",
        )
        parser.add_argument("--reason", default="")

    def run(self, *args, kind, period_start, period_end, out, date, reason, **options):
        if not Path(out).is_dir():
            raise InvalidInput(f"The folder {out} does not exist.")
        notice = notice_publish(
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            published_on=date,
            acting_user=None,
            reason=reason,
        )
        files = notice_copy_files(notice, out)
        self.stdout.write(
            f"Published {notice} listing {notice.alteration_count:,} alterations; "
            f"{len(files)} files written to {out}"
        )
