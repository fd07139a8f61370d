"""Reads for verification, the count and published results."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum

from ems.elections.models import ContestedArea, Election
from ems.register.models import Elector

from .models import BallotBoxCheckIn, BallotPaperAccount, CandidateVotes, ContestResult
from .rules.declaration import turnout_percent


def contest_get(pk: int) -> ContestedArea:
    return ContestedArea.objects.select_related("election", "ward", "parish", "constituency").get(
        pk=pk
    )


def contests_of(election: Election):
    return election.areas.select_related("ward", "parish", "constituency").order_by("ballot_id")


def contest_electorate(contest: ContestedArea) -> int:
    """Live electors registered in the contest's ward (or parish, or constituency).

    Areas not in the gazetteer have no electorate here (0: turnout is then not given).
    """
    electors = Elector.objects.filter(status=Elector.Status.LIVE)
    if contest.ward_id:
        return electors.filter(polling_district__ward_id=contest.ward_id).count()
    if contest.parish_id:
        return electors.filter(polling_district__parish_id=contest.parish_id).count()
    if contest.constituency_id:
        return electors.filter(polling_district__constituency_id=contest.constituency_id).count()
    return 0


def candidates_of(contest: ContestedArea):
    return contest.count_candidates.all()


def accounts_of(contest: ContestedArea):
    return contest.ballot_paper_accounts.select_related("verified_by")


def boxes_of(contest: ContestedArea):
    return BallotBoxCheckIn.objects.filter(contest=contest).select_related("checked_in_by")


@dataclass(frozen=True)
class VerificationTotals:
    accounts: int
    verified: int
    issued: int
    found: int
    tendered: int
    postal_issued: int

    @property
    def complete(self) -> bool:
        return self.accounts == self.verified

    @property
    def difference(self) -> int:
        return self.found - self.issued


def verification_totals(contest: ContestedArea) -> VerificationTotals:
    accounts = list(
        BallotPaperAccount.objects.filter(contest=contest).values_list(
            "kind", "issued", "tendered", "verified_count"
        )
    )
    return VerificationTotals(
        accounts=len(accounts),
        verified=sum(1 for a in accounts if a[3] is not None),
        issued=sum(a[1] for a in accounts),
        found=sum(a[3] or 0 for a in accounts),
        tendered=sum(a[2] for a in accounts),
        postal_issued=sum(a[1] for a in accounts if a[0] == BallotPaperAccount.Kind.POSTAL),
    )


def _with_votes(results):
    return results.select_related("entered_by", "declared_by").prefetch_related(
        Prefetch("votes", queryset=CandidateVotes.objects.select_related("candidate"))
    )


def result_history(contest: ContestedArea) -> list[ContestResult]:
    """Every version, latest (current) first."""
    return list(_with_votes(ContestResult.objects.filter(contest=contest)).order_by("-version"))


def current_result(contest: ContestedArea) -> ContestResult | None:
    return _with_votes(ContestResult.objects.filter(contest=contest)).order_by("-version").first()


def declared_result(contest: ContestedArea) -> ContestResult | None:
    """The published result: the current version, if it has been declared."""
    result = current_result(contest)
    return result if result is not None and result.declared_at is not None else None


def turnout(result: ContestResult) -> Decimal | None:
    return turnout_percent(result.ballot_papers, result.electorate)


def declared_results_of(election: Election) -> list[tuple[ContestedArea, ContestResult]]:
    """Contests of an election with a declared current result, in ballot id order."""
    latest: dict[int, ContestResult] = {}
    results = _with_votes(
        ContestResult.objects.filter(contest__election=election).select_related("contest")
    ).order_by("contest_id", "-version")
    for result in results:
        latest.setdefault(result.contest_id, result)
    out = []
    for contest in contests_of(election):
        result = latest.get(contest.pk)
        if result is not None and result.declared_at is not None:
            out.append((contest, result))
    return out


def elections_with_declared_results():
    ids = (
        ContestResult.objects.filter(declared_at__isnull=False)
        .values_list("contest__election_id", flat=True)
        .distinct()
    )
    return Election.objects.filter(pk__in=ids).select_related("polling_day")


def election_by_identifier(election_id: str) -> Election:
    return Election.objects.select_related("polling_day").get(election_id=election_id)


def contest_by_ballot_id(election: Election, ballot_id: str) -> ContestedArea:
    return ContestedArea.objects.select_related("election", "ward", "parish", "constituency").get(
        election=election, ballot_id=ballot_id
    )


def result_rows(result: ContestResult) -> list[dict]:
    """One row per candidate, most votes first (ties in name order)."""
    rows = [
        {
            "candidate": v.candidate.name,
            "party": v.candidate.party,
            "votes": v.votes,
            "elected": v.elected,
            "elected_by_lot": v.elected_by_lot,
        }
        for v in result.votes.all()
    ]
    rows.sort(key=lambda r: (-r["votes"], r["candidate"]))
    return rows


def account_totals(contest: ContestedArea) -> dict[str, int]:
    return BallotPaperAccount.objects.filter(contest=contest).aggregate(
        issued=Sum("issued"), spoilt=Sum("spoilt"), unused=Sum("unused"), tendered=Sum("tendered")
    )


# --- links to nominations and the polling scheme -----------------------------------------
def nominations_standing(contest: ContestedArea) -> int:
    """How many stand validly nominated (on the statement of persons nominated)."""
    from ems.elections.models import Candidate

    return Candidate.objects.filter(area=contest, status=Candidate.Status.VALID).count()


@dataclass(frozen=True)
class StationChoice:
    """A polling station of the polling day that serves (part of) the contest's area."""

    station_id: int
    label: str  # the name its ballot paper account is recorded under
    first_number: int | None  # this poll's ballot paper numbers at the station
    last_number: int | None

    @property
    def supplied(self) -> int | None:
        if self.first_number is None or self.last_number is None:
            return None
        return self.last_number - self.first_number + 1

    @property
    def choice_label(self) -> str:
        if self.supplied is None:
            return self.label
        return (
            f"{self.label}: papers {self.first_number:,} to {self.last_number:,} "
            f"({self.supplied:,} supplied)"
        )


