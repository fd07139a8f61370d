"""How many electors one person may act for as proxy.

From the Elections Act 2022 s6 and Sch 4 (amending RPA 2000 Sch 4 paras 6 and 7, in
force 31 October 2023 for UK Parliamentary elections in Great Britain, local government
elections in England and PCC elections in England and Wales): a person may not be
appointed proxy for more than four electors, of whom no more than two may be "domestic
electors" (electors who are neither overseas electors nor service voters). The
registration officer may not confirm an appointment that would break the limit, so this
EMS refuses it, counting every current appointment across the whole register.

Scottish Parliament, Scottish local, Senedd and Welsh local elections keep the older
rule (RPA 2000 Sch 4 para 6(8) before amendment, as applied by the devolved orders): a
person may not vote as proxy for more than two electors who are not close relatives.
That is an offence at the poll rather than a bar on appointment; the four-and-two limit
still governs the appointment for UK Parliamentary elections everywhere in Great Britain.

Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_ELECTORS = 4
MAX_DOMESTIC = 2
CITATION = "RPA 2000 Sch 4 para 6 as amended by the Elections Act 2022 s6 and Sch 4"


@dataclass(frozen=True)
class ProxyCount:
    domestic: int
    overseas_or_service: int

    @property
    def total(self) -> int:
        return self.domestic + self.overseas_or_service


def is_domestic(special_category: str) -> bool:
    """A domestic elector is neither an overseas elector nor a service voter."""
    return special_category not in ("overseas", "service")


def refusal(current: ProxyCount, new_is_domestic: bool, proxy_name: str) -> str | None:
    """None if the appointment is allowed, else the reason it must be refused."""
    if current.total + 1 > MAX_ELECTORS:
        return (
            f"{proxy_name} already acts as proxy for {current.total} electors: a person may "
            f"act as proxy for at most {MAX_ELECTORS} electors ({CITATION})."
        )
    if new_is_domestic and current.domestic + 1 > MAX_DOMESTIC:
        return (
            f"{proxy_name} already acts as proxy for {current.domestic} domestic electors: a "
            f"person may act as proxy for at most {MAX_DOMESTIC} electors who are not overseas "
            f"electors or service voters ({CITATION})."
        )
    return None
