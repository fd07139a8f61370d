"""Notices of alteration (RPA 1983 s13A, s13AB and s13B).

`notice_publish` gathers every alteration effective in the notice's period that
no notice has listed yet, links them to a new NoticeOfAlteration, and writes one
CSV and one PDF per polling district under MEDIA_ROOT/notices/<id>/. Each
alteration is listed by exactly one notice.
"""

from __future__ import annotations

import datetime
import shutil
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ems.core.audit import audit
from ems.core.errors import EmsError, InvalidInput
from ems.core.roles import MANAGE, require_role
from ems.core.selectors import council_get
from ems.gazetteer.models import PollingDistrict

from .formats.notice_csv import write_notice_csv
from .formats.notice_pdf import NoticePart, write_notice_pdf
from .models import Alteration, NoticeOfAlteration
from .rules import publication as rules

NOTICES_FOLDER = "notices"
BATCH = 2000

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


def _was_anonymous(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    return bool(value.get("anonymous")) or rules.ANONYMOUS_MARKER in str(value.get("markers") or "")


def _lines_by_district(notice_id: int) -> dict[str, list[rules.NoticeLine]]:
    """The printed lines of a notice, per district, in section and number order."""
    labels = dict(Alteration.Kind.choices)
    by_district: dict[str, list[rules.NoticeLine]] = defaultdict(list)
    rows = (
        Alteration.objects.filter(notice_id=notice_id)
        .order_by("id")
        .values_list(*ALTERATION_FIELDS)
        .iterator(chunk_size=BATCH)
    )
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
) -> NoticeOfAlteration:
    """Publish a monthly, interim or final notice of the alterations in the period.

    Every alteration effective from `period_start` to `period_end` (inclusive)
    that no earlier notice lists is linked to this notice.
    """
    require_role(acting_user, MANAGE, "publish a notice of alteration")
    if kind not in NoticeOfAlteration.Kind.values:
        raise InvalidInput(f"The notice must be monthly, interim or final, not {kind!r}.")
    if period_start > period_end:
        raise InvalidInput("The period must start on or before the day it ends.")
    on = published_on or timezone.localdate()

    with transaction.atomic():
        pending = Alteration.objects.select_for_update().filter(
            notice__isnull=True,
            effective_date__gte=period_start,
            effective_date__lte=period_end,
        )
        ids = list(pending.values_list("pk", flat=True))
        notice = NoticeOfAlteration.objects.create(
            kind=kind,
            published_on=on,
            period_start=period_start,
            period_end=period_end,
            alteration_count=len(ids),
            created_by=acting_user,
        )
        for start in range(0, len(ids), BATCH):
            Alteration.objects.filter(pk__in=ids[start : start + BATCH]).update(notice=notice)
        counts = _write_files(notice, file_formats)
        audit(
            acting_user=acting_user,
            action="notice.publish",
            object_type="notice_of_alteration",
            object_id=notice.pk,
            object_repr=str(notice),
            after={
                "kind": kind,
                "published_on": on.isoformat(),
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "alteration_count": len(ids),
                "lines_by_district": counts,
            },
            reason=reason,
        )
    return notice


def _write_files(notice: NoticeOfAlteration, file_formats: tuple[str, ...]) -> dict[str, int]:
    folder = notice_folder(notice)
    folder.mkdir(parents=True, exist_ok=True)
    council = council_get()
    districts = {d.code: d for d in PollingDistrict.objects.select_related("ward", "parish")}
    counts: dict[str, int] = {}
    lines_by_district = _lines_by_district(notice.pk)
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
