"""Nomination rules: how many electors must subscribe a nomination paper, the deposit, and
the checks a Returning Officer makes on each subscriber. Plain Python (no Django).

Subscribers and deposits by kind of poll (the law as it stands for polls from May 2024):

- UK Parliamentary: a proposer, a seconder and eight assentors, so 10 subscribers, each a
  Parliamentary elector in the constituency (RPA 1983 Sch 1 r 7(1)); an elector may subscribe
  one nomination paper only, and is counted on the paper delivered first (r 7(5), (6));
  a £500 deposit (r 9), returned unless the candidate is not elected and polls not more
  than one-twentieth of the total votes polled by all the candidates (r 53).
- Principal councils in England: a proposer and a seconder, 2 subscribers, each a local
  government elector in the ward or division (Local Elections (Principal Areas) (England
  and Wales) Rules 2006 Sch 2 r 6(1), as amended for England by SI 2022/1029 for polls
  after 3 May 2023). Before then, 10 (proposer, seconder and eight assentors), except at
  the polls of 6 May 2021 (SI 2021/160). No deposit.
- Principal and community councils in Wales, from 5 May 2022: the candidate nominates
  themself, their signature witnessed; no subscribers and no deposit (Local Elections
  (Principal Areas) (Wales) Rules 2021 Sch 1 r 5; Local Elections (Communities) (Wales)
  Rules 2021 Sch 2 r 5).
- Parish councils in England: a proposer and a seconder (Local Elections (Parishes and
  Communities) (England and Wales) Rules 2006 Sch 2 r 6). No deposit.
- Council wards in Scotland: a proposer and a seconder (Scottish Local Government
  Elections Order 2011 Sch 1 r 6). No deposit.
- Police and Crime Commissioner: 100 subscribers, local government electors of the police
  area (Police and Crime Commissioner Elections Order 2012 Sch 3); a £5,000 deposit,
  returned on the same one-twentieth test.
- Local authority mayor: 30 subscribers; a £500 deposit (Local Authorities (Mayoral
  Elections) (England and Wales) Regulations 2007 Sch 1 rr 8, 10).
- Combined authority mayor: at least 100 subscribers with at least 10 from each
  constituent council (10 per council where there are more than 10); a £5,000 deposit
  (Combined Authorities (Mayoral Elections) Order 2017 Sch 1 paras 8, 10).
- Mayor of London: 330 subscribers, 10 from each London borough and the City; a £10,000
  deposit (Greater London Authority Elections Rules 2007 Sch 3 paras 7, 9).
- Scottish Parliament constituency: no subscribers (the paper is signed by the candidate
  and a witness); a £500 deposit (Scottish Parliament (Elections etc.) Order 2015 Sch 2;
  Electoral Commission, Guidance for Returning Officers administering a Scottish
  Parliament election, "Forms for nomination").

Subscribers' checks (Electoral Commission guidance on subscriber requirements for each
kind of poll): only the first N subscribers on a paper are considered; if any of them is
invalid the paper is invalid; each must be registered in the electoral area in the
register in force on the last day for publication of the notice of election; a person
shown as under 18 may subscribe only if they will be 18 on or before polling day;
anonymous electors may not subscribe; removal from the register after that day, or death,
does not invalidate a signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .timetable import ElectionType, Nation

ENGLAND_TWO_SUBSCRIBERS_FROM = dt.date(2023, 5, 4)  # SI 2022/1029 r 1(2)
WALES_SELF_NOMINATION_FROM = dt.date(2022, 5, 5)  # WSI 2021/1459 r 2
COVID_2021_POLL = dt.date(2021, 5, 6)  # SI 2021/160
DEPOSIT_RETURN_FRACTION = (1, 20)  # more than one-twentieth of the total votes polled


class NominationRulesError(ValueError):
    """This kind of poll has no candidate nominations that this EMS can check."""


class Mayoralty(StrEnum):
    LOCAL = "local"
    COMBINED_AUTHORITY = "combined-authority"
    LONDON = "london"


@dataclass(frozen=True)
class NominationRules:
    subscribers: int  # how many subscribers are considered (0: the candidate alone)
    deposit_pence: int
    citation: str
    per_constituent_council: int = 0  # combined authority and London mayors
    one_paper_per_elector: bool = False  # UK Parliamentary: one paper; otherwise seats
    deposit_returnable_by_share: bool = False  # the one-twentieth test
    parliamentary_franchise: bool = False  # subscribers must be Parliamentary electors

    @property
    def deposit_required(self) -> bool:
        return self.deposit_pence > 0

    @property
    def deposit_pounds(self) -> str:
        return f"£{self.deposit_pence // 100:,}"

    def subscriber_role(self, position: int) -> str:
        """'Proposer', 'Seconder' or 'Assentor' for the 1-based position on the paper."""
        if position == 1:
            return "Proposer"
        if position == 2:
            return "Seconder"
        return "Assentor"


def nomination_rules(
    election_type: ElectionType | str,
    nation: Nation | str,
    poll_date: dt.date,
    *,
    mayoralty: Mayoralty | str = Mayoralty.LOCAL,
) -> NominationRules:
    """The subscribers and deposit required for a candidate at this kind of poll."""
    try:
        election_type = ElectionType(election_type)
        nation = Nation(nation)
    except ValueError as exc:
        raise NominationRulesError(str(exc)) from None
    kind = election_type
    if kind == ElectionType.UK_PARLIAMENT:
        return NominationRules(
            subscribers=10,
            deposit_pence=50_000,
            citation="RPA 1983 Sch 1 r 7 (10 subscribers), r 9 (£500 deposit), r 53 (return)",
            one_paper_per_elector=True,
            deposit_returnable_by_share=True,
            parliamentary_franchise=True,
        )
    if kind == ElectionType.LOCAL:
        if nation == Nation.SCOTLAND:
            return NominationRules(2, 0, "Scottish Local Government Elections Order 2011 Sch 1 r 6")
        if nation == Nation.WALES and poll_date >= WALES_SELF_NOMINATION_FROM:
            return NominationRules(
                0, 0, "Local Elections (Principal Areas) (Wales) Rules 2021 Sch 1 r 5"
            )
        if nation in (Nation.ENGLAND, Nation.WALES):
            two = (nation == Nation.ENGLAND and poll_date >= ENGLAND_TWO_SUBSCRIBERS_FROM) or (
                poll_date == COVID_2021_POLL and nation == Nation.ENGLAND
            )
            base = "Local Elections (Principal Areas) (England and Wales) Rules 2006 Sch 2 r 6"
            if two:
                amended = "SI 2022/1029" if poll_date != COVID_2021_POLL else "SI 2021/160"
                return NominationRules(2, 0, f"{base}, as amended by {amended}")
            return NominationRules(10, 0, base)
    if kind == ElectionType.PARISH:
        if nation == Nation.WALES and poll_date >= WALES_SELF_NOMINATION_FROM:
            return NominationRules(
                0, 0, "Local Elections (Communities) (Wales) Rules 2021 Sch 2 r 5"
            )
        if nation in (Nation.ENGLAND, Nation.WALES):
            return NominationRules(
                2,
                0,
                "Local Elections (Parishes and Communities) (England and Wales) Rules 2006 "
                "Sch 2 r 6",
            )
    if kind == ElectionType.PCC and nation in (Nation.ENGLAND, Nation.WALES):
        return NominationRules(
            100,
            500_000,
            "Police and Crime Commissioner Elections Order 2012 Sch 3 (100 subscribers, "
            "£5,000 deposit)",
            deposit_returnable_by_share=True,
        )
    if (
        kind == ElectionType.MAYOR
        and nation == Nation.ENGLAND
        or (kind == ElectionType.MAYOR and nation == Nation.WALES)
    ):
        mayoralty = Mayoralty(mayoralty)
        if mayoralty == Mayoralty.COMBINED_AUTHORITY and nation == Nation.ENGLAND:
            return NominationRules(
                100,
                500_000,
                "Combined Authorities (Mayoral Elections) Order 2017 Sch 1 para 8 (100 "
                "subscribers, 10 from each constituent council), para 10 (£5,000 deposit)",
                per_constituent_council=10,
                deposit_returnable_by_share=True,
            )
        if mayoralty == Mayoralty.LONDON and nation == Nation.ENGLAND:
            return NominationRules(
                330,
                1_000_000,
                "Greater London Authority Elections Rules 2007 Sch 3 para 7 (330 subscribers, "
                "10 from each London borough and the City), para 9 (£10,000 deposit)",
                per_constituent_council=10,
                deposit_returnable_by_share=True,
            )
        return NominationRules(
            30,
            50_000,
            "Local Authorities (Mayoral Elections) (England and Wales) Regulations 2007 Sch 1 "
            "r 8 (30 subscribers), r 10 (£500 deposit)",
            deposit_returnable_by_share=True,
        )
    if kind == ElectionType.SCOTTISH_PARLIAMENT:
        return NominationRules(
            0,
            50_000,
            "Scottish Parliament (Elections etc.) Order 2015 Sch 2 (constituency nomination "
            "paper signed by the candidate and a witness; £500 deposit)",
            deposit_returnable_by_share=True,
        )
    raise NominationRulesError(
        f"Candidate nominations for a {kind.value} poll in {nation.value} are not supported "
        "(referendums have no candidates; Senedd closed lists and Northern Ireland polls are "
        "not covered)."
    )


def mayoralty_from_organisation(organisation: str) -> Mayoralty:
    """Guess the kind of mayoralty from the body's name (the organisation of the election)."""
    name = (organisation or "").lower()
    if "greater london" in name or name.strip() in {"london", "gla"}:
        return Mayoralty.LONDON
    if "combined" in name:
        return Mayoralty.COMBINED_AUTHORITY
    return Mayoralty.LOCAL


