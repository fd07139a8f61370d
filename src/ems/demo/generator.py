"""A synthetic council: wards, polling districts, streets, properties and electors.

Everything is made up with Faker en_GB and a seeded random generator, so the same
seed gives the same council. Nothing here touches the database: it writes the
same CSV files a council would import, so the demo goes through the real
importers (and so the audit trail).
"""

import csv
import datetime
import math
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker

STREET_TYPES = [
    "Road", "Street", "Avenue", "Close", "Lane", "Drive", "Way", "Crescent",
    "Gardens", "Grove", "Place", "Terrace", "Walk", "Rise", "Court",
]  # fmt: skip
HOUSE_NAMES = [
    "Rose Cottage", "The Old Forge", "Orchard House", "Ivy Cottage", "The Laurels",
    "Hillcrest", "The Willows", "Meadow View", "Brookside", "The Old Rectory",
]  # fmt: skip
WARD_SUFFIXES = ["Park", "North", "South", "Central", "Vale", "Hill"]
# The inward code's letters never include C, I, K, M, O or V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
ELECTORS_PER_PROPERTY = 1.8
DISTRICT_SIZE = (1000, 4000)
DISTRICTS_PER_WARD = (2, 4)


@dataclass
class DemoProperty:
    uprn: int
    lines: list[str]
    town: str
    postcode: str
    easting: int
    northing: int
    classification: str
    district_code: str
    street: str
    electors: int = 0


@dataclass
class DemoDistrict:
    ward_code: str
    ward_name: str
    code: str
    name: str
    size: int
    properties: list[DemoProperty] = field(default_factory=list)
    polling_place: tuple[str, str, str] = ("", "", "")  # name, address, postcode


@dataclass
class DemoCouncil:
    districts: list[DemoDistrict]
    properties: list[DemoProperty]
    town: str


def _district_sizes(electors: int, rng: random.Random) -> list[int]:
    """Split the electorate into districts of 1,000-4,000 electors (fewer if N is tiny)."""
    sizes = []
    remaining = electors
    while remaining > 0:
        size = rng.randint(*DISTRICT_SIZE)
        if remaining - size < DISTRICT_SIZE[0]:
            size = remaining if remaining <= DISTRICT_SIZE[1] else remaining // 2
        sizes.append(size)
        remaining -= size
    return sizes


