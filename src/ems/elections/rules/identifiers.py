"""Democracy Club election identifiers (uk-election-ids), read and built. Plain Python.

An identifier looks like "local.2026-05-07" (all local polls that day),
"local.exampleshire.2026-05-07" (one council), "local.exampleshire.north.by.2026-05-07"
(one ballot, here a by-election) or "sp.c.2026-05-07" (Scottish Parliament constituencies).
See https://elections.democracyclub.org.uk/reference_definition/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from uk_election_ids.election_ids import IdBuilder

from .timetable import ElectionType, Nation, TimetableError

# Democracy Club's first segment -> our kind of poll. Democracy Club has no parish polls:
# ours are given "local" identifiers with the parish council as the organisation.
_DC_TYPE = {
    "parl": ElectionType.UK_PARLIAMENT,
    "local": ElectionType.LOCAL,
    "pcc": ElectionType.PCC,
    "mayor": ElectionType.MAYOR,
    "sp": ElectionType.SCOTTISH_PARLIAMENT,
    "senedd": ElectionType.SENEDD,
    "naw": ElectionType.SENEDD,
    "nia": ElectionType.NI_ASSEMBLY,
    "ref": ElectionType.REFERENDUM,
    "gla": ElectionType.MAYOR,
}
_OUR_DC_TYPE = {
    ElectionType.UK_PARLIAMENT: "parl",
    ElectionType.LOCAL: "local",
    ElectionType.PARISH: "local",
    ElectionType.PCC: "pcc",
    ElectionType.MAYOR: "mayor",
    ElectionType.SCOTTISH_PARLIAMENT: "sp",
    ElectionType.SENEDD: "senedd",
    ElectionType.NI_ASSEMBLY: "nia",
    ElectionType.REFERENDUM: "ref",
}
_NATION_OF = {
    ElectionType.SCOTTISH_PARLIAMENT: Nation.SCOTLAND,
    ElectionType.SENEDD: Nation.WALES,
    ElectionType.NI_ASSEMBLY: Nation.NORTHERN_IRELAND,
}


@dataclass(frozen=True)
class ParsedId:
    election_id: str
    election_type: ElectionType
    poll_date: dt.date
    by_election: bool
    nation: Nation | None  # None when the identifier does not say


def parse_election_id(election_id: str) -> ParsedId:
    """The kind of poll, polling day and (where implied) the nation from an identifier."""
    election_id = (election_id or "").strip()
    parts = election_id.split(".")
    if len(parts) < 2:
        raise TimetableError(
            f"{election_id!r} is not a Democracy Club election identifier "
            "(expected something like local.2026-05-07)"
        )
    try:
        poll_date = dt.date.fromisoformat(parts[-1])
    except ValueError:
        raise TimetableError(
            f"{election_id!r} does not end with a polling day as YYYY-MM-DD "
            "(expected something like local.2026-05-07)"
        ) from None
    election_type = _DC_TYPE.get(parts[0])
    if election_type is None:
        known = ", ".join(sorted(_DC_TYPE))
        raise TimetableError(f"Unknown election type {parts[0]!r} (expected one of {known})")
    return ParsedId(
        election_id=election_id,
        election_type=election_type,
        poll_date=poll_date,
        by_election="by" in parts[1:-1],
        nation=_NATION_OF.get(election_type),
    )


def build_election_id(
    *,
    election_type: ElectionType | str,
    poll_date: dt.date,
    organisation: str = "",
    subtype: str = "",
) -> str:
    """The identifier of the election (not of one ballot) with uk-election-ids."""
    election_type = ElectionType(election_type)
    builder = _builder(election_type, poll_date, organisation, subtype)
    if builder.organisation:
        return builder.organisation_group_id
    if builder.subtype:
        return builder.subtype_group_id
    return builder.election_group_id


def build_ballot_id(
    *,
    election_type: ElectionType | str,
    poll_date: dt.date,
    organisation: str = "",
    division: str = "",
    subtype: str = "",
    by_election: bool = False,
) -> str:
    """The identifier of one ballot: one contested area of the election."""
    election_type = ElectionType(election_type)
    builder = _builder(election_type, poll_date, organisation, subtype)
    if division and builder.spec.can_have_divs:
        builder = builder.with_division(division)
    if by_election:
        builder = builder.with_contest_type("by")
    try:
        return builder.ballot_id
    except ValueError as exc:
        raise TimetableError(f"Cannot build a ballot identifier: {exc}") from None


def _builder(election_type: ElectionType, poll_date: dt.date, organisation: str, subtype: str):
    dc_type = _OUR_DC_TYPE[election_type]
    try:
        builder = IdBuilder(dc_type, poll_date)
        if election_type == ElectionType.SCOTTISH_PARLIAMENT:
            builder = builder.with_subtype(subtype or "c")
        elif subtype:
            builder = builder.with_subtype(subtype)
        if organisation and builder.spec.can_have_orgs:
            builder = builder.with_organisation(organisation)
    except ValueError as exc:
        raise TimetableError(f"Cannot build an election identifier: {exc}") from None
    return builder
