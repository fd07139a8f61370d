"""Writes for applications to register. Every one checks the role, runs in one transaction
and is audited (object_type "application"; batch imports write one event per application).

Public functions (keyword arguments only):

    batch_import(*, source, acting_user, all_or_nothing=False, progress=no_progress) -> dict
    run_batch_import(job, progress)                                 (job "applications.import")
    application_create(*, acting_user, values, reason="") -> Application       (paper forms)
    application_confirm_property(*, application, property, acting_user, reason="")
    property_add_for_application(*, application, address_line_1, ..., acting_user) -> Property
    local_data_import(*, path, dataset, acting_user, display_name=None) -> dict
    applications_local_match(*, acting_user) -> int
    application_request_evidence(*, application, acting_user) -> Letter
    application_verify(*, application, route, detail, acting_user, reason="")
    applications_close_duplicates(*, applications, acting_user, reason="") -> dict
    objection_add(*, application=None, elector=None, objector_name, objector_address,
                  grounds, received_on, acting_user) -> Objection
    objection_set_hearing(*, objection, notice_date, hearing_on, acting_user) -> Letter
    objection_determine(*, objection, upheld, reason, acting_user) -> Objection
    application_determine(*, application, approve, reason="", acting_user, today=None)
    letter_generate(*, application=None, review=None, kind, acting_user) -> Letter
    letter_template_save(*, kind, subject, body, acting_user) -> LetterTemplate
    letter_template_reset(*, kind, acting_user)
    letters_print_batch(*, acting_user, kind="") -> (pdf bytes, count)
    review_start(*, elector, grounds, acting_user) -> Review
    review_send_notice(*, review, acting_user) -> Letter
    review_set_hearing(*, review, hearing_on, acting_user) -> Letter
    review_determine(*, review, remove, reason, acting_user) -> Review
    death_notifications_import(*, path, acting_user, display_name=None) -> dict
    registered_elsewhere_add(*, elector, other_council, new_address="", acting_user)
    deletion_notice_match(*, notice, elector, acting_user)
    deletions_confirm(*, notices, acting_user, reason="") -> dict
    deletion_notice_dismiss(*, notice, reason, acting_user)
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from ems.core.audit import Change, audit, audit_many
from ems.core.errors import EmsError, ImportRejected, InvalidInput, RowError
from ems.core.importing import Progress, no_progress
from ems.core.jobs import job_handler
from ems.core.models import Job
from ems.core.postcodes import normalise_postcode
from ems.core.roles import EDIT_DATA, MANAGE, require_role
from ems.core.selectors import council_get
from ems.gazetteer.addresses import street_and_sort_key
from ems.gazetteer.models import PollingDistrict, Property
from ems.register import services as register_services
from ems.register.models import Elector
from ems.register.search_keys import name_keys, normalise_name

from . import letters
from .formats.death_notifications_csv import DeathNotificationsCsvImporter
from .formats.local_data_csv import LocalDataCsvImporter
from .models import (
    Application,
    Batch,
    DeletionNotice,
    Letter,
    LetterTemplate,
    LocalRecord,
    Objection,
    Review,
)
from .rules import eligibility, timing
from .rules import reviews as review_rules
from .rules.nino import normalise_nino
from .sources import ApplicationSource, FileApplicationSource

BATCH = 2000
OBJECT = "application"


def _nation() -> str:
    council = council_get()
    return council.country if council else eligibility.ENGLAND


def _today() -> date:
    return timezone.localdate()


def _restage(app: Application) -> None:
    app.stage = timing.stage(
        closed=bool(app.outcome),
        has_property=app.property_id is not None,
        needs_property=app.route != Application.Route.OVERSEAS,
        verified=bool(app.verified_by),
        evidence_requested=app.evidence_requested_on is not None,
    )


def _summary(app: Application) -> dict[str, Any]:
    """What the audit trail keeps about an application (no personal details)."""
    return {
        "reference": app.reference,
        "stage": app.stage,
        "outcome": app.outcome,
        "uprn": app.property_id,
        "verified_by": app.verified_by,
        "duplicate": app.duplicate,
    }


def _save(app: Application, fields: list[str], action: str, acting_user, reason: str = ""):
    before = _summary(Application.objects.get(pk=app.pk))
    _restage(app)
    app.save(update_fields=[*fields, "stage"])
    audit(
        acting_user=acting_user,
        action=action,
        object_type=OBJECT,
        object_id=app.pk,
        object_repr=app.reference,
        before=before,
        after=_summary(app),
        reason=reason,
    )


def _locked(application: Application) -> Application:
    app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    return app


# Intake --------------------------------------------------------------------------------
def _link_properties(apps: list[Application]) -> None:
    """Confirm the property when the IER DS address picker gave a live UPRN we hold."""
    wanted = {a.uprn_given for a in apps if a.uprn_given}
    live: set[int] = set()
    ids = sorted(wanted)
    for start in range(0, len(ids), BATCH):
        live.update(
            Property.objects.filter(
                uprn__in=ids[start : start + BATCH], status=Property.Status.LIVE
            ).values_list("uprn", flat=True)
        )
    for app in apps:
        if app.uprn_given in live:
            app.property_id = app.uprn_given


def _local_matches(apps: list[Application]) -> None:
    """Verify by local data: same name and date of birth, and same UPRN or postcode."""
    pending = [a for a in apps if not a.verified_by and a.date_of_birth]
    surnames = sorted({a.search_surname for a in pending})
    records: dict[tuple, list[tuple]] = defaultdict(list)
    for start in range(0, len(surnames), BATCH):
        rows = LocalRecord.objects.filter(search_surname__in=surnames[start : start + BATCH])
        for dataset, first, surname, dob, uprn, postcode in rows.values_list(
            "dataset", "search_first", "search_surname", "date_of_birth", "uprn", "postcode"
        ).iterator():
            records[(first, surname, dob)].append((dataset, uprn, postcode))
    for app in pending:
        for dataset, uprn, postcode in records.get(
            (app.search_first, app.search_surname, app.date_of_birth), []
        ):
            same_place = (uprn and uprn in (app.property_id, app.uprn_given)) or (
                postcode and postcode == app.postcode
            )
            if same_place:
                app.verified_by = Application.Verified.LOCAL_DATA
                app.local_match_source = dataset
                break


def _find_duplicates(apps: list[Application]) -> None:
    """Mark applications from people already registered, or already applying.

    A person is the same if their normalised first names, surname and date of birth agree
    (without a date of birth: names and the confirmed property). Registered at the same
    property -> SAME_ADDRESS; elsewhere in the area -> OTHER_ADDRESS; an open application
    already in the pipeline (or earlier in this batch) -> REPEAT.
    """
    surnames = sorted({a.search_surname for a in apps})
    electors: dict[tuple, list[tuple[int, int | None]]] = defaultdict(list)
    pipeline: dict[tuple, int] = {}
    for start in range(0, len(surnames), BATCH):
        chunk = surnames[start : start + BATCH]
        rows = (
            Elector.objects.filter(search_surname__in=chunk)
            .exclude(status=Elector.Status.DELETED)
            .values_list("id", "search_first", "search_surname", "date_of_birth", "property_id")
        )
        for elector_id, first, surname, dob, uprn in rows.iterator():
            electors[(first, surname, dob)].append((elector_id, uprn))
            if dob is not None:
                electors[(first, surname, None)].append((elector_id, uprn))
        open_apps = Application.objects.filter(search_surname__in=chunk, outcome="").values_list(
            "id", "search_first", "search_surname", "date_of_birth"
        )
        for app_id, first, surname, dob in open_apps.iterator():
            pipeline.setdefault((first, surname, dob), app_id)
    seen_in_batch: dict[tuple, Application] = {}
    for app in apps:
        key = (app.search_first, app.search_surname, app.date_of_birth)
        found = electors.get(key, [])
        if app.date_of_birth is None:
            found = [f for f in found if f[1] is not None and f[1] == app.property_id]
        if found:
            here = [f for f in found if app.property_id and f[1] == app.property_id]
            elector_id = (here or found)[0][0]
            app.duplicate = (
                Application.Duplicate.SAME_ADDRESS if here else Application.Duplicate.OTHER_ADDRESS
            )
            app.duplicate_elector_id = elector_id
        elif key in pipeline and pipeline[key] != app.pk:
            app.duplicate = Application.Duplicate.REPEAT
            app.duplicate_application_id = pipeline[key]
        elif key in seen_in_batch:
            app.duplicate = Application.Duplicate.REPEAT
            app._repeat_of = seen_in_batch[key]  # linked once both are saved
        else:
            seen_in_batch[key] = app


def _prepare(app: Application, nation: str, today: date) -> None:
    for key, value in name_keys(app.first_names, app.surname).items():
        if key != "surname_code":
            setattr(app, key, value)
    if app.dwp_result == Application.Dwp.MATCH:
        app.verified_by = Application.Verified.DWP
    app.listed_on = None if app.route == Application.Route.ANONYMOUS else today


def batch_import(
    *,
    source: ApplicationSource,
    acting_user,
    all_or_nothing: bool = False,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Import one batch of online applications.

    Every item is checked first. When the file is a valid batch, the good applications are
    imported and each bad one is reported with its reason (and kept on the batch). With
    `all_or_nothing`, any bad application stops the whole batch. A file that cannot be read
    as a batch (not JSON, wrong format or version, no batch id, imported before) changes
    nothing either way.
    """
    require_role(acting_user, EDIT_DATA, "import applications")
    parsed = source.fetch()
    errors = list(parsed.errors)
    refs = [r.values["reference"] for r in parsed.records]
    existing: set[str] = set()
    for start in range(0, len(refs), BATCH):
        existing.update(
            Application.objects.filter(reference__in=refs[start : start + BATCH]).values_list(
                "reference", flat=True
            )
        )
    records = []
    for record in parsed.records:
        if record.values["reference"] in existing:
            errors.append(
                RowError(
                    parsed.display_name,
                    record.index,
                    "application_id",
                    f"{record.values['reference']} was imported before",
                    "a new application",
                )
            )
        else:
            records.append(record)
    if Batch.objects.filter(reference=parsed.batch_id).exists():
        raise ImportRejected(
            [RowError(parsed.display_name, 0, "batch_id", f"{parsed.batch_id} was imported before")]
        )
    errors.sort(key=lambda e: e.row)
    if errors and all_or_nothing:
        raise ImportRejected(errors)
    nation, today = _nation(), _today()
    with transaction.atomic():
        batch = Batch.objects.create(
            source=Batch.Source.IER_DS,
            reference=parsed.batch_id,
            file_name=parsed.display_name,
            created_by=acting_user,
            rejected_records=[str(e) for e in errors],
        )
        apps = []
        for record in records:
            app = Application(batch=batch, channel=Application.Channel.ONLINE, **record.values)
            _prepare(app, nation, today)
            apps.append(app)
        _link_properties(apps)
        _local_matches(apps)
        _find_duplicates(apps)
        for app in apps:
            _restage(app)
        for start in range(0, len(apps), BATCH):
            Application.objects.bulk_create(apps[start : start + BATCH])
            progress(min(start + BATCH, len(apps)), len(apps))
        repeats = [a for a in apps if getattr(a, "_repeat_of", None) is not None]
        if repeats and repeats[0].pk is None:  # databases that do not return ids
            ids = dict(Application.objects.filter(batch=batch).values_list("reference", "id"))
            for app in apps:
                app.pk = app.id = ids[app.reference]
        for app in repeats:
            app.duplicate_application_id = app._repeat_of.pk
        Application.objects.bulk_update(repeats, ["duplicate_application"], batch_size=BATCH)
        batch.application_count = len(apps)
        batch.duplicate_count = sum(1 for a in apps if a.duplicate)
        batch.save(update_fields=["application_count", "duplicate_count"])
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("application.received", OBJECT, a.pk, a.reference, None, _summary(a))
                for a in apps
            ),
            reason=f"batch {batch.reference}",
        )
        audit(
            acting_user=acting_user,
            action="application_batch.imported",
            object_type="application_batch",
            object_id=batch.pk,
            object_repr=batch.reference,
            after={
                "applications": len(apps),
                "duplicates": batch.duplicate_count,
                "rejected": len(errors),
            },
        )
    return {
        "batch": batch.reference,
        "imported": len(apps),
        "duplicates": batch.duplicate_count,
        "verified_by_dwp": sum(1 for a in apps if a.verified_by == Application.Verified.DWP),
        "verified_by_local_data": sum(
            1 for a in apps if a.verified_by == Application.Verified.LOCAL_DATA
        ),
        "address_matched": sum(1 for a in apps if a.property_id),
        "rejected_records": [str(e) for e in errors],
    }


