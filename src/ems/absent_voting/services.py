"""Writes for absent voting and Voter Authority Certificates. Every one checks the role,
runs in one transaction and is audited. Audit rows never hold a date of birth, a
signature or a photograph.

Public functions (keyword arguments only):

    batch_import(*, source, acting_user, skip_bad=False) -> dict
    application_create(*, acting_user, values, signature=b"", reason="") -> AbsentVoteApplication
    application_verify(*, application, route, detail, acting_user, reason="")
    application_determine(*, application, acting_user, grant=True, reason="", today=None,
                          letter=True) -> AbsentVoteApplication
    arrangement_cancel(*, arrangement, acting_user, reason, today=None, letter=True)
    arrangements_expire(*, acting_user, today=None) -> int
    notices_send(*, arrangements, kind, acting_user, today=None) -> Letter | None
    notices_send_reminders(*, acting_user, today=None) -> Letter | None
    notice_record_response(*, notice, response, acting_user, signature=b"", today=None)
    notices_close_overdue(*, acting_user, today=None) -> int
    rejections_import(*, path, election, acting_user, display_name=None) -> dict
    rejection_notices_send(*, election, acting_user, today=None) -> dict
    vac_application_create(*, acting_user, values, photo=b"") -> VacApplication
    vac_application_verify(*, application, route, detail, acting_user)
    vac_determine(*, application, issue, acting_user, reason="", today=None)
    certificate_replace(*, certificate, acting_user, reason, today=None)
        -> VoterAuthorityCertificate
    overseas_declaration_record(*, elector, values, acting_user, reason="")
        -> OverseasDeclaration
    overseas_declaration_decide(*, declaration, accept, acting_user, reason="",
                                takes_effect=None, today=None, letter=True)
    overseas_reminders_send(*, acting_user, today=None) -> Letter | None
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ems.core import times
from ems.core.audit import Change, audit, audit_many
from ems.core.errors import EmsError, ImportRejected, InvalidInput, RowError
from ems.core.jobs import Progress, job_handler
from ems.core.models import Job
from ems.core.roles import EDIT_DATA, MANAGE, require_role
from ems.core.selectors import council_get
from ems.elections.models import Election
from ems.register.models import Elector

from . import images, letters, selectors
from .formats.absent_vote_json import DOCUMENT_KINDS
from .formats.rejected_csv import RejectedStatementsImporter
from .models import (
    AbsentVoteApplication,
    Arrangement,
    Kind,
    Letter,
    Notice,
    OverseasDeclaration,
    RejectedStatement,
    Scope,
    VacApplication,
    VoterAuthorityCertificate,
)
from .rules import overseas, periods, rejection, vac
from .sources import BatchSource, FileBatchSource

OBJECT = "absent_vote_application"
ARRANGEMENT = "absent_vote"
VAC_OBJECT = "vac_application"
LIVE_STATUSES = (Elector.Status.LIVE, Elector.Status.PENDING_ADDITION)
BATCH = 2000


def _today() -> dt.date:
    return timezone.localdate()


def _summary(app: AbsentVoteApplication) -> dict[str, Any]:
    """What the audit trail keeps about an application (no personal identifiers)."""
    return {
        "reference": app.reference,
        "kind": app.kind,
        "scope": app.scope,
        "elector_id": app.elector_id,
        "verified_by": app.verified_by,
        "outcome": app.outcome,
    }


def _arrangement_summary(a: Arrangement) -> dict[str, Any]:
    return {
        "elector_id": a.elector_id,
        "kind": a.kind,
        "scope": a.scope,
        "starts_on": a.starts_on.isoformat() if a.starts_on else None,
        "ends_on": a.ends_on.isoformat() if a.ends_on else None,
        "status": a.status,
    }


def _audit_app(app, action, acting_user, before=None, reason=""):
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


def proxy_key(proxy_elector_id: int | None, name: str, address: str) -> str:
    """Who a proxy is, to count appointments across the register."""
    if proxy_elector_id:
        return f"elector:{proxy_elector_id}"
    lines = [x for x in address.lower().splitlines() if x.strip()]
    first_line = " ".join(lines[0].split()) if lines else ""
    postcode = lines[-1].replace(" ", "") if lines else ""
    return f"person:{' '.join(name.lower().split())}|{first_line}|{postcode}"[:300]


def _elector_lookup(numbers: Iterable[tuple[str, int, int]]) -> dict[tuple[str, int, int], Elector]:
    wanted = set(numbers)
    codes = sorted({c for c, _, _ in wanted})
    nums = sorted({n for _, n, _ in wanted})
    found: dict[tuple[str, int, int], Elector] = {}
    for start in range(0, len(nums), BATCH):
        rows = (
            Elector.objects.filter(
                polling_district__code__in=codes, number__in=nums[start : start + BATCH]
            )
            .exclude(status=Elector.Status.DELETED)
            .select_related("polling_district")
        )
        for e in rows:
            key = (e.polling_district.code.upper(), e.number, e.suffix)
            if key in wanted:
                found[key] = e
    return found


def _same_person(elector: Elector, first: str, surname: str) -> bool:
    return (
        elector.surname.strip().lower() == surname.strip().lower()
        and elector.first_names.strip().lower().split()[:1] == first.strip().lower().split()[:1]
    )


# Intake ------------------------------------------------------------------------------------
def batch_import(*, source: BatchSource, acting_user, skip_bad: bool = False) -> dict[str, Any]:
    """Import one batch of online absent vote, VAC and AED applications.

    Every item is checked first (shape, then elector numbers, names and poll ids against
    the register). With errors nothing is imported unless `skip_bad`, when the good items
    are imported and each bad one reported.
    """
    require_role(acting_user, EDIT_DATA, "import absent vote applications")
    parsed = source.fetch()
    errors = list(parsed.errors)
    name = parsed.display_name
    refs = [r.values["reference"] for r in parsed.records]
    existing = set(
        AbsentVoteApplication.objects.filter(reference__in=refs).values_list("reference", flat=True)
    ) | set(VacApplication.objects.filter(reference__in=refs).values_list("reference", flat=True))
    electors = _elector_lookup(
        [r.elector_number for r in parsed.records]
        + [r.proxy_elector_number for r in parsed.records if r.proxy_elector_number]
    )
    election_ids = {r.election_id for r in parsed.records if r.election_id}
    elections = {e.election_id: e for e in Election.objects.filter(election_id__in=election_ids)}
    good = []
    for record in parsed.records:
        before = len(errors)

        def err(column, problem, expected="", _record=record):
            errors.append(RowError(name, _record.index, column, problem, expected))

        if record.values["reference"] in existing:
            err("application_id", f"{record.values['reference']} was imported before")
        elector = electors.get(record.elector_number)
        if elector is None:
            err("elector.elector_number", "no such elector in the register", "a current entry")
        elif not _same_person(elector, record.values["first_names"], record.values["surname"]):
            err("elector.surname", "the name does not match the register entry", "the same person")
        if record.election_id and record.election_id not in elections:
            err("period.election_id", f"unknown poll {record.election_id!r}", "an election id")
        if record.proxy_elector_number and record.proxy_elector_number not in electors:
            err("proxy.elector_number", "no such elector in the register", "a current entry")
        if len(errors) == before:
            good.append((record, elector))
    errors.sort(key=lambda e: e.row)
    if errors and not skip_bad:
        raise ImportRejected(errors)
    counts = {"absent_vote": 0, "vac": 0, "aed": 0}
    with transaction.atomic():
        changes = []
        for record, elector in good:
            v = dict(record.values)
            v.pop("first_names")
            v.pop("surname")
            verified = "dwp" if v.get("dwp_result") == "match" else ""
            election = elections.get(record.election_id)
            if record.kind in DOCUMENT_KINDS:
                app = VacApplication.objects.create(
                    channel="online",
                    document=record.kind,
                    elector=elector,
                    election=election,
                    verified_by=verified,
                    photo_file=images.save_image(record.photo, purpose="photos"),
                    **v,
                )
                counts[record.kind] += 1
                changes.append(
                    Change("vac_application.received", VAC_OBJECT, app.pk, app.reference)
                )
                continue
            proxy = (
                electors.get(record.proxy_elector_number) if record.proxy_elector_number else None
            )
            app = AbsentVoteApplication.objects.create(
                batch_reference=parsed.batch_id,
                channel=AbsentVoteApplication.Channel.ONLINE,
                kind=record.kind,
                elector=elector,
                election=election,
                proxy_elector=proxy,
                verified_by=verified,
                signature_file=(
                    images.save_image(record.signature, purpose="signatures")
                    if record.signature
                    else ""
                ),
                **v,
            )
            counts["absent_vote"] += 1
            changes.append(
                Change("application.received", OBJECT, app.pk, app.reference, None, _summary(app))
            )
        audit_many(acting_user=acting_user, changes=changes, reason=f"batch {parsed.batch_id}")
        audit(
            acting_user=acting_user,
            action="absent_vote_batch.imported",
            object_type="absent_vote_batch",
            object_repr=parsed.batch_id,
            after={**counts, "rejected": len(errors)},
        )
    return {"batch": parsed.batch_id, **counts, "rejected_records": [str(e) for e in errors]}


@job_handler("absent_voting.import")
def run_batch_import(job: Job, progress: Progress) -> dict[str, Any]:
    """A batch uploaded through the browser, imported in the background; the job page lists
    each bad application with its reason."""
    result = batch_import(
        source=FileBatchSource(job.params["path"], display_name=job.params["display_name"]),
        acting_user=job.created_by,
        skip_bad=bool(job.params.get("skip_bad")),
    )
    rejected = result.pop("rejected_records")
    result["records_skipped"] = len(rejected)
    result["skipped_because"] = "; ".join(rejected) or "None"
    return result


PAPER_FIELDS = (
    "kind", "scope", "election", "period_start", "period_end", "received_at", "elector",
    "nino", "no_nino_reason", "date_of_birth", "signature_waived", "waiver_reason",
    "ballot_address", "ballot_address_reason", "proxy_name", "proxy_address",
    "proxy_elector", "proxy_relationship", "grounds", "reason", "attested_by",
    "attestation_detail",
)  # fmt: skip


def application_create(
    *, acting_user, values: dict[str, Any], signature: bytes = b"", reason: str = ""
) -> AbsentVoteApplication:
    """Record a paper application (the form keyed in, the signature scanned)."""
    require_role(acting_user, EDIT_DATA, "key in absent vote applications")
    unknown = set(values) - set(PAPER_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if values.get("kind") not in Kind.values:
        raise InvalidInput("Choose postal vote, proxy, postal proxy or emergency proxy.")
    if values.get("scope") not in Scope.values:
        raise InvalidInput("Choose a particular poll, a period, or until further notice.")
    if not isinstance(values.get("elector"), Elector):
        raise InvalidInput("Choose the elector applying.")
    data = {k: v for k, v in values.items() if v is not None}
    data.setdefault("received_at", timezone.now())
    with transaction.atomic():
        count = AbsentVoteApplication.objects.filter(channel="paper").count() + 1
        app = AbsentVoteApplication(
            reference=f"AVP-{_today():%Y%m%d}-{count:05d}",
            channel=AbsentVoteApplication.Channel.PAPER,
            **data,
        )
        while AbsentVoteApplication.objects.filter(reference=app.reference).exists():
            count += 1
            app.reference = f"AVP-{_today():%Y%m%d}-{count:05d}"
        if signature:
            app.signature_file = images.save_image(
                signature, purpose="signatures", label="The signature"
            )
        app.save()
        _audit_app(app, "application.received", acting_user, reason=reason)
    return app


VERIFY_ROUTES = ("documents", "attestation", "exception")


def _verify(app, route: str, detail: str, acting_user) -> None:
    if route not in VERIFY_ROUTES:
        raise InvalidInput("Choose documents, attestation or exception.")
    if not detail.strip():
        raise InvalidInput("Say what was checked.")
    if route == "exception":
        require_role(acting_user, MANAGE, "verify identity by exception")
    if app.outcome:
        raise InvalidInput("This application is closed.")
    app.verified_by = route
    app.verification_detail = detail.strip()


def application_verify(
    *, application: AbsentVoteApplication, route: str, detail: str, acting_user, reason: str = ""
) -> AbsentVoteApplication:
    """Record identity verified by documents, attestation or an exception (RPR 2001 reg 51AB)."""
    require_role(acting_user, EDIT_DATA, "verify applicants' identity")
    with transaction.atomic():
        app = AbsentVoteApplication.objects.select_for_update().get(pk=application.pk)
        before = _summary(app)
        _verify(app, route, detail, acting_user)
        app.save(update_fields=["verified_by", "verification_detail"])
        _audit_app(app, "application.verified", acting_user, before, reason)
    return app


# Decisions ---------------------------------------------------------------------------------
def _period(app: AbsentVoteApplication, granted_on: dt.date) -> tuple[dt.date, dt.date | None]:
    if app.scope == Scope.ELECTION:
        return granted_on, app.election.poll_date
    start = max(granted_on, app.period_start or granted_on)
    requested = app.period_end if app.scope == Scope.PERIOD else None
    overseas = app.elector.special_category in ("overseas", "service")
    if app.kind in (Kind.POSTAL, Kind.POSTAL_PROXY) and not overseas:
        return start, max(start, periods.postal_vote_end(granted_on, requested))
    return start, requested


def application_determine(
    *,
    application: AbsentVoteApplication,
    acting_user,
    grant: bool = True,
    reason: str = "",
    today: dt.date | None = None,
    letter: bool = True,
) -> AbsentVoteApplication:
    """Grant (if every requirement is met) or refuse an application, and write the letter.

    Granting records the arrangement; a new arrangement for a period replaces the elector's
    earlier ones for a period. Refusing needs a reason unless the rules give one.
    """
    require_role(acting_user, EDIT_DATA, "decide absent vote applications")
    today = today or _today()
    with transaction.atomic():
        app = (
            AbsentVoteApplication.objects.select_for_update(of=("self",))
            .select_related("elector", "election__polling_day")
            .get(pk=application.pk)
        )
        if app.outcome:
            raise InvalidInput("This application has already been decided.")
        before = _summary(app)
        result = selectors.decision_for(app, today=today)
        if (
            grant
            and app.scope == Scope.ELECTION
            and app.election
            and app.election.poll_date < today
        ):
            raise InvalidInput(f"The {app.election.title} has already taken place.")
        if grant and not result.grant:
            raise InvalidInput("The application cannot be granted: " + result.summary)
        if not grant and not (reason.strip() or result.reasons):
            raise InvalidInput("Give the reason for refusing the application.")
        app.decided_on, app.decided_by = today, acting_user
        ends = None
        if grant:
            app.outcome = AbsentVoteApplication.Outcome.GRANTED
            app.decision_reason = reason.strip()
            starts, ends = _period(app, today)
            if app.scope != Scope.ELECTION:
                for old in Arrangement.objects.filter(
                    elector=app.elector, status=Arrangement.Status.ACTIVE
                ).exclude(scope=Scope.ELECTION):
                    _end(old, Arrangement.Status.ENDED, "replaced by a new arrangement", today)
            arrangement = Arrangement.objects.create(
                elector=app.elector,
                kind=app.kind,
                scope=app.scope,
                election=app.election,
                poll_date=app.election.poll_date if app.election else None,
                starts_on=starts,
                ends_on=ends,
                received_at=app.received_at,
                granted_on=today,
                application=app,
                ballot_address=app.ballot_address,
                proxy_name=app.proxy_name,
                proxy_address=app.proxy_address,
                proxy_elector=app.proxy_elector,
                proxy_key=(
                    proxy_key(app.proxy_elector_id, app.proxy_name, app.proxy_address)
                    if app.kind != Kind.POSTAL
                    else ""
                ),
                elector_domestic=app.elector.special_category not in ("overseas", "service"),
                date_of_birth=app.date_of_birth,
                signature_file=app.signature_file,
                signature_on=times.local_date(app.received_at) if app.signature_file else None,
                signature_waived=app.signature_waived,
            )
            audit(
                acting_user=acting_user,
                action="absent_vote.granted",
                object_type=ARRANGEMENT,
                object_id=arrangement.pk,
                object_repr=app.reference,
                after=_arrangement_summary(arrangement),
            )
        else:
            app.outcome = AbsentVoteApplication.Outcome.REFUSED
            app.decision_reason = " ".join([reason.strip(), *result.reasons]).strip()
        app.save(update_fields=["outcome", "decision_reason", "decided_on", "decided_by"])
        _audit_app(app, f"application.{app.outcome}", acting_user, before, reason)
        if letter:
            kind = "grant" if grant else "refusal"
            _letter(
                kind, OBJECT, app.pk, app.elector, acting_user,
                application=app, today=today, arrangement_end=ends,
            )  # fmt: skip
    return app


def _end(arrangement: Arrangement, status: str, why: str, today: dt.date, acting_user=None):
    before = _arrangement_summary(arrangement)
    arrangement.status, arrangement.ended_on, arrangement.end_reason = status, today, why
    arrangement.save(update_fields=["status", "ended_on", "end_reason"])
    audit(
        acting_user=acting_user,
        action=f"absent_vote.{status}",
        object_type=ARRANGEMENT,
        object_id=arrangement.pk,
        before=before,
        after=_arrangement_summary(arrangement),
        reason=why,
    )


def arrangement_cancel(
    *,
    arrangement: Arrangement,
    acting_user,
    reason: str,
    today: dt.date | None = None,
    letter: bool = True,
) -> Arrangement:
    """Cancel an absent vote (the elector's request, or a reg 60A failure) with notice."""
    require_role(acting_user, EDIT_DATA, "cancel absent votes")
    if not reason.strip():
        raise InvalidInput("Give the reason for cancelling.")
    today = today or _today()
    with transaction.atomic():
        a = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
        if a.status != Arrangement.Status.ACTIVE:
            raise InvalidInput("This absent vote is no longer active.")
        _end(a, Arrangement.Status.CANCELLED, reason.strip(), today, acting_user)
        if letter:
            _letter("cancellation", ARRANGEMENT, a.pk, a.elector, acting_user, arrangement=a)
    return a


def arrangements_expire(*, acting_user, today: dt.date | None = None) -> int:
    """End every active arrangement whose last day has passed."""
    require_role(acting_user, EDIT_DATA, "end expired absent votes")
    today = today or _today()
    with transaction.atomic():
        expired = list(
            Arrangement.objects.select_for_update().filter(
                status=Arrangement.Status.ACTIVE, ends_on__lt=today
            )
        )
        for a in expired:
            a.status, a.ended_on, a.end_reason = Arrangement.Status.ENDED, today, "period ended"
        Arrangement.objects.bulk_update(expired, ["status", "ended_on", "end_reason"], BATCH)
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("absent_vote.ended", ARRANGEMENT, a.pk, "", None, _arrangement_summary(a))
                for a in expired
            ),
            reason="period ended",
        )
    return len(expired)


