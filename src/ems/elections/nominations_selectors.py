"""Reads for nominations: the rules and deadlines of a ballot, candidates in ballot order,
the statement of persons nominated, and what still stops a nomination being valid."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from ems.core import times
from ems.register.models import Alteration, Elector, format_elector_number
from ems.register.selectors import parse_elector_number

from .models import (
    Candidate,
    ContestedArea,
    Election,
    NominationCheck,
    Objection,
    RegisteredParty,
    Subscriber,
)
from .rules import nominations as rules
from .rules.timetable import statutory_timetable

# The informal checklist: what staff look at before papers are formally delivered. Each
# item is a statutory requirement of the nomination papers (see rules/nominations.py).
CHECKLIST: dict[str, str] = {
    "names": "Full names given, surname first, without titles",
    "commonly_used_names": "Commonly used names are not likely to mislead or confuse electors",
    "description": "Description is blank, “Independent”, or authorised by the party",
    "certificate": "Certificate of authorisation from the party's nominating officer (party "
    "candidates)",
    "subscribers": "Subscribers' elector numbers and names agree with the register",
    "home_address_form": "Home address form complete, with the relevant area if the address "
    "is not to be made public",
    "consent": "Consent to nomination signed, witnessed and dated within one month before "
    "the last day for nominations",
    "emblem": "Emblem requested in writing before the close of nominations (if wanted)",
    "deposit": "Deposit paid in an accepted form (where required)",
    "agent": "Notice of appointment of election agent",
}


def election_rules(election: Election) -> rules.NominationRules:
    return rules.nomination_rules(
        election.election_type,
        election.country,
        election.poll_date,
        mayoralty=rules.mayoralty_from_organisation(election.organisation),
    )


@dataclass(frozen=True)
class Deadlines:
    notice_of_election: dt.date
    close_of_nominations: dt.datetime
    withdrawals: dt.datetime
    sopn: dt.datetime | None


def _at(date: dt.date, time: dt.time | None) -> dt.datetime:
    return times.at_uk(date, time or dt.time(16))  # 4pm UK time unless the timetable says


def nomination_deadlines(election: Election) -> Deadlines:
    """The close of nominations and of withdrawals, from the statutory timetable."""
    events = {
        e.key: e
        for e in statutory_timetable(election.election_type, election.poll_date, election.country)
    }
    close = events["close_of_nominations"]
    withdrawal = events.get("withdrawal_deadline", close)
    sopn = events.get("sopn_publication")
    return Deadlines(
        notice_of_election=events["notice_of_election"].date,
        close_of_nominations=_at(close.date, close.time),
        withdrawals=_at(withdrawal.date, withdrawal.time),
        sopn=_at(sopn.date, sopn.time) if sopn else None,
    )


def area_get(election: Election, area_id: int) -> ContestedArea:
    return ContestedArea.objects.select_related("ward", "parish", "constituency").get(
        pk=area_id, election=election
    )


def areas_with_counts(election: Election) -> QuerySet[ContestedArea]:
    """The election's ballots, with candidates counted by status."""
    status = Candidate.Status
    return (
        ContestedArea.objects.filter(election=election)
        .select_related("ward", "parish", "constituency", "uncontested_return")
        .annotate(
            standing=Count("candidates", filter=Q(candidates__status=status.VALID)),
            awaiting=Count(
                "candidates",
                filter=Q(candidates__status__in=[status.INFORMAL, status.DELIVERED]),
            ),
            not_standing=Count(
                "candidates",
                filter=Q(candidates__status__in=[status.INVALID, status.WITHDRAWN]),
            ),
        )
    )


def candidate_get(pk: int) -> Candidate:
    return (
        Candidate.objects.select_related(
            "area__election__polling_day", "area__ward", "party", "emblem", "decided_by"
        )
        .prefetch_related(
            Prefetch("subscribers", queryset=Subscriber.objects.order_by("position")),
            "agents",
            Prefetch("checks", queryset=NominationCheck.objects.select_related("checked_by")),
            Prefetch("objections", queryset=Objection.objects.order_by("made_at")),
        )
        .get(pk=pk)
    )


def in_ballot_order(candidates) -> list[Candidate]:
    return sorted(
        candidates,
        key=lambda c: (rules.ballot_sort_key(c.ballot_surname, c.ballot_forenames), c.pk),
    )


