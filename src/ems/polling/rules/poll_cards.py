"""Poll cards: which card each elector gets, its wording, and reconciliation.

- Official poll cards are sent to every elector (and proxy) as soon as practicable
  after the notice of election (Parliamentary Elections Rules, RPA 1983 Sch 1 r28;
  Local Elections (Principal Areas) (England and Wales) Rules 2006 Sch 2 r25).
  They show the elector's name, qualifying address and number on the register, the
  date and hours of the poll and the situation of the polling station (r28(3)).
- Postal voters and electors voting by proxy get the card in the form for them
  (the "postal poll card" and the elector's "proxy poll card" in the Appendix of
  forms); a proxy's own card goes to the proxy's address (r28(2)).
- Anonymous electors (RPA 1983 s9B): the card carries the matter in the appropriate
  form instead of the name and address (Local Elections (Principal Areas) Rules 2006
  Sch 2 r25(4); RPA 1983 Sch 1 r28(3A)), and is sent in a covering envelope to the
  qualifying address so that nobody else learns of the anonymous entry. This EMS
  therefore never sends anonymous electors to the print supplier: their cards go in a
  separate file (elector number, station and polls only) for the office to print and
  envelope in-house.
- Combined polls (RPA 1985 s15; e.g. Sch 3 r25(6) of the 2006 Rules): one card may
  cover every poll the elector may vote at, and says the polls are taken together.
Plain Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

ORDINARY = "ordinary"
POSTAL = "postal"
PROXY = "proxy"
KINDS = (ORDINARY, POSTAL, PROXY)
ANONYMOUS = "anonymous"
# Where a card goes (the supplier file's send_to column), and the count of proxies' own
# cards (not part of reconciliation: one per elector is counted, to the elector).
SEND_TO_ELECTOR = "elector"
SEND_TO_PROXY = "proxy"
SENT_TO_PROXY = "sent_to_proxy"


def polls_wording(titles: list[str]) -> str:
    """The line naming the polls on a card, with the combined-poll sentence."""
    if not titles:
        return ""
    if len(titles) == 1:
        return f"You may vote at the {titles[0]}."
    listed = ", ".join(titles[:-1]) + f" and the {titles[-1]}"
    return (
        f"You may vote at the {listed}. "
        "These polls are being taken together: you vote for all of them at the same visit."
    )


@dataclass
class DistrictReconciliation:
    district: str
    register_live: int = 0
    not_entitled: int = 0
    expected: int = 0
    found: Counter = field(default_factory=Counter)

    @property
    def found_total(self) -> int:
        return sum(self.found.values())

    @property
    def difference(self) -> int:
        return self.found_total - self.expected

    def as_dict(self) -> dict:
        return {
            "district": self.district,
            "register_live": self.register_live,
            "not_entitled": self.not_entitled,
            "expected": self.expected,
            **{kind: self.found.get(kind, 0) for kind in (*KINDS, ANONYMOUS)},
            "found": self.found_total,
            "difference": self.difference,
        }


def reconcile(
    *,
    register: dict[str, tuple[int, int]],
    cards: Iterable[tuple[str, str, str]],
) -> dict:
    """Compare the cards written with the register.

    `register` maps a district code to (live electors, electors entitled to a card);
    `cards` yields (elector number, district code, kind) for every card read back from
    the files. Reports, by district and kind, every elector number that appears more
    than once, cards for districts outside the register, and districts whose count of
    cards differs from the register. `ok` only when every entitled elector appears
    exactly once.
    """
    rows = {
        code: DistrictReconciliation(code, live, live - entitled, entitled)
        for code, (live, entitled) in register.items()
    }
    seen: set[str] = set()
    duplicates: list[str] = []
    unknown: Counter = Counter()
    totals: Counter = Counter()
    for number, district, kind in cards:
        if number in seen:
            duplicates.append(number)
        seen.add(number)
        totals[kind] += 1
        row = rows.get(district)
        if row is None:
            unknown[district] += 1
            continue
        row.found[kind] += 1
    problems = []
    if duplicates:
        shown = ", ".join(duplicates[:10]) + (" ..." if len(duplicates) > 10 else "")
        problems.append(f"{len(duplicates)} elector numbers appear more than once: {shown}")
    for code, count in sorted(unknown.items()):
        problems.append(f"{count} cards are for polling district {code}, not in this poll's area")
    for row in rows.values():
        if row.difference < 0:
            problems.append(
                f"{row.district}: {-row.difference} electors have no card "
                f"({row.found_total} cards for {row.expected} entitled electors)"
            )
        elif row.difference > 0:
            problems.append(
                f"{row.district}: {row.difference} more cards than entitled electors "
                f"({row.found_total} cards for {row.expected})"
            )
    return {
        "ok": not problems,
        "problems": problems,
        "totals": {kind: totals.get(kind, 0) for kind in (*KINDS, ANONYMOUS)},
        "cards": sum(totals.values()),
        "register_live": sum(r.register_live for r in rows.values()),
        "not_entitled": sum(r.not_entitled for r in rows.values()),
        "districts": [rows[code].as_dict() for code in sorted(rows)],
    }