# Letters -----------------------------------------------------------------------------------
def _letter(kind, object_type, object_id, elector, acting_user, **extra) -> Letter:
    try:
        pdf = letters.render_pdf(
            kind, council=council_get(), today=extra.pop("today", None) or _today(),
            elector=elector, **extra,
        )  # fmt: skip
    except letters.LetterError as exc:
        raise EmsError(str(exc)) from exc
    letter = Letter.objects.create(
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        elector=elector,
        pdf=pdf,
        created_by=acting_user,
    )
    audit(
        acting_user=acting_user,
        action="letter.generated",
        object_type=object_type,
        object_id=object_id,
        after={"letter": kind, "letter_id": letter.pk},
    )
    return letter


# Renewals and refresh ----------------------------------------------------------------------
def notices_send(
    *,
    arrangements: Iterable[Arrangement],
    kind: str,
    acting_user,
    today: dt.date | None = None,
) -> Letter | None:
    """Send reapply reminders (postal votes ending) or reg 60A fresh-signature notices.

    Returns one PDF holding every letter, for printing; each notice is recorded.
    """
    require_role(acting_user, EDIT_DATA, "send absent vote notices")
    if kind not in Notice.Kind.values:
        raise InvalidInput(f"{kind!r} is not a kind of notice.")
    today = today or _today()
    items = list(
        Arrangement.objects.filter(
            pk__in=[a.pk for a in arrangements], status=Arrangement.Status.ACTIVE
        ).select_related("elector__property", "elector__polling_district")
    )
    if not items:
        return None
    with transaction.atomic():
        notices = [
            Notice(
                arrangement=a,
                kind=kind,
                sent_on=today,
                ceases_on=(
                    periods.refresh_ceases_on(today) if kind == Notice.Kind.SIGNATURE else a.ends_on
                )
                or today,
            )
            for a in items
        ]
        Notice.objects.bulk_create(notices, batch_size=BATCH)
        letter = _bulk_letter(f"notice_{kind}", notices, items, acting_user, today)
        audit_many(
            acting_user=acting_user,
            changes=(
                Change(
                    f"notice.{kind}.sent",
                    ARRANGEMENT,
                    a.pk,
                    "",
                    None,
                    {"ceases_on": str(n.ceases_on)},
                )
                for a, n in zip(items, notices, strict=True)
            ),
        )
    return letter


