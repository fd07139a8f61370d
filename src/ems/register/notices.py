"""Notices of alteration (RPA 1983 s13A, s13AB and s13B).

`notice_publish` gathers every alteration effective in the notice's period that
no notice has listed yet, writes one CSV and one PDF per polling district under
MEDIA_ROOT/notices/<id>/, and links the alterations to a new NoticeOfAlteration.
Each alteration is listed by exactly one notice. It runs as a background job from
the web ("register.notice"): a large notice takes minutes to write.
"""

from __future__ import annotations

import datetime
import shutil
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from ems.core.audit import audit
from ems.core.errors import EmsError, InvalidInput
from ems.core.jobs import job_handler, job_start
from ems.core.models import Job
from ems.core.roles import MANAGE, require_role
from ems.core.selectors import council_get
from ems.gazetteer.models import PollingDistrict

from .formats.notice_csv import write_notice_csv
from .formats.notice_pdf import NoticePart, write_notice_pdf
from .models import Alteration, NoticeOfAlteration
from .rules import publication as rules

NOTICES_FOLDER = "notices"
BATCH = 2000
# Alterations added to the period while the files are written make the notice start again.
ATTEMPTS = 3

ALTERATION_FIELDS = (
    "pk",
    "kind",
    "elector_number",
    "polling_district__code",
    "before",
    "after",
    "elector__anonymous",
    "elector__markers",
    "elector__title",
    "elector__first_names",
    "elector__middle_names",
    "elector__surname",
    "elector__property__address_line_1",
    "elector__property__address_line_2",
    "elector__property__address_line_3",
    "elector__property__address_line_4",
    "elector__property__town",
    "elector__property__postcode",
)

TITLES = {
    NoticeOfAlteration.Kind.MONTHLY: "Notice of alteration to the Register of Electors",
    NoticeOfAlteration.Kind.INTERIM: "Interim election notice of alteration",
    NoticeOfAlteration.Kind.FINAL: "Final election notice of alteration",
}

STATEMENTS = {
    NoticeOfAlteration.Kind.MONTHLY: (
        "Notice is given under section 13A of the Representation of the People Act 1983 "
        "that the register of electors is altered as set out below."
    ),
    NoticeOfAlteration.Kind.INTERIM: (
        "Notice is given under section 13AB of the Representation of the People Act 1983 "
        "that the register of electors is altered as set out below for the election."
    ),
    NoticeOfAlteration.Kind.FINAL: (
        "Notice is given under section 13B of the Representation of the People Act 1983 "
        "that the register of electors is altered as set out below for the election."
    ),
}


JOB_LABELS = {"monthly": "monthly", "interim": "interim election", "final": "final election"}


def _was_anonymous(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    return bool(value.get("anonymous")) or rules.ANONYMOUS_MARKER in str(value.get("markers") or "")


def _lines_by_district(alterations: QuerySet[Alteration]) -> dict[str, list[rules.NoticeLine]]:
    """The printed lines of a notice, per district, in section and number order."""
    labels = dict(Alteration.Kind.choices)
    by_district: dict[str, list[rules.NoticeLine]] = defaultdict(list)
    rows = alterations.order_by("id").values_list(*ALTERATION_FIELDS).iterator(chunk_size=BATCH)
    for (
        _pk,
        kind,
        number,
        district,
        before,
        after,
        anonymous,
        markers,
        _title,
        first,
        middle,
        surname,
        a1,
        a2,
        a3,
        a4,
        town,
        postcode,
    ) in rows:
        # Anonymous now, before or after the change: only the number is shown.
        hidden = (
            bool(anonymous)
            or rules.ANONYMOUS_MARKER in (markers or "")
            or _was_anonymous(before)
            or _was_anonymous(after)
        )
        given = " ".join(p for p in (first, middle) if p)
        name = f"{surname}, {given}" if given else (surname or "")
        address = ", ".join(p for p in (a1, a2, a3, a4, town, postcode) if p)
        line = rules.notice_line(
            kind=kind,
            kind_label=labels.get(kind, kind),
            elector_number=number,
            anonymous=hidden,
            markers=markers or "",
            name=name,
            address=address,
        )
        if line is not None:
            by_district[district].append(line)
    order = {name: i for i, name in enumerate(rules.notice_sections())}
    for lines in by_district.values():
        numbers = {
            n: i for i, n in enumerate(rules.sort_numbers({x.elector_number for x in lines}))
        }
        lines.sort(key=lambda x: (order[x.section], numbers[x.elector_number]))
    return by_district


def notice_folder(notice: NoticeOfAlteration) -> Path:
    return Path(settings.MEDIA_ROOT) / NOTICES_FOLDER / str(notice.pk)


def notice_files(notice: NoticeOfAlteration) -> list[Path]:
    """The notice's files (one CSV and one PDF per district), by name."""
    folder = notice_folder(notice)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".csv", ".pdf"})


