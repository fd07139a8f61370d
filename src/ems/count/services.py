"""Writes for verification and the count. Each checks the acting user's role, runs in one
transaction and writes audit events (ems.core.audit)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from ems.core.audit import audit
from ems.core.errors import ImportRejected, InvalidInput
from ems.core.roles import EDIT_DATA, MANAGE, require_role
from ems.elections.models import Candidate, ContestedArea
from ems.elections.nominations_selectors import in_ballot_order

from . import selectors
from .models import (
    BallotBoxCheckIn,
    BallotPaperAccount,
    CandidateVotes,
    ContestCandidate,
    ContestResult,
)
from .records import result_to_record
from .rules import fptp, stv_scottish
from .rules.declaration import REJECTED_HEADS, check_fptp_figures
from .rules.stv_scottish import SCALE

REJECTED_FIELDS = tuple(name for name, _ in REJECTED_HEADS)


def _locked_contest(contest: ContestedArea) -> ContestedArea:
    return ContestedArea.objects.select_for_update().get(pk=contest.pk)


def _refuse_if_declared(contest: ContestedArea, doing: str) -> None:
    if ContestResult.objects.filter(contest=contest, declared_at__isnull=False).exists():
        raise InvalidInput(f"The result of {contest.name} has been declared: you cannot {doing}.")


# --- candidates --------------------------------------------------------------------------
def candidate_add(
    *, contest: ContestedArea, name: str, party: str = "", acting_user, reason: str = ""
) -> ContestCandidate:
    require_role(acting_user, EDIT_DATA, "add candidates")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Enter the candidate's name.")
    with transaction.atomic():
        _locked_contest(contest)
        _refuse_if_declared(contest, "add candidates")
        if ContestCandidate.objects.filter(contest=contest, name=name).exists():
            raise InvalidInput(f"{name} is already a candidate in {contest.name}.")
        position = ContestCandidate.objects.filter(contest=contest).count() + 1
        candidate = ContestCandidate.objects.create(
            contest=contest, name=name, party=party.strip(), position=position
        )
        audit(
            acting_user=acting_user,
            action="count.candidate_add",
            object_type="count.ContestCandidate",
            object_id=candidate.pk,
            object_repr=f"{name} ({contest.ballot_id})",
            after={"name": name, "party": candidate.party, "contest": contest.ballot_id},
            reason=reason,
        )
    return candidate


def _ballot_description(nominee: Candidate) -> str:
    """The description printed on the ballot paper: the one given on the nomination paper,
    else the party's registered name (blank for a candidate with no description)."""
    if nominee.description:
        return nominee.description
    return nominee.party.name if nominee.party_id else ""