def _bulk_letter(kind, notices, arrangements, acting_user, today) -> Letter:
    try:
        pdf = letters.render_bulk_pdf(
            kind,
            [
                {"notice": n, "arrangement": a, "elector": a.elector}
                for n, a in zip(notices, arrangements, strict=True)
            ],
            council=council_get(),
            today=today,
        )
    except letters.LetterError as exc:
        raise EmsError(str(exc)) from exc
    return Letter.objects.create(
        kind=kind,
        object_type="notice_run",
        object_id=notices[0].pk or 0,
        elector=arrangements[0].elector,
        pdf=pdf,
        created_by=acting_user,
    )


def notices_send_reminders(*, acting_user, today: dt.date | None = None) -> Letter | None:
    """Send the copy of each reg 60A notice unanswered after three weeks (reg 60A(3))."""
    require_role(acting_user, EDIT_DATA, "send absent vote notices")
    today = today or _today()
    due = [
        n
        for n in Notice.objects.filter(
            kind=Notice.Kind.SIGNATURE, response="", reminder_sent_on=None, ceases_on__gte=today
        ).select_related("arrangement__elector__property")
        if periods.refresh_reminder_due(n.sent_on, today)
    ]
    if not due:
        return None
    with transaction.atomic():
        for n in due:
            n.reminder_sent_on = today
        Notice.objects.bulk_update(due, ["reminder_sent_on"], BATCH)
        letter = _bulk_letter(
            "notice_signature_copy", due, [n.arrangement for n in due], acting_user, today
        )
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("notice.signature.copy_sent", ARRANGEMENT, n.arrangement_id) for n in due
            ),
        )
    return letter