def station_label(number: int, place_name: str, name: str = "") -> str:
    label = f"Station {number} – {place_name}"
    return f"{label}, {name}" if name else label


def polling_stations_of(contest: ContestedArea) -> list[StationChoice]:
    """The polling day's stations serving the contest's area (every station for an area not
    in the gazetteer, such as a police area), with this poll's ballot paper range, in
    station number order. Three queries whatever the size."""
    from ems.polling.models import BallotPaperRange, PollingStation, StationDistrict

    election = contest.election
    stations = PollingStation.objects.filter(polling_day_id=election.polling_day_id)
    area_filter = None
    if contest.ward_id:
        area_filter = {"polling_district__ward_id": contest.ward_id}
    elif contest.parish_id:
        area_filter = {"polling_district__parish_id": contest.parish_id}
    elif contest.constituency_id:
        area_filter = {"polling_district__constituency_id": contest.constituency_id}
    if area_filter is not None:
        serving = StationDistrict.objects.filter(
            station__polling_day_id=election.polling_day_id, **area_filter
        ).values("station_id")
        stations = stations.filter(pk__in=serving)
    rows = list(
        stations.order_by("number").values_list("pk", "number", "polling_place__name", "name")
    )
    ranges = {
        station_id: (first, last)
        for station_id, first, last in BallotPaperRange.objects.filter(
            election=election, station_id__in=[r[0] for r in rows]
        ).values_list("station_id", "first_number", "last_number")
    }
    return [
        StationChoice(
            station_id=pk,
            label=station_label(number, place, name),
            first_number=ranges.get(pk, (None, None))[0],
            last_number=ranges.get(pk, (None, None))[1],
        )
        for pk, number, place, name in rows
    ]
