"""Who may vote at which kind of poll, from the franchise markers on the register.

Plain Python, no Django. The markers are those of ems.register.rules.markers.

- UK Parliamentary elections (RPA 1983 s1; overseas electors RPA 1985 s1 as amended
  by the Elections Act 2022 sch 6): British, Irish and qualifying Commonwealth
  citizens, and overseas electors (F). Not peers (L), nor EU citizens (B, E, G, K),
  nor the Scottish and Welsh extended franchise (M).
- Local government elections, including parish, mayoral and PCC polls (RPA 1983 s2;
  Police Reform and Social Responsibility Act 2011 s52; EU citizens from 7 May 2024
  in England: Elections Act 2022 sch 7): everyone on the register except overseas
  electors (F), who vote at UK Parliamentary elections only. Peers (L) may vote.
- Devolved elections (Scottish Parliament, Senedd, Northern Ireland Assembly) use the
  local government franchise (Scotland Act 1998 s11; Government of Wales Act 2006
  s12; Northern Ireland Act 1998 s34): again everyone but overseas electors.
- Referendums: this EMS treats a referendum as a local one (Local Government Act 2000
  and Localism Act 2011 neighbourhood planning referendums use the local government
  franchise). A national referendum's own Act sets its franchise; set it per poll.
- Young electors (Z, under 16 in Scotland and Wales) and attainers whose date of
  attainment falls after polling day may not vote at that poll (RPA 1983 s2(1)(d),
  s4(1)(d)).
"""

from __future__ import annotations

import datetime

UK_PARLIAMENT = "parl"
LOCAL_TYPES = frozenset({"local", "parish", "mayor", "pcc", "ref"})
DEVOLVED_TYPES = frozenset({"sp", "senedd", "nia"})

NOT_AT_PARLIAMENT = frozenset("BEGKLM")
ONLY_AT_PARLIAMENT = frozenset("F")
YOUNG = "Z"


def entitled(
    markers: str,
    election_type: str,
    *,
    poll_date: datetime.date | None = None,
    date_of_attainment: datetime.date | None = None,
) -> bool:
    """Whether an elector with these markers may vote at a poll of this type."""
    letters = set(markers or "")
    if YOUNG in letters:
        return False
    if date_of_attainment is not None and poll_date is not None and date_of_attainment > poll_date:
        return False
    if election_type == UK_PARLIAMENT:
        return not (letters & NOT_AT_PARLIAMENT)
    if election_type in LOCAL_TYPES or election_type in DEVOLVED_TYPES:
        return not (letters & ONLY_AT_PARLIAMENT)
    raise ValueError(f"Unknown election type {election_type!r}")
