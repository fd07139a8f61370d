"""Rejected ballot papers, verification and turnout: the figures a declaration states.

Rejected papers (RPA 1983 Sch 1 r47(1), repeated in the local elections rules: Local
Elections (Principal Areas) (England and Wales) Rules 2006 Sch 2 r47(1), Local Elections
(Parishes and Communities) (England and Wales) Rules 2006 Sch 2 r47(1)): a ballot paper is
void and not counted if it
  (a) does not bear the official mark (or the unique identifying mark);
  (b) votes for more candidates than the voter is entitled to vote for;
  (c) has anything written or marked by which the voter can be identified (except the
      printed number and other unique identifying mark on the back);
  (d) is unmarked or void for uncertainty.
r47(4): the returning officer draws up a statement of the number rejected under each head.

Verification (RPA 1983 Sch 1 r45(3)-(4); 2006 local rules Sch 2 r45): the returning officer
verifies each ballot paper account by comparing it with the ballot papers recorded as
issued, unused and spoilt and the papers found in the ballot box, and draws up a statement
of the result of the verification. A difference is recorded with its explanation.

Turnout: ballot papers counted (valid and rejected) as a percentage of the electorate, as
the Electoral Commission reports it ("ballot box turnout").

Plain Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# (field name, label as the declaration prints it)
REJECTED_HEADS: tuple[tuple[str, str], ...] = (
    ("rejected_no_official_mark", "Want of official mark"),
    ("rejected_too_many_votes", "Voting for more candidates than the voter was entitled to"),
    ("rejected_identifies_voter", "Writing or mark by which the voter could be identified"),
    ("rejected_unmarked_or_uncertain", "Unmarked or wholly void for uncertainty"),
)


def turnout_percent(ballot_papers: int, electorate: int) -> Decimal | None:
    """Ballot papers counted / electorate x 100, to two decimal places (half up).

    None when the electorate is not known (zero).
    """
    if ballot_papers < 0 or electorate < 0:
        raise ValueError("figures cannot be negative")
    if electorate == 0:
        return None
    return (Decimal(ballot_papers) * 100 / Decimal(electorate)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class AccountCheck:
    """The verification of one ballot paper account (r45(3))."""

    expected: int  # papers the account says were put in the box (issued to voters)
    found: int  # papers found when the box was verified
    balanced_issue: bool  # supplied = issued + spoilt + unused (True if supplied not given)

    @property
    def difference(self) -> int:
        """Found minus expected: positive means more papers found than the account gives."""
        return self.found - self.expected


def check_account(
    *, supplied: int | None, issued: int, spoilt: int, unused: int, found: int
) -> AccountCheck:
    for value in (issued, spoilt, unused, found):
        if value < 0:
            raise ValueError("figures cannot be negative")
    balanced = supplied is None or supplied == issued + spoilt + unused
    return AccountCheck(expected=issued, found=found, balanced_issue=balanced)


def check_fptp_figures(*, votes: list[int], seats: int, valid_papers: int) -> list[str]:
    """Problems with entered first-past-the-post figures (empty when consistent).

    Each valid paper gives at least one and at most `seats` votes, each to a different
    candidate, so valid_papers <= sum(votes) <= valid_papers x seats, and no candidate
    has more votes than there are valid papers.
    """
    problems = []
    if any(v < 0 for v in votes) or valid_papers < 0:
        problems.append("Votes cannot be negative.")
        return problems
    total = sum(votes)
    if seats == 1 and total != valid_papers:
        problems.append(
            f"The candidates' votes add up to {total:,} but {valid_papers:,} valid ballot "
            "papers were given: in a single-seat contest they must be equal."
        )
    elif seats > 1:
        if total < valid_papers:
            problems.append(
                f"The candidates' votes add up to {total:,}, fewer than the "
                f"{valid_papers:,} valid ballot papers (each valid paper has at least one vote)."
            )
        if total > valid_papers * seats:
            problems.append(
                f"The candidates' votes add up to {total:,}, more than {seats} votes on each of "
                f"the {valid_papers:,} valid ballot papers."
            )
        if votes and max(votes) > valid_papers:
            problems.append("A candidate has more votes than there are valid ballot papers.")
    return problems