@job_handler("applications.import")
def run_batch_import(job: Job, progress: Progress) -> dict[str, Any]:
    """A batch uploaded through the browser, imported in the background. The job page shows
    each bad record with its reason (they are kept on the batch too)."""
    result = batch_import(
        source=FileApplicationSource(job.params["path"], display_name=job.params["display_name"]),
        acting_user=job.created_by,
        all_or_nothing=bool(job.params.get("all_or_nothing")),
        progress=progress,
    )
    rejected = result.pop("rejected_records")
    result["records_skipped"] = len(rejected)
    result["skipped_because"] = "; ".join(rejected) or "None"
    return result


PAPER_FIELDS = (
    "route", "received_on", "title", "first_names", "middle_names", "surname",
    "previous_names", "date_of_birth", "no_dob_reason", "nationalities", "has_leave_to_remain",
    "eu_resident_before_2021", "nino", "no_nino_reason", "address_lines", "postcode",
    "previous_address", "moved_on", "open_register_opt_out", "email", "phone",
    "postal_vote_interest", "correspondence_address",
)  # fmt: skip


def _paper_batch(acting_user, today: date) -> Batch:
    reference = f"PAPER-{today.isoformat()}"
    batch, _ = Batch.objects.get_or_create(
        reference=reference,
        defaults={"source": Batch.Source.PAPER, "created_by": acting_user},
    )
    return batch


