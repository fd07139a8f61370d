"""Demo applications: a batch in which every verification route and duplicate kind appears.

`applications_demo_seed(*, acting_user, count)` writes a council-tax extract and an IER DS
batch file (with DWP results) under MEDIA_ROOT/demo/applications and imports both through
the ordinary services, so the demo shows exactly what a real batch does. Synthetic people.
"""

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from faker import Faker

from ems.gazetteer.models import Property
from ems.register.models import Elector

from .rules.nino import NOT_ISSUED_PREFIXES
from .services import batch_import, local_data_import
from .sources import FileApplicationSource

NATIONALITIES = [["GB"]] * 12 + [["IE"], ["PL"], ["FR"], ["IN"], ["GB", "FR"], ["US"]]


def _nino(rng: random.Random) -> str:
    while True:
        prefix = rng.choice("ABCEGHJKLMNPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
        if prefix not in NOT_ISSUED_PREFIXES:
            return f"{prefix}{rng.randrange(10**6):06d}{rng.choice('ABCD')}"


def applications_demo_seed(*, acting_user, count: int = 60, seed: int = 5) -> dict:
    """Create and import a demo batch of `count` applications; returns the import summary.

    Routes seen: DWP match (about half), partial match and no match (left for local data,
    evidence, attestation or exception), local data match (a council-tax record), an
    address typed without UPRN (needs matching), duplicates of registered electors at the
    same and another address, repeats within the batch, EU citizens and an attainer.
    """
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    today = timezone.localdate()
    props = list(
        Property.objects.filter(status="live", polling_district__isnull=False).order_by("uprn")[
            : max(count * 3, 50)
        ]
    )
    if not props:
        raise ValueError("The demo needs the gazetteer loaded first.")
    electors = list(
        Elector.objects.filter(status="live", date_of_birth__isnull=False)
        .select_related("property")
        .order_by("id")[:10]
    )
    folder = Path(settings.MEDIA_ROOT) / "demo" / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    items, council_tax = [], []
    for i in range(count):
        prop = rng.choice(props)
        first, surname = fake.first_name(), fake.last_name()
        dob = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        nationalities = rng.choice(NATIONALITIES)
        dwp = ["match", "match", "match", "partial", "no_match"][i % 5]
        uprn: int | None = prop.uprn
        if i % 7 == 3:
            uprn = None  # typed address: needs the officer to match it
        if i % 10 == 4 and electors:  # registered already: at the same address or elsewhere
            elector = electors[(i // 10) % len(electors)]
            first, surname, dob = elector.first_names, elector.surname, elector.date_of_birth
            if i % 20 == 14:
                prop = rng.choice(props)
                uprn = prop.uprn
            else:
                prop, uprn = elector.property, elector.property_id
        if dwp == "no_match" and i % 2 == 0:  # the council-tax record verifies them
            council_tax.append([first, surname, dob.isoformat(), prop.uprn, prop.postcode])
        if i == 1:
            dob = date(today.year - 17, today.month, 1)  # an attainer
        item = {
            "application_id": f"DEMO-{today:%Y%m%d}-{i + 1:05d}",
            "submitted_at": f"{today - timedelta(days=rng.randrange(0, 10))}T10:00:00Z",
            "route": "ordinary",
            "applicant": {
                "title": rng.choice(["Mr", "Ms", "Mrs", "Mx", "Dr"]),
                "first_names": first,
                "surname": surname,
                "date_of_birth": dob.isoformat(),
                "nationalities": nationalities,
                "nino": _nino(rng) if i % 9 else "",
                "no_nino_reason": "" if i % 9 else "I have never been issued one",
                "leave_to_remain": True if nationalities[0] in ("IN", "US") else None,
                "eu_resident_before_2021": (i % 2 == 0) if nationalities[0] == "FR" else None,
            },
            "address": {
                "lines": [prop.address_line_1, prop.address_line_2],
                "town": prop.town,
                "postcode": prop.postcode,
                "uprn": uprn,
            },
            "open_register_opt_out": rng.random() < 0.6,
            "contact": {"email": f"applicant{i + 1}@example.com"},
            "postal_vote_interest": rng.random() < 0.2,
            "dwp_result": dwp,
        }
        items.append(item)
        if i % 15 == 6:  # the same person applies twice in the batch
            again = json.loads(json.dumps(item))
            again["application_id"] += "-R"
            items.append(again)
    tax_path = folder / "council-tax.csv"
    with tax_path.open("w", newline="", encoding="utf-8") as out:
        # Plain csv.writer: a synthetic import file of our own, not an export (csvwrite).
        writer = csv.writer(out)
        writer.writerow(["first_names", "surname", "date_of_birth", "uprn", "postcode"])
        writer.writerows(council_tax)
    local_data_import(path=tax_path, dataset="council-tax", acting_user=acting_user)
    batch_path = folder / f"ier-ds-{today:%Y%m%d}.json"
    batch_path.write_text(
        json.dumps(
            {
                "format": "ier-ds-batch",
                "version": 1,
                "batch_id": f"DEMO-{today:%Y%m%d}-{seed}",
                "gss_code": "",
                "created_at": f"{today}T06:00:00Z",
                "applications": items,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return batch_import(source=FileApplicationSource(batch_path), acting_user=acting_user)
