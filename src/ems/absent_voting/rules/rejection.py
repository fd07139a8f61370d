"""Notices to postal voters whose postal voting statement was rejected.

RPR 2001 reg 61C (England and Wales; RPR (Scotland) 2001 reg 61C; RPA 2000 Sch 4 para 7E
as inserted by the Electoral Registration and Administration Act 2013 s22): after a poll
the registration officer must tell each absent voter on the list kept under reg 87(4)
(and the elector, if the absent voter is a proxy) that the ballot paper was rejected and
which of the specified reasons applied, within the period of three months beginning with
the date of the poll. No notice need be sent to someone no longer shown as voting by post
when it would be sent, or where the returning officer suspects an offence
(reg 61C(2)). The notice must not include information held on the personal
identifiers record (reg 61C(3)).

The specified reasons (reg 87(5)), and for UK Parliamentary polls from 2024 the reasons
for postal ballots handed in (reg 87(7), Elections Act 2022 s4 and Sch 2):

Plain Python.
"""

from __future__ import annotations

import calendar
import datetime as dt

REASONS = {
    "signature_mismatch": "the signature did not match the example we hold",
    "dob_mismatch": "the date of birth did not match the one we hold",
    "signature_blank": "the signature was left blank",
    "dob_blank": "the date of birth was left blank",
    "handed_in_form": "it was handed in without a properly completed return form",
    "handed_in_limit": "it was handed in by someone who had handed in more than the "
    "permitted number of postal votes",
    "handed_in_campaigner": "it was handed in by a political campaigner",
    "left_behind": "it was left behind at a polling station or council office",
}


def parse_reasons(text: str) -> tuple[list[str], list[str]]:
    """(known reason codes, unknown pieces) from "code; code" text."""
    codes, unknown = [], []
    for piece in text.replace(",", ";").split(";"):
        code = piece.strip().lower()
        if not code:
            continue
        (codes if code in REASONS else unknown).append(code)
    return codes, unknown


def notice_last_day(poll_date: dt.date) -> dt.date:
    """The last day of the three months beginning with the date of the poll."""
    year, month = divmod(poll_date.month - 1 + 3, 12)
    month += 1
    year += poll_date.year
    last = calendar.monthrange(year, month)[1]
    same_day = dt.date(year, month, min(poll_date.day, last))
    if poll_date.day > last:  # e.g. 30 November + 3 months: the period ends on 28/29 Feb
        return same_day
    return same_day - dt.timedelta(days=1)


def in_period(poll_date: dt.date, sent_on: dt.date) -> bool:
    return poll_date <= sent_on <= notice_last_day(poll_date)
