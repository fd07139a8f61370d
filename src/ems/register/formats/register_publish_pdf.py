"""The printed register as PDF (WeasyPrint): one part per polling district.

Each part starts on a new page with the statutory headings (see
`rules.publication.register_headings`), lists the entries in street order, then
"Other electors" (anonymous entries, shown as number and N, and electors with no
qualifying address to print). One HTML render per district keeps memory and
time in proportion to the largest district rather than the whole register.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import get_template

from ems.register.rules.publication import PublishedEntry, RegisterHeadings

TEMPLATE = "register/publication/register_part.html"


@dataclass
class RegisterPart:
    """One polling district's part of the printed register."""

    headings: RegisterHeadings
    streets: list[tuple[str, list[PublishedEntry]]] = field(default_factory=list)
    others: list[PublishedEntry] = field(default_factory=list)

    @property
    def entry_count(self) -> int:
        return sum(len(entries) for _, entries in self.streets) + len(self.others)


def part_html(part: RegisterPart) -> str:
    return get_template(TEMPLATE).render({"part": part})


def write_register_pdf(path: Path, parts: Iterable[RegisterPart]) -> int:
    """Render each part and write one PDF; return the number of parts."""
    from weasyprint import HTML  # imported here: it is slow to load

    documents = []
    for part in parts:
        documents.append(HTML(string=part_html(part)).render())
    if not documents:
        empty = RegisterPart(headings=None)  # type: ignore[arg-type]
        documents.append(HTML(string=get_template(TEMPLATE).render({"part": empty})).render())
        count = 0
    else:
        count = len(documents)
    pages = [page for document in documents for page in document.pages]
    documents[0].copy(pages).write_pdf(str(path))
    return count