def area_candidates(area: ContestedArea) -> list[Candidate]:
    """Every candidate in the area, in ballot paper order."""
    queryset = (
        Candidate.objects.filter(area=area)
        .select_related("party", "emblem")
        .prefetch_related(Prefetch("subscribers", queryset=Subscriber.objects.order_by("position")))
    )
    return in_ballot_order(queryset)


@dataclass
class Statement:
    """The statement of persons nominated for one ballot."""

    election: Election
    area: ContestedArea
    standing: list[Candidate]
    not_standing: list[tuple[Candidate, str]]
    rules: rules.NominationRules
    uncontested: bool
    council_name: str = ""
    ro_name: str = ""


def no_longer_standing_reason(candidate: Candidate) -> str:
    if candidate.status == Candidate.Status.WITHDRAWN:
        return "Withdrawn"
    if candidate.status == Candidate.Status.INVALID:
        return f"Invalid nomination: {candidate.decision_reason}".rstrip(": ")
    return ""


def statement_of_persons_nominated(area: ContestedArea) -> Statement:
    """Those standing nominated, alphabetically by surname, and those no longer standing
    with the reason. Candidates whose papers are undecided (or only checked informally)
    are not included."""
    from ems.core.selectors import council_get

    candidates = area_candidates(area)
    standing = [c for c in candidates if c.status == Candidate.Status.VALID]
    gone = [
        (c, no_longer_standing_reason(c))
        for c in candidates
        if c.status in (Candidate.Status.WITHDRAWN, Candidate.Status.INVALID)
    ]
    council = council_get()
    return Statement(
        election=area.election,
        area=area,
        standing=standing,
        not_standing=gone,
        rules=election_rules(area.election),
        uncontested=rules.is_uncontested(len(standing), area.seats),
        council_name=council.name if council else "",
        ro_name=council.ro_name if council else "",
    )


def parties() -> QuerySet[RegisteredParty]:
    return RegisteredParty.objects.prefetch_related("descriptions", "emblems").order_by("name")


def party_descriptions(party: RegisteredParty) -> set[str]:
    """The names a party's candidate may use: the party name and registered descriptions."""
    return {party.name, *party.descriptions.values_list("description", flat=True)}


def _month_before(date: dt.date) -> dt.date:
    year, month = (date.year, date.month - 1) if date.month > 1 else (date.year - 1, 12)
    day = date.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def nomination_problems(candidate: Candidate, *, now: dt.datetime | None = None) -> list[str]:
    """What stops the Returning Officer holding this nomination valid ([] if nothing)."""
    election = candidate.area.election
    poll_rules = election_rules(election)
    deadlines = nomination_deadlines(election)
    found = []
    if candidate.status == Candidate.Status.INFORMAL:
        found.append("The nomination papers have not been formally delivered")
    if not candidate.home_address_form:
        found.append("No home address form")
    if candidate.address_withheld and not candidate.address_area:
        found.append("The address is withheld but the relevant area is not given")
    if not candidate.consent_given_on:
        found.append("No consent to nomination")
    else:
        close = deadlines.close_of_nominations.date()
        if candidate.consent_given_on < _month_before(close):
            found.append(
                "The consent to nomination is dated more than one month before the "
                "last day for nominations"
            )
    if candidate.party_id and not candidate.certificate_of_authorisation:
        found.append("No certificate of authorisation from the party")
    if poll_rules.deposit_required and candidate.deposit != Candidate.Deposit.RECEIVED:
        found.append(f"The deposit of {poll_rules.deposit_pounds} has not been received")
    if poll_rules.subscribers:
        subs = [s for s in candidate.subscribers.all() if s.position <= poll_rules.subscribers]
        if len(subs) < poll_rules.subscribers:
            found.append(
                f"{len(subs)} of the {poll_rules.subscribers} subscribers needed are recorded"
            )
        unchecked = [s for s in subs if s.checked_at is None]
        if unchecked:
            found.append("Subscribers have not been checked against the register")
        bad = [s for s in subs if s.problems]
        if bad:
            found.append(
                f"{len(bad)} subscriber{'s' if len(bad) != 1 else ''} not valid: "
                + "; ".join(
                    f"{s.position}. {s.elector_number or '(no number)'}: {', '.join(s.problems)}"
                    for s in bad
                )
            )
    pending = [o for o in candidate.objections.all() if o.decision == Objection.Decision.PENDING]
    if pending:
        found.append("An objection has not been decided")
    return found


# --- the register, for subscriber checks --------------------------------------------------