def _ward_letters(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index // 26 % 26] + letters[index % 26]


class _Postcodes:
    """Hands out valid-format postcodes, about fifteen properties to each."""

    def __init__(self, rng: random.Random, area: str):
        self.rng = rng
        self.area = area
        self.used: set[str] = set()

    def new(self, district_number: int) -> str:
        while True:
            inward = (
                str(self.rng.randint(0, 9))
                + self.rng.choice(INWARD_LETTERS)
                + self.rng.choice(INWARD_LETTERS)
            )
            postcode = f"{self.area}{district_number} {inward}"
            if postcode not in self.used:
                self.used.add(postcode)
                return postcode


def build_council(*, electors: int, seed: int) -> DemoCouncil:
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    town = fake.city()
    postcodes = _Postcodes(rng, "DM")
    districts: list[DemoDistrict] = []
    sizes = _district_sizes(electors, rng)
    ward_index = 0
    while sizes:
        ward_name = f"{fake.last_name()} {rng.choice(WARD_SUFFIXES)}"
        ward_code = f"E0599{ward_index:04d}"
        count = min(len(sizes), rng.randint(*DISTRICTS_PER_WARD))
        for number in range(1, count + 1):
            code = f"{_ward_letters(ward_index)}{number}"
            districts.append(
                DemoDistrict(ward_code, ward_name, code, f"{ward_name} {number}", sizes.pop(0))
            )
        ward_index += 1

    uprn = 10090000000
    used_streets: set[str] = set()
    properties: list[DemoProperty] = []
    for district_number, district in enumerate(districts, start=1):
        target = math.ceil(district.size / ELECTORS_PER_PROPERTY)
        base_e, base_n = (
            280000 + 900 * (district_number % 30),
            90000 + 900 * (district_number // 30),
        )
        while len(district.properties) < target:
            street = _new_street(fake, rng, used_streets)
            houses = min(target - len(district.properties), rng.randint(10, 60))
            postcode = postcodes.new(district_number % 99 + 1)
            for house in range(1, houses + 1):
                if house % 15 == 0:
                    postcode = postcodes.new(district_number % 99 + 1)
                uprn += 1
                district.properties.append(
                    DemoProperty(
                        uprn=uprn,
                        lines=_address_lines(rng, house, street),
                        town=town,
                        postcode=postcode,
                        easting=base_e + rng.randint(0, 800),
                        northing=base_n + rng.randint(0, 800),
                        classification="residential",
                        district_code=district.code,
                        street=street,
                    )
                )
        _share_electors(district, rng)
        district.polling_place = _polling_place(fake, rng, district.properties[0])
        properties.extend(district.properties)
        # A few shops and offices: in the gazetteer but with no electors.
        for shop in range(max(1, target // 30)):
            uprn += 1
            properties.append(
                DemoProperty(
                    uprn=uprn,
                    lines=[f"Unit {shop + 1}", f"{fake.last_name()} Trading Estate"],
                    town=town,
                    postcode=postcodes.new(district_number % 99 + 1),
                    easting=base_e,
                    northing=base_n,
                    classification="commercial",
                    district_code=district.code,
                    street=f"{district.code} Trading Estate",
                )
            )
    # New-build homes the ERO has not yet placed in a polling district.
    for plot in range(5):
        uprn += 1
        properties.append(
            DemoProperty(
                uprn=uprn,
                lines=[f"Plot {plot + 1}", "Meadow Fields"],
                town=town,
                postcode=postcodes.new(1),
                easting=280000,
                northing=90000,
                classification="residential",
                district_code="",
                street="Meadow Fields",
            )
        )
    return DemoCouncil(districts=districts, properties=properties, town=town)


def _new_street(fake: Faker, rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice([fake.last_name(), fake.first_name()])} {rng.choice(STREET_TYPES)}"
        if name not in used:
            used.add(name)
            return name


def _address_lines(rng: random.Random, house: int, street: str) -> list[str]:
    roll = rng.random()
    if roll < 0.08:
        return [f"Flat {rng.randint(1, 6)}", f"{house} {street}"]
    if roll < 0.12:
        return [rng.choice(HOUSE_NAMES), street]
    return [f"{house} {street}"]


POLLING_PLACE_KINDS = [
    "Community Centre",
    "Church Hall",
    "Primary School",
    "Scout Hut",
    "Village Hall",
]


def _polling_place(fake: Faker, rng: random.Random, near: DemoProperty) -> tuple[str, str, str]:
    """A building in the district to vote in: name, address and postcode."""
    name = f"{fake.last_name()} {rng.choice(POLLING_PLACE_KINDS)}"
    return name, f"{near.street}, {near.town}", near.postcode


def _share_electors(district: DemoDistrict, rng: random.Random) -> None:
    """Give each home 1-4 electors so that the district has exactly its size."""
    homes = district.properties
    remaining = district.size
    for home in homes:
        home.electors = 1
    remaining -= len(homes)
    while remaining > 0:
        home = rng.choice(homes)
        if home.electors < 4:
            home.electors += 1
            remaining -= 1


def write_districts_csv(council: DemoCouncil, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        # Plain csv.writer: a synthetic import file of our own, not an export (csvwrite).
        writer = csv.writer(out)
        writer.writerow(
            ["ward_code", "ward_name", "polling_district_code", "polling_district_name",
             "polling_place_name", "polling_place_address", "polling_place_postcode"]
        )  # fmt: skip
        for d in council.districts:
            writer.writerow([d.ward_code, d.ward_name, d.code, d.name, *d.polling_place])


def write_gazetteer_csv(council: DemoCouncil, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        # Plain csv.writer: a synthetic import file of our own, not an export (csvwrite).
        writer = csv.writer(out)
        writer.writerow(
            ["uprn", "address_line_1", "address_line_2", "address_line_3", "address_line_4",
             "town", "postcode", "easting", "northing", "classification", "polling_district_code"]
        )  # fmt: skip
        for p in council.properties:
            lines = (p.lines + ["", "", "", ""])[:4]
            writer.writerow(
                [p.uprn, *lines, p.town, p.postcode, p.easting, p.northing,
                 p.classification, p.district_code]
            )  # fmt: skip


@dataclass(frozen=True)
class Proportions:
    """Shares of the electorate with each characteristic (synthetic, roughly national)."""

    attainers: float = 0.015
    open_register_opt_out: float = 0.55
    anonymous_per_10000: float = 1.0
    overseas: float = 0.003
    eu_citizens: float = 0.04
    commonwealth: float = 0.03


def write_register_csv(
    council: DemoCouncil, path: Path, *, seed: int, today: datetime.date, markers: dict[str, str]
) -> dict[str, int]:
    """Write the register import file. `markers` maps 'eu', 'overseas', 'anonymous' to letters.

    Electors are numbered 1..n per district in street order, as at a full publication.
    """
    rng = random.Random(seed + 1)
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1)
    shares = Proportions()
    counts = dict.fromkeys(
        ["electors", "attainers", "opted_out", "anonymous", "overseas", "eu", "commonwealth"], 0
    )
    total = sum(d.size for d in council.districts)
    # About one in 10,000 is anonymous, and every demo has at least one to show.
    anonymous_every = max(1, min(int(10000 / shares.anonymous_per_10000), total))
    with path.open("w", newline="", encoding="utf-8") as out:
        # Plain csv.writer: a synthetic import file of our own, not an export (csvwrite).
        writer = csv.writer(out)
        writer.writerow(
            ["polling_district_code", "elector_number", "elector_suffix", "markers", "title",
             "first_names", "middle_names", "surname", "date_of_birth", "date_of_attainment",
             "uprn", "open_register_opt_out", "anonymous"]
        )  # fmt: skip
        for district in council.districts:
            number = 0
            for home in sorted(district.properties, key=lambda p: (p.street, p.uprn)):
                family = fake.last_name()
                for _ in range(home.electors):
                    number += 1
                    counts["electors"] += 1
                    row = _elector_row(rng, fake, family, today, shares, markers, counts)
                    anonymous = counts["electors"] % anonymous_every == anonymous_every // 2
                    if anonymous:
                        counts["anonymous"] += 1
                        row["markers"] = markers["anonymous"]
                        row["opt_out"] = "Y"
                    writer.writerow(
                        [district.code, number, "", row["markers"], row["title"], row["first"],
                         row["middle"], family if not row["own_surname"] else row["own_surname"],
                         row["dob"].isoformat(), row["attains"], home.uprn, row["opt_out"],
                         "Y" if anonymous else "N"]
                    )  # fmt: skip
    return counts


def _elector_row(rng, fake, family, today, shares, markers, counts) -> dict:
    female = rng.random() < 0.51
    first = fake.first_name_female() if female else fake.first_name_male()
    title = rng.choice(["Ms", "Mrs", "Miss"]) if female else "Mr"
    middle = (
        (fake.first_name_female() if female else fake.first_name_male())
        if rng.random() < 0.4
        else ""
    )
    own_surname = fake.last_name() if rng.random() < 0.2 else ""
    attains = ""
    if rng.random() < shares.attainers:
        # Reaches 18 within the next year: an attainer, shown with their date.
        birthday = today - datetime.timedelta(days=17 * 365 + rng.randint(5, 360))
        attains_on = birthday.replace(year=birthday.year + 18)
        dob, attains = birthday, attains_on.isoformat()
        counts["attainers"] += 1
    else:
        dob = fake.date_of_birth(minimum_age=18, maximum_age=95)
    marker = ""
    roll = rng.random()
    if roll < shares.overseas:
        marker = markers["overseas"]
        counts["overseas"] += 1
    elif roll < shares.overseas + shares.eu_citizens:
        marker = markers["eu"]
        counts["eu"] += 1
    elif roll < shares.overseas + shares.eu_citizens + shares.commonwealth:
        counts["commonwealth"] += 1
    opted_out = rng.random() < shares.open_register_opt_out
    counts["opted_out"] += opted_out
    return {
        "title": title, "first": first, "middle": middle, "own_surname": own_surname,
        "dob": dob, "attains": attains, "markers": marker, "opt_out": "Y" if opted_out else "N",
    }  # fmt: skip