# --- subscribers ------------------------------------------------------------------------


class Problem(StrEnum):
    """Why a subscriber does not count. Values are the words shown to staff."""

    NO_NUMBER = "No elector number was given"
    UNREADABLE_NUMBER = "The elector number is not in the form district code and number"
    NOT_FOUND = "No elector has this number in the register"
    NOT_IN_AREA = "Not registered in the electoral area contested"
    NOT_REGISTERED_THEN = "Not in the register in force when the notice of election was due"
    ANONYMOUS = "Anonymous electors may not subscribe a nomination paper"
    TOO_YOUNG = "Will not be 18 on or before polling day"
    FRANCHISE = "Not entitled to vote at this kind of election (franchise marker)"
    DUPLICATE = "Subscribes this paper more than once"
    TOO_MANY_PAPERS = "Has already subscribed as many papers as the law allows"


# Markers that do not give the Parliamentary franchise: EU citizens (B, E, G, K), peers (L),
# qualifying foreign nationals (M). At local polls overseas electors (F) may not vote.
NOT_PARLIAMENTARY = frozenset("BEGKLM")
NOT_LOCAL = frozenset("F")


@dataclass(frozen=True)
class RegisterEntry:
    """What the register says about the elector a subscriber's number points to."""

    elector_id: int
    name: str
    in_area: bool
    anonymous: bool = False
    markers: str = ""
    date_of_attainment: dt.date | None = None
    registered_from: dt.date | None = None  # None: registered before any date that matters
    registered_until: dt.date | None = None  # the day deletion took effect, if deleted


