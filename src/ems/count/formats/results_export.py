"""Published results as CSV and JSON: per contest, and the whole poll in one file.

CSV header (one row per candidate; contest figures repeated on each row):
    election_id, ballot_id, contest, seats, candidate, party, votes, elected, elected_by_lot,
    valid_ballot_papers, rejected_no_official_mark, rejected_too_many_votes,
    rejected_identifies_voter, rejected_unmarked_or_uncertain, rejected_total,
    ballot_papers, electorate, turnout_percent, declared_at

JSON: {"election_id", "title", "contests": [{"ballot_id", "contest", "seats", "method",
"valid_ballot_papers", "rejected": {head: n, ..., "total": n}, "ballot_papers",
"electorate", "turnout_percent", "quota", "declared_at", "version",
"candidates": [{"name", "party", "votes", "elected", "elected_by_lot"}]}]}

declared_at is ISO 8601 in UK local time with its offset, e.g. 2026-05-08T02:15:00+01:00.

Only declared results are given to these functions (ems.count.selectors.declared_result).
Candidate names and parties only: no elector data.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from ems.core import times
from ems.core.csvwrite import safe_writer

from ..models import ContestResult
from ..rules.declaration import REJECTED_HEADS, turnout_percent
from ..selectors import result_rows

CSV_HEADER = [
    "election_id",
    "ballot_id",
    "contest",
    "seats",
    "candidate",
    "party",
    "votes",
    "elected",
    "elected_by_lot",
    "valid_ballot_papers",
    *(name for name, _ in REJECTED_HEADS),
    "rejected_total",
    "ballot_papers",
    "electorate",
    "turnout_percent",
    "declared_at",
]


def _turnout(result: ContestResult) -> str:
    value = turnout_percent(result.ballot_papers, result.electorate)
    return "" if value is None else str(value)


def contest_json(contest, result: ContestResult) -> dict:
    turnout = turnout_percent(result.ballot_papers, result.electorate)
    return {
        "ballot_id": contest.ballot_id,
        "contest": contest.name,
        "seats": contest.seats,
        "method": result.method,
        "version": result.version,
        "valid_ballot_papers": result.valid_papers,
        "rejected": {
            **{name: getattr(result, name) for name, _ in REJECTED_HEADS},
            "total": result.rejected,
        },
        "ballot_papers": result.ballot_papers,
        "electorate": result.electorate,
        "turnout_percent": None if turnout is None else float(turnout),
        "quota": result.quota,
        "declared_at": times.iso_uk(result.declared_at) or None,
        "candidates": [
            {
                "name": row["candidate"],
                "party": row["party"],
                "votes": row["votes"],
                "elected": row["elected"],
                "elected_by_lot": row["elected_by_lot"],
            }
            for row in result_rows(result)
        ],
    }


def election_json(election, contests: Iterable[tuple]) -> dict:
    return {
        "election_id": election.election_id,
        "title": election.title,
        "poll_date": election.poll_date.isoformat(),
        "contests": [contest_json(contest, result) for contest, result in contests],
    }


def results_csv(election, contests: Iterable[tuple]) -> str:
    out = io.StringIO()
    writer = safe_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for contest, result in contests:
        for row in result_rows(result):
            writer.writerow(
                [
                    election.election_id,
                    contest.ballot_id,
                    contest.name,
                    contest.seats,
                    row["candidate"],
                    row["party"],
                    row["votes"],
                    "yes" if row["elected"] else "no",
                    "yes" if row["elected_by_lot"] else "no",
                    result.valid_papers,
                    *(getattr(result, name) for name, _ in REJECTED_HEADS),
                    result.rejected,
                    result.ballot_papers,
                    result.electorate,
                    _turnout(result),
                    times.iso_uk(result.declared_at),
                ]
            )
    return out.getvalue()
