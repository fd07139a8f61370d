"""Demo data for absent voting, for `seed_demo` to call after it creates a poll.

    from ems.absent_voting.demo import absent_voting_demo_seed
    absent_voting_demo_seed(election=local, acting_user=None, seed=seed)

Everything goes through the services, so the audit trail shows it too. Signatures and
photographs are small generated PNG images. Decisions are made without letters (a few
letters are made so the letter links can be tried) to keep seeding quick.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib

from django.db.models import Q
from django.utils import timezone

from ems.elections.models import Election
from ems.polling.selectors import election_district_ids
from ems.register.models import Elector

from . import services
from .models import AbsentVoteApplication, OverseasDeclaration, VacApplication
from .rules import periods

POSTAL_SHARE = 0.08
MAX_POSTAL = 400


def demo_png(seed: int, width: int = 60, height: int = 16) -> bytes:
    """A small greyscale PNG with a made-up scribble, standing in for a scanned image."""
    rng = random.Random(seed)
    rows = []
    line = [rng.randrange(3, height - 3) for _ in range(width)]
    for y in range(height):
        pixels = bytes(0 if abs(line[x] - y) < 1 else 255 for x in range(width))
        rows.append(b"\x00" + pixels)
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _received(today: dt.date, days_ago: int, hour: int = 11) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def absent_voting_demo_seed(*, election: Election, acting_user, seed: int) -> dict:
    """Postal votes (8% of the poll's electors, at most 400), proxies, a postal proxy, an
    emergency proxy waiting for a decision, open applications in each work queue, postal
    votes ending soon and old signatures (for the renewal and refresh lists), Voter
    Authority Certificate applications (issued and open) and overseas electors'
    declarations. Returns counts. Does nothing if absent vote applications exist."""
    if AbsentVoteApplication.objects.exists():
        return {"absent_vote_applications": AbsentVoteApplication.objects.count()}
    rng = random.Random(seed + 6)
    today = timezone.localdate()
    districts = list(election_district_ids(election))
    electors = list(
        Elector.objects.filter(
            status=Elector.Status.LIVE, polling_district_id__in=districts, anonymous=False
        )
        .exclude(special_category__in=("overseas", "service"))
        .exclude(markers__contains="F")
        .order_by("pk")
    )
    rng.shuffle(electors)
    signature = demo_png(seed)
    counts = dict.fromkeys(
        ("postal", "proxy", "postal_proxy", "emergency_proxy", "open", "ending_soon",
         "signatures_old", "vac_issued", "vac_open", "overseas"), 0,
    )  # fmt: skip

    def apply(elector, *, received_at=None, verify=True, **values):
        data = {
            "kind": "postal", "scope": "standing", "elector": elector,
            "date_of_birth": dt.date(rng.randrange(1935, 2004), rng.randrange(1, 13),
                                     rng.randrange(1, 29)),
            "received_at": received_at or _received(today, rng.randrange(5, 120)),
            "nino": "", "no_nino_reason": "Paper form: none given",
            **values,
        }  # fmt: skip
        app = services.application_create(acting_user=acting_user, values=data, signature=signature)
        if verify and data["kind"] != "emergency_proxy":
            services.application_verify(
                application=app, route="documents", detail="Demo: passport seen",
                acting_user=acting_user,
            )  # fmt: skip
        return app

    def grant(app, *, on=None, letter=False):
        services.application_determine(
            application=app, acting_user=acting_user, today=on or today, letter=letter
        )

    postal = min(MAX_POSTAL, int(len(electors) * POSTAL_SHARE))
    pool = iter(electors)
    for i, elector in zip(range(postal), pool, strict=False):
        grant(apply(elector), letter=i < 3)
        counts["postal"] += 1
    proxies = [next(pool, None) for _ in range(min(30, len(electors) // 40))]
    for i, elector in enumerate(p for p in proxies if p is not None):
        values = {
            "kind": "proxy", "proxy_name": f"Demo Proxy {i + 1}",
            "proxy_address": f"{i + 1} Proxy Lane\nDemotown", "proxy_relationship": "Friend",
        }  # fmt: skip
        if i % 2:
            values.update(scope="election", election=election, reason="On holiday on polling day")
        else:
            values.update(grounds="disability", attested_by="Dr A Demo, GP",
                          attestation_detail="Cannot get to the polling station")  # fmt: skip
        grant(apply(elector, **values), letter=i == 0)
        counts["proxy"] += 1
    elector = next(pool, None)
    if elector is not None:
        grant(apply(elector, kind="postal_proxy", scope="election", election=election,
                    reason="Working abroad", proxy_name="Demo Postal Proxy",
                    proxy_address="9 Proxy Lane\nDemotown"))  # fmt: skip
        counts["postal_proxy"] += 1
    elector = next(pool, None)
    if elector is not None:
        apply(elector, kind="emergency_proxy", scope="election", election=election,
              grounds="photo_id", proxy_name="Demo Emergency Proxy",
              proxy_address="10 Proxy Lane\nDemotown",
              received_at=_received(today, 0, 9))  # fmt: skip
        counts["emergency_proxy"] += 1
    for i in range(10):  # the work queues: half awaiting verification, half ready
        elector = next(pool, None)
        if elector is None:
            break
        apply(elector, verify=i % 2 == 0, received_at=_received(today, i))
        counts["open"] += 1
    # Postal votes granted long enough ago to end in the next three months (renewals).
    granted = today - dt.timedelta(days=30)
    while granted > today - dt.timedelta(days=5 * 366):
        ends = periods.postal_vote_end(granted)
        if today < ends <= today + dt.timedelta(days=90):
            break
        granted -= dt.timedelta(days=14)
    for _ in range(5):
        elector = next(pool, None)
        if elector is None:
            break
        received = timezone.make_aware(dt.datetime.combine(granted, dt.time(10)))
        grant(apply(elector, received_at=received - dt.timedelta(days=3)), on=granted)
        counts["ending_soon"] += 1
    for i in range(5):  # signatures given more than five years ago (reg 60A refresh)
        elector = next(pool, None)
        if elector is None:
            break
        received = _received(today, 6 * 366)
        grant(apply(elector, kind="proxy", grounds="employment", attested_by="Demo Employer",
                    proxy_name=f"Demo Long Proxy {i + 1}", proxy_address="11 Proxy Lane\nDemotown",
                    received_at=received))  # fmt: skip
        counts["signatures_old"] += 1
    # Voter Authority Certificates.
    for i in range(12):
        elector = next(pool, None)
        if elector is None:
            break
        app = services.vac_application_create(
            acting_user=acting_user,
            values={"document": VacApplication.Document.VAC, "elector": elector,
                    "received_at": _received(today, rng.randrange(0, 60)),
                    "date_of_birth": dt.date(1960 + i, 3, 1), "no_nino_reason": "None given"},
            photo=demo_png(seed + 100 + i, 40, 50),
        )  # fmt: skip
        if i < 8:
            services.vac_application_verify(
                application=app, route="documents", detail="Demo: bank statement seen",
                acting_user=acting_user,
            )  # fmt: skip
            services.vac_determine(
                application=app, issue=True, acting_user=acting_user, letter=i == 0
            )
            counts["vac_issued"] += 1
        else:
            counts["vac_open"] += 1
    # Overseas electors' declarations (registrations ending on the third 1 November).
    abroad = (
        Elector.objects.filter(status=Elector.Status.LIVE, polling_district_id__in=districts)
        .filter(Q(special_category="overseas") | Q(markers__contains="F"))
        .order_by("pk")[:10]
    )
    for i, elector in enumerate(abroad):
        d = services.overseas_declaration_record(
            elector=elector, acting_user=acting_user,
            values={"kind": "declaration", "basis": "registered",
                    "received_on": today - dt.timedelta(days=400 * (i % 3) + 10),
                    "last_uk_address": "Last UK address held by the office"},
        )  # fmt: skip
        services.overseas_declaration_decide(
            declaration=d, accept=True, acting_user=acting_user, letter=False,
            takes_effect=d.received_on + dt.timedelta(days=5),
        )  # fmt: skip
        counts["overseas"] += 1
    counts["overseas_open"] = OverseasDeclaration.objects.filter(outcome="").count()
    return counts