def normalised_number(text: str) -> tuple[str, bool]:
    """(normalised elector number, readable?) from what was written on the paper."""
    text = (text or "").strip()
    if not text:
        return "", True
    parsed = parse_elector_number(text)
    if parsed is None:
        return text.upper(), False
    return format_elector_number(parsed.district_code, parsed.number, parsed.suffix or 0), True


def register_entries(numbers: list[str], area: ContestedArea) -> dict[str, rules.RegisterEntry]:
    """Look up elector numbers ("NA1-123") in the register in two queries, for any size."""
    wanted: dict[tuple[str, int, int], str] = {}
    for text in numbers:
        parsed = parse_elector_number(text)
        if parsed:
            wanted[(parsed.district_code, parsed.number, parsed.suffix or 0)] = text
    if not wanted:
        return {}
    codes = {code for code, _, _ in wanted}
    numbers_ = {number for _, number, _ in wanted}
    rows = (
        Elector.objects.filter(polling_district__code__in=codes, number__in=numbers_)
        .select_related("polling_district")
        .only(
            "id",
            "number",
            "suffix",
            "first_names",
            "middle_names",
            "surname",
            "markers",
            "anonymous",
            "date_of_attainment",
            "status",
            "status_effective",
            "polling_district__code",
            "polling_district__ward_id",
            "polling_district__parish_id",
            "polling_district__constituency_id",
        )  # fmt: skip
    )
    best: dict[tuple[str, int, int], Elector] = {}
    for elector in rows:
        key = (elector.polling_district.code, elector.number, elector.suffix)
        if key not in wanted:
            continue
        held = best.get(key)
        # A live (or pending) entry wins over a deleted one with the same number.
        if held is None or (
            held.status == Elector.Status.DELETED and elector.status != Elector.Status.DELETED
        ):
            best[key] = elector
    additions: dict[int, dt.date] = {}
    for elector_id, effective in Alteration.objects.filter(
        elector_id__in=[e.pk for e in best.values()], kind=Alteration.Kind.ADDITION
    ).values_list("elector_id", "effective_date"):
        additions[elector_id] = max(effective, additions.get(elector_id, effective))
    entries = {}
    for key, elector in best.items():
        district = elector.polling_district
        if area.ward_id:
            in_area = district.ward_id == area.ward_id
        elif area.parish_id:
            in_area = district.parish_id == area.parish_id
        elif area.constituency_id:
            in_area = district.constituency_id == area.constituency_id
        else:
            in_area = True  # a whole-council area (PCC, mayor): every elector here is in it
        registered_from = additions.get(elector.pk)
        if elector.status == Elector.Status.PENDING_ADDITION:
            registered_from = dt.date.max
        entries[wanted[key]] = rules.RegisterEntry(
            elector_id=elector.pk,
            name=elector.full_name,
            in_area=in_area,
            anonymous=elector.anonymous,
            markers=elector.markers,
            date_of_attainment=elector.date_of_attainment,
            registered_from=registered_from,
            registered_until=(
                elector.status_effective if elector.status == Elector.Status.DELETED else None
            ),
        )
    return entries


def notice_signatories(statement: Statement) -> dict[int, list[str]]:
    """For the notice of poll: each standing candidate's subscribers' names, in order (the
    name printed on the paper, or the register's name for a matched, non-anonymous elector)."""
    wanted = statement.rules.subscribers
    names: dict[int, list[str]] = {c.pk: [] for c in statement.standing}
    rows = (
        Subscriber.objects.filter(candidate__in=statement.standing, position__lte=wanted)
        .select_related("elector")
        .order_by("candidate_id", "position")
    )
    for sub in rows:
        name = sub.name
        if not name and sub.elector and not sub.elector.anonymous:
            name = sub.elector.full_name
        names[sub.candidate_id].append(name or sub.elector_number)
    return names


def polling_stations(area: ContestedArea) -> list[tuple[str, str]]:
    """(polling district, situation of its polling place) for the districts in the area."""
    from ems.gazetteer.models import PollingDistrict

    districts = PollingDistrict.objects.select_related("polling_place").order_by("code")
    if area.ward_id:
        districts = districts.filter(ward_id=area.ward_id)
    elif area.parish_id:
        districts = districts.filter(parish_id=area.parish_id)
    elif area.constituency_id:
        districts = districts.filter(constituency_id=area.constituency_id)
    rows = []
    for district in districts:
        place = district.polling_place
        where = (
            ", ".join(p for p in [place.name, *place.address.splitlines(), place.postcode] if p)
            if place
            else "Not yet appointed"
        )
        rows.append((f"{district.code} {district.name}", where))
    return rows