def application_create(*, acting_user, values: dict[str, Any], reason: str = "") -> Application:
    """Record a paper application keyed by an officer (the fields of PAPER_FIELDS)."""
    require_role(acting_user, EDIT_DATA, "key in applications")
    unknown = set(values) - set(PAPER_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    data = dict(values)
    if not (data.get("first_names") or "").strip() or not (data.get("surname") or "").strip():
        raise InvalidInput("Enter the applicant's first names and surname.")
    if data.get("nino"):
        nino = normalise_nino(data["nino"])
        if nino is None:
            raise InvalidInput("Enter a National Insurance number in the right format.")
        data["nino"], data["no_nino_reason"] = nino, ""
    elif not (data.get("no_nino_reason") or "").strip():
        raise InvalidInput("Enter a National Insurance number or the reason there is none.")
    if data.get("date_of_birth") is None and not (data.get("no_dob_reason") or "").strip():
        raise InvalidInput("Enter a date of birth or the reason there is none.")
    if data.get("postcode"):
        data["postcode"] = normalise_postcode(data["postcode"]) or ""
        if not data["postcode"]:
            raise InvalidInput("Enter a real postcode, like EX1 2AB.")
    nation, today = _nation(), _today()
    data.setdefault("received_on", today)
    with transaction.atomic():
        batch = _paper_batch(acting_user, today)
        seq = Application.objects.filter(channel=Application.Channel.PAPER).count() + 1
        app = Application(
            batch=batch,
            channel=Application.Channel.PAPER,
            reference=f"P-{today:%Y%m%d}-{seq:05d}",
            **data,
        )
        while Application.objects.filter(reference=app.reference).exists():
            seq += 1
            app.reference = f"P-{today:%Y%m%d}-{seq:05d}"
        _prepare(app, nation, today)
        _local_matches([app])
        _find_duplicates([app])
        _restage(app)
        app.save()
        Batch.objects.filter(pk=batch.pk).update(
            application_count=batch.application_count + 1,
            duplicate_count=batch.duplicate_count + (1 if app.duplicate else 0),
        )
        audit(
            acting_user=acting_user,
            action="application.received",
            object_type=OBJECT,
            object_id=app.pk,
            object_repr=app.reference,
            after=_summary(app),
            reason=reason,
        )
    return app


# Property matching ------------------------------------------------------------------------
def application_confirm_property(
    *,
    application: Application,
    property: Property,
    acting_user,
    reason: str = "",  # noqa: A002
) -> Application:
    """The officer confirms which property (UPRN) the application's address is."""
    require_role(acting_user, EDIT_DATA, "match applications to addresses")
    if property.status != Property.Status.LIVE:
        raise InvalidInput(f"{property} is a historic property: choose a live address.")
    with transaction.atomic():
        app = _locked(application)
        if not app.is_open:
            raise InvalidInput("This application is closed.")
        app.property = property
        _find_duplicates([app])
        fields = ["property", "duplicate", "duplicate_elector", "duplicate_application"]
        _save(app, fields, "application.property_confirmed", acting_user, reason)
    return app


def property_add_for_application(
    *,
    application: Application,
    address_line_1: str,
    address_line_2: str = "",
    town: str = "",
    postcode: str,
    uprn: int,
    polling_district: PollingDistrict,
    acting_user,
    reason: str = "",
) -> Property:
    """Add a new address to the gazetteer (there is no gazetteer service for one property)
    and confirm it for the application. The UPRN is the one the address authority issued."""
    require_role(acting_user, EDIT_DATA, "add addresses to the gazetteer")
    code = normalise_postcode(postcode)
    if code is None:
        raise InvalidInput("Enter a real postcode, like EX1 2AB.")
    if not address_line_1.strip():
        raise InvalidInput("Enter the first line of the address.")
    if not 0 < uprn < 10**12:
        raise InvalidInput("A UPRN is a whole number of up to 12 digits.")
    if Property.objects.filter(uprn=uprn).exists():
        raise InvalidInput(f"UPRN {uprn} is already in the gazetteer: choose it instead.")
    lines = [address_line_1.strip(), address_line_2.strip()]
    street, sort_key = street_and_sort_key([line for line in lines if line])
    with transaction.atomic():
        prop = Property.objects.create(
            uprn=uprn,
            address_line_1=lines[0],
            address_line_2=lines[1],
            town=town.strip(),
            postcode=code,
            polling_district=polling_district,
            street=street,
            sort_key=sort_key,
        )
        audit(
            acting_user=acting_user,
            action="property.added",
            object_type="property",
            object_id=prop.uprn,
            object_repr=str(prop),
            after={"address": prop.single_line_address, "polling_district": polling_district.code},
            reason=reason or f"new address for application {application.reference}",
        )
        application_confirm_property(
            application=application, property=prop, acting_user=acting_user, reason=reason
        )
    return prop


# Identity verification ------------------------------------------------------------------
def local_data_import(
    *, path: Path | str, dataset: str, acting_user, display_name: str | None = None
) -> dict[str, Any]:
    """Load (replace) a council data set for local data matching, then match open applications."""
    require_role(acting_user, MANAGE, "load council data sets for matching")
    if not dataset.strip():
        raise InvalidInput("Name the data set, for example council-tax.")
    importer = LocalDataCsvImporter(path, dataset=dataset.strip(), display_name=display_name)
    result = importer.run(acting_user=acting_user)
    audit(
        acting_user=acting_user,
        action="local_data.loaded",
        object_type="local_dataset",
        object_id=dataset,
        after={"records": result["loaded"]},
    )
    result["matched"] = applications_local_match(acting_user=acting_user)
    return result


def applications_local_match(*, acting_user) -> int:
    """Try local data matching for every open, unverified application. Returns how many matched."""
    require_role(acting_user, EDIT_DATA, "match applications against local data")
    matched = 0
    with transaction.atomic():
        base = Application.objects.filter(outcome="", verified_by="").exclude(date_of_birth=None)
        ids = list(base.values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            apps = list(Application.objects.filter(id__in=ids[start : start + BATCH]))
            _local_matches(apps)
            hits = [a for a in apps if a.verified_by]
            for app in hits:
                _restage(app)
            Application.objects.bulk_update(
                hits, ["verified_by", "local_match_source", "stage"], batch_size=BATCH
            )
            audit_many(
                acting_user=acting_user,
                changes=(
                    Change("application.verified", OBJECT, a.pk, a.reference, None, _summary(a))
                    for a in hits
                ),
                reason="local data match",
            )
            matched += len(hits)
    return matched


def application_request_evidence(*, application: Application, acting_user) -> Letter:
    """Ask the applicant for documentary evidence of identity (RPR 2001 reg 26A)."""
    require_role(acting_user, EDIT_DATA, "request evidence")
    with transaction.atomic():
        app = _locked(application)
        if not app.is_open or app.verified_by:
            raise InvalidInput("Evidence is only requested for open, unverified applications.")
        app.evidence_requested_on = _today()
        _save(app, ["evidence_requested_on"], "application.evidence_requested", acting_user)
        return letter_generate(
            application=app, kind=Letter.Kind.EVIDENCE_REQUEST, acting_user=acting_user
        )


VERIFY_ROUTES = {
    Application.Verified.DOCUMENTS: "evidence_description",
    Application.Verified.ATTESTATION: "attested_by",
    Application.Verified.EXCEPTION: "exception_reason",
    Application.Verified.LOCAL_DATA: "local_match_source",
}


def application_verify(
    *, application: Application, route: str, detail: str, acting_user, reason: str = ""
) -> Application:
    """Record identity verified by documents, attestation, an exception or a manual local check.

    `detail` is the documents seen, the attester's name and elector number, the reason for
    the exception, or the data set checked (RPR 2001 regs 26A-26B; EC guidance Part 4).
    """
    require_role(acting_user, EDIT_DATA, "verify applicants' identity")
    if route not in VERIFY_ROUTES:
        raise InvalidInput("Choose documents, attestation, exception or local data.")
    if not detail.strip():
        raise InvalidInput("Say what was checked.")
    if route == Application.Verified.EXCEPTION:
        require_role(acting_user, MANAGE, "register by exception")
    with transaction.atomic():
        app = _locked(application)
        if not app.is_open:
            raise InvalidInput("This application is closed.")
        field = VERIFY_ROUTES[route]
        setattr(app, field, detail.strip())
        app.verified_by = route
        fields = ["verified_by", field]
        if route == Application.Verified.DOCUMENTS:
            app.evidence_received_on = _today()
            fields.append("evidence_received_on")
        _save(app, fields, "application.verified", acting_user, reason)
    return app


# Duplicates ----------------------------------------------------------------------------
def applications_close_duplicates(
    *, applications: Iterable[Application], acting_user, reason: str = ""
) -> dict[str, int]:
    """Close duplicate applications with the right outcome.

    - Already registered at this address, or a repeat application: closed as a duplicate.
    - Registered at another address in the area: a change of address (the register entry
      moves to the application's confirmed property), closed as a change of address.
    Applications that are not duplicates, or that need an address first, are left open.
    """
    require_role(acting_user, EDIT_DATA, "close duplicate applications")
    counts = {"duplicate": 0, "address_change": 0, "left_open": 0}
    with transaction.atomic():
        for application in applications:
            app = _locked(application)
            if not app.is_open or not app.duplicate:
                counts["left_open"] += 1
                continue
            if app.duplicate == Application.Duplicate.OTHER_ADDRESS:
                if app.property_id is None or app.duplicate_elector_id is None:
                    counts["left_open"] += 1
                    continue
                elector = Elector.objects.get(pk=app.duplicate_elector_id)
                register_services.elector_change_address(
                    elector=elector,
                    property=app.property,
                    acting_user=acting_user,
                    reason=f"application {app.reference}: moved within the area",
                )
                app.outcome = Application.Outcome.ADDRESS_CHANGE
                app.elector = elector
                counts["address_change"] += 1
            else:
                app.outcome = Application.Outcome.DUPLICATE
                counts["duplicate"] += 1
            app.decision_reason = app.get_duplicate_display()
            app.determined_on = _today()
            app.determined_by = acting_user
            _save(
                app,
                ["outcome", "elector", "decision_reason", "determined_on", "determined_by"],
                "application.closed_duplicate",
                acting_user,
                reason,
            )
    return counts


# Objections and hearings -----------------------------------------------------------------
def objection_add(
    *,
    application: Application | None = None,
    elector: Elector | None = None,
    objector_name: str,
    objector_address: str,
    grounds: str,
    received_on: date | None = None,
    acting_user,
) -> Objection:
    """Record an objection to an application or to an entry (RPA 1983 s10ZC/10ZD; RPR 2001
    reg 29). The objector must be on the register (checked by the officer)."""
    require_role(acting_user, EDIT_DATA, "record objections")
    if (application is None) == (elector is None):
        raise InvalidInput("An objection is to one application or one register entry.")
    if not objector_name.strip() or not grounds.strip():
        raise InvalidInput("Enter the objector's name and the grounds of the objection.")
    if application is not None and not application.is_open:
        raise InvalidInput("This application has already been determined.")
    with transaction.atomic():
        objection = Objection.objects.create(
            application=application,
            elector=elector,
            objector_name=objector_name.strip(),
            objector_address=objector_address.strip(),
            grounds=grounds.strip(),
            received_on=received_on or _today(),
        )
        audit(
            acting_user=acting_user,
            action="objection.received",
            object_type=OBJECT if application else "elector",
            object_id=(application or elector).pk,
            object_repr=application.reference if application else str(elector.pk),
            after={"objection": objection.pk},
        )
    return objection


def objection_set_hearing(
    *, objection: Objection, notice_date: date, hearing_on: date, acting_user
) -> Objection:
    """Fix the hearing: 3 to 7 days after the notice (RPR 2001 reg 30(2))."""
    require_role(acting_user, EDIT_DATA, "arrange hearings")
    earliest, latest = timing.hearing_window(notice_date)
    if not earliest <= hearing_on <= latest:
        raise InvalidInput(
            f"The hearing must be between {earliest:%-d %B %Y} and {latest:%-d %B %Y} "
            "(3 to 7 days after the notice, RPR 2001 reg 30(2))."
        )
    with transaction.atomic():
        objection.notice_sent_on, objection.hearing_on = notice_date, hearing_on
        objection.save(update_fields=["notice_sent_on", "hearing_on"])
        audit(
            acting_user=acting_user,
            action="objection.hearing_set",
            object_type="objection",
            object_id=objection.pk,
            after={"notice_sent_on": notice_date.isoformat(), "hearing_on": hearing_on.isoformat()},
        )
        if objection.application_id:
            letter_generate(
                application=objection.application, kind=Letter.Kind.HEARING, acting_user=acting_user
            )
    return objection


def objection_determine(
    *, objection: Objection, upheld: bool, reason: str, acting_user
) -> Objection:
    """Decide an objection. Upheld against an application: it is rejected. Upheld against an
    entry: the entry is deleted (RPA 1983 s10ZE; RPR 2001 reg 31)."""
    require_role(acting_user, EDIT_DATA, "determine objections")
    if not reason.strip():
        raise InvalidInput("Give the reason for the decision.")
    if objection.outcome:
        raise InvalidInput("This objection has already been decided.")
    with transaction.atomic():
        objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
        objection.outcome_reason = reason.strip()
        objection.decided_on = _today()
        objection.save(update_fields=["outcome", "outcome_reason", "decided_on"])
        audit(
            acting_user=acting_user,
            action="objection.determined",
            object_type="objection",
            object_id=objection.pk,
            after={"outcome": objection.outcome},
            reason=reason,
        )
        if upheld and objection.application_id:
            application_determine(
                application=objection.application,
                approve=False,
                reason=f"Objection upheld: {reason.strip()}",
                acting_user=acting_user,
            )
        elif upheld and objection.elector_id:
            register_services.elector_delete(
                elector=objection.elector,
                acting_user=acting_user,
                reason=f"objection upheld: {reason.strip()}",
            )
    return objection


# Determination ---------------------------------------------------------------------------
def decision_for(app: Application, *, today: date | None = None) -> eligibility.Decision:
    return eligibility.decide(
        eligibility.Applicant(
            nationalities=app.nationality_codes,
            date_of_birth=app.date_of_birth,
            nation=_nation(),
            on=today or _today(),
            has_leave_to_remain=app.has_leave_to_remain,
            eu_resident_before_2021=app.eu_resident_before_2021,
            ni_resident_since=app.moved_on if app.moved_on else None,
            overseas=app.route == Application.Route.OVERSEAS,
        )
    )


def next_notice_date(today: date, nation: str) -> date:
    """The next monthly notice of alteration (first working day of next month, RPA 1983
    s13A(2)); in December, the revised register published by 1 December has passed, so
    the January notice."""
    from ems.register.rules.publication import first_working_day_on_or_after

    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return first_working_day_on_or_after(date(year, month, 1), nation)


SPECIAL = {
    Application.Route.OVERSEAS: Elector.SpecialCategory.OVERSEAS,
    Application.Route.SERVICE: Elector.SpecialCategory.SERVICE,
    Application.Route.LOCAL_CONNECTION: Elector.SpecialCategory.LOCAL_CONNECTION,
}


def application_determine(
    *,
    application: Application,
    approve: bool,
    reason: str = "",
    acting_user,
    today: date | None = None,
    effective_date: date | None = None,
) -> Application:
    """Approve (the register entry is added, pending until the next notice of alteration)
    or reject with a reason. Approval needs a verified applicant, a confirmed address, the
    objection period over with no open objection, and the eligibility rules met."""
    require_role(acting_user, EDIT_DATA, "determine applications")
    today = today or _today()
    nation = _nation()
    with transaction.atomic():
        app = _locked(application)
        if not app.is_open:
            raise InvalidInput("This application has already been determined.")
        if not approve:
            if not reason.strip():
                raise InvalidInput("Give the reason for rejecting the application.")
            app.outcome = Application.Outcome.REJECTED
            app.decision_reason = reason.strip()
        else:
            open_objections = app.objections.filter(outcome="").count()
            where = timing.queue(
                app.stage,
                listed_on=app.listed_on,
                open_objections=open_objections,
                nation=nation,
                today=today,
            )
            if where != timing.READY:
                raise InvalidInput(
                    f"This application cannot be approved yet: {timing.QUEUE_LABELS[where]}."
                )
            decision = decision_for(app, today=today)
            app.eligibility_rule = f"{decision.describe()} ({decision.citation})"
            if not decision.eligible:
                raise InvalidInput(f"Not eligible: {decision.rule} ({decision.citation})")
            prop = app.property
            elector = register_services.elector_add(
                acting_user=acting_user,
                property=prop,
                first_names=app.first_names,
                middle_names=app.middle_names,
                surname=app.surname,
                title=app.title,
                previous_names=app.previous_names,
                date_of_birth=app.date_of_birth,
                nationality=eligibility.nationality_names(app.nationality_codes)[:60],
                date_of_attainment=decision.date_of_attainment,
                markers=decision.markers,
                open_register_opt_out=app.open_register_opt_out,
                anonymous=app.route == Application.Route.ANONYMOUS,
                special_category=SPECIAL.get(app.route, ""),
                correspondence_address=app.correspondence_address,
                email=app.email,
                phone=app.phone,
                effective_date=effective_date or next_notice_date(today, nation),
                reason=f"application {app.reference}",
            )
            app.outcome = Application.Outcome.APPROVED
            app.elector = elector
            app.decision_reason = reason.strip() or "Eligible and identity verified."
        app.determined_on = today
        app.determined_by = acting_user
        _save(
            app,
            [
                "outcome", "decision_reason", "eligibility_rule", "elector",
                "determined_on", "determined_by",
            ],
            "application.approved" if approve else "application.rejected",
            acting_user,
            reason,
        )  # fmt: skip
        kind = Letter.Kind.APPROVAL if approve else Letter.Kind.REJECTION
        letter_generate(application=app, kind=kind, acting_user=acting_user)
    application.refresh_from_db()
    return app


# Letters -------------------------------------------------------------------------------------
def _wording(kind: str) -> tuple[str, str] | None:
    return letters.wording_for(kind)


def _send_email(*, to: str, subject: str, text: str, pdf: bytes, filename: str) -> None:
    """Email a letter (the configured Django email backend; the console in the demo)."""
    message = EmailMessage(subject=subject, body=text, to=[to])
    message.attach(filename, pdf, "application/pdf")
    message.send()


def letter_generate(
    *,
    application: Application | None = None,
    review: Review | None = None,
    kind: str,
    acting_user,
) -> Letter:
    """Render a letter to PDF and keep it with the application (or review). If the person
    gave an email address, the letter is emailed too once the transaction commits."""
    require_role(acting_user, EDIT_DATA, "produce letters")
    if kind not in Letter.Kind.values:
        raise InvalidInput(f"{kind!r} is not a kind of letter.")
    if (application is None) == (review is None):
        raise InvalidInput("A letter is about one application or one review.")
    council, today = council_get(), _today()
    try:
        if application is not None:
            values = letters.application_values(application, council=council, today=today)
            email = application.email
        else:
            values = letters.review_values(review, council=council, today=today)
            email = review.elector.email
        rendered = letters.render(kind, values, wording=_wording(kind))
        pdf = letters.html_to_pdf(rendered.html)
    except letters.LetterError as exc:
        raise EmsError(f"The {kind} letter could not be produced: {exc}") from exc
    with transaction.atomic():
        letter = Letter.objects.create(
            application=application,
            review=review,
            kind=kind,
            subject=rendered.subject,
            html=rendered.html,
            pdf=pdf,
            emailed_to=email or "",
            created_by=acting_user,
        )
        audit(
            acting_user=acting_user,
            action="letter.generated",
            object_type=OBJECT if application else "review",
            object_id=(application or review).pk,
            object_repr=values["reference"],
            after={"letter": kind, "letter_id": letter.pk, "emailed": bool(email)},
        )
        if email:
            filename = f"{kind}-{values['reference']}.pdf"
            transaction.on_commit(
                lambda: _send_email(
                    to=email, subject=rendered.subject, text=rendered.text, pdf=pdf,
                    filename=filename,
                )
            )  # fmt: skip
    return letter


def letter_template_save(*, kind: str, subject: str, body: str, acting_user) -> LetterTemplate:
    """A manager changes the wording of one kind of letter (of any registered family: see
    letters.register_family). It is tried against the family's sample merge values first, so a
    template that cannot be rendered is never saved."""
    require_role(acting_user, MANAGE, "change letter templates")
    family = letters.family_of(kind)
    if family is None:
        raise InvalidInput(f"{kind!r} is not a kind of letter.")
    if not subject.strip() or not body.strip():
        raise InvalidInput("Enter the subject and the wording of the letter.")
    try:
        for part in (subject, body):
            letters.render_text(part, family.sample_values())
    except letters.LetterError as exc:
        raise InvalidInput(f"The template cannot be used: {exc}") from exc
    with transaction.atomic():
        before = _wording(kind)
        template, _ = LetterTemplate.objects.update_or_create(
            kind=kind,
            defaults={
                "subject": subject.strip(),
                "body": body.strip(),
                "updated_by": acting_user,
                "updated_at": timezone.now(),
            },
        )
        audit(
            acting_user=acting_user,
            action="letter_template.saved",
            object_type="letter_template",
            object_id=kind,
            before={"subject": before[0], "body": before[1]} if before else None,
            after={"subject": template.subject, "body": template.body},
        )
    return template


def letter_template_reset(*, kind: str, acting_user) -> None:
    """Go back to the built-in wording for one kind of letter."""
    require_role(acting_user, MANAGE, "change letter templates")
    with transaction.atomic():
        deleted, _ = LetterTemplate.objects.filter(kind=kind).delete()
        if deleted:
            audit(
                acting_user=acting_user,
                action="letter_template.reset",
                object_type="letter_template",
                object_id=kind,
            )


def letters_sample_values() -> dict:
    """Merge values for trying a template: a made-up applicant and review."""
    today = _today()
    values = {
        "council": letters._council(council_get()),
        "addressee": "Ms Alex Sample",
        "address_lines": ["1 Sample Street", "Exampleton", "EX1 1AA"],
        "today": today,
        "reference": "IER-SAMPLE",
        "application": {
            "reference": "IER-SAMPLE", "full_name": "Alex Sample", "first_names": "Alex",
            "surname": "Sample", "address": "1 Sample Street, Exampleton, EX1 1AA",
            "received_on": today, "determined_on": today, "decision_reason": "Sample reason.",
            "eligibility_rule": "Sample rule.", "open_register_opt_out": False,
        },
        "elections": [{
            "title": "Sample election", "poll_date": today, "application_deadline": today,
            "determination_deadline": today, "status": timing.COUNTS, "counts": True,
        }],
        "objection": {"objector_name": "Sam Objector", "grounds": "Sample grounds.",
                      "hearing_on": today},
        "elector": {"elector_number": "AA1-1", "full_name": "Alex Sample",
                    "address": "1 Sample Street, Exampleton, EX1 1AA"},
        "review": {"grounds": "Sample grounds.", "notice_sent_on": today,
                   "hearing_request_deadline": today, "hearing_on": today},
    }  # fmt: skip
    return values


def letters_print_batch(*, acting_user, kind: str = "") -> tuple[bytes, int]:
    """One PDF of every letter not yet printed (of one kind, or all), oldest first; they are
    then marked printed. Returns the PDF and how many letters it holds."""
    require_role(acting_user, EDIT_DATA, "print letters")
    with transaction.atomic():
        waiting = Letter.objects.select_for_update().filter(printed_at=None).exclude(html="")
        if kind:
            waiting = waiting.filter(kind=kind)
        rows = list(waiting.order_by("created_at", "id").values_list("id", "html"))
        if not rows:
            raise InvalidInput("There are no letters waiting to be printed.")
        pdf = letters.print_batch_pdf([html for _id, html in rows])
        ids = [i for i, _html in rows]
        now = timezone.now()
        for start in range(0, len(ids), BATCH):
            Letter.objects.filter(id__in=ids[start : start + BATCH]).update(printed_at=now)
        audit(
            acting_user=acting_user,
            action="letters.printed",
            object_type="letter_batch",
            object_id=now.strftime("%Y%m%d%H%M%S"),
            after={"letters": len(ids), "kind": kind or "all"},
        )
    return pdf, len(ids)


# Reviews of entitlement ------------------------------------------------------------------------
def _review_audit(review: Review, action: str, acting_user, after: dict, reason: str = ""):
    audit(
        acting_user=acting_user,
        action=action,
        object_type="review",
        object_id=review.pk,
        object_repr=f"REVIEW-{review.pk}",
        after={"elector": review.elector_id, **after},
        reason=reason,
    )


def review_start(*, elector: Elector, grounds: str, acting_user, today: date | None = None):
    """The ERO starts a review of an elector's entitlement (RPA 1983 s10ZE; RPR 2001 reg 31D)."""
    require_role(acting_user, EDIT_DATA, "review electors' entitlement")
    if not grounds.strip():
        raise InvalidInput("Give the grounds for the review.")
    if elector.status == Elector.Status.DELETED:
        raise InvalidInput("This entry has already been deleted.")
    if Review.objects.filter(elector=elector, outcome="").exists():
        raise InvalidInput("There is already an open review of this entry.")
    with transaction.atomic():
        review = Review.objects.create(
            elector=elector,
            grounds=grounds.strip(),
            started_on=today or _today(),
            created_by=acting_user,
        )
        _review_audit(review, "review.started", acting_user, {"grounds": review.grounds})
    return review


def review_send_notice(*, review: Review, acting_user, today: date | None = None) -> Letter:
    """Send the notice of review: the grounds, and 14 days to ask for a hearing (reg 31D(4))."""
    require_role(acting_user, EDIT_DATA, "send review notices")
    if review.outcome:
        raise InvalidInput("This review has been decided.")
    with transaction.atomic():
        review.notice_sent_on = today or _today()
        review.save(update_fields=["notice_sent_on"])
        _review_audit(
            review, "review.notice_sent", acting_user,
            {"notice_sent_on": review.notice_sent_on.isoformat()},
        )  # fmt: skip
        return letter_generate(
            review=review, kind=Letter.Kind.REVIEW_NOTICE, acting_user=acting_user
        )


def review_set_hearing(
    *, review: Review, hearing_on: date, acting_user, today: date | None = None
) -> Letter:
    """The elector asked for a hearing: fix it with at least 3 days' notice (RPR 2001 reg 31F)
    and send the notice of hearing."""
    require_role(acting_user, EDIT_DATA, "arrange review hearings")
    today = today or _today()
    if review.outcome:
        raise InvalidInput("This review has been decided.")
    if review.notice_sent_on is None:
        raise InvalidInput("Send the notice of review first.")
    earliest = review_rules.earliest_review_hearing(today)
    if hearing_on < earliest:
        raise InvalidInput(
            f"The hearing must be on or after {earliest:%-d %B %Y} "
            "(at least 3 days' notice, RPR 2001 reg 31F)."
        )
    with transaction.atomic():
        review.hearing_requested_on = review.hearing_requested_on or today
        review.hearing_on = hearing_on
        review.hearing_notice_sent_on = today
        review.save(update_fields=["hearing_requested_on", "hearing_on", "hearing_notice_sent_on"])
        _review_audit(
            review, "review.hearing_set", acting_user, {"hearing_on": hearing_on.isoformat()}
        )
        return letter_generate(
            review=review, kind=Letter.Kind.REVIEW_HEARING, acting_user=acting_user
        )


def review_determine(
    *, review: Review, remove: bool, reason: str, acting_user, today: date | None = None
) -> Review:
    """Decide a review. Removal deletes the entry, an alteration with the review's reason
    (RPA 1983 s10ZE; RPR 2001 regs 31D-31F)."""
    require_role(acting_user, EDIT_DATA, "decide reviews")
    today = today or _today()
    if not reason.strip():
        raise InvalidInput("Give the reason for the decision.")
    if review.outcome:
        raise InvalidInput("This review has already been decided.")
    allowed, why = review_rules.may_determine_review(
        notice_sent_on=review.notice_sent_on,
        hearing_requested=review.hearing_requested_on is not None,
        hearing_on=review.hearing_on,
        today=today,
    )
    if not allowed:
        raise InvalidInput(f"The review cannot be decided yet: {why}.")
    with transaction.atomic():
        review.outcome = Review.Outcome.REMOVED if remove else Review.Outcome.RETAINED
        review.outcome_reason = reason.strip()
        review.decided_on = today
        review.save(update_fields=["outcome", "outcome_reason", "decided_on"])
        _review_audit(review, "review.decided", acting_user, {"outcome": review.outcome}, reason)
        if remove:
            register_services.elector_delete(
                elector=review.elector,
                acting_user=acting_user,
                reason=(
                    f"review REVIEW-{review.pk}: {reason.strip()} ({review_rules.CITATION_REVIEW})"
                ),
            )
    return review


# Deletions from death notifications and other EROs' notices --------------------------------------
def _match_notices(notices: list[DeletionNotice]) -> None:
    """Match each notice to one live or pending entry: same surname and first forename, the
    same date of birth where both are known, and the same address (UPRN or postcode) where
    the notice gives one. Exactly one entry is a match; several or none are left for an
    officer. One query per 2,000 surnames."""
    surnames = sorted({normalise_name(n.surname) for n in notices})
    found: dict[str, list[tuple]] = defaultdict(list)
    for start in range(0, len(surnames), BATCH):
        rows = (
            Elector.objects.filter(search_surname__in=surnames[start : start + BATCH])
            .exclude(status=Elector.Status.DELETED)
            .values_list(
                "id", "search_surname", "first_names", "date_of_birth", "property_id",
                "property__postcode",
            )
        )  # fmt: skip
        for row in rows.iterator():
            found[row[1]].append(row)
    for notice in notices:
        first = normalise_name((notice.first_names.split() or [""])[0])
        candidates = []
        for elector_id, _s, first_names, dob, uprn, postcode in found.get(
            normalise_name(notice.surname), []
        ):
            if normalise_name((first_names.split() or [""])[0]) != first:
                continue
            if notice.date_of_birth and dob and notice.date_of_birth != dob:
                continue
            if (notice.uprn or notice.postcode) and not (
                (notice.uprn and notice.uprn == uprn)
                or (notice.postcode and notice.postcode == postcode)
            ):
                continue
            if not (notice.uprn or notice.postcode) and not (dob and notice.date_of_birth):
                continue
            candidates.append(elector_id)
        if len(candidates) == 1:
            notice.elector_id = candidates[0]
            notice.match_note = "Name, date of birth and address agree"
        elif candidates:
            notice.match_note = f"{len(candidates)} possible entries: choose one"
        else:
            notice.match_note = "No entry found"


def death_notifications_import(
    *, path: Path | str, acting_user, display_name: str | None = None, received_on=None
) -> dict[str, Any]:
    """Import a registrar's death notifications (CSV), all or nothing, and match each to an
    entry. Nothing is deleted until an officer confirms (deletions_confirm)."""
    require_role(acting_user, EDIT_DATA, "import death notifications")
    importer = DeathNotificationsCsvImporter(
        path, received_on=received_on or _today(), display_name=display_name
    )
    notices = [notice for _row, notice in importer.validate()]
    _match_notices(notices)
    with transaction.atomic():
        result = importer.apply(notices, acting_user=acting_user, progress=no_progress)
        matched = sum(1 for n in notices if n.elector_id)
        audit(
            acting_user=acting_user,
            action="death_notifications.imported",
            object_type="deletion_notice_file",
            object_id=importer.display_name,
            after={"notices": result["notices"], "matched": matched},
        )
    return {"notices": len(notices), "matched": matched, "unmatched": len(notices) - matched}


@job_handler("applications.death_notifications")
def run_death_notifications_import(job: Job, progress: Progress) -> dict[str, Any]:
    return death_notifications_import(
        path=job.params["path"], display_name=job.params["display_name"],
        acting_user=job.created_by,
    )  # fmt: skip


def registered_elsewhere_add(
    *,
    elector: Elector,
    other_council: str,
    new_address: str = "",
    received_on: date | None = None,
    acting_user,
) -> DeletionNotice:
    """Record another ERO's notice that this elector has been registered at an address in
    their area (RPR 2001 reg 31C(2)(a)). An officer then confirms the deletion."""
    require_role(acting_user, EDIT_DATA, "record notices from other EROs")
    if not other_council.strip():
        raise InvalidInput("Enter the council whose ERO sent the notice.")
    if elector.status == Elector.Status.DELETED:
        raise InvalidInput("This entry has already been deleted.")
    with transaction.atomic():
        notice = DeletionNotice.objects.create(
            kind=DeletionNotice.Kind.REGISTERED_ELSEWHERE,
            source=other_council.strip(),
            received_on=received_on or _today(),
            surname=elector.surname,
            first_names=elector.first_names,
            date_of_birth=elector.date_of_birth,
            new_address=new_address.strip(),
            elector=elector,
            match_note="Entry named in the notice",
        )
        audit(
            acting_user=acting_user,
            action="deletion_notice.received",
            object_type="elector",
            object_id=elector.pk,
            object_repr=elector.elector_number,
            after={"notice": notice.pk, "kind": notice.kind, "from": notice.source},
        )
    return notice


def deletion_notice_match(*, notice: DeletionNotice, elector: Elector, acting_user):
    """An officer chooses the entry a notice is about (when it matched several or none)."""
    require_role(acting_user, EDIT_DATA, "match deletion notices")
    if notice.status:
        raise InvalidInput("This notice has been dealt with.")
    with transaction.atomic():
        notice.elector = elector
        notice.match_note = "Matched by an officer"
        notice.save(update_fields=["elector", "match_note"])
        audit(
            acting_user=acting_user,
            action="deletion_notice.matched",
            object_type="deletion_notice",
            object_id=notice.pk,
            after={"elector": elector.pk},
        )
    return notice


def deletions_confirm(
    *, notices: Iterable[DeletionNotice], acting_user, reason: str = ""
) -> dict[str, int]:
    """Delete the entries named by matched, open notices. Each deletion is an alteration
    whose reason names the notice and the regulation (RPR 2001 reg 31C(2))."""
    require_role(acting_user, EDIT_DATA, "delete electors from the register")
    counts = {"deleted": 0, "left": 0}
    today = _today()
    with transaction.atomic():
        for notice in notices:
            notice = DeletionNotice.objects.select_for_update().get(pk=notice.pk)
            if notice.status or notice.elector_id is None:
                counts["left"] += 1
                continue
            elector = Elector.objects.get(pk=notice.elector_id)
            if elector.status == Elector.Status.DELETED:
                counts["left"] += 1
                continue
            if notice.kind == DeletionNotice.Kind.DEATH:
                why = f"died {notice.date_of_death:%-d %B %Y}, notified by the registrar"
            else:
                why = f"registered elsewhere, notified by the ERO for {notice.source}"
            citation = review_rules.summary_deletion_citation(notice.kind)
            register_services.elector_delete(
                elector=elector,
                acting_user=acting_user,
                reason=f"{why} (notice {notice.pk}; {citation})"
                + (f": {reason.strip()}" if reason.strip() else ""),
            )
            notice.status = DeletionNotice.Status.DELETED
            notice.decision_reason = why
            notice.decided_on = today
            notice.decided_by = acting_user
            notice.save(update_fields=["status", "decision_reason", "decided_on", "decided_by"])
            counts["deleted"] += 1
    return counts


def deletion_notice_dismiss(*, notice: DeletionNotice, reason: str, acting_user):
    """Close a notice without deleting anyone (e.g. not one of our electors)."""
    require_role(acting_user, EDIT_DATA, "dismiss deletion notices")
    if not reason.strip():
        raise InvalidInput("Give the reason for dismissing the notice.")
    if notice.status:
        raise InvalidInput("This notice has been dealt with.")
    with transaction.atomic():
        notice.status = DeletionNotice.Status.DISMISSED
        notice.decision_reason = reason.strip()
        notice.decided_on = _today()
        notice.decided_by = acting_user
        notice.save(update_fields=["status", "decision_reason", "decided_on", "decided_by"])
        audit(
            acting_user=acting_user,
            action="deletion_notice.dismissed",
            object_type="deletion_notice",
            object_id=notice.pk,
            reason=reason,
        )
    return notice
