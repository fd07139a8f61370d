"""Publishing the register: the full and open editions as CSV or PDF (RPA 1983 s13).

`register_publish` streams the register in one query (electors joined to their
property and polling district, in register order) through the rules in
`rules.publication`, writes the file, keeps a copy under
MEDIA_ROOT/editions/ for downloading again later, and records an Edition with
its counts and SHA-256 checksum. Nothing is read per row.
"""

from __future__ import annotations

import datetime
import hashlib
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from ems.core.audit import audit
from ems.core.errors import EmsError, InvalidInput
from ems.core.jobs import Progress, job_handler
from ems.core.models import Country, Job
from ems.core.roles import EDIT_DATA, MANAGE, VIEW_DATA, require_role
from ems.core.selectors import council_get
from ems.gazetteer.models import PollingDistrict

from .formats.register_publish_csv import write_register_csv
from .formats.register_publish_pdf import RegisterPart, write_register_pdf
from .models import Edition, Elector
from .rules import publication as rules

EDITIONS_FOLDER = "editions"
CHUNK_SIZE = 5000
# Rows read per round trip and written per batch when streaming the CSV.
CSV_BATCH = 20000

# The columns read for each entry, in the order of rules.publication.ElectorRecord.
RECORD_FIELDS = (
    "polling_district__code",
    "number",
    "suffix",
    "markers",
    "title",
    "first_names",
    "middle_names",
    "surname",
    "date_of_birth",
    "date_of_attainment",
    "anonymous",
    "open_register_opt_out",
    "status",
    "property__address_line_1",
    "property__address_line_2",
    "property__address_line_3",
    "property__address_line_4",
    "property__town",
    "property__postcode",
    "property__street",
)


def no_progress(done: int, total: int) -> None:
    return None


def council_country() -> str:
    council = council_get()
    return council.country if council else Country.ENGLAND


def edition_queryset(kind: str, polling_district: PollingDistrict | None = None) -> QuerySet:
    """Entries that may be in the edition, in register order.

    District, then named entries in street and house order, then the "other
    electors" (anonymous entries and those with no address) by number. The
    rules still decide each entry; the filter only spares reading the rest.
    """
    electors = Elector.objects.filter(status=Elector.Status.LIVE)
    if kind == rules.OPEN:
        electors = electors.filter(anonymous=False, open_register_opt_out=False)
    if polling_district is not None:
        electors = electors.filter(polling_district=polling_district)
    return electors.order_by(
        "polling_district__code",
        "anonymous",
        F("property__street").asc(nulls_last=True),
        F("property__sort_key").asc(nulls_last=True),
        "number",
        "suffix",
    )


