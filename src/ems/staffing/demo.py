"""Demo data for polling and count staff, for `seed_demo` (or `seed_staffing_demo`) to call
after the polling scheme exists:

    from ems.staffing.demo import staffing_demo_seed
    staffing_demo_seed(polling_day=day, acting_user=None, seed=7)

Everything goes through the services (and so the audit trail). Synthetic people only (Faker).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from ems.elections.models import PollingDay
from ems.gazetteer.models import Property

from . import services
from .models import MessageTemplate, Person, Position, Session, TrainingModule

# A typical district council scale of fees (synthetic figures).
PAY_TABLE = {
    "presiding_officer": ("265.00", "50.00"),
    "poll_clerk": ("185.00", "35.00"),
    "inspector": ("320.00", "50.00"),
    "verification": ("95.00", "0.00"),
    "count": ("110.00", "0.00"),
    "postal_opening": ("75.00", "0.00"),
    "supervisor": ("180.00", "30.00"),
}


def staffing_demo_seed(*, polling_day: PollingDay, acting_user, seed: int = 7) -> dict:
    """Pay table, shares, sessions, positions, a pool of 1.3 people per place, training and
    proposals. Does nothing if the day already has positions."""
    if Position.objects.filter(polling_day=polling_day).exists():
        return {"positions": Position.objects.filter(polling_day=polling_day).count()}
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    elections = list(polling_day.elections.order_by("election_id"))
    for election_type in {e.election_type for e in elections}:
        for role, (fee, training) in PAY_TABLE.items():
            services.pay_rate_save(
                election_type=election_type, role=role, fee=Decimal(fee),
                training_fee=Decimal(training), mileage_rate=Decimal("0.45"),
                extras=Decimal("0"), acting_user=acting_user,
            )  # fmt: skip
    if len(elections) > 1:
        share = Decimal(100) / len(elections)
        shares = {e: share.quantize(Decimal("0.01")) for e in elections}
        shares[elections[0]] += Decimal(100) - sum(shares.values())
        services.poll_shares_set(polling_day=polling_day, shares=shares,
                                 agreed_with="The other returning officers (demo)",
                                 acting_user=acting_user)  # fmt: skip
    evening = timezone.make_aware(dt.datetime.combine(polling_day.date, dt.time(22, 0)))
    for kind, name, when, staff in (
        (Session.Kind.POSTAL_OPENING, "Postal vote opening 1", evening - dt.timedelta(days=7),
         {"postal_opening": 12, "supervisor": 1}),
        (Session.Kind.VERIFICATION, "Verification", evening, {"verification": 30, "supervisor": 3}),
        (Session.Kind.COUNT, "Count", evening + dt.timedelta(hours=10),
         {"count": 40, "supervisor": 4}),
    ):  # fmt: skip
        services.session_add(
            polling_day=polling_day, kind=kind, name=name, starts_at=when, staff=staff,
            venue="Civic Centre", acting_user=acting_user,
        )  # fmt: skip
    services.positions_derive(polling_day=polling_day, acting_user=acting_user)
    places = sum(Position.objects.filter(polling_day=polling_day).values_list("needed", flat=True))
    homes = list(
        Property.objects.filter(easting__isnull=False).values_list("postcode", flat=True)[:5000]
    ) or ["EX1 2AB"]
    roles = ["presiding_officer", "poll_clerk", "count", "verification", "postal_opening"]
    people = 0
    for _ in range(int(places * 1.3)):
        first, last = fake.first_name(), fake.last_name()
        experience = {rng.choice(roles): rng.randint(1, 5)} if rng.random() < 0.4 else {}
        services.person_add(
            first_names=first, surname=last,
            email=f"{first}.{last}.{rng.randint(1, 999)}@example.com".lower(),
            phone=fake.phone_number(), address=fake.street_address(),
            postcode=rng.choice(homes), experience=experience,
            languages=rng.choice(["", "", "", "Welsh", "Polish", "Urdu", "BSL"]),
            acting_user=acting_user, reason="demo staff pool",
        )  # fmt: skip
        people += 1
    for first, last in (("Sam", "Applicant"), ("Samuel", "Applicant")):
        services.interest_submit(
            first_names=first, surname=last, email=f"{first.lower()}@example.com",
            postcode=homes[0],
        )  # fmt: skip
    module = TrainingModule.objects.create(
        code=f"POLL-{polling_day.date.year}", title="Polling station staff training",
        roles=["presiding_officer", "poll_clerk", "inspector"],
    )  # fmt: skip
    TrainingModule.objects.create(
        code=f"COUNT-{polling_day.date.year}", title="Verification and count training",
        roles=["verification", "count", "supervisor"],
    )  # fmt: skip
    MessageTemplate.objects.get_or_create(
        name="Briefing invitation",
        defaults={"subject": "Briefing for polling staff",
                  "body": "Dear {first_name},\n\nYou are invited to the staff briefing."},
    )  # fmt: skip
    result = services.staff_allocate(polling_day=polling_day, acting_user=acting_user)
    sample = list(Person.objects.filter(status="active")[:20])
    for person in sample[:10]:
        services.training_completion_record(person=person, module=module,
                                            completed_on=polling_day.date - dt.timedelta(days=30),
                                            acting_user=acting_user)  # fmt: skip
    return {"places": places, "people": people, **result}
