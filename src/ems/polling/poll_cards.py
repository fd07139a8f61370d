"""Poll card print files for a polling day, and their reconciliation with the register.

`poll_cards_produce` streams every live elector of the districts covered by the day's
polls in one query (values_list + iterator, no per-row queries), decides each card
with the rules in `rules.franchise` and `rules.poll_cards`, and writes:

- supplier.csv: every named card (ordinary, postal, proxy) for the print supplier;
- anonymous.csv: anonymous electors' cards, with no name or address, for the office
  to print and send in a covering envelope (never sent to the supplier);
- proof.pdf: the first cards of the supplier file as they will look.

It then reads both files back and reconciles them with a separate count of the
register by polling district (`rules.poll_cards.reconcile`): every entitled elector
exactly once, totals by district and by kind. Postal and proxy voters come from the
absent vote hook (`ems.polling.absent`); with no provider every card is ordinary. Where
the hook gives a proxy's name and address, the proxy's own poll card follows the
elector's card in supplier.csv, addressed to the proxy (send_to=proxy); reconciliation
counts the cards to electors and checks each proxy's card belongs to a proxy voter.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from ems.core import roles
from ems.core.audit import audit
from ems.core.csvwrite import safe_writer
from ems.core.errors import InvalidInput
from ems.core.jobs import Progress, job_handler, job_start
from ems.core.models import Job
from ems.elections.models import PollingDay
from ems.gazetteer.models import PollingDistrict
from ems.register.models import Elector

from . import absent, selectors
from .formats.poll_cards_csv import ANONYMOUS_HEADER, SUPPLIER_HEADER
from .models import PollCardRun
from .rules import franchise
from .rules import poll_cards as rules

FOLDER = "poll-cards"
SUPPLIER_FILE = "supplier.csv"
ANONYMOUS_FILE = "anonymous.csv"
PROOF_FILE = "proof.pdf"
CHUNK = 5000
SUPPLIER_BATCH = 2000
PROOF_CARDS = 24

ELECTOR_FIELDS = (
    "pk",
    "polling_district_id",
    "number",
    "suffix",
    "markers",
    "anonymous",
    "date_of_attainment",
    "title",
    "first_names",
    "middle_names",
    "surname",
    "correspondence_address",
    "property__address_line_1",
    "property__address_line_2",
    "property__address_line_3",
    "property__address_line_4",
    "property__town",
    "property__postcode",
)


def no_progress(done: int, total: int) -> None:
    return None


def _station_text(place) -> tuple[str, str, str]:
    lines = [line.strip() for line in place.address.splitlines() if line.strip()]
    return place.name, ", ".join(lines), place.postcode


def _card_rows(
    polling_day: PollingDay, district_ids: list[int], progress: Progress, total: int
) -> Iterator[tuple[str, tuple]]:
    """(kind or "anonymous", row) for every elector entitled to a card, in district order."""
    polls = selectors.polls_by_district(polling_day)
    lookup = selectors.station_lookup(polling_day)
    stations = {
        s.pk: (str(s.number), *_station_text(s.polling_place))
        for s in selectors.stations(polling_day)
    }
    codes = dict(PollingDistrict.objects.values_list("pk", "code"))
    poll_date = polling_day.date
    date_text = f"{poll_date:%A %-d %B %Y}"
    wording_cache: dict[tuple, str] = {}
    no_station = ("", "", "", "")
    use_hook = absent.has_providers()

    def wording(district_id: int, markers: str, attainment) -> str:
        attained = attainment is None or attainment <= poll_date
        key = (district_id, markers, attained)
        text = wording_cache.get(key)
        if text is None:
            titles = [
                e.title
                for e in polls.get(district_id, ())
                if franchise.entitled(
                    markers,
                    e.election_type,
                    poll_date=poll_date,
                    date_of_attainment=None if attained else attainment,
                )
            ]
            text = wording_cache[key] = rules.polls_wording(titles)
        return text

    queryset = (
        Elector.objects.filter(status=Elector.Status.LIVE, polling_district_id__in=district_ids)
        .order_by("polling_district_id", "number", "suffix")
        .values_list(*ELECTOR_FIELDS)
    )
    done = 0
    step = max(1, total // 100)
    chunk: list[tuple] = []

    def flush(rows: list[tuple]) -> Iterator[tuple[str, tuple]]:
        votes = absent.absent_votes([r[0] for r in rows], polling_day) if use_hook else {}
        for r in rows:
            (pk, district_id, number, suffix, markers, anonymous, attainment) = r[:7]
            polls_text = wording(district_id, markers, attainment)
            if not polls_text:
                continue
            code = codes[district_id]
            elector_number = f"{code}-{number}/{suffix}" if suffix else f"{code}-{number}"
            station = stations.get(lookup.station_for(district_id, number), no_station)
            vote = votes.get(pk)
            kind = vote.kind if vote is not None else rules.ORDINARY
            if anonymous or "N" in markers:
                yield (
                    rules.ANONYMOUS,
                    (kind, elector_number, code, *station, date_text, polls_text),
                )
                continue
            title, first, middle, surname, correspondence = r[7:12]
            name = " ".join(p for p in (title, first, middle, surname) if p)
            if r[12]:
                address = [line for line in r[12:17] if line]
                postcode = r[17] or ""
            else:
                address = [line.strip() for line in correspondence.splitlines() if line.strip()]
                postcode = ""
            address = (address + ["", "", "", "", ""])[:5]
            about = (kind, elector_number, code, name, *address, postcode, *station, date_text,
                     polls_text)  # fmt: skip
            yield kind, (*about, rules.SEND_TO_ELECTOR, name, *address, postcode)
            if vote is not None and vote.proxy_card_addressable:
                proxy_address = (list(vote.proxy_address) + ["", "", "", "", ""])[:5]
                yield rules.SENT_TO_PROXY, (*about, rules.SEND_TO_PROXY, vote.proxy_name,
                                            *proxy_address, vote.proxy_postcode)  # fmt: skip

    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush(chunk)
            done += len(chunk)
            chunk = []
            if done % step < CHUNK:
                progress(done, total)
    if chunk:
        yield from flush(chunk)
    progress(total, total)


def register_counts(polling_day: PollingDay, district_ids: list[int]) -> dict[str, tuple[int, int]]:
    """{district code: (live electors, electors entitled to a card)}, counted apart from the
    card files: one grouped query by district, markers and attainment."""
    polls = selectors.polls_by_district(polling_day)
    codes = dict(PollingDistrict.objects.values_list("pk", "code"))
    poll_date = polling_day.date
    grouped = (
        Elector.objects.filter(status=Elector.Status.LIVE, polling_district_id__in=district_ids)
        .annotate(
            late=Case(
                When(date_of_attainment__gt=poll_date, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values_list("polling_district_id", "markers", "late")
        .annotate(n=Count("id"))
        .order_by()
    )
    result = {codes[d]: [0, 0] for d in district_ids}
    for district_id, markers, late, n in grouped:
        row = result[codes[district_id]]
        row[0] += n
        attainment = poll_date.replace(year=poll_date.year + 1) if late else None
        if any(
            franchise.entitled(
                markers, e.election_type, poll_date=poll_date, date_of_attainment=attainment
            )
            for e in polls.get(district_id, ())
        ):
            row[1] += n
    return {code: (live, entitled) for code, (live, entitled) in result.items()}


SEND_TO_COLUMN = SUPPLIER_HEADER.index("send_to")


def read_cards(
    folder: Path, to_proxies: list[tuple[str, str]] | None = None
) -> Iterator[tuple[str, str, str]]:
    """(elector number, district, kind) for every card to an elector in the files, read
    back from disk. Proxies' own cards are not yielded: (elector number, kind) of each
    is appended to `to_proxies` when it is given."""
    with (folder / SUPPLIER_FILE).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            if row[SEND_TO_COLUMN] == rules.SEND_TO_PROXY:
                if to_proxies is not None:
                    to_proxies.append((row[1], row[0]))
                continue
            yield row[1], row[2], row[0]
    with (folder / ANONYMOUS_FILE).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            yield row[1], row[2], rules.ANONYMOUS


def reconcile_folder(polling_day: PollingDay, folder: Path, district_ids: list[int]) -> dict:
    to_proxies: list[tuple[str, str]] = []
    proxy_voters: set[str] = set()

    def cards() -> Iterator[tuple[str, str, str]]:
        for number, district, kind in read_cards(folder, to_proxies):
            if kind == rules.PROXY:
                proxy_voters.add(number)
            yield number, district, kind

    result = rules.reconcile(register=register_counts(polling_day, district_ids), cards=cards())
    result["sent_to_proxies"] = len(to_proxies)
    strays = [n for n, kind in to_proxies if kind != rules.PROXY or n not in proxy_voters]
    if strays:
        shown = ", ".join(strays[:10]) + (" ..." if len(strays) > 10 else "")
        result["problems"].append(
            f"{len(strays)} cards to proxies are for electors without a proxy vote: {shown}"
        )
        result["ok"] = False
    return result


def run_folder(run: PollCardRun) -> Path:
    return Path(settings.MEDIA_ROOT) / run.folder


def poll_cards_produce(
    *,
    polling_day: PollingDay,
    acting_user,
    folder: Path | None = None,
    proof_cards: int = PROOF_CARDS,
    progress: Progress = no_progress,
    job: Job | None = None,
    reason: str = "",
) -> PollCardRun:
    """Write the poll card files for a polling day, reconcile them and record the run."""
    roles.require_role(acting_user, roles.MANAGE, "produce poll cards")
    if not polling_day.elections.exists():
        raise InvalidInput("There are no polls on this polling day.")
    polls = selectors.polls_by_district(polling_day)
    district_ids = sorted(polls)
    relative = f"{FOLDER}/{polling_day.date.isoformat()}-{uuid.uuid4().hex[:8]}"
    folder = folder or Path(settings.MEDIA_ROOT) / relative
    folder.mkdir(parents=True, exist_ok=True)
    total = Elector.objects.filter(
        status=Elector.Status.LIVE, polling_district_id__in=district_ids
    ).count()
    counts = {kind: 0 for kind in (*rules.KINDS, rules.ANONYMOUS, rules.SENT_TO_PROXY)}
    proof: list[tuple] = []
    station_column = SUPPLIER_HEADER.index("station_number")
    hidden_station_column = ANONYMOUS_HEADER.index("station_number")
    without_station: list[str] = []
    with (
        (folder / SUPPLIER_FILE).open("w", encoding="utf-8", newline="") as supplier,
        (folder / ANONYMOUS_FILE).open("w", encoding="utf-8", newline="") as hidden,
    ):
        supplier_writer = safe_writer(supplier)
        hidden_writer = safe_writer(hidden)
        supplier_writer.writerow(SUPPLIER_HEADER)
        hidden_writer.writerow(ANONYMOUS_HEADER)
        # Supplier rows go out in batches: safe_writer checks a batch at once (fast path).
        batch: list[tuple] = []
        write_hidden = hidden_writer.writerow
        for kind, row in _card_rows(polling_day, district_ids, progress, total):
            counts[kind] += 1
            if kind == rules.ANONYMOUS:
                if not row[hidden_station_column]:
                    without_station.append(row[1])
                write_hidden(row)
                continue
            if kind != rules.SENT_TO_PROXY and not row[station_column]:
                without_station.append(row[1])
            batch.append(row)
            if len(batch) == SUPPLIER_BATCH:
                supplier_writer.writerows(batch)
                batch.clear()
            if len(proof) < proof_cards:
                proof.append(row)
        supplier_writer.writerows(batch)
    if proof_cards:
        from .formats.poll_cards_pdf import write_proof

        write_proof(
            folder / PROOF_FILE, [dict(zip(SUPPLIER_HEADER, r, strict=True)) for r in proof]
        )
    result = reconcile_folder(polling_day, folder, district_ids)
    if without_station:
        shown = ", ".join(without_station[:10]) + (" ..." if len(without_station) > 10 else "")
        result["problems"].append(
            f"{len(without_station)} electors have no polling station in the scheme: {shown}"
        )
        result["ok"] = False
    with transaction.atomic():
        run = PollCardRun.objects.create(
            polling_day=polling_day,
            job=job,
            created_by=acting_user,
            folder=str(folder.relative_to(settings.MEDIA_ROOT))
            if folder.is_relative_to(settings.MEDIA_ROOT)
            else str(folder),
            counts=counts,
            reconciliation=result,
            reconciled=result["ok"],
        )
        audit(
            acting_user=acting_user,
            action="poll_cards.produced",
            object_type="polling_day",
            object_id=polling_day.pk,
            object_repr=str(polling_day),
            after={
                "run": run.pk,
                "counts": counts,
                "reconciled": result["ok"],
                "problems": result["problems"][:20],
            },
            reason=reason,
        )
    return run


def poll_cards_start(*, polling_day: PollingDay, acting_user, reason: str = "") -> Job:
    """Queue poll card production as a background job."""
    roles.require_role(acting_user, roles.MANAGE, "produce poll cards")
    if not polling_day.elections.exists():
        raise InvalidInput("There are no polls on this polling day.")
    with transaction.atomic():
        return job_start(
            kind="polling.poll_cards",
            title=f"Poll cards for {polling_day}",
            params={"polling_day": polling_day.pk, "reason": reason},
            acting_user=acting_user,
        )


@job_handler("polling.poll_cards")
def run_poll_cards(job: Job, progress: Progress) -> dict:
    day = PollingDay.objects.get(pk=job.params["polling_day"])
    run = poll_cards_produce(
        polling_day=day,
        acting_user=job.created_by,
        progress=progress,
        job=job,
        reason=job.params.get("reason", ""),
    )
    return {
        "next_url": reverse("polling:poll_card_run", args=[run.pk]),
        "next_label": "See the poll card files and the reconciliation report",
        "poll_card_run": run.pk,
        **{f"{kind}_cards": n for kind, n in run.counts.items()},
        "reconciled": "yes" if run.reconciled else "NO: see the reconciliation report",
        "finished_at": timezone.localtime().strftime("%H:%M:%S"),
    }
