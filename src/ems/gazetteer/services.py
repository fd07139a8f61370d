"""Writes to the gazetteer and electoral geography. Every one checks the role and is audited."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ems.core.audit import Change, audit, audit_many
from ems.core.errors import InvalidInput
from ems.core.importing import Progress, no_progress
from ems.core.jobs import job_handler
from ems.core.models import Job
from ems.core.roles import EDIT_DATA, MANAGE, require_role

from .formats.districts_csv import DistrictsCsvImporter
from .formats.gazetteer_csv import GazetteerCsvImporter
from .models import PollingDistrict, Property

BATCH = 2000


def districts_import(
    *,
    path: Path | str,
    acting_user,
    display_name: str | None = None,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Create or update wards and polling districts from a CSV file (all or nothing)."""
    require_role(acting_user, MANAGE, "import wards and polling districts")
    importer = DistrictsCsvImporter(path, display_name=display_name)
    return importer.run(acting_user=acting_user, progress=progress)


def gazetteer_import(
    *,
    path: Path | str,
    acting_user,
    display_name: str | None = None,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Bring the gazetteer in line with a CSV file: a change-only update, all or nothing.

    Returns counts: added, updated, unchanged, made_historic, and
    historic_with_electors (UPRNs made historic that still have electors, for
    an officer to resolve).
    """
    require_role(acting_user, EDIT_DATA, "import the gazetteer")
    importer = GazetteerCsvImporter(path, display_name=display_name)
    return importer.run(acting_user=acting_user, progress=progress)


def properties_reallocate(
    *,
    uprns: Iterable[int],
    district: PollingDistrict,
    acting_user,
    reason: str = "",
) -> int:
    """Move properties to another polling district; returns how many moved.

    Properties already in the district are left alone. The electors at them
    are the register's to move: pages and officers call the register's
    `properties_move`, which runs this and then moves the electors (new
    district and elector numbers) in the same transaction. The gazetteer never
    imports register code.
    """
    require_role(acting_user, EDIT_DATA, "move properties between polling districts")
    wanted = sorted(set(uprns))
    if not wanted:
        raise InvalidInput("Choose at least one property to move.")
    now = timezone.now()
    moved = 0
    codes = dict(PollingDistrict.objects.values_list("id", "code"))
    with transaction.atomic():
        changes: list[Change] = []
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            rows = list(
                Property.objects.filter(uprn__in=batch)
                .exclude(polling_district=district)
                .values_list("uprn", "polling_district_id")
            )
            uprn_list = [uprn for uprn, _code in rows]
            Property.objects.filter(uprn__in=uprn_list).update(
                polling_district=district, updated_at=now
            )
            moved += len(uprn_list)
            changes.extend(
                Change(
                    action="property.reallocated",
                    object_type="property",
                    object_id=str(uprn),
                    before={"polling_district": codes.get(district_id, "")},
                    after={"polling_district": district.code},
                )
                for uprn, district_id in rows
            )
        audit_many(acting_user=acting_user, changes=changes, reason=reason)
        audit(
            acting_user=acting_user,
            action="properties.reallocated",
            object_type="polling_district",
            object_id=district.code,
            object_repr=str(district),
            after={"properties_moved": moved},
            reason=reason,
        )
    return moved


# Background jobs for uploads through the web ------------------------------
@job_handler("gazetteer.import")
def run_gazetteer_import(job: Job, progress: Progress) -> dict[str, Any]:
    result = gazetteer_import(
        path=job.params["path"],
        display_name=job.params.get("display_name"),
        acting_user=job.created_by,
        progress=progress,
    )
    # A job's result is shown as a list of counts: show the UPRNs as text.
    result["historic_with_electors"] = ", ".join(map(str, result["historic_with_electors"]))
    return result


@job_handler("gazetteer.districts_import")
def run_districts_import(job: Job, progress: Progress) -> dict[str, Any]:
    return districts_import(
        path=job.params["path"],
        display_name=job.params.get("display_name"),
        acting_user=job.created_by,
        progress=progress,
    )
