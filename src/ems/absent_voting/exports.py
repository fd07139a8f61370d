"""Absent voter lists and marked registers for one poll, as CSV and PDF.

RPA 2000 Sch 4 para 5 (and para 7(8)): for each election the registration officer keeps
the postal voters list, the list of proxies and the proxy postal voters list; RPR 2001
reg 61A supplies them to candidates, so here they are treated as published: anonymous
electors (RPA 1983 s9B) never appear in them, and no list ever carries a date of birth or
signature. The polling station register is marked "A" against every elector who votes by
post or whose proxy votes by post, so staff cannot issue a ballot paper in person (RPR
2001 reg 61(1); Parliamentary Elections Rules r 37(1)(b) as applied); anonymous electors
appear there by number only, as in the polling station register.

Everything streams: `write_all` makes every list and every station's marked register in
one pass over the register (one query for the electors, two for the arrangements), so a
1,000,000-elector register fits in memory; `list_rows` and `marked_register_rows` give one
list or one station (for downloads) with values_list and iterator().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import connection
from django.template.loader import get_template

from ems.core.csvwrite import safe_writer
from ems.elections.models import Election
from ems.polling.models import PollingStation
from ems.polling.rules import franchise
from ems.polling.selectors import election_district_ids, station_lookup
from ems.register.models import Elector, format_elector_number

from . import selectors
from .models import Kind

POSTAL_LIST = "postal_voters"
PROXY_LIST = "proxies"
POSTAL_PROXY_LIST = "postal_proxies"
LISTS = {
    POSTAL_LIST: "Postal voters list",
    PROXY_LIST: "List of proxies",
    POSTAL_PROXY_LIST: "Proxy postal voters list",
}
HEADERS = {
    POSTAL_LIST: ["elector_number", "name", "ballot_address"],
    PROXY_LIST: ["elector_number", "name", "proxy_name", "proxy_address"],
    POSTAL_PROXY_LIST: ["elector_number", "name", "proxy_name", "ballot_address"],
}
MARKED_HEADER = ["elector_number", "franchise_markers", "name", "postal_marker"]
CHUNK = 5000


@dataclass
class Absent:
    kind: str
    ballot_address: str
    proxy_name: str
    proxy_address: str


def absent_at(election: Election) -> dict[int, Absent]:
    """{elector id: the arrangement that applies at this poll} in one streaming read."""
    rows = selectors.applying_at(election).values_list(
        "elector_id", "scope", "kind", "pk", "ballot_address", "proxy_name", "proxy_address"
    )
    details: dict[int, tuple] = {}
    keys = []
    for elector_id, scope, kind, pk, ballot, proxy_name, proxy_address in rows.iterator(CHUNK):
        keys.append((elector_id, scope, kind, pk))
        details[pk] = (kind, ballot, proxy_name, proxy_address)
    return {
        elector_id: Absent(*details[pk])
        for elector_id, pk in selectors.effective_kinds(keys).items()
    }


@cache
def _entitled(markers: str, election_type: str, poll_date, attainment) -> bool:
    """Franchise check, cached: a register has few distinct markers and attainment dates."""
    if attainment is not None and attainment <= poll_date:
        attainment = None
    return franchise.entitled(
        markers, election_type, poll_date=poll_date, date_of_attainment=attainment
    )


def _one_line(text: str) -> str:
    return ", ".join(x.strip() for x in text.splitlines() if x.strip())


ELECTOR_FIELDS = (
    "id", "polling_district__code", "number", "suffix", "markers", "anonymous",
    "date_of_attainment", "title", "first_names", "surname",
    "property__address_line_1", "property__postcode", "polling_district_id",
)  # fmt: skip


def _electors(district_ids, ids=None):
    qs = Elector.objects.filter(status=Elector.Status.LIVE, polling_district_id__in=district_ids)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("polling_district__code", "number", "suffix").values_list(*ELECTOR_FIELDS)


LIST_KINDS = {
    POSTAL_LIST: frozenset({Kind.POSTAL}),
    PROXY_LIST: frozenset({Kind.PROXY, Kind.EMERGENCY_PROXY, Kind.POSTAL_PROXY}),
    POSTAL_PROXY_LIST: frozenset({Kind.POSTAL_PROXY}),
}


def _absent_electors(election: Election, absent: dict[int, Absent]) -> Iterator[tuple]:
    """(raw elector row, arrangement) for each entitled, not anonymous elector who votes
    absent at this poll, in register order: one streaming pass over the register (faster
    than asking for 250,000 ids in chunks)."""
    poll_date, election_type = election.poll_date, election.election_type
    entitled: dict[tuple, bool] = {}
    for row in _stream(list(election_district_ids(election))):
        a = absent.get(row[0])
        if a is None or row[5]:
            continue
        key = (row[4], row[6])
        ok = entitled.get(key)
        if ok is None:
            ok = entitled[key] = _entitled(row[4], election_type, poll_date, _as_date(row[6]))
        if ok:
            yield row, a


def _list_row(which: str, row: tuple, a: Absent) -> list[str]:
    number_text = format_elector_number(row[1], row[2], row[3])
    name = " ".join(p for p in (row[8], row[9]) if p)
    if which == POSTAL_LIST:
        home = ", ".join(p for p in (row[10], row[11]) if p)
        return [number_text, name, _one_line(a.ballot_address) or home]
    if which == PROXY_LIST:
        return [number_text, name, a.proxy_name, _one_line(a.proxy_address)]
    return [number_text, name, a.proxy_name,
            _one_line(a.ballot_address) or _one_line(a.proxy_address)]  # fmt: skip


def list_rows(
    election: Election, which: str, absent: dict[int, Absent] | None = None
) -> Iterator[list[str]]:
    """Rows (without header) of one absent voter list, in register order. Anonymous
    electors are left out."""
    kinds = LIST_KINDS[which]
    absent = absent_at(election) if absent is None else absent
    for row, a in _absent_electors(election, absent):
        if a.kind in kinds:
            yield _list_row(which, row, a)


def list_counts(election: Election, absent: dict[int, Absent] | None = None) -> dict[str, int]:
    """How many entries each list has (the same electors as `list_rows`)."""
    absent = absent_at(election) if absent is None else absent
    counts = dict.fromkeys(LISTS, 0)
    for _row, a in _absent_electors(election, absent):
        for which, kinds in LIST_KINDS.items():
            counts[which] += a.kind in kinds
    return counts


def marked_register_rows(election: Election, station_id: int, absent: dict[int, Absent],
                         lookup, districts: set[int]) -> Iterator[list[str]]:  # fmt: skip
    """The polling station register for one station, marked A for postal voters."""
    poll_date = election.poll_date
    served = [
        d for d in lookup.by_district if d in districts and station_id in lookup.stations_of(d)
    ]
    for row in _electors(served).iterator(chunk_size=CHUNK):
        pk, code, number, suffix, markers, anonymous, attainment = row[:7]
        if lookup.station_for(row[12], number) != station_id:
            continue
        if not _entitled(markers, election.election_type, poll_date, attainment):
            continue
        a = absent.get(pk)
        mark = "A" if a is not None and a.kind in (Kind.POSTAL, Kind.POSTAL_PROXY) else ""
        name = "" if anonymous else " ".join(p for p in (row[8], row[9]) if p)
        yield [
            format_elector_number(code, number, suffix),
            "" if anonymous else markers,
            name,
            mark,
        ]


def write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = safe_writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _stream(district_ids) -> Iterator[tuple]:
    """Every live elector of these districts in register order (district code, number,
    suffix), as raw database rows of ELECTOR_FIELDS: one query, read in chunks through a
    server-side cursor where the database has one, without Django's per-row converters
    (anonymous may be 0/1, date_of_attainment an ISO string on SQLite)."""
    sql, params = _electors(district_ids).query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(CHUNK)
            if not rows:
                return
            yield from rows


def _as_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def write_all(election: Election, folder: Path) -> dict[str, int]:
    """Every list and every station's marked register for a poll, as CSV files in `folder`.

    One pass over the register in order: each elector's row goes to the marked register of
    the station that serves them and, if they vote absent, to the lists for their kind.
    Queries: two for the arrangements, one for the stations, one for the electors."""
    folder.mkdir(parents=True, exist_ok=True)
    absent = absent_at(election)
    lookup = station_lookup(election.polling_day)
    districts = election_district_ids(election)
    numbers = {
        s.pk: s.number for s in PollingStation.objects.filter(polling_day=election.polling_day)
    }
    poll_date, election_type = election.poll_date, election.election_type
    postal_kinds = (Kind.POSTAL, Kind.POSTAL_PROXY)
    counts = dict.fromkeys(LISTS, 0)
    with ExitStack() as stack:

        def open_csv(name, header):
            f = stack.enter_context((folder / name).open("w", encoding="utf-8", newline=""))
            writer = safe_writer(f)
            writer.writerow(header)
            return writer

        lists = {which: open_csv(f"{which}.csv", HEADERS[which]) for which in LISTS}
        marked = {
            pk: open_csv(f"marked_register_station_{number}.csv", MARKED_HEADER)
            for pk, number in sorted(numbers.items(), key=lambda x: x[1])
        }
        marked_counts = dict.fromkeys(marked, 0)
        entitled: dict[tuple, bool] = {}
        for row in _stream(list(districts)):
            pk, code, number, suffix, markers, anonymous, attainment = row[:7]
            key = (markers, attainment)
            ok = entitled.get(key)
            if ok is None:
                ok = entitled[key] = _entitled(
                    markers, election_type, poll_date, _as_date(attainment)
                )
            if not ok:
                continue
            a = absent.get(pk)
            number_text = format_elector_number(code, number, suffix)
            name = "" if anonymous else " ".join(p for p in (row[8], row[9]) if p)
            station_id = lookup.station_for(row[12], number)
            if station_id in marked:
                mark = "A" if a is not None and a.kind in postal_kinds else ""
                marked[station_id].writerow([number_text, "" if anonymous else markers, name, mark])
                marked_counts[station_id] += 1
            if a is None or anonymous:
                continue
            for which, kinds in LIST_KINDS.items():
                if a.kind in kinds:
                    lists[which].writerow(_list_row(which, row, a))
                    counts[which] += 1
    for pk, n in marked_counts.items():
        counts[f"station_{numbers[pk]}"] = n
    return counts


def pdf(title: str, header: list[str], rows, *, election: Election, caption: str = "") -> bytes:
    from weasyprint import HTML

    html = get_template("absent_voting/list_pdf.html").render(
        {
            "title": title,
            "header": header,
            "rows": list(rows),
            "election": election,
            "caption": caption,
        }  # fmt: skip
    )
    return HTML(string=html).write_pdf()
