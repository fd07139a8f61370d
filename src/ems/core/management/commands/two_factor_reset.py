"""Remove a user's authenticator app: two_factor_reset USERNAME (a lost phone, when no other
Manager can do it on the user's page). They set up a new app at their next sign-in."""

from django.contrib.auth.models import User

from ems.core.commands import EmsCommand
from ems.core.errors import InvalidInput
from ems.core.services import two_factor_reset


class Command(EmsCommand):
    help = "Remove a user's authenticator app; they set up a new one at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def run(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise InvalidInput(f"There is no user called {username}.")
        two_factor_reset(user=user, acting_user=None, reason="command line")
        self.stdout.write(f"{username} will set up two-factor sign-in at their next sign-in.")