def notice_file(notice: NoticeOfAlteration, name: str) -> Path:
    """One of the notice's files by its name; refuses any other path."""
    for path in notice_files(notice):
        if path.name == name:
            return path
    raise EmsError("There is no such file for this notice.")


def notice_publish(
    *,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    published_on: datetime.date | None = None,
    acting_user,
    file_formats: tuple[str, ...] = ("csv", "pdf"),
    reason: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> NoticeOfAlteration:
    """Publish a monthly, interim or final notice of the alterations in the period.

    Every alteration effective from `period_start` to `period_end` (inclusive)
    that no earlier notice lists is linked to this notice. The files are written
    first, outside any transaction, so that staff can go on saving meanwhile (SQLite
    has one writer at a time); the notice is then recorded in one short transaction.
    """
    require_role(acting_user, MANAGE, "publish a notice of alteration")
    if kind not in NoticeOfAlteration.Kind.values:
        raise InvalidInput(f"The notice must be monthly, interim or final, not {kind!r}.")
    if period_start > period_end:
        raise InvalidInput("The period must start on or before the day it ends.")
    on = published_on or timezone.localdate()
    for _attempt in range(ATTEMPTS):
        draft = NoticeOfAlteration(
            kind=kind,
            published_on=on,
            period_start=period_start,
            period_end=period_end,
            created_by=acting_user,
        )
        notice = _publish_once(draft, file_formats, reason=reason, progress=progress)
        if notice is not None:
            return notice
    raise EmsError(
        "Alterations in this period kept changing while the notice was written. Publish it again."
    )


def notice_publish_start(
    *,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    published_on: datetime.date,
    acting_user,
    reason: str = "",
) -> Job:
    """Check a notice can be published, then publish it as a background job."""
    require_role(acting_user, MANAGE, "publish a notice of alteration")
    if kind not in NoticeOfAlteration.Kind.values:
        raise InvalidInput(f"The notice must be monthly, interim or final, not {kind!r}.")
    if period_start > period_end:
        raise InvalidInput("The period must start on or before the day it ends.")
    return job_start(
        kind="register.notice",
        title=(
            f"Publish the {JOB_LABELS[kind]} notice of alteration "
            f"({period_start:%-d %B %Y} to {period_end:%-d %B %Y})"
        ),
        params={
            "kind": kind,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "published_on": published_on.isoformat(),
            "reason": reason,
        },
        acting_user=acting_user,
    )


@job_handler("register.notice")
def run_notice_publish(job: Job, progress: Callable[[int, int], None]) -> dict:
    params = job.params
    notice = notice_publish(
        kind=params["kind"],
        period_start=datetime.date.fromisoformat(params["period_start"]),
        period_end=datetime.date.fromisoformat(params["period_end"]),
        published_on=datetime.date.fromisoformat(params["published_on"]),
        acting_user=job.created_by,
        reason=params.get("reason", ""),
        progress=progress,
    )
    return {
        "notice": str(notice),
        "alterations_listed": notice.alteration_count,
        "next_url": reverse("register:notices"),
        "next_label": "See the notices of alteration and download their files",
    }


def _pending(draft: NoticeOfAlteration) -> QuerySet[Alteration]:
    return Alteration.objects.filter(
        notice__isnull=True,
        effective_date__gte=draft.period_start,
        effective_date__lte=draft.period_end,
    )


def _publish_once(draft, file_formats, *, reason, progress) -> NoticeOfAlteration | None:
    """Write the files of the pending alterations, then record the notice; None if they changed.

    The files list the alterations up to the newest now pending; if by the time the notice is
    recorded one of them was listed by another notice, or another was added to the period,
    nothing is recorded and the caller starts again.
    """
    newest = _pending(draft).aggregate(newest=Max("pk"))["newest"] or 0
    listed = _pending(draft).filter(pk__lte=newest)
    staging = Path(settings.MEDIA_ROOT) / NOTICES_FOLDER / f".new-{uuid.uuid4().hex}"
    count = listed.count()
    counts = _write_files(draft, listed, staging, file_formats, progress)
    try:
        with transaction.atomic():
            draft.alteration_count = count
            draft.save()
            notice = draft
            linked = _pending(notice).filter(pk__lte=newest).update(notice=notice)
            if linked != count or _pending(notice).exists():
                transaction.set_rollback(True)
                shutil.rmtree(staging, ignore_errors=True)
                return None
            staging.rename(notice_folder(notice))
            audit(
                acting_user=notice.created_by,
                action="notice.publish",
                object_type="notice_of_alteration",
                object_id=notice.pk,
                object_repr=str(notice),
                after={
                    "kind": notice.kind,
                    "published_on": notice.published_on.isoformat(),
                    "period_start": notice.period_start.isoformat(),
                    "period_end": notice.period_end.isoformat(),
                    "alteration_count": count,
                    "lines_by_district": counts,
                },
                reason=reason,
            )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if draft.pk:
            shutil.rmtree(notice_folder(draft), ignore_errors=True)
        raise
    return notice


def _write_files(
    notice: NoticeOfAlteration,
    alterations: QuerySet[Alteration],
    folder: Path,
    file_formats: tuple[str, ...],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Write each district's files into `folder`; the number of lines per district."""
    folder.mkdir(parents=True, exist_ok=True)
    council = council_get()
    districts = {d.code: d for d in PollingDistrict.objects.select_related("ward", "parish")}
    counts: dict[str, int] = {}
    lines_by_district = _lines_by_district(alterations)
    total = sum(len(lines) for lines in lines_by_district.values())
    done = 0
    try:
        for code in sorted(lines_by_district):
            lines = lines_by_district[code]
            counts[code] = len(lines)
            stem = f"notice-{notice.kind}-{notice.published_on.isoformat()}-{code}"
            if "csv" in file_formats:
                with (folder / f"{stem}.csv").open("w", encoding="utf-8", newline="") as out:
                    write_notice_csv(out, code, lines)
            if "pdf" in file_formats:
                district = districts.get(code)
                write_notice_pdf(
                    folder / f"{stem}.pdf",
                    NoticePart(
                        title=TITLES[notice.kind],
                        headings=_headings(notice, council, code, district),
                        statement=STATEMENTS[notice.kind],
                        lines=lines,
                    ),
                )
            done += len(lines)
            if progress is not None:
                progress(done, total)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return counts


def _headings(notice, council, code: str, district) -> list[str]:
    lines = []
    if council:
        lines += [council.name, f"Electoral Registration Officer: {council.ero_name}"]
    name = f": {district.name}" if district else ""
    lines.append(f"Polling district {code}{name}")
    if district is not None:
        lines.append(f"Ward: {district.ward.name}")
        if district.parish_id:
            lines.append(f"Parish: {district.parish.name}")
    lines.append(
        f"Alterations effective {notice.period_start:%-d %B %Y} to {notice.period_end:%-d %B %Y}"
    )
    lines.append(f"Published {notice.published_on:%-d %B %Y}")
    return lines


def notices_list():
    return NoticeOfAlteration.objects.select_related("created_by")


def notice_copy_files(notice: NoticeOfAlteration, out_dir: str | Path) -> list[Path]:
    """Copy the notice's files into a folder (for the command line)."""
    target = Path(out_dir)
    if not target.is_dir():
        raise InvalidInput(f"The folder {target} does not exist.")
    copied = []
    for path in notice_files(notice):
        shutil.copyfile(path, target / path.name)
        copied.append(target / path.name)
    return copied


def monthly_notices_due(*, today: datetime.date, count: int = 6) -> list[rules.NoticeDate]:
    """The next monthly notice dates from today (RPA 1983 s13A), in the council's country."""
    council = council_get()
    country = council.country if council else rules.ENGLAND
    dates = [
        *rules.monthly_notice_dates(today.year, country),
        *rules.monthly_notice_dates(today.year + 1, country),
    ]
    return [d for d in dates if d.date >= today][:count]
