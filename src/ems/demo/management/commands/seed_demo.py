"""Build a synthetic demo council: `python manage.py seed_demo --electors N [--seed S]`.

The council's wards, polling districts, gazetteer and register are written as
CSV files under var/demo/ and loaded through the real importers, so the demo's
audit trail shows every change. Data is made with Faker en_GB: no real people.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from ems.applications.demo import applications_demo_seed
from ems.core.commands import EmsCommand
from ems.core.models import Council
from ems.core.roles import Role
from ems.core.selectors import two_factor_device
from ems.core.services import council_save, two_factor_issue, user_create
from ems.core.signin import needs_two_factor, readable_key
from ems.demo import generator
from ems.demo.elections import election_demo_seed
from ems.gazetteer.services import districts_import, gazetteer_import
from ems.register.rules import markers as register_markers
from ems.register.services import register_import

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a published demo login, synthetic data only
DEMO_USERS = [
    ("manager", [Role.MANAGER], "Morgan Manager"),
    ("officer", [Role.OFFICER], "Olu Officer"),
    ("reader", [Role.READ_ONLY], "Rhys Reader"),
    # Finance with a data role, to reach the payments page and staff records.
    ("finance", [Role.FINANCE, Role.READ_ONLY], "Fin Finance"),
    ("admin", [Role.ADMINISTRATOR], "Ada Administrator"),
]


class Command(EmsCommand):
    help = "Build a synthetic demo council (Faker en_GB) through the real importers."

    def add_arguments(self, parser):
        parser.add_argument("--electors", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="Empty the database first (destroys all data)"
        )

    def run(self, *args, electors: int, seed: int, reset: bool, **options):
        if electors < 1:
            self.stderr.write("--electors must be at least 1")
            raise SystemExit(2)
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", verbosity=0)
        if Council.objects.exists():
            self.stdout.write("A council already exists; nothing done (use --reset to rebuild).")
            self._print_logins()
            return
        folder = Path(settings.VAR_DIR) / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        council = generator.build_council(electors=electors, seed=seed)
        self._create_council_and_users(council, seed)
        self._load_geography(council, folder)
        self._load_register(council, folder, seed)
        self._seed_elections(council, folder, seed)
        result = applications_demo_seed(acting_user=None, count=60, seed=seed + 4)
        self.stdout.write(f"Registration applications: {_counts_only(result)}")
        self._print_logins()

    def _create_council_and_users(self, council: generator.DemoCouncil, seed: int) -> None:
        with transaction.atomic():
            council_save(
                acting_user=None,
                reason="Demo council",
                name=f"{council.town} Borough Council (demo)",
                gss_code="E07999999",
                country="england",
                ero_name="Jordan Example",
                ro_name="Jordan Example",
                office_address=f"Electoral Services\nCivic Centre\n{council.town}",
                office_postcode="DM1 1AA",
                telephone="01632 960000",
                email="elections@example.org",
                website="https://example.org/elections",
            )
            for username, roles_held, full_name in DEMO_USERS:
                user = user_create(
                    username=username,
                    password=DEMO_PASSWORD,
                    roles_held=roles_held,
                    full_name=full_name,
                    email=f"{username}@example.org",
                    acting_user=None,
                )
                if needs_two_factor(user):
                    two_factor_issue(user=user, acting_user=None)

    def _load_geography(self, council: generator.DemoCouncil, folder: Path) -> None:
        districts_file = folder / "districts.csv"
        gazetteer_file = folder / "gazetteer.csv"
        generator.write_districts_csv(council, districts_file)
        generator.write_gazetteer_csv(council, gazetteer_file)
        result = districts_import(path=districts_file, acting_user=None)
        self.stdout.write(f"Polling districts: {result}")
        result = gazetteer_import(
            path=gazetteer_file, acting_user=None, progress=self.progress("Gazetteer")
        )
        self.stdout.write(f"Gazetteer: {_counts_only(result)}")

    def _load_register(self, council: generator.DemoCouncil, folder: Path, seed: int) -> None:
        register_file = folder / "register.csv"
        counts = generator.write_register_csv(
            council,
            register_file,
            seed=seed,
            today=datetime.date.today(),
            markers=demo_markers(),
        )
        result = register_import(
            path=register_file, acting_user=None, progress=self.progress("Register")
        )
        self.stdout.write(f"Register: {_counts_only(result)}")
        self.stdout.write("Demo electorate: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    def _seed_elections(self, council: generator.DemoCouncil, folder: Path, seed: int) -> None:
        result = election_demo_seed(
            council_name=council.town, folder=folder, today=datetime.date.today(), seed=seed
        )
        self.stdout.write(f"Upcoming combined poll on {result.pop('poll_date')}: "
                          f"{_counts_only(result)}")  # fmt: skip

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write("Demo sign-in (synthetic data only), at http://127.0.0.1:8000")
        for username, roles_held, _name in DEMO_USERS:
            held = " + ".join(role.value for role in roles_held)
            self.stdout.write(f"  {held:28} username {username:8} password {DEMO_PASSWORD}")
        self.stdout.write(
            "Managers and Finance also enter a code from an authenticator app: add this key "
            "to one (Microsoft or Google Authenticator, FreeOTP), or run `oathtool --totp -b KEY` "
            "with the spaces removed."
        )
        for username, _roles, _name in DEMO_USERS:
            device = two_factor_device(User.objects.get(username=username))
            if device is not None:
                key = readable_key(device)
                self.stdout.write(f"  username {username:8} authenticator key {key}")


def demo_markers() -> dict[str, str]:
    """The register markers the demo uses (see ems.register.rules.markers for their meaning)."""
    assert "G" in register_markers.MARKERS  # noqa: S101 - the demo relies on this marker
    return {
        # An EU citizen in England awaiting the 2024 eligibility review: local elections only.
        "eu": "G",
        "overseas": register_markers.OVERSEAS,
        "anonymous": register_markers.ANONYMOUS,
    }


def _counts_only(result: dict) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in result.items() if isinstance(v, int))