@dataclass(frozen=True)
class SubscriberLine:
    position: int
    elector_number: str  # as written on the paper, normalised ("NA1-123" or "NA1-123/1")
    name: str = ""
    parsed: bool = True  # False when the number could not be read


@dataclass
class SubscriberResult:
    position: int
    role: str
    elector_number: str
    name: str
    considered: bool  # within the first N
    elector_id: int | None = None
    register_name: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def subscriber_problems(
    entry: RegisterEntry,
    *,
    rules: NominationRules,
    poll_date: dt.date,
    register_date: dt.date,
) -> list[Problem]:
    """Why this elector cannot subscribe (an empty list if they can)."""
    found: list[Problem] = []
    if entry.anonymous:
        found.append(Problem.ANONYMOUS)
    if not entry.in_area:
        found.append(Problem.NOT_IN_AREA)
    if (entry.registered_from and entry.registered_from > register_date) or (
        entry.registered_until and entry.registered_until <= register_date
    ):
        found.append(Problem.NOT_REGISTERED_THEN)
    if entry.date_of_attainment and entry.date_of_attainment > poll_date:
        found.append(Problem.TOO_YOUNG)
    letters = set((entry.markers or "").upper())
    barred = NOT_PARLIAMENTARY if rules.parliamentary_franchise else NOT_LOCAL
    if letters & barred:
        found.append(Problem.FRANCHISE)
    return found


