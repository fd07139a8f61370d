"""Letters and certificates, rendered from templates to PDF (WeasyPrint).

Templates: absent_voting/jinja2/absent_voting/letters/<kind>.html, each extending
_letter.html (a managers' template system: edit the wording there). Merge fields:

    council, today, elector (name and qualifying address; never the date of birth or
    signature), and by kind: application, arrangement, notice, reasons, election,
    certificate, vac_application.

Bulk runs (notices, rejection notices) render one PDF with one letter per page.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import get_template

TEMPLATE = "absent_voting/letters/{kind}.html"


class LetterError(Exception):
    pass


def address_lines(elector) -> list[str]:
    if elector.anonymous:
        return ["(Anonymous elector: address kept by the office)"]
    lines = [x for x in (elector.correspondence_address or "").splitlines() if x.strip()]
    if lines:
        return lines
    prop = elector.property
    if prop is None:
        return []
    return [
        x
        for x in [
            getattr(prop, "address_line_1", ""),
            getattr(prop, "address_line_2", ""),
            getattr(prop, "town", ""),
            getattr(prop, "postcode", ""),
        ]
        if x
    ]


def _context(kind: str, *, council, today: dt.date, elector, **extra) -> dict:
    return {
        "council": council,
        "today": today,
        "kind": kind,
        "elector": elector,
        "addressee": " ".join(
            p for p in [elector.title, elector.first_names, elector.surname] if p
        ),
        "address_lines": address_lines(elector),
        **extra,
    }


def render_html(kind: str, *, council, today: dt.date, elector, **extra) -> str:
    return get_template(TEMPLATE.format(kind=kind)).render(
        _context(kind, council=council, today=today, elector=elector, **extra)
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import

    return HTML(string=html).write_pdf()


def render_pdf(kind: str, *, council, today: dt.date, elector, **extra) -> bytes:
    try:
        html = render_html(kind, council=council, today=today, elector=elector, **extra)
    except Exception as exc:  # a broken template must not lose the decision
        raise LetterError(f"The {kind} letter template could not be used: {exc}") from exc
    return _pdf(html)


def render_bulk_pdf(kind: str, items: list[dict], *, council, today: dt.date) -> bytes:
    """One PDF, one letter per page: each item is the extra context for one letter."""
    try:
        pages = [render_html(kind, council=council, today=today, **item) for item in items]
    except Exception as exc:
        raise LetterError(f"The {kind} letter template could not be used: {exc}") from exc
    bodies = [p.split("<body>", 1)[-1].rsplit("</body>", 1)[0] for p in pages]
    head = pages[0].split("<body>", 1)[0]
    joined = '<div style="page-break-after: always"></div>'.join(bodies)
    return _pdf(f"{head}<body>{joined}</body></html>")