def notice_record_response(
    *,
    notice: Notice,
    response: str,
    acting_user,
    signature: bytes = b"",
    today: dt.date | None = None,
) -> Notice:
    """Record the reply to a notice. A fresh signature refreshes the personal identifiers;
    "declined" cancels the absent vote with notice."""
    require_role(acting_user, EDIT_DATA, "record replies to notices")
    if response not in (Notice.Response.REAPPLIED, Notice.Response.DECLINED):
        raise InvalidInput("Choose reapplied (or fresh signature given) or declined.")
    today = today or _today()
    with transaction.atomic():
        n = Notice.objects.select_for_update().select_related("arrangement").get(pk=notice.pk)
        if n.response:
            raise InvalidInput("A reply to this notice is already recorded.")
        n.response, n.responded_on = response, today
        n.save(update_fields=["response", "responded_on"])
        a = n.arrangement
        if response == Notice.Response.REAPPLIED and n.kind == Notice.Kind.SIGNATURE:
            if not signature:
                raise InvalidInput("Upload the fresh signature.")
            a.signature_file = images.save_image(
                signature, purpose="signatures", label="The signature"
            )
            a.signature_on, a.signature_waived = today, False
            a.save(update_fields=["signature_file", "signature_on", "signature_waived"])
        audit(
            acting_user=acting_user,
            action=f"notice.{n.kind}.{response}",
            object_type=ARRANGEMENT,
            object_id=a.pk,
            after={"response": response},
        )
        if response == Notice.Response.DECLINED and a.status == Arrangement.Status.ACTIVE:
            arrangement_cancel(
                arrangement=a, acting_user=acting_user, reason="the elector declined", today=today
            )
    return n


