"""Voter Authority Certificates and Anonymous Elector's Documents.

- An elector may apply for a Voter Authority Certificate (VAC) where they must show
  photographic identity to vote (RPA 1983 s13BD, inserted by the Elections Act 2022 Sch 1
  para 8; Voter Identification Regulations 2022 (SI 2022/1382)); an anonymous elector
  applies for an Anonymous Elector's Document (AED) instead (RPA 1983 s13BE).
- The application gives name, address, date of birth, National Insurance number (or why
  none) and a photograph meeting the prescribed standards; the identity is verified as
  for registration (DWP match, documents, attestation or exception).
- Deadline for a poll: 5pm on the 6th working day before the poll (see deadlines.py).
  Where voter ID does not apply (Scottish Parliament, Scottish local, Senedd, Welsh
  local elections) no VAC deadline is shown.
- The certificate shows its issue date and a recommended renewal date ten years later
  (the prescribed form); it does not expire, but an AED is valid only for the poll it
  is issued for (RPA 1983 s13BE(3)).
- A VAC number is unique to the certificate; a replacement has a new number.

Plain Python.
"""

from __future__ import annotations

import datetime as dt
import secrets

from .periods import add_years

RENEWAL_YEARS = 10
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def recommended_renewal(issued_on: dt.date) -> dt.date:
    return add_years(issued_on, RENEWAL_YEARS)


def new_number(gss_code: str, prefix: str = "VAC") -> str:
    """A certificate number: PREFIX-GSS-12 random characters (unguessable, unambiguous)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{prefix}-{gss_code or 'X00000000'}-{body}"


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week a day falls in (statistics by week for the Commission)."""
    return day - dt.timedelta(days=day.weekday())
