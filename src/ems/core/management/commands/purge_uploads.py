"""Delete uploads left behind: purge_uploads [--older-than-days N] (run it daily)."""

from ems.core.commands import EmsCommand
from ems.core.errors import InvalidInput
from ems.core.uploads import UPLOAD_RETENTION_DAYS, uploads_purge


class Command(EmsCommand):
    help = (
        "Delete uploaded files older than N days that no queued or running job still needs "
        "(each upload is normally deleted as soon as its import job finishes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days", type=int, default=UPLOAD_RETENTION_DAYS,
            help=f"Age in days (default {UPLOAD_RETENTION_DAYS})",
        )  # fmt: skip

    def run(self, *args, **options):
        days = options["older_than_days"]
        if days < 0:
            raise InvalidInput("--older-than-days must be 0 or more.")
        deleted = uploads_purge(older_than_days=days, acting_user=None)
        self.stdout.write(f"{deleted} uploaded files older than {days} days deleted.")
