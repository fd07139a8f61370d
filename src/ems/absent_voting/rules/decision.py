"""Whether an absent vote application can be granted (England and Wales; Scotland alike).

The registration officer must grant an application when every requirement is met and
refuse it otherwise (RPA 2000 Sch 4 paras 3, 4, 6 and 7; RPR 2001 Part IV regs 50-61B as
amended from 31 October 2023; RPR (Scotland) 2001 Part IV):

- the applicant is (or will be) registered (Sch 4 paras 3(1)(a), 4(1)(a));
- the applicant's identity has been verified: DWP match of the National Insurance
  number, or documents, attestation or an exception (RPR 2001 regs 51AA-51AB, inserted by
  SI 2023/1080 for applications from 31 October 2023);
- the personal identifiers are given: date of birth and signature, unless the signature
  requirement is waived for disability or inability to read or write (RPA 2000 Sch 4
  paras 3(1)(c), 4(1)(c) and 7; RPR 2001 reg 51(2)-(4));
- a postal ballot to be sent somewhere other than the registered address needs the
  reason for that address (RPR 2001 reg 51(2)(b)) when the vote is for a period;
- a proxy for a period on grounds of disability, employment or service, or attendance on
  a course, needs the reason and, where required, an attestation (RPR 2001 regs 52-55);
  a proxy for a particular poll needs the reason why the applicant cannot reasonably be
  expected to vote in person (RPA 2000 Sch 4 para 4(3)(b));
- an emergency proxy needs one of the emergency grounds arising after the ordinary proxy
  deadline: disability, employment or service, or loss, theft, destruction or damage of
  the elector's photographic identity document or a Voter Authority Certificate not
  received, with an attestation for disability and employment grounds (RPR 2001 regs 55A,
  56(3), as amended by the Voter Identification Regulations 2022);
- the application for a particular poll arrives by its deadline (see deadlines.py);
- the proxy limits are respected (see proxy_limits.py).

Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

POSTAL = "postal"
PROXY = "proxy"
POSTAL_PROXY = "postal_proxy"
EMERGENCY_PROXY = "emergency_proxy"
KINDS = (POSTAL, PROXY, POSTAL_PROXY, EMERGENCY_PROXY)

ELECTION = "election"
PERIOD = "period"
STANDING = "standing"
SCOPES = (ELECTION, PERIOD, STANDING)

# Grounds for a proxy for a period (RPR 2001 regs 52-55) and emergency grounds (reg 56(3)).
PROXY_GROUNDS = {
    "disability": "Disability (RPR 2001 reg 53)",
    "employment": "Occupation, service or employment (RPR 2001 reg 54)",
    "education": "Attendance on a course (RPR 2001 reg 55)",
    "blind": "Registered blind or receiving the higher rate of a disability benefit "
    "(no attestation: RPR 2001 reg 53(2))",
    "other": "Other circumstances (a particular poll only: RPA 2000 Sch 4 para 4(3))",
}
EMERGENCY_GROUNDS = {
    "disability": "Disability arising after the proxy deadline (RPR 2001 reg 56(3)(a))",
    "employment": "Employment or service arising after the proxy deadline (reg 56(3)(b))",
    "photo_id": "Photographic identity document lost, stolen, destroyed or damaged, or "
    "Voter Authority Certificate not received (reg 56(3)(c))",
}
ATTESTED_PROXY_GROUNDS = {"disability", "employment", "education"}
ATTESTED_EMERGENCY_GROUNDS = {"disability", "employment"}


@dataclass(frozen=True)
class Facts:
    kind: str
    scope: str
    registered: bool
    identity_verified: bool
    has_date_of_birth: bool
    has_signature: bool
    signature_waived: bool
    waiver_reason: str = ""
    ballot_to_other_address: bool = False
    ballot_address_reason: str = ""
    grounds: str = ""
    reason: str = ""
    attested: bool = False
    has_proxy: bool = False
    proxy_limit_refusal: str | None = None
    late_message: str | None = None
    has_election: bool = False


@dataclass
class Decision:
    grant: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return " ".join(self.reasons)


def decide(f: Facts) -> Decision:
    """Every unmet requirement, each with its citation. Granted when there are none."""
    problems: list[str] = []
    if f.kind not in KINDS:
        problems.append(f"Unknown kind of application: {f.kind}.")
    if f.scope not in SCOPES:
        problems.append(f"Unknown period: {f.scope}.")
    if f.kind == EMERGENCY_PROXY and f.scope != ELECTION:
        problems.append("An emergency proxy is for a particular poll only (RPR 2001 reg 56(3)).")
    if f.scope == ELECTION and not f.has_election:
        problems.append("Say which poll the application is for.")
    if not f.registered:
        problems.append(
            "The applicant is not registered as an elector (RPA 2000 Sch 4 paras 3(1)(a), 4(1)(a))."
        )
    if not f.identity_verified and f.kind != EMERGENCY_PROXY:
        problems.append("The applicant's identity has not been verified (RPR 2001 regs 51AA-51AB).")
    if not f.has_date_of_birth:
        problems.append("The date of birth is missing (RPA 2000 Sch 4 para 3(1)(c)).")
    if not f.has_signature and not f.signature_waived:
        problems.append(
            "The signature is missing and no waiver was granted (RPA 2000 Sch 4 para 3(1)(c); "
            "RPR 2001 reg 51)."
        )
    if f.signature_waived and not f.waiver_reason.strip():
        problems.append(
            "A signature waiver needs the reason: disability or inability to read or write "
            "(RPR 2001 reg 51)."
        )
    if (
        f.kind in (POSTAL, POSTAL_PROXY)
        and f.ballot_to_other_address
        and f.scope != ELECTION
        and not f.ballot_address_reason.strip()
    ):
        problems.append(
            "The postal ballot is to go to a different address but no reason was given "
            "(RPR 2001 reg 51(2)(b))."
        )
    if f.kind in (PROXY, POSTAL_PROXY, EMERGENCY_PROXY) and not f.has_proxy:
        problems.append("The proxy's name and address are missing (RPR 2001 reg 51(3)).")
    if f.kind in (PROXY, POSTAL_PROXY):
        if f.scope == ELECTION:
            if not (f.reason.strip() or f.grounds):
                problems.append(
                    "A proxy for a particular poll needs the reason the applicant cannot go to "
                    "the polling station (RPA 2000 Sch 4 para 4(3)(b))."
                )
        else:
            if f.grounds not in PROXY_GROUNDS or f.grounds == "other":
                problems.append(
                    "A proxy for a period needs grounds: disability, employment or service, or "
                    "a course of education (RPA 2000 Sch 4 para 3(2); RPR 2001 regs 53-55)."
                )
            elif f.grounds in ATTESTED_PROXY_GROUNDS and not f.attested:
                problems.append(
                    f"A proxy on the grounds of {f.grounds} needs an attestation "
                    "(RPR 2001 regs 53-55)."
                )
    if f.kind == EMERGENCY_PROXY:
        if f.grounds not in EMERGENCY_GROUNDS:
            problems.append(
                "An emergency proxy needs grounds: disability, employment or service, or a "
                "photographic identity document lost, stolen, destroyed, damaged or not "
                "received (RPR 2001 reg 56(3))."
            )
        elif f.grounds in ATTESTED_EMERGENCY_GROUNDS and not f.attested:
            problems.append(
                f"An emergency proxy on the grounds of {f.grounds} needs an attestation "
                "(RPR 2001 reg 56(3) and 55A)."
            )
    if f.proxy_limit_refusal:
        problems.append(f.proxy_limit_refusal)
    if f.late_message:
        problems.append(f.late_message)
    return Decision(grant=not problems, reasons=problems)
