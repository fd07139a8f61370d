"""Add demo polling and count staff to the next polling day: seed_staffing_demo [--seed N]."""

from ems.core.commands import EmsCommand
from ems.core.errors import EmsError
from ems.elections.models import PollingDay
from ems.staffing.demo import staffing_demo_seed


class Command(EmsCommand):
    help = "Add synthetic polling and count staff, pay table and proposals to a polling day."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)

    def run(self, *args, **options):
        day = PollingDay.objects.order_by("-date").first()
        if day is None:
            raise EmsError("There is no polling day: run seed_demo first.")
        result = staffing_demo_seed(polling_day=day, acting_user=None, seed=options["seed"])
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
