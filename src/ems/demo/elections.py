"""The demo's upcoming combined poll: local and PCC elections on one day, with their
polling scheme and nominations, all made through the real services (and so audited)."""

import csv
import datetime as dt
import random
from pathlib import Path

from faker import Faker

from ems.absent_voting.demo import absent_voting_demo_seed
from ems.elections import nominations
from ems.elections import services as election_services
from ems.elections.models import Election, RegisteredParty
from ems.elections.nominations_selectors import nomination_deadlines
from ems.gazetteer.models import Ward
from ems.polling.demo import polling_demo_seed
from ems.register.models import Elector
from ems.staffing.demo import staffing_demo_seed

# Fictional parties: the demo never uses a real party's name.
DEMO_PARTIES = [
    ("PP9001", "Civic Alliance", "Civic Alliance - Local Voice"),
    ("PP9002", "Green Valley Party", "Green Valley Party"),
    ("PP9003", "Borough First", "Borough First - Putting Residents First"),
]
SEATS_PER_WARD = 2


def next_may_poll(today: dt.date) -> dt.date:
    """The first Thursday in May of next year's ordinary elections (RPA 1983 s37)."""
    year = today.year + 1 if today.month >= 3 else today.year
    first_may = dt.date(year, 5, 1)
    return first_may + dt.timedelta(days=(3 - first_may.weekday()) % 7)


def write_parties_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        # Plain csv.writer: a synthetic import file of our own, not an export (csvwrite).
        writer = csv.writer(out)
        writer.writerow(["ECRef", "RegulatedEntityName", "RegisterName", "RegistrationStatus",
                         "Descriptions", "Emblems"])  # fmt: skip
        for ref, name, description in DEMO_PARTIES:
            writer.writerow([ref, name, "Great Britain", "Registered", description, ""])


def election_demo_seed(*, council_name: str, folder: Path, today: dt.date, seed: int) -> dict:
    """Create the combined poll, its polling scheme, parties and nominations. Returns counts."""
    poll_date = next_may_poll(today)
    wards = list(Ward.objects.order_by("code"))
    local = election_services.election_create(
        title=f"{council_name}: borough council elections",
        election_type="local",
        poll_date=poll_date,
        country="england",
        organisation=council_name,
        areas=[election_services.AreaSpec(ward=w, seats=SEATS_PER_WARD) for w in wards],
        acting_user=None,
        reason="Demo combined poll",
    )
    election_services.election_create(
        title="Police and Crime Commissioner election",
        election_type="pcc",
        poll_date=poll_date,
        country="england",
        organisation="Demoshire",
        areas=[election_services.AreaSpec(division_name="Demoshire police area")],
        acting_user=None,
        reason="Demo combined poll",
    )
    scheme = polling_demo_seed(election=local, acting_user=None)
    staff = staffing_demo_seed(polling_day=local.polling_day, acting_user=None, seed=seed)
    absent = absent_voting_demo_seed(election=local, acting_user=None, seed=seed)
    parties_file = folder / "parties.csv"
    write_parties_csv(parties_file)
    nominations.parties_import(path=parties_file, acting_user=None)
    candidates = _nominate(local, today=today, seed=seed)
    return {
        "poll_date": poll_date.isoformat(),
        **scheme,
        "candidates": candidates,
        "staff_places": staff.get("places", staff.get("positions", 0)),
        **{f"absent_{k}": v for k, v in absent.items() if isinstance(v, int)},
    }


def _nominate(election: Election, *, today: dt.date, seed: int) -> int:
    """Three party candidates and one independent per ward, each with a proposer and seconder
    from the ward's register. The last ward's papers are left for an officer to check; the
    others are delivered two days before the close of nominations (consent signed that day)
    and held valid by the Returning Officer an hour later, so each of those wards has a
    statement of persons nominated that the count can use. The times are fixed by the
    statutory timetable, so the demo is the same whenever it is built."""
    deadlines = nomination_deadlines(election)
    delivery_start = deadlines.close_of_nominations - dt.timedelta(days=2)
    rng = random.Random(seed + 2)
    fake = Faker("en_GB")
    fake.seed_instance(seed + 2)
    parties = list(RegisteredParty.objects.prefetch_related("descriptions"))
    areas = list(election.areas.select_related("ward").order_by("ward__code"))
    made = 0
    for index, area in enumerate(areas):
        subscribers = _subscriber_pool(area.ward, rng)
        for party in [*parties, None]:
            candidate = nominations.candidate_add(
                area=area,
                surname=fake.last_name(),
                other_names=fake.first_name(),
                home_address=f"{rng.randint(1, 90)} {fake.street_name()}, {area.ward.name}",
                party=party,
                description=party.descriptions.first().description if party else "Independent",
                certificate_of_authorisation=party is not None,
                acting_user=None,
            )
            made += 1
            lines = [subscribers.pop() for _ in range(2) if subscribers]
            nominations.subscribers_set(candidate=candidate, lines=lines, acting_user=None)
            if index == len(areas) - 1:
                continue
            delivered_at = delivery_start + dt.timedelta(minutes=2 * made)
            nominations.consent_record(
                candidate=candidate, given_on=delivered_at.date(), acting_user=None
            )
            nominations.nomination_deliver(
                candidate=candidate, delivered_at=delivered_at, acting_user=None
            )
            nominations.nomination_decide(
                candidate=candidate,
                valid=True,
                now=delivered_at + dt.timedelta(hours=1),
                acting_user=None,
                reason="Demo: papers in order",
            )
    return made


def _subscriber_pool(ward: Ward, rng: random.Random) -> list[tuple[str, str]]:
    """Elector numbers and names of ordinary live electors in the ward, shuffled."""
    electors = list(
        Elector.objects.filter(
            polling_district__ward=ward, status=Elector.Status.LIVE, anonymous=False, markers=""
        )
        .select_related("polling_district")
        .order_by("polling_district__code", "number")[:200]
    )
    rng.shuffle(electors)
    return [(e.elector_number, e.full_name) for e in electors]