def candidates_from_nominations(*, contest: ContestedArea, acting_user, reason: str = "") -> dict:
    """Bring the candidates on the statement of persons nominated into the count.

    Those standing are the contest's candidates whose nomination was decided valid and not
    withdrawn (elections.Candidate status "valid"); each becomes (or updates) a
    ContestCandidate linked to its nomination, with the name and description as on the
    ballot paper, in ballot paper order. A candidate added by hand with the same name is
    linked rather than duplicated. Idempotent: a second run changes nothing and writes no
    audit event. Candidates added by hand who are not on the statement are kept (after
    those nominated) and reported, never removed: votes may have been recorded for them.
    Returns {"added": [...], "updated": [...], "unchanged": n, "not_on_statement": [...]}.
    """
    require_role(acting_user, EDIT_DATA, "take the candidates from the statement")
    with transaction.atomic():
        contest = _locked_contest(contest)
        _refuse_if_declared(contest, "change the candidates")
        standing = in_ballot_order(
            Candidate.objects.filter(area=contest, status=Candidate.Status.VALID).select_related(
                "party"
            )
        )
        if not standing:
            raise InvalidInput(
                f"No one stands validly nominated in {contest.name} yet: decide the "
                "nominations first."
            )
        existing = list(ContestCandidate.objects.filter(contest=contest).order_by("position"))
        by_nomination = {c.nomination_id: c for c in existing if c.nomination_id}
        by_name = {c.name: c for c in existing}
        wanted_ids = {n.pk for n in standing}
        added: list[str] = []
        updated: dict[str, dict] = {}
        unchanged = 0
        changed_rows: list[ContestCandidate] = []
        for position, nominee in enumerate(standing, start=1):
            values = {
                "name": nominee.ballot_name,
                "party": _ballot_description(nominee)[:200],
                "position": position,
                "nomination_id": nominee.pk,
            }
            entry = by_nomination.get(nominee.pk)
            if entry is None:
                same_name = by_name.get(values["name"])
                if same_name is not None and same_name.nomination_id not in wanted_ids:
                    entry = same_name
            clash = by_name.get(values["name"])
            if clash is not None and clash is not entry:
                raise InvalidInput(
                    f"Two candidates in {contest.name} would be called {values['name']}: "
                    "correct the names before using the statement."
                )
            if entry is None:
                entry = ContestCandidate.objects.create(contest=contest, **values)
                by_name[entry.name] = entry
                added.append(entry.name)
                continue
            before = {k: getattr(entry, k) for k in values}
            if before == values:
                unchanged += 1
                continue
            by_name.pop(entry.name, None)
            for k, v in values.items():
                setattr(entry, k, v)
            by_name[entry.name] = entry
            changed_rows.append(entry)
            updated[entry.name] = {k: [before[k], v] for k, v in values.items() if before[k] != v}
        others = [
            c for c in existing if c.nomination_id not in wanted_ids and c not in changed_rows
        ]
        others = [c for c in others if c.name not in {n.ballot_name for n in standing}]
        for position, entry in enumerate(others, start=len(standing) + 1):
            if entry.position != position:
                entry.position = position
                changed_rows.append(entry)
        if changed_rows:
            ContestCandidate.objects.bulk_update(
                changed_rows, ["name", "party", "position", "nomination"]
            )
        if added or updated:
            audit(
                acting_user=acting_user,
                action="count.candidates_from_nominations",
                object_type="elections.ContestedArea",
                object_id=contest.pk,
                object_repr=contest.ballot_id,
                after={
                    "added": added,
                    "updated": updated,
                    "not_on_statement": [c.name for c in others],
                },
                reason=reason,
            )
    return {
        "added": added,
        "updated": sorted(updated),
        "unchanged": unchanged,
        "not_on_statement": [c.name for c in others],
    }


# --- verification ------------------------------------------------------------------------
def ballot_paper_account_save(
    *,
    contest: ContestedArea,
    station: str,
    issued: int,
    spoilt: int = 0,
    unused: int = 0,
    tendered: int = 0,
    supplied: int | None = None,
    kind: str = BallotPaperAccount.Kind.STATION,
    acting_user,
    reason: str = "",
) -> BallotPaperAccount:
    """Record (or correct) the ballot paper account of a station or postal opening session."""
    require_role(acting_user, EDIT_DATA, "record ballot paper accounts")
    station = " ".join(station.split())
    if not station:
        raise InvalidInput("Enter the polling station or opening session.")
    if kind not in BallotPaperAccount.Kind.values:
        raise InvalidInput(f"Unknown kind of account {kind!r}.")
    figures = {"issued": issued, "spoilt": spoilt, "unused": unused, "tendered": tendered}
    if any(v is None or v < 0 for v in figures.values()) or (supplied is not None and supplied < 0):
        raise InvalidInput("Ballot paper figures must be whole numbers of 0 or more.")
    if supplied is not None and supplied != issued + spoilt + unused:
        raise InvalidInput(
            f"The account does not balance: {supplied:,} papers supplied but "
            f"{issued + spoilt + unused:,} issued, spoilt and unused."
        )
    values = {**figures, "supplied": supplied}
    with transaction.atomic():
        _locked_contest(contest)
        _refuse_if_declared(contest, "change ballot paper accounts")
        account = BallotPaperAccount.objects.filter(
            contest=contest, kind=kind, station=station
        ).first()
        if account is None:
            account = BallotPaperAccount.objects.create(
                contest=contest, kind=kind, station=station, **values
            )
            before = None
        else:
            before = {k: getattr(account, k) for k in values}
            for k, v in values.items():
                setattr(account, k, v)
            account.save(update_fields=list(values))
        audit(
            acting_user=acting_user,
            action="count.account_save",
            object_type="count.BallotPaperAccount",
            object_id=account.pk,
            object_repr=f"{station} ({contest.ballot_id})",
            before=before,
            after=values,
            reason=reason,
        )
    return account


