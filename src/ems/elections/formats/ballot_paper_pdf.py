"""A proof of the ballot paper for one ballot, as HTML and PDF (WeasyPrint), for checking
with the candidates and the printer.

The candidates remaining validly nominated, in alphabetical order of surname as in the
statement of persons nominated, each with home address (or area), description and a box
for the registered emblem requested (RPA 1983 Sch 1 r 19 and the form of ballot paper in
its Appendix; the ballot papers rule in each set of local conduct rules). Emblems are shown
as placeholders: the images are held by the Electoral Commission.
"""

import datetime as dt

from django.template.loader import get_template

from ..nominations_selectors import Statement

TEMPLATE = "elections/nominations/pdf/ballot_paper.html"


def ballot_paper_html(statement: Statement, *, dated: dt.date) -> str:
    return get_template(TEMPLATE).render({"s": statement, "dated": dated})


def ballot_paper_pdf(statement: Statement, *, dated: dt.date) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load

    return HTML(string=ballot_paper_html(statement, dated=dated)).write_pdf()