def edition_records(
    kind: str, polling_district: PollingDistrict | None = None
) -> Iterator[rules.ElectorRecord]:
    make = rules.ElectorRecord._make
    rows = (
        edition_queryset(kind, polling_district)
        .values_list(*RECORD_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in rows:
        yield make(row)


class _Counter:
    def __init__(self, total: int, progress: Progress):
        self.total = total
        self.progress = progress
        self.read = 0
        self.published = 0
        self.anonymous = 0

    def entries(
        self,
        kind: str,
        records: Iterator[rules.ElectorRecord],
        *,
        country: str,
        on: datetime.date,
        on_record: Callable[[rules.ElectorRecord, rules.PublishedEntry], None] | None = None,
    ) -> Iterator[rules.PublishedEntry]:
        published_entry = rules.published_entry
        step = max(1, self.total // 100)
        for record in records:
            self.read += 1
            if self.read % step == 0:
                self.progress(self.read, self.total)
            entry = published_entry(kind, record, country=country, on=on)
            if entry is None:
                continue
            self.published += 1
            if entry.anonymous:
                self.anonymous += 1
            yield entry
        self.progress(self.total, self.total)


NAMED_FIELDS = (
    "polling_district__code",
    "number",
    "suffix",
    "markers",
    "title",
    "first_names",
    "middle_names",
    "surname",
    "attainment_text",
    "property__address_line_1",
    "property__address_line_2",
    "property__address_line_3",
    "property__address_line_4",
    "property__town",
    "property__postcode",
)


def _published_electors(kind: str, polling_district, *, country: str, on: datetime.date):
    """Live entries the edition shows, anonymous or not (the rules as query filters)."""
    electors = Elector.objects.filter(status=Elector.Status.LIVE)
    for letter in rules.withheld_marker_letters():
        electors = electors.exclude(markers__contains=letter)
    cutoff = rules.young_person_birth_cutoff(country, on)
    if cutoff is not None:
        electors = electors.exclude(date_of_birth__gt=cutoff)
    if kind == rules.OPEN:
        electors = electors.filter(open_register_opt_out=False)
    if polling_district is not None:
        electors = electors.filter(polling_district=polling_district)
    return electors


_ANONYMOUS = Q(anonymous=True) | Q(markers__contains=rules.ANONYMOUS_MARKER)


def csv_rows(
    kind: str,
    polling_district,
    *,
    country: str,
    on: datetime.date,
    counter: _Counter,
) -> Iterator[list[tuple]]:
    """The edition's CSV rows in register order, in batches; two queries, no per-row reads.

    Named entries stream in street order; each district's anonymous entries
    (number and N only, full edition) follow its named entries.
    """
    electors = _published_electors(kind, polling_district, country=country, on=on)
    anonymous: dict[str, list[tuple]] = {}
    if kind == rules.FULL:
        for code, number, suffix in (
            electors.filter(_ANONYMOUS)
            .order_by("polling_district__code", "number", "suffix")
            .values_list("polling_district__code", "number", "suffix")
        ):
            anonymous.setdefault(code, []).append(rules.anonymous_csv_row(code, number, suffix))
    named = (
        electors.exclude(_ANONYMOUS)
        .annotate(
            attainment_text=Case(
                When(
                    date_of_attainment__gt=on,
                    then=Cast("date_of_attainment", output_field=CharField()),
                ),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by(
            "polling_district__code",
            F("property__street").asc(nulls_last=True),
            F("property__sort_key").asc(nulls_last=True),
            "number",
            "suffix",
        )
        .values_list(*NAMED_FIELDS)
        .iterator(chunk_size=CSV_BATCH)
    )
    row_of = rules.named_csv_row
    progress, total = counter.progress, counter.total
    current = None
    done = 0
    while batch := list(islice(named, CSV_BATCH)):
        done += len(batch)
        progress(min(done, total), total)
        if anonymous and batch[-1][0] != current:
            # A district ends in this batch: its anonymous entries follow its named ones.
            out: list[tuple] = []
            for row in batch:
                code = row[0]
                if code != current:
                    if current is not None:
                        out.extend(_anonymous_rows(anonymous.pop(current, []), counter))
                    current = code
                out.append(row_of(row))
            yield out
        else:
            current = batch[-1][0]
            yield list(map(row_of, batch))
    counter.published += done
    if current is not None:
        yield _anonymous_rows(anonymous.pop(current, []), counter)
    for code in sorted(anonymous):
        yield _anonymous_rows(anonymous[code], counter)
    progress(total, total)


def _anonymous_rows(rows: list[tuple], counter: _Counter) -> list[tuple]:
    counter.published += len(rows)
    counter.anonymous += len(rows)
    return rows


def _parts(
    kind: str,
    entries_with_records: Iterator[tuple[rules.ElectorRecord, rules.PublishedEntry]],
    *,
    districts: dict[str, PollingDistrict],
    council,
    on: datetime.date,
) -> Iterator[RegisterPart]:
    """Group entries (already in register order) into one part per polling district."""
    part: RegisterPart | None = None
    for record, entry in entries_with_records:
        if part is None or part.headings.district_code != entry.polling_district:
            if part is not None:
                yield part
            district = districts[entry.polling_district]
            part = RegisterPart(
                headings=rules.register_headings(
                    kind=kind,
                    council=council.name if council else "",
                    ero=council.ero_name if council else "",
                    district_code=district.code,
                    district_name=district.name,
                    ward=district.ward.name,
                    parish=district.parish.name if district.parish else "",
                    constituency=district.constituency.name if district.constituency else "",
                    published_on=on,
                )
            )
        if entry.anonymous or not entry.address:
            part.others.append(entry)
            continue
        street = record.street or ""
        if not part.streets or part.streets[-1][0] != street:
            part.streets.append((street, []))
        part.streets[-1][1].append(entry)
    if part is not None:
        yield part


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def editions_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / EDITIONS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def register_publish(
    *,
    kind: str,
    file_format: str = "csv",
    out_path: str | Path | None = None,
    polling_district: PollingDistrict | str | None = None,
    acting_user,
    published_on: datetime.date | None = None,
    progress: Progress = no_progress,
    reason: str = "",
) -> Edition:
    """Publish the full or open edition as CSV or PDF and record it as an Edition.

    The file is kept under MEDIA_ROOT/editions/ and, if `out_path` is given,
    copied there too. `polling_district` (an object or its code) limits the
    edition to one district.
    """
    require_role(acting_user, MANAGE, "publish the register")
    if kind not in rules.EDITION_KINDS:
        raise InvalidInput(f"The edition must be full or open, not {kind!r}.")
    if file_format not in (Edition.Format.CSV, Edition.Format.PDF):
        raise InvalidInput(f"The format must be csv or pdf, not {file_format!r}.")
    if isinstance(polling_district, str):
        code = polling_district
        polling_district = PollingDistrict.objects.filter(code=code).first()
        if polling_district is None:
            raise InvalidInput(f"There is no polling district {code}.")
    on = published_on or timezone.localdate()
    country = council_country()
    area = polling_district.code if polling_district else "all"
    name = f"{kind}-register-{area}-{on.isoformat()}-{uuid.uuid4().hex[:8]}.{file_format}"
    stored = editions_folder() / name
    partial = stored.with_suffix(stored.suffix + ".part")

    target = Path(out_path) if out_path else None
    if target is not None and not target.parent.is_dir():
        raise InvalidInput(f"The folder {target.parent} does not exist.")

    checksum = ""
    try:
        total = _published_electors(kind, polling_district, country=country, on=on).count()
        counter = _Counter(total, progress)
        with _planned_for_whole_result():
            checksum = _write_edition(
                kind, file_format, partial, polling_district, counter, country=country, on=on
            )
        partial.replace(stored)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

    checksum = checksum or file_sha256(stored)
    size = stored.stat().st_size
    if target is not None:
        shutil.copyfile(stored, target)

    with transaction.atomic():
        edition = Edition.objects.create(
            kind=kind,
            file_format=file_format,
            published_on=on,
            polling_district=polling_district,
            elector_count=counter.published,
            anonymous_count=counter.anonymous,
            file_path=f"{EDITIONS_FOLDER}/{name}",
            file_sha256=checksum,
            file_size=size,
            created_by=acting_user,
        )
        audit(
            acting_user=acting_user,
            action="edition.publish",
            object_type="edition",
            object_id=edition.pk,
            object_repr=str(edition),
            after={
                "kind": kind,
                "file_format": file_format,
                "published_on": on.isoformat(),
                "polling_district": area,
                "elector_count": counter.published,
                "anonymous_count": counter.anonymous,
                "file_sha256": checksum,
                "file_size": size,
            },
            reason=reason,
        )
    return edition


def _with_records(kind, records, counter: _Counter, *, country, on):
    """Pairs of (record, entry) for the PDF, which groups by street."""
    held: dict[str, rules.ElectorRecord] = {}

    def remember():
        for record in records:
            held["last"] = record
            yield record

    for entry in counter.entries(kind, remember(), country=country, on=on):
        yield held["last"], entry


@contextmanager
def _planned_for_whole_result():
    """On PostgreSQL, plan the streaming queries for reading every row.

    Django streams `iterator()` through a server-side cursor, which PostgreSQL
    plans for the first 10% of rows (cursor_tuple_fraction = 0.1); for a register
    read end to end that picks index-ordered plans several times slower than a
    sort. Set for this connection while the file is written, then reset. (Not
    in a transaction: the job's progress must stay visible while it runs.)
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def _write_edition(
    kind: str,
    file_format: str,
    partial: Path,
    polling_district,
    counter: _Counter,
    *,
    country: str,
    on: datetime.date,
) -> str:
    """Write the edition's file; return its SHA-256 if it was computed while writing."""
    if file_format == Edition.Format.CSV:
        with partial.open("wb") as out:
            _, checksum = write_register_csv(
                out, csv_rows(kind, polling_district, country=country, on=on, counter=counter)
            )
        return checksum
    records = edition_records(kind, polling_district)
    districts = {
        d.code: d for d in PollingDistrict.objects.select_related("ward", "parish", "constituency")
    }
    pairs = _with_records(kind, records, counter, country=country, on=on)
    write_register_pdf(
        partial, _parts(kind, pairs, districts=districts, council=council_get(), on=on)
    )
    return ""


def edition_file(edition: Edition) -> Path:
    """The kept file of an edition, checked against its recorded checksum."""
    path = Path(settings.MEDIA_ROOT) / edition.file_path
    if not path.is_file():
        raise EmsError("The file of this edition is no longer kept on the server.")
    if edition.file_size and path.stat().st_size != edition.file_size:
        raise EmsError("The file of this edition has changed since it was published.")
    if file_sha256(path) != edition.file_sha256:
        raise EmsError("The file of this edition has changed since it was published.")
    return path


@transaction.atomic
def edition_download(*, edition: Edition, acting_user) -> Path:
    """Check who may take a copy of an edition, record that they did, and return its file.

    The full register is personal data whose supply RPR 2001 Part VI restricts: only officers
    and managers may download it; the open register is for every data role.
    """
    allowed = EDIT_DATA if edition.kind == Edition.Kind.FULL else VIEW_DATA
    require_role(acting_user, allowed, f"download the {edition.get_kind_display().lower()}")
    path = edition_file(edition)
    audit(
        acting_user=acting_user,
        action="edition.downloaded",
        object_type="edition",
        object_id=edition.pk,
        object_repr=str(edition),
        after={"kind": edition.kind, "format": edition.file_format, "sha256": edition.file_sha256},
    )
    return path


def edition_download_name(edition: Edition) -> str:
    area = edition.polling_district.code if edition.polling_district_id else "all"
    return (
        f"{edition.kind}-register-{area}-{edition.published_on.isoformat()}.{edition.file_format}"
    )


def editions_list() -> QuerySet[Edition]:
    return Edition.objects.select_related("polling_district", "created_by")


@job_handler("register.publish")
def run_register_publish(job: Job, progress: Progress) -> dict:
    params = job.params
    published_on = params.get("published_on")
    edition = register_publish(
        kind=params["kind"],
        file_format=params.get("file_format", "csv"),
        polling_district=params.get("polling_district") or None,
        acting_user=job.created_by,
        published_on=datetime.date.fromisoformat(published_on) if published_on else None,
        progress=progress,
        reason=params.get("reason", ""),
    )
    return {
        "edition": edition.pk,
        "entries_published": edition.elector_count,
        "anonymous_entries": edition.anonymous_count,
        "file_size_bytes": edition.file_size,
        "sha256": edition.file_sha256,
    }
