"""A base for management commands: EMS errors become clear messages and a non-zero exit."""

from django.core.management.base import BaseCommand, CommandError

from .errors import EmsError, ImportRejected


class EmsCommand(BaseCommand):
    """Subclasses implement `run(*args, **options)`; errors are reported, never a traceback."""

    def handle(self, *args, **options):
        try:
            return self.run(*args, **options)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from exc
        except EmsError as exc:
            raise CommandError(str(exc)) from exc

    def run(self, *args, **options):
        raise NotImplementedError

    def progress(self, label: str):
        """A progress callback that prints a line every 10%."""
        last = {"tenth": -1}

        def report(done: int, total: int) -> None:
            tenth = (10 * done) // total if total else 10
            if tenth != last["tenth"]:
                last["tenth"] = tenth
                self.stderr.write(f"{label}: {done:,} of {total:,}")

        return report
