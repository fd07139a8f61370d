"""The statement of persons nominated for one ballot, as HTML and PDF (WeasyPrint).

Contents (RPA 1983 Sch 1 r 14; Local Elections (Principal Areas) (Wales) Rules 2021 Sch 1
r 13; Electoral Commission guidance "Publishing the statement of persons nominated"): the
persons standing nominated in alphabetical order of surname (commonly used names where
given), with their descriptions and home addresses (or "address in <relevant area>" where
the candidate asked for the address not to be made public); then those nominated who no
longer stand, with the reason. Subscribers are not listed on the statement.
"""

import datetime as dt

from django.template.loader import get_template

from ..nominations_selectors import Statement

TEMPLATE = "elections/nominations/pdf/sopn.html"


def sopn_html(statement: Statement, *, dated: dt.date) -> str:
    return get_template(TEMPLATE).render({"s": statement, "dated": dated})


def sopn_pdf(statement: Statement, *, dated: dt.date) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load

    return HTML(string=sopn_html(statement, dated=dated)).write_pdf()