def ballot_paper_account_verify(
    *,
    account: BallotPaperAccount,
    verified_count: int,
    explanation: str = "",
    acting_user,
    reason: str = "",
) -> BallotPaperAccount:
    """Record the papers found when verifying an account (RPA 1983 Sch 1 r45(3)).

    When they differ from the papers issued, the explanation is required.
    """
    require_role(acting_user, EDIT_DATA, "verify ballot paper accounts")
    if verified_count is None or verified_count < 0:
        raise InvalidInput("Enter the number of ballot papers found, 0 or more.")
    explanation = explanation.strip()
    if verified_count != account.issued and not explanation:
        difference = verified_count - account.issued
        raise InvalidInput(
            f"{verified_count:,} papers found but the account gives {account.issued:,} issued "
            f"({difference:+,}): explain the difference."
        )
    with transaction.atomic():
        account = BallotPaperAccount.objects.select_for_update().get(pk=account.pk)
        _refuse_if_declared(account.contest, "change the verification")
        before = {
            "verified_count": account.verified_count,
            "discrepancy_explanation": account.discrepancy_explanation,
        }
        account.verified_count = verified_count
        account.discrepancy_explanation = explanation
        account.verified_at = timezone.now()
        account.verified_by = acting_user
        account.save(
            update_fields=[
                "verified_count",
                "discrepancy_explanation",
                "verified_at",
                "verified_by",
            ]
        )
        audit(
            acting_user=acting_user,
            action="count.account_verify",
            object_type="count.BallotPaperAccount",
            object_id=account.pk,
            object_repr=str(account),
            before=before,
            after={"verified_count": verified_count, "discrepancy_explanation": explanation},
            reason=reason,
        )
    return account


def ballot_box_check_in(
    *,
    contest: ContestedArea,
    box_number: str,
    station: str,
    checked_in_at=None,
    acting_user,
    reason: str = "",
) -> BallotBoxCheckIn:
    """Record a ballot box received at the count venue."""
    require_role(acting_user, EDIT_DATA, "check in ballot boxes")
    box_number = box_number.strip()
    station = " ".join(station.split())
    if not box_number or not station:
        raise InvalidInput("Enter the box number and its polling station.")
    when = checked_in_at or timezone.now()
    with transaction.atomic():
        if BallotBoxCheckIn.objects.filter(contest=contest, box_number=box_number).exists():
            raise InvalidInput(f"Box {box_number} has already been checked in.")
        try:
            with transaction.atomic():
                box = BallotBoxCheckIn.objects.create(
                    contest=contest,
                    box_number=box_number,
                    station=station,
                    checked_in_at=when,
                    checked_in_by=acting_user,
                )
        except IntegrityError:
            raise InvalidInput(f"Box {box_number} has already been checked in.") from None
        audit(
            acting_user=acting_user,
            action="count.box_check_in",
            object_type="count.BallotBoxCheckIn",
            object_id=box.pk,
            object_repr=f"Box {box_number} ({contest.ballot_id})",
            after={"box_number": box_number, "station": station, "at": when.isoformat()},
            reason=reason,
        )
    return box