def notices_close_overdue(*, acting_user, today: dt.date | None = None) -> int:
    """Cancel the absent votes of voters who gave no fresh signature by the date in their
    reg 60A notice (RPR 2001 reg 60A(6)-(7)), with a notice of cancellation each."""
    require_role(acting_user, EDIT_DATA, "cancel absent votes")
    today = today or _today()
    overdue = list(
        Notice.objects.filter(
            kind=Notice.Kind.SIGNATURE, response="", ceases_on__lte=today
        ).select_related("arrangement")
    )
    with transaction.atomic():
        for n in overdue:
            n.response, n.responded_on = Notice.Response.NO_RESPONSE, today
            n.save(update_fields=["response", "responded_on"])
            if n.arrangement.status == Arrangement.Status.ACTIVE:
                arrangement_cancel(
                    arrangement=n.arrangement,
                    acting_user=acting_user,
                    reason="no fresh signature by the date in the notice (RPR 2001 reg 60A(7))",
                    today=today,
                )
    return len(overdue)


# Rejected postal voting statements ------------------------------------------------------
def rejections_import(
    *, path: Path | str, election: Election, acting_user, display_name: str | None = None
) -> dict[str, Any]:
    """Load the list of rejected postal voting statements (reg 87(4)) for one poll."""
    require_role(acting_user, EDIT_DATA, "import rejected postal voting statements")
    importer = RejectedStatementsImporter(path, election=election, display_name=display_name)
    return importer.run(acting_user=acting_user)


