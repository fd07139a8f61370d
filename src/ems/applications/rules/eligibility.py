"""Who may be registered, with which franchise markers: one decision per application.

Citations (each Decision carries the one it applied):
- RPA 1983 s1 (UK Parliamentary franchise): British, Irish and qualifying Commonwealth
  citizens aged 18 or over, resident in the constituency.
- RPA 1983 s2 (local government franchise): as s1, plus relevant citizens of the Union
  (England and Northern Ireland, as amended by the Elections Act 2022 s14 and sch 7 from
  7 May 2024: only "qualifying EU citizens" - nationals of Denmark, Luxembourg, Poland,
  Portugal and Spain, the states with voting-rights treaties - and "EU citizens with
  retained rights" - lawfully resident in the UK since before 1 January 2021 and without a
  break since); in Scotland and Wales every qualifying foreign national (a foreign
  national with leave to remain, or who does not need it) and a voting age of 16
  (Scottish Elections (Franchise and Representation) Act 2020; Senedd and Elections
  (Wales) Act 2020; Local Government and Elections (Wales) Act 2021).
- RPA 1983 s4 (entitlement to be registered): attainers - people who will reach voting age
  before the end of the 12 months beginning with the 1 December following - may be
  registered with their date of attainment (s4(5)); in Scotland and Wales people may
  register from 14. Northern Ireland: the applicant must have been resident in Northern
  Ireland throughout the 3 months ending on the relevant date (RPA 1983 s4(2)).
- British Nationality Act 1981 s37 and sch 3: a "Commonwealth citizen" (which includes the
  British); a "qualifying Commonwealth citizen" needs no leave to enter or remain or has
  it (RPA 1983 s4(6)). Citizens of Cyprus and Malta are Commonwealth citizens, citizens of
  Ireland are Irish citizens: none of them is a "relevant citizen of the Union".
- Overseas electors: British citizens only (RPA 1985 s1 and s2 as amended by the
  Elections Act 2022 sch 6); UK Parliamentary elections only (marker F, set by the register).

Markers follow ems.register.rules.markers: B for an EU citizen confirmed eligible under
the 2024 criteria in England; G for an EU citizen with the local franchise (Northern
Ireland, and England before 7 May 2024); K for an EU citizen in Scotland or Wales; M for
another qualifying foreign national in Scotland or Wales.

Nationalities are ISO 3166-1 alpha-2 codes ("GB", "IE", "PL"). Plain Python: no Django.
"""

from dataclasses import dataclass
from datetime import date

from ems.register.rules import attainers

ENGLAND = attainers.ENGLAND
WALES = attainers.WALES
SCOTLAND = attainers.SCOTLAND
NORTHERN_IRELAND = attainers.NORTHERN_IRELAND

EU_RULES_FROM = date(2024, 5, 7)  # Elections Act 2022 sch 7 in England (and NI here)
RETAINED_RIGHTS_BEFORE = date(2021, 1, 1)
NI_RESIDENCE_MONTHS = 3

BRITISH = frozenset({"GB"})
IRISH = frozenset({"IE"})
QUALIFYING_EU = frozenset({"DK", "LU", "PL", "PT", "ES"})
# EU member states; Ireland, Cyprus and Malta are handled as Irish / Commonwealth.
_EU_CODES = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
EU = frozenset(_EU_CODES.split(" "))
_COMMONWEALTH_CODES = (
    "AG AU BS BD BB BZ BW BN CM CA CY DM SZ FJ GA GM GH GD GY IN JM KE KI LS MW MY MV MT "
    "MU MZ NA NR NZ NG PK PG RW KN LC VC WS SC SL SG SB ZA LK TZ TG TO TT TV UG VU ZM"
)
COMMONWEALTH = frozenset(_COMMONWEALTH_CODES.split(" "))
COUNTRY_NAMES = {
    "GB": "British", "IE": "Irish", "AT": "Austrian", "BE": "Belgian", "BG": "Bulgarian",
    "HR": "Croatian", "CY": "Cypriot", "CZ": "Czech", "DK": "Danish", "EE": "Estonian",
    "FI": "Finnish", "FR": "French", "DE": "German", "GR": "Greek", "HU": "Hungarian",
    "IT": "Italian", "LV": "Latvian", "LT": "Lithuanian", "LU": "Luxembourgish",
    "MT": "Maltese", "NL": "Dutch", "PL": "Polish", "PT": "Portuguese", "RO": "Romanian",
    "SK": "Slovak", "SI": "Slovenian", "ES": "Spanish", "SE": "Swedish", "AU": "Australian",
    "CA": "Canadian", "IN": "Indian", "PK": "Pakistani", "BD": "Bangladeshi",
    "NG": "Nigerian", "GH": "Ghanaian", "JM": "Jamaican", "NZ": "New Zealander",
    "ZA": "South African", "KE": "Kenyan", "LK": "Sri Lankan", "MY": "Malaysian",
    "SG": "Singaporean", "US": "American", "CN": "Chinese", "BR": "Brazilian",
    "UA": "Ukrainian", "TR": "Turkish", "NO": "Norwegian", "CH": "Swiss", "JP": "Japanese",
}  # fmt: skip