# --- results -----------------------------------------------------------------------------
def _rejected_values(rejected: Mapping[str, int] | None) -> dict[str, int]:
    rejected = dict(rejected or {})
    unknown = set(rejected) - set(REJECTED_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown heads of rejection: {', '.join(sorted(unknown))}.")
    values = {name: int(rejected.get(name) or 0) for name in REJECTED_FIELDS}
    if any(v < 0 for v in values.values()):
        raise InvalidInput("Rejected ballot papers cannot be negative.")
    return values


def _next_version(contest: ContestedArea, reason: str) -> int:
    last = (
        ContestResult.objects.filter(contest=contest)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    if last is not None and not reason.strip():
        raise InvalidInput(
            f"Version {last} of the result is already recorded: give the reason for the "
            "new version (for example, a recount requested by a candidate's agent)."
        )
    return (last or 0) + 1


def fptp_result_enter(
    *,
    contest: ContestedArea,
    votes: Mapping[int, int],
    valid_papers: int | None = None,
    rejected: Mapping[str, int] | None = None,
    seed: int | None = None,
    acting_user,
    reason: str = "",
) -> ContestResult:
    """Record a first-past-the-post count (or recount) as a new version of the result.

    `votes` maps candidate id to votes. `valid_papers` may be left out for a single-seat
    contest (it is then the sum of the votes). A tie for the last seat(s) is decided at once
    by lot (RPA 1983 Sch 1 r49) with `fptp.decide_by_lot`; the draw (with its seed) is kept.
    """
    require_role(acting_user, EDIT_DATA, "enter results")
    rejected_values = _rejected_values(rejected)
    with transaction.atomic():
        contest = _locked_contest(contest)
        _refuse_if_declared(contest, "enter another result")
        candidates = list(ContestCandidate.objects.filter(contest=contest))
        if not candidates:
            raise InvalidInput(f"{contest.name} has no candidates: add them first.")
        by_id = {c.pk: c for c in candidates}
        given = {int(k): v for k, v in votes.items()}
        if set(given) != set(by_id):
            raise InvalidInput("Enter votes for every candidate in the contest, and no others.")
        if any(v is None or int(v) < 0 for v in given.values()):
            raise InvalidInput("Votes must be whole numbers of 0 or more.")
        numbers = [int(given[c.pk]) for c in candidates]
        if valid_papers is None:
            if contest.seats > 1:
                raise InvalidInput(
                    "Enter the number of valid ballot papers (each may have several votes)."
                )
            valid_papers = sum(numbers)
        problems = check_fptp_figures(votes=numbers, seats=contest.seats, valid_papers=valid_papers)
        if problems:
            raise InvalidInput(" ".join(problems))
        version = _next_version(contest, reason)
        outcome = fptp.count({c.name: int(given[c.pk]) for c in candidates}, contest.seats)
        lot = None
        by_lot: set[str] = set()
        if outcome.tie is not None:
            draw_seed = seed if seed is not None else secrets.randbelow(2**31)
            draw = fptp.decide_by_lot(outcome.tie.candidates, outcome.tie.seats, seed=draw_seed)
            outcome = fptp.apply_draw(outcome, draw)
            by_lot = set(draw.chosen)
            lot = {
                "among": list(draw.among),
                "seats": draw.seats,
                "chosen": list(draw.chosen),
                "seed": draw.seed,
                "votes": outcome.votes[draw.chosen[0]],
                "rule": "RPA 1983 Sch 1 r49 (equality of votes)",
            }
        elected = set(outcome.elected)
        result = ContestResult.objects.create(
            contest=contest,
            version=version,
            method=ContestResult.Method.FPTP,
            valid_papers=valid_papers,
            electorate=selectors.contest_electorate(contest),
            lot=lot,
            reason=reason.strip(),
            entered_at=timezone.now(),
            entered_by=acting_user,
            **rejected_values,
        )
        CandidateVotes.objects.bulk_create(
            CandidateVotes(
                result=result,
                candidate=c,
                votes=int(given[c.pk]),
                elected=c.name in elected,
                elected_by_lot=c.name in by_lot,
            )
            for c in candidates
        )
        audit(
            acting_user=acting_user,
            action="count.result_enter",
            object_type="count.ContestResult",
            object_id=result.pk,
            object_repr=f"{contest.ballot_id} version {version}",
            after={
                "version": version,
                "votes": {c.name: int(given[c.pk]) for c in candidates},
                "valid_papers": valid_papers,
                **rejected_values,
                "elected": sorted(elected),
            },
            reason=reason,
        )
        if lot is not None:
            audit(
                acting_user=acting_user,
                action="count.decided_by_lot",
                object_type="count.ContestResult",
                object_id=result.pk,
                object_repr=f"{contest.ballot_id} version {version}",
                after=lot,
                reason=reason,
            )
    return result


def stv_result_upload(
    *,
    contest: ContestedArea,
    path: Path | str,
    display_name: str = "",
    rejected: Mapping[str, int] | None = None,
    seed: int = 0,
    acting_user,
    reason: str = "",
) -> ContestResult:
    """Count an STV contest from a .blt or preference-profile .csv file (Scottish rules)
    and record it as a new version of the result.

    Candidates are matched by name to the contest's candidates; a contest with none gets the
    file's candidates. Raises ImportRejected (file problems) or InvalidInput.
    """
    require_role(acting_user, EDIT_DATA, "count votes")
    rejected_values = _rejected_values(rejected)
    path = Path(path)
    name = display_name or path.name
    ballots = _read_ballot_file(path, name, contest.seats)
    if ballots.seats != contest.seats:
        raise InvalidInput(
            f"{name} is for {ballots.seats} seats but {contest.name} has {contest.seats}."
        )
    outcome = stv_scottish.count(ballots, seed=seed)
    with transaction.atomic():
        contest = _locked_contest(contest)
        _refuse_if_declared(contest, "enter another result")
        candidates = {c.name: c for c in ContestCandidate.objects.filter(contest=contest)}
        if not candidates:
            for position, cname in enumerate(outcome.candidates, start=1):
                candidates[cname] = ContestCandidate.objects.create(
                    contest=contest, name=cname, position=position
                )
        missing = [n for n in outcome.candidates if n not in candidates]
        if missing:
            raise InvalidInput(
                f"{name} names candidates who are not standing in {contest.name}: "
                f"{', '.join(missing)}."
            )
        version = _next_version(contest, reason)
        elected = {item.name for item in outcome.elected}
        first = outcome.stages[0].totals
        result = ContestResult.objects.create(
            contest=contest,
            version=version,
            method=ContestResult.Method.STV,
            valid_papers=outcome.valid_ballots,
            electorate=selectors.contest_electorate(contest),
            quota=outcome.quota,
            count_record=result_to_record(outcome),
            lot=[
                {
                    "stage": lot.stage,
                    "reason": lot.reason,
                    "among": list(lot.among),
                    "chosen": lot.chosen,
                    "seed": lot.seed,
                }
                for lot in outcome.lots
            ]
            or None,
            source_file=name[:300],
            reason=reason.strip(),
            entered_at=timezone.now(),
            entered_by=acting_user,
            **rejected_values,
        )
        CandidateVotes.objects.bulk_create(
            CandidateVotes(
                result=result,
                candidate=candidates[cname],
                votes=first.get(cname, 0) // SCALE,
                elected=cname in elected,
                elected_by_lot=False,
            )
            for cname in outcome.candidates
        )
        audit(
            acting_user=acting_user,
            action="count.result_enter",
            object_type="count.ContestResult",
            object_id=result.pk,
            object_repr=f"{contest.ballot_id} version {version}",
            after={
                "version": version,
                "method": "scottish-stv",
                "file": name,
                "valid_papers": outcome.valid_ballots,
                "quota": outcome.quota,
                "elected": [item.name for item in outcome.elected],
                **rejected_values,
            },
            reason=reason,
        )
    return result


def _read_ballot_file(path: Path, name: str, seats: int):
    try:
        if path.suffix.lower() == ".blt":
            from .formats.blt import read_blt

            return read_blt(path, display_name=name)
        from .formats.preference_profile_csv import read_preference_profile

        return read_preference_profile(path, seats=seats, display_name=name, title=name)
    except ImportRejected:
        raise
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{name} could not be read: {exc}") from None


def result_declare(*, contest: ContestedArea, acting_user, reason: str = "") -> ContestResult:
    """Declare the current version of the result; it is then published."""
    require_role(acting_user, MANAGE, "declare results")
    with transaction.atomic():
        contest = _locked_contest(contest)
        result = ContestResult.objects.filter(contest=contest).order_by("-version").first()
        if result is None:
            raise InvalidInput(f"No result has been entered for {contest.name}.")
        if result.declared_at is not None:
            raise InvalidInput(f"The result of {contest.name} has already been declared.")
        totals = selectors.verification_totals(contest)
        if not totals.complete:
            raise InvalidInput(
                f"{totals.accounts - totals.verified} ballot paper accounts of {contest.name} "
                "are not verified yet."
            )
        result.declared_at = timezone.now()
        result.declared_by = acting_user
        result.save(update_fields=["declared_at", "declared_by"])
        audit(
            acting_user=acting_user,
            action="count.result_declare",
            object_type="count.ContestResult",
            object_id=result.pk,
            object_repr=f"{contest.ballot_id} version {result.version}",
            after={"version": result.version, "declared_at": result.declared_at.isoformat()},
            reason=reason,
        )
    return result