def rejection_notices_send(
    *, election: Election, acting_user, today: dt.date | None = None
) -> dict[str, Any]:
    """Write a rejection notice to each postal voter on the list (RPR 2001 reg 61C)."""
    require_role(acting_user, EDIT_DATA, "send postal vote rejection notices")
    today = today or _today()
    poll_date = election.poll_date
    if today < poll_date:
        raise InvalidInput("Rejection notices are sent after the poll.")
    late = not rejection.in_period(poll_date, today)
    pending = list(
        RejectedStatement.objects.filter(election=election, sent_on=None, not_sent_reason="")
        .select_related("elector__property")
        .order_by("id")
    )
    postal_now = set(
        Arrangement.objects.filter(
            elector_id__in=[r.elector_id for r in pending],
            status=Arrangement.Status.ACTIVE,
            kind__in=(Kind.POSTAL, Kind.POSTAL_PROXY),
        ).values_list("elector_id", flat=True)
    )
    to_send, skipped = [], []
    for r in pending:
        if r.offence_suspected:
            r.not_sent_reason = "offence suspected (reg 61C(2)(b))"
            skipped.append(r)
        elif r.elector_id not in postal_now:
            r.not_sent_reason = "no longer voting by post (reg 61C(2)(a))"
            skipped.append(r)
        else:
            r.sent_on = today
            to_send.append(r)
    with transaction.atomic():
        RejectedStatement.objects.bulk_update(pending, ["sent_on", "not_sent_reason"], BATCH)
        letter = None
        if to_send:
            try:
                pdf = letters.render_bulk_pdf(
                    "rejection_notice",
                    [
                        {
                            "elector": r.elector,
                            "reasons": [rejection.REASONS[c] for c in r.reasons.split(";") if c],
                            "election": election,
                        }
                        for r in to_send
                    ],
                    council=council_get(),
                    today=today,
                )
            except letters.LetterError as exc:
                raise EmsError(str(exc)) from exc
            letter = Letter.objects.create(
                kind="rejection_notice",
                object_type="election",
                object_id=election.pk,
                elector=to_send[0].elector,
                pdf=pdf,
                created_by=acting_user,
            )
        audit(
            acting_user=acting_user,
            action="rejection_notices.sent",
            object_type="election",
            object_id=election.pk,
            object_repr=election.title,
            after={"sent": len(to_send), "not_sent": len(skipped), "late": late},
        )
    return {
        "sent": len(to_send),
        "not_sent": len(skipped),
        "late": late,
        "last_day": rejection.notice_last_day(poll_date),
        "letter": letter,
    }


# Voter Authority Certificates -------------------------------------------------------------
VAC_FIELDS = ("document", "elector", "received_at", "election", "date_of_birth", "nino",
              "no_nino_reason", "replaces")  # fmt: skip


