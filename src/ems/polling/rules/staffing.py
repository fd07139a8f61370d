"""Staff needed at a polling station from configurable ratios.

The Returning Officer must appoint a presiding officer for each station and the
poll clerks needed (e.g. Local Elections (Principal Areas) (England and Wales) Rules
2006 Sch 2 r26; Parliamentary Elections Rules, RPA 1983 Sch 1 r26). The Electoral
Commission's performance standards ask the RO to plan staffing so that electors do
not queue; councils set their own ratios, so they are data (StaffingRule), and this
only does the arithmetic. Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ratio:
    role: str
    per_station: int = 1
    extra_every: int = 0
    extra_over: int = 0


def needed(ratio: Ratio, electors: int) -> int:
    """per_station, plus one for each started `extra_every` electors over `extra_over`.

    With 1 + 1 per 1,000 over 1,500: 1,500 electors -> 1; 1,501 -> 2; 2,500 -> 2;
    2,501 -> 3.
    """
    count = ratio.per_station
    if ratio.extra_every > 0 and electors > ratio.extra_over:
        over = electors - ratio.extra_over
        count += -(-over // ratio.extra_every)
    return count


def staff_for(ratios: list[Ratio], electors: int) -> dict[str, int]:
    return {r.role: needed(r, electors) for r in ratios}


DEFAULT_RATIOS = (
    Ratio("Presiding officer", 1, 0, 0),
    Ratio("Poll clerk", 1, 1000, 1500),
)
