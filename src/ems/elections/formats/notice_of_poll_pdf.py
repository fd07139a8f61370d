"""The notice of poll for one ballot, as HTML and PDF (WeasyPrint).

Contents (RPA 1983 Sch 1 r 23; the notice of poll rule in each set of local conduct
rules): the day and hours of the poll (7am to 10pm), the number of seats, the particulars
of each candidate remaining validly nominated (name, home address or area, description),
the names of the persons who signed each nomination paper (proposer marked +, seconder ++)
where the poll has subscribers, and the situation of polling stations with the polling
districts voting at each.
"""

import datetime as dt

from django.template.loader import get_template

from ..nominations_selectors import Statement

TEMPLATE = "elections/nominations/pdf/notice_of_poll.html"


def notice_of_poll_html(
    statement: Statement,
    *,
    dated: dt.date,
    signatories: dict[int, list[str]],
    stations: list[tuple[str, str]],
) -> str:
    """`signatories`: candidate id -> subscribers' names in order; `stations`: (polling
    district, situation of its polling station)."""
    return get_template(TEMPLATE).render(
        {"s": statement, "dated": dated, "signatories": signatories, "stations": stations}
    )


def notice_of_poll_pdf(statement: Statement, **kwargs) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load

    return HTML(string=notice_of_poll_html(statement, **kwargs)).write_pdf()