def vac_application_create(
    *, acting_user, values: dict[str, Any], photo: bytes = b""
) -> VacApplication:
    """Record a paper VAC or AED application with its photograph."""
    require_role(acting_user, EDIT_DATA, "key in Voter Authority Certificate applications")
    unknown = set(values) - set(VAC_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if not isinstance(values.get("elector"), Elector):
        raise InvalidInput("Choose the elector applying.")
    if not photo:
        raise InvalidInput("Upload the applicant's photograph.")
    data = {k: v for k, v in values.items() if v is not None}
    data.setdefault("received_at", timezone.now())
    with transaction.atomic():
        count = VacApplication.objects.count() + 1
        reference = f"VACP-{_today():%Y%m%d}-{count:05d}"
        while VacApplication.objects.filter(reference=reference).exists():
            count += 1
            reference = f"VACP-{_today():%Y%m%d}-{count:05d}"
        app = VacApplication.objects.create(
            reference=reference,
            channel="paper",
            photo_file=images.save_image(photo, purpose="photos", label="The photograph"),
            **data,
        )
        audit(
            acting_user=acting_user,
            action="vac_application.received",
            object_type=VAC_OBJECT,
            object_id=app.pk,
            object_repr=app.reference,
            after={"document": app.document, "elector_id": app.elector_id},
        )
    return app


def vac_application_verify(*, application: VacApplication, route: str, detail: str, acting_user):
    require_role(acting_user, EDIT_DATA, "verify applicants' identity")
    with transaction.atomic():
        app = VacApplication.objects.select_for_update().get(pk=application.pk)
        _verify(app, route, detail, acting_user)
        app.save(update_fields=["verified_by", "verification_detail"])
        audit(
            acting_user=acting_user,
            action="vac_application.verified",
            object_type=VAC_OBJECT,
            object_id=app.pk,
            object_repr=app.reference,
            after={"verified_by": route},
        )
    return app


def vac_determine(
    *,
    application: VacApplication,
    issue: bool,
    acting_user,
    reason: str = "",
    today: dt.date | None = None,
    letter: bool = True,
) -> VacApplication:
    """Issue a certificate (number, issue date, recommended renewal) or refuse."""
    require_role(acting_user, EDIT_DATA, "decide Voter Authority Certificate applications")
    today = today or _today()
    with transaction.atomic():
        app = (
            VacApplication.objects.select_for_update(of=("self",))
            .select_related("elector", "election__polling_day")
            .get(pk=application.pk)
        )
        if app.outcome:
            raise InvalidInput("This application has already been decided.")
        problems = selectors.vac_problems(app)
        if issue and problems:
            raise InvalidInput("The certificate cannot be issued: " + " ".join(problems))
        if not issue and not (reason.strip() or problems):
            raise InvalidInput("Give the reason for refusing the application.")
        app.decided_on = today
        if issue:
            app.outcome = VacApplication.Outcome.ISSUED
            certificate = _issue(app, today)
            if app.replaces_id:
                VoterAuthorityCertificate.objects.filter(pk=app.replaces_id).update(
                    replaced_on=today
                )
        else:
            app.outcome = VacApplication.Outcome.REFUSED
            app.decision_reason = " ".join([reason.strip(), *problems]).strip()
        app.save(update_fields=["outcome", "decision_reason", "decided_on"])
        audit(
            acting_user=acting_user,
            action=f"vac_application.{app.outcome}",
            object_type=VAC_OBJECT,
            object_id=app.pk,
            object_repr=app.reference,
            after={"outcome": app.outcome, **({"number": certificate.number} if issue else {})},
            reason=reason,
        )
        if letter:
            if issue:
                _letter("certificate", "certificate", certificate.pk, app.elector, acting_user,
                        certificate=certificate, today=today)  # fmt: skip
            else:
                _letter("vac_refusal", VAC_OBJECT, app.pk, app.elector, acting_user,
                        vac_application=app, today=today)  # fmt: skip
    return app


def _issue(app: VacApplication, today: dt.date) -> VoterAuthorityCertificate:
    council = council_get()
    gss = council.gss_code if council else ""
    prefix = "AED" if app.document == VacApplication.Document.AED else "VAC"
    number = vac.new_number(gss, prefix)
    while VoterAuthorityCertificate.objects.filter(number=number).exists():
        number = vac.new_number(gss, prefix)
    return VoterAuthorityCertificate.objects.create(
        number=number,
        document=app.document,
        elector=app.elector,
        application=app,
        election=app.election,
        issued_on=today,
        recommended_renewal=vac.recommended_renewal(today),
    )


def certificate_replace(
    *,
    certificate: VoterAuthorityCertificate,
    acting_user,
    reason: str,
    today: dt.date | None = None,
) -> VoterAuthorityCertificate:
    """Issue a replacement (lost, stolen, damaged, or changed details): a new number; the old
    certificate is marked replaced."""
    require_role(acting_user, EDIT_DATA, "replace Voter Authority Certificates")
    if not reason.strip():
        raise InvalidInput("Give the reason for the replacement.")
    today = today or _today()
    with transaction.atomic():
        old = VoterAuthorityCertificate.objects.select_for_update().get(pk=certificate.pk)
        if old.replaced_on:
            raise InvalidInput("This certificate has already been replaced.")
        original = old.application
        count = VacApplication.objects.filter(replaces=old).count() + 1
        app = VacApplication.objects.create(
            reference=f"{original.reference}-R{count}",
            channel=original.channel,
            document=old.document,
            elector=old.elector,
            received_at=timezone.now(),
            election=old.election,
            verified_by=original.verified_by,
            verification_detail=original.verification_detail,
            photo_file=original.photo_file,
            replaces=old,
            outcome=VacApplication.Outcome.ISSUED,
            decided_on=today,
            decision_reason=reason.strip(),
        )
        new = _issue(app, today)
        old.replaced_on = today
        old.save(update_fields=["replaced_on"])
        audit(
            acting_user=acting_user,
            action="certificate.replaced",
            object_type="certificate",
            object_id=old.pk,
            object_repr=old.number,
            after={"replacement": new.number},
            reason=reason,
        )
    return new


# Overseas electors ------------------------------------------------------------------------
OVERSEAS_OBJECT = "overseas_declaration"
OVERSEAS_FIELDS = ("kind", "basis", "received_on", "last_uk_address", "last_uk_year",
                   "present_address", "nino")  # fmt: skip


def _is_overseas(elector: Elector) -> bool:
    return elector.special_category == Elector.SpecialCategory.OVERSEAS or "F" in (
        elector.markers or ""
    )


def _overseas_summary(d: OverseasDeclaration) -> dict[str, Any]:
    return {
        "elector_id": d.elector_id,
        "kind": d.kind,
        "basis": d.basis,
        "received_on": d.received_on.isoformat(),
        "outcome": d.outcome,
        "ends_on": d.ends_on.isoformat() if d.ends_on else None,
    }


def overseas_declaration_record(
    *, elector: Elector, values: dict[str, Any], acting_user, reason: str = ""
) -> OverseasDeclaration:
    """Record an overseas elector's declaration or renewal declaration (RPA 1985 ss1C, 1E)
    for an elector registered (or being registered) as an overseas elector (marker F)."""
    require_role(acting_user, EDIT_DATA, "record overseas electors' declarations")
    unknown = set(values) - set(OVERSEAS_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if not _is_overseas(elector):
        raise InvalidInput(
            "This elector is not an overseas elector: record the special category (marker F) "
            "on the register entry first."
        )
    if values.get("kind") not in OverseasDeclaration.Kind.values:
        raise InvalidInput("Choose a declaration or a renewal declaration.")
    if values.get("basis") not in OverseasDeclaration.Basis.values:
        raise InvalidInput("Choose previously registered or previously resident.")
    if not (values.get("last_uk_address") or "").strip():
        raise InvalidInput("Give the last UK address.")
    if not values.get("received_on"):
        raise InvalidInput("Give the date the declaration was received.")
    with transaction.atomic():
        previous = None
        if values["kind"] == OverseasDeclaration.Kind.RENEWAL:
            previous = selectors.overseas_current(elector)
            if previous is None:
                raise InvalidInput("There is no current overseas declaration to renew.")
        d = OverseasDeclaration.objects.create(
            elector=elector, previous=previous, **{k: v for k, v in values.items() if v is not None}
        )
        audit(
            acting_user=acting_user,
            action="overseas_declaration.received",
            object_type=OVERSEAS_OBJECT,
            object_id=d.pk,
            after=_overseas_summary(d),
            reason=reason,
        )
    return d


def overseas_declaration_decide(
    *,
    declaration: OverseasDeclaration,
    accept: bool,
    acting_user,
    reason: str = "",
    takes_effect: dt.date | None = None,
    today: dt.date | None = None,
    letter: bool = True,
) -> OverseasDeclaration:
    """Accept or refuse a declaration and notify the declarant (RPR 2001 reg 23C).

    Accepting a declaration starts a registration period ending on the third 1 November
    after the entry takes effect (RPA 1985 s1D(1)); accepting a renewal received in the
    last 6 months of the period extends it to the third 1 November after that period ends
    (s1D(2)-(3)). A renewal received earlier cannot be accepted."""
    require_role(acting_user, EDIT_DATA, "decide overseas electors' declarations")
    today = today or _today()
    with transaction.atomic():
        d = (
            OverseasDeclaration.objects.select_for_update(of=("self",))
            .select_related("elector__property", "previous")
            .get(pk=declaration.pk)
        )
        if d.outcome:
            raise InvalidInput("This declaration has already been decided.")
        before = _overseas_summary(d)
        if accept:
            if d.kind == OverseasDeclaration.Kind.RENEWAL:
                prev = d.previous
                if not overseas.renewal_in_window(d.received_on, prev.ends_on):
                    start, end = overseas.renewal_window(prev.ends_on)
                    raise InvalidInput(
                        f"A renewal declaration can be accepted only if received between "
                        f"{start:%-d %B %Y} and {end:%-d %B %Y} (RPA 1985 s1D(2))."
                    )
                d.takes_effect = prev.ends_on + dt.timedelta(days=1)
                d.ends_on = overseas.renewed_until(prev.ends_on)
            else:
                d.takes_effect = takes_effect or today
                d.ends_on = overseas.registration_ends(d.takes_effect)
            d.outcome = OverseasDeclaration.Outcome.ACCEPTED
        else:
            if not reason.strip():
                raise InvalidInput("Give the reason for refusing the declaration.")
            d.outcome = OverseasDeclaration.Outcome.REFUSED
        d.decision_reason, d.decided_on = reason.strip(), today
        d.save(
            update_fields=["outcome", "decision_reason", "decided_on", "takes_effect", "ends_on"]
        )
        audit(
            acting_user=acting_user,
            action=f"overseas_declaration.{d.outcome}",
            object_type=OVERSEAS_OBJECT,
            object_id=d.pk,
            before=before,
            after=_overseas_summary(d),
            reason=reason,
        )
        if letter:
            _letter("overseas_decision", OVERSEAS_OBJECT, d.pk, d.elector, acting_user,
                    declaration=d, today=today)  # fmt: skip
    return d


def overseas_reminders_send(*, acting_user, today: dt.date | None = None) -> Letter | None:
    """Send the reminder to renew to each overseas elector whose registration ends this
    year, between 1 July and 1 October, unless a renewal has been received (RPR 2001
    reg 23A). Returns one PDF with every letter."""
    require_role(acting_user, EDIT_DATA, "send overseas electors' renewal reminders")
    today = today or _today()
    due = list(selectors.overseas_reminders_due(today=today).select_related("elector__property"))
    if not due:
        return None
    with transaction.atomic():
        for d in due:
            d.reminder_sent_on = today
        OverseasDeclaration.objects.bulk_update(due, ["reminder_sent_on"], BATCH)
        try:
            pdf = letters.render_bulk_pdf(
                "overseas_reminder",
                [{"declaration": d, "elector": d.elector,
                  "window": overseas.renewal_window(d.ends_on)} for d in due],
                council=council_get(),
                today=today,
            )  # fmt: skip
        except letters.LetterError as exc:
            raise EmsError(str(exc)) from exc
        letter = Letter.objects.create(
            kind="overseas_reminder",
            object_type="notice_run",
            object_id=due[0].pk,
            elector=due[0].elector,
            pdf=pdf,
            created_by=acting_user,
        )
        audit_many(
            acting_user=acting_user,
            changes=(
                Change("overseas_declaration.reminder_sent", OVERSEAS_OBJECT, d.pk, "", None,
                       {"ends_on": d.ends_on.isoformat()})
                for d in due
            ),
        )  # fmt: skip
    return letter
