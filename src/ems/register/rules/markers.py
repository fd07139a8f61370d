"""Franchise markers: the letters printed before an elector's name in the register.

A marker says which elections an elector may vote at when that is narrower than
the full franchise, or that the entry is special (anonymous). The register's
markers are prescribed by the Representation of the People (England and Wales)
Regulations 2001 (RPR 2001) reg 42 ("marking of names") and reg 41A (anonymous
entries), and the equivalent regulations of the RPR (Scotland) 2001; the
Electoral Commission lists them in its guidance on the format of the revised
register ("Running electoral registration", England / Wales / Scotland).

What changed recently, and how it shows here:
- Elections Act 2022 s14 and sch 7 (amending RPA 1983 s2 and s4) and the
  Representation of the People (Franchise Amendment and Eligibility Review)
  Regulations 2023: from 7 May 2024 an EU citizen in England may vote at local
  government and PCC elections only as a "qualifying EU citizen" (a national of
  a state with a voting-rights treaty: Denmark, Luxembourg, Poland, Portugal,
  Spain) or an "EU citizen with retained rights" (lawfully resident since before
  1 January 2021). Citizens of Ireland, Malta and Cyprus keep their rights as
  Commonwealth / Irish citizens and carry no marker. The Commission's ECR
  guidance (England) says that when an EU citizen's eligibility is confirmed
  under the new criteria their marker changes from G to B.
- European Parliament elections ended for the UK in 2020, so the old E/K
  meanings "may vote at European Parliamentary elections" no longer confer
  anything: existing registers may still carry them, so they remain known
  letters, described as legacy markers.
- Overseas electors (F) vote at UK Parliamentary elections only (RPA 1985 s1,
  as amended by the Elections Act 2022 s14 and sch 6: "votes for life" from
  16 January 2024).
- Scotland (Scottish Elections (Franchise and Representation) Act 2020) and
  Wales (Senedd and Elections (Wales) Act 2020) extended the local and devolved
  franchise to qualifying foreign nationals; the Commission's Scottish guidance
  marks them, and prisoners serving 12 months or less, with M.
- Young voters in Scotland (Scottish Elections (Reduction of Voting Age) Act
  2015) and Wales (Senedd and Elections (Wales) Act 2020) may register from 14
  and vote at 16 at local and devolved elections; entries of people under 16
  are never published (the protection of information about persons under 16
  that the 2015 Act makes for Scotland and the 2020 Act for Wales; the
  voting age is in RPA 1983 s2(1)(d) and (1A) as they amend it). The law
  gives them no letter: the Commission's guidance shows an attainer's date
  of attainment instead. This EMS records them with Z, its own internal
  marker (documented below), so that output can withhold them; Z is never
  printed.

Canonical order of a markers string is alphabetical ("FN", never "NF").
Plain Python: no Django.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    letter: str
    meaning: str
    citation: str
    statutory: bool = True  # False for this EMS's own internal markers
    printed: bool = True  # shown before the name in a published register


MARKERS: dict[str, Marker] = {
    m.letter: m
    for m in [
        Marker(
            "B",
            "EU citizen confirmed as a qualifying EU citizen or an EU citizen with retained "
            "rights (England, from 7 May 2024): local government and PCC elections only",
            "RPA 1983 s2 and s4 as amended by Elections Act 2022 sch 7; Representation of the "
            "People (Franchise Amendment and Eligibility Review) Regulations 2023; EC guidance "
            "(England) on the eligibility confirmation and review: marker G changes to B",
        ),
        Marker(
            "E",
            "EU citizen (legacy marker: formerly also European Parliamentary elections, which "
            "ended in 2020): local government elections only",
            "RPR 2001 reg 42; European Parliamentary Elections (Repeal) Act 2018",
        ),
        Marker(
            "F",
            "Overseas elector: UK Parliamentary elections only",
            "RPA 1985 s1 and s2 (as amended by Elections Act 2022 sch 6); RPR 2001 reg 42",
        ),
        Marker(
            "G",
            "EU citizen: local government elections only (in England, from 7 May 2024, until "
            "confirmed eligible under the new criteria, when the marker becomes B)",
            "RPR 2001 reg 42; EC guidance (England) on the eligibility confirmation and review",
        ),
        Marker(
            "K",
            "EU citizen in Scotland or Wales (legacy marker): local government and devolved "
            "(Scottish Parliament / Senedd) elections only",
            "RPR 2001 reg 42; RPR (Scotland) 2001 reg 42",
        ),
        Marker(
            "L",
            "Peer entitled to sit in the House of Lords: not UK Parliamentary elections "
            "(local government, and in Scotland and Wales devolved, elections only)",
            "RPA 1983 s1 and s2; RPR 2001 reg 42; EC guidance on the format of the register",
        ),
        Marker(
            "M",
            "Qualifying foreign national, or prisoner serving 12 months or less (Scotland and "
            "Wales): local government and devolved elections only",
            "Scottish Elections (Franchise and Representation) Act 2020; Senedd and Elections "
            "(Wales) Act 2020; EC guidance (Scotland) on the format of the revised register",
        ),
        Marker(
            "N",
            "Anonymous elector: the entry shows the elector number and N only",
            "RPA 1983 s9B; RPR 2001 reg 41A",
        ),
        Marker(
            "Z",
            "Young elector under 16 (Scotland or Wales): this EMS's internal marker so that "
            "the entry is withheld from every published register and supply; never printed",
            "Scottish Elections (Reduction of Voting Age) Act 2015 and Senedd and Elections "
            "(Wales) Act 2020: information about persons under 16 is not published",
            statutory=False,
            printed=False,
        ),
    ]
}

ANONYMOUS = "N"
OVERSEAS = "F"
YOUNG = "Z"


class MarkerError(ValueError):
    """A markers string is not acceptable; the message says why."""


def problems(markers: str) -> list[str]:
    """Every problem with a markers string, as sentences ([] if it is acceptable).

    Acceptable: capital letters only, each a known marker, none repeated, in
    canonical (alphabetical) order. The empty string is acceptable.
    """
    found: list[str] = []
    for ch in markers:
        if not ("A" <= ch <= "Z"):
            found.append(f"{ch!r} is not a capital letter")
        elif ch not in MARKERS:
            found.append(f"{ch} is not a franchise marker")
    repeated = sorted({ch for ch in markers if markers.count(ch) > 1})
    if repeated:
        found.append("repeated: " + "".join(repeated))
    if not found and markers != canonical(markers):
        found.append(f"not in order: write {canonical(markers)}")
    return found


def validate(markers: str) -> str:
    """Return the markers string unchanged, or raise MarkerError naming every problem."""
    found = problems(markers)
    if found:
        raise MarkerError("; ".join(found))
    return markers


def canonical(letters: Iterable[str]) -> str:
    """The letters de-duplicated, in canonical order."""
    return "".join(sorted(set(letters)))


def normalise(value: str) -> str:
    """Tidy what a person typed ("n f", "f,n") into canonical form, then validate it."""
    letters = [ch.upper() for ch in value or "" if ch.isalpha()]
    return validate(canonical(letters))


def derive(markers: str, *, anonymous: bool, overseas: bool, young: bool = False) -> str:
    """Markers with the derived letters set from the facts they stand for.

    N if and only if the elector is registered anonymously (RPR 2001 reg 41A);
    F if and only if they are an overseas elector; Z if and only if they are a
    young elector under 16 (Scotland, Wales).
    """
    letters = set(markers) - {ANONYMOUS, OVERSEAS, YOUNG}
    if anonymous:
        letters.add(ANONYMOUS)
    if overseas:
        letters.add(OVERSEAS)
    if young:
        letters.add(YOUNG)
    return canonical(letters)


# How an entry may appear in a published register or a supply.
SHOW_FULL = "full"
SHOW_NUMBER_ONLY = "number_only"  # anonymous: elector number and N, nothing else
WITHHELD = "withheld"  # not in the published register at all


def publication_treatment(markers: str, *, anonymous: bool = False) -> str:
    """How an entry is shown in a published register.

    - Young electors under 16 (Z) are never published (Scottish Elections (Reduction
      of Voting Age) Act 2015; Senedd and Elections (Wales) Act 2020).
    - Anonymous electors (N) show their elector number and N only: RPA 1983 s9B(4),
      RPR 2001 reg 41A. (Open-register exclusion of opt-outs is a separate choice
      of the elector: RPR 2001 reg 93A; see the publication rules.)
    """
    if YOUNG in markers:
        return WITHHELD
    if anonymous or ANONYMOUS in markers:
        return SHOW_NUMBER_ONLY
    return SHOW_FULL


def printed(markers: str) -> str:
    """The letters printed before the name (internal markers removed)."""
    return "".join(ch for ch in markers if ch in MARKERS and MARKERS[ch].printed)