def check_subscribers(
    lines: list[SubscriberLine],
    register: dict[str, RegisterEntry],
    *,
    rules: NominationRules,
    poll_date: dt.date,
    register_date: dt.date,
    papers_elsewhere: dict[int, int] | None = None,
    papers_allowed: int = 1,
) -> list[SubscriberResult]:
    """Check each subscriber of one paper against the register.

    `register` maps a normalised elector number to its entry (missing: not found).
    `papers_elsewhere` counts, for each elector, papers delivered earlier that they
    subscribed; `papers_allowed` is how many they may subscribe (1 at UK Parliamentary
    elections, the number of seats at local ones).
    """
    papers_elsewhere = papers_elsewhere or {}
    results: list[SubscriberResult] = []
    seen: set[int] = set()
    for line in sorted(lines, key=lambda x: x.position):
        considered = line.position <= rules.subscribers
        result = SubscriberResult(
            position=line.position,
            role=rules.subscriber_role(line.position),
            elector_number=line.elector_number,
            name=line.name,
            considered=considered,
        )
        results.append(result)
        if not considered:
            continue
        if not line.elector_number:
            result.problems.append(Problem.NO_NUMBER)
            continue
        if not line.parsed:
            result.problems.append(Problem.UNREADABLE_NUMBER)
            continue
        entry = register.get(line.elector_number)
        if entry is None:
            result.problems.append(Problem.NOT_FOUND)
            continue
        result.elector_id = entry.elector_id
        result.register_name = "" if entry.anonymous else entry.name
        result.problems.extend(
            subscriber_problems(
                entry, rules=rules, poll_date=poll_date, register_date=register_date
            )
        )
        if entry.elector_id in seen:
            result.problems.append(Problem.DUPLICATE)
        seen.add(entry.elector_id)
        if papers_elsewhere.get(entry.elector_id, 0) >= papers_allowed:
            result.problems.append(Problem.TOO_MANY_PAPERS)
    return results


def subscribers_sufficient(results: list[SubscriberResult], rules: NominationRules) -> bool:
    """True if the first N subscribers are all present and valid."""
    considered = [r for r in results if r.considered]
    return len(considered) >= rules.subscribers and all(r.ok for r in considered)


# --- deposits ---------------------------------------------------------------------------


class DepositOutcome(StrEnum):
    RETURNED = "returned"
    FORFEITED = "forfeited"


def deposit_outcome(
    *,
    rules: NominationRules,
    elected: bool = False,
    stood_nominated: bool = True,
    votes: int | None = None,
    total_votes: int | None = None,
) -> DepositOutcome:
    """Whether the deposit is returned (RPA 1983 Sch 1 r 53; the same test applies at
    PCC and mayoral polls).

    Returned if the candidate is not shown as standing nominated (withdrawn or invalid),
    is elected (including unopposed), or polls more than one-twentieth of the total
    votes polled by all the candidates. Otherwise forfeited.
    """
    if not stood_nominated or elected:
        return DepositOutcome.RETURNED
    if votes is None or total_votes is None:
        raise ValueError("The votes polled are needed to decide whether a deposit is returned.")
    if total_votes <= 0:
        return DepositOutcome.RETURNED
    numerator, denominator = DEPOSIT_RETURN_FRACTION
    return (
        DepositOutcome.RETURNED
        if votes * denominator > total_votes * numerator
        else DepositOutcome.FORFEITED
    )


# --- descriptions, names and ordering -----------------------------------------------------

MAX_DESCRIPTION_WORDS = 6  # RPA 1983 Sch 1 r 6; 2006 Parish Rules Sch 2 r 4(4)


def description_problem(description: str, *, party_descriptions: set[str] | None) -> str:
    """Why a ballot paper description is not acceptable ('' if it is).

    A description may be blank, "Independent" (a candidate not standing for a party), or a
    party's registered name or description authorised by its certificate (RPA 1983 Sch 1
    r 6A; PPERA 2000 s 22). No more than six words.
    """
    text = " ".join((description or "").split())
    if not text:
        return ""
    if len(text.split()) > MAX_DESCRIPTION_WORDS and party_descriptions is None:
        return f"A description may have at most {MAX_DESCRIPTION_WORDS} words"
    if party_descriptions is None:
        if text.lower() == "independent":
            return ""
        return 'Without a party, the description may only be "Independent" or blank'
    if text not in party_descriptions:
        return "The description is not one of the party's registered names or descriptions"
    return ""


def ballot_sort_key(surname: str, other_names: str) -> tuple[str, str]:
    """Alphabetical order of surname, then other names (RPA 1983 Sch 1 r 14; Local Elections
    (Principal Areas) (Wales) Rules 2021 Sch 1 r 13(4)), the commonly used names taking the
    place of the others where given. Accents and case are ignored."""
    return (_fold(surname), _fold(other_names))


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in plain.casefold() if ch.isalnum() or ch == " ").strip()


def is_uncontested(standing: int, seats: int) -> bool:
    """True if no more candidates stand nominated than there are seats: those standing are
    declared elected and there is no poll for that ballot (RPA 1983 Sch 1 r 17, "method of
    election", and the same rule in each set of local conduct rules)."""
    return standing <= seats