ALL_ELECTIONS = "all elections"
UK_PARLIAMENT_ONLY = "UK Parliamentary elections only"
LOCAL_ONLY = "local government, Police and Crime Commissioner and mayoral elections only"
LOCAL_DEVOLVED = {
    SCOTLAND: "local government and Scottish Parliament elections only",
    WALES: "local government and Senedd elections only",
}


def nationality_names(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(COUNTRY_NAMES.get(code, code) for code in codes)


@dataclass(frozen=True)
class Applicant:
    """The facts eligibility depends on."""

    nationalities: tuple[str, ...]
    date_of_birth: date | None
    nation: str
    on: date  # the day of the decision
    has_leave_to_remain: bool | None = None  # or does not need it
    eu_resident_before_2021: bool | None = None
    ni_resident_since: date | None = None
    overseas: bool = False


@dataclass(frozen=True)
class Decision:
    eligible: bool
    markers: str
    date_of_attainment: date | None
    rule: str
    citation: str
    elections: str = ""

    def describe(self) -> str:
        text = self.rule
        if self.eligible and self.elections:
            text += f" May vote at {self.elections}."
        if self.date_of_attainment:
            text += f" Attainer: may vote from {self.date_of_attainment:%-d %B %Y}."
        return text


def _refuse(rule: str, citation: str) -> Decision:
    return Decision(False, "", None, rule, citation)


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year
    while month < 1:
        month += 12
        year -= 1
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _by_nationality(code: str, applicant: Applicant) -> Decision:
    nation = applicant.nation
    devolved = nation in (SCOTLAND, WALES)
    if code in BRITISH or code in IRISH:
        who = "British" if code in BRITISH else "Irish"
        return Decision(
            True,
            "",
            None,
            f"{who} citizen: the full franchise.",
            "RPA 1983 s1 and s2",
            ALL_ELECTIONS,
        )
    if code in COMMONWEALTH:
        if applicant.has_leave_to_remain:
            return Decision(
                True, "", None,
                "Qualifying Commonwealth citizen (has leave to remain or does not need it): "
                "the full franchise.",
                "RPA 1983 s1, s2 and s4(6); British Nationality Act 1981 s37 and sch 3",
                ALL_ELECTIONS,
            )  # fmt: skip
        return _refuse(
            "Commonwealth citizen without leave to enter or remain: not a qualifying "
            "Commonwealth citizen.",
            "RPA 1983 s4(6)",
        )
    if code in EU:
        if devolved:
            return Decision(
                True, "K", None,
                f"EU citizen in {nation.title()}: the local and devolved franchise.",
                "RPA 1983 s2 as amended by the Scottish Elections (Franchise and "
                "Representation) Act 2020 / Senedd and Elections (Wales) Act 2020",
                LOCAL_DEVOLVED[nation],
            )  # fmt: skip
        if applicant.on < EU_RULES_FROM:
            return Decision(
                True, "G", None, "Relevant citizen of the Union (before 7 May 2024).",
                "RPA 1983 s2 and s4 before amendment by the Elections Act 2022 sch 7",
                LOCAL_ONLY,
            )  # fmt: skip
        marker = "B" if nation == ENGLAND else "G"
        if code in QUALIFYING_EU:
            return Decision(
                True, marker, None,
                "Qualifying EU citizen (a national of Denmark, Luxembourg, Poland, Portugal "
                "or Spain, with leave to remain or not needing it).",
                "RPA 1983 s2 and s4 as amended by the Elections Act 2022 sch 7",
                LOCAL_ONLY,
            )  # fmt: skip
        if applicant.eu_resident_before_2021:
            return Decision(
                True, marker, None,
                "EU citizen with retained rights (lawfully resident in the UK since before "
                "1 January 2021).",
                "RPA 1983 s2 and s4 as amended by the Elections Act 2022 sch 7",
                LOCAL_ONLY,
            )  # fmt: skip
        return _refuse(
            "EU citizen who is neither a qualifying EU citizen nor an EU citizen with "
            "retained rights (not resident in the UK since before 1 January 2021).",
            "RPA 1983 s2 and s4 as amended by the Elections Act 2022 sch 7 (from 7 May 2024)",
        )
    if devolved:
        if applicant.has_leave_to_remain:
            return Decision(
                True, "M", None,
                f"Qualifying foreign national in {nation.title()} (has leave to remain or "
                "does not need it): the local and devolved franchise.",
                "RPA 1983 s2 and s4 as amended by the Scottish Elections (Franchise and "
                "Representation) Act 2020 / Senedd and Elections (Wales) Act 2020",
                LOCAL_DEVOLVED[nation],
            )  # fmt: skip
        return _refuse(
            "Foreign national without leave to enter or remain: not a qualifying foreign national.",
            "RPA 1983 s4 as amended by the Scottish Elections (Franchise and Representation) "
            "Act 2020 / Senedd and Elections (Wales) Act 2020",
        )
    return _refuse(
        f"Nationality {COUNTRY_NAMES.get(code, code)}: not British, Irish, Commonwealth or "
        "an eligible EU citizen, so not entitled to register in "
        f"{nation.replace('-', ' ').title()}.",
        "RPA 1983 s1, s2 and s4",
    )


def _rank(decision: Decision) -> tuple:
    # Eligible first, then the widest franchise (no marker), then anything else.
    return (not decision.eligible, decision.markers != "", decision.markers)


def decide(applicant: Applicant) -> Decision:
    """Whether the applicant may be registered, with markers, attainment date and the rule."""
    if not applicant.nationalities:
        return _refuse("No nationality given.", "RPR 2001 reg 26(1)(c)")
    if applicant.date_of_birth is not None:
        if applicant.date_of_birth > applicant.on:
            return _refuse("The date of birth is in the future.", "RPR 2001 reg 26(1)(e)")
        if not attainers.may_register(applicant.date_of_birth, applicant.nation, applicant.on):
            minimum = (
                "14"
                if applicant.nation in (SCOTLAND, WALES)
                else "an attainer (reaches 18 "
                "before the end of the 12 months from the next 1 December)"
            )
            return _refuse(
                f"Too young to register: must be at least {minimum}.",
                "RPA 1983 s4(5)"
                if minimum != "14"
                else "RPA 1983 s4 (as amended in Scotland and Wales: registration from 14)",
            )
    if applicant.nation == NORTHERN_IRELAND:
        since = applicant.ni_resident_since
        if since is None or since > _months_before(applicant.on, NI_RESIDENCE_MONTHS):
            return _refuse(
                "Not shown to have lived in Northern Ireland throughout the last 3 months.",
                "RPA 1983 s4(2)",
            )
    if applicant.overseas:
        if "GB" not in applicant.nationalities:
            return _refuse(
                "Only British citizens may register as overseas electors.", "RPA 1985 s1"
            )
        decision = Decision(
            True, "", None, "British citizen living abroad: overseas elector.",
            "RPA 1985 s1 and s2 as amended by the Elections Act 2022 sch 6", UK_PARLIAMENT_ONLY,
        )  # fmt: skip
    else:
        decisions = [_by_nationality(code, applicant) for code in applicant.nationalities]
        decision = min(decisions, key=_rank)
    if decision.eligible and applicant.date_of_birth is not None:
        attainment = attainers.date_of_attainment(applicant.date_of_birth, applicant.nation)
        if attainment > applicant.on:
            decision = Decision(
                True, decision.markers, attainment,
                decision.rule, decision.citation + "; attainer: RPA 1983 s4(5)", decision.elections,
            )  # fmt: skip
    return decision
