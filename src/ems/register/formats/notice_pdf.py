"""A notice of alteration as PDF (WeasyPrint): one file per polling district."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import get_template

from ems.register.rules.publication import NoticeLine, notice_sections

TEMPLATE = "register/publication/notice.html"


@dataclass
class NoticePart:
    """The notice's headings and lines for one polling district."""

    title: str
    headings: list[str]
    statement: str
    lines: Sequence[NoticeLine]

    def sections(self) -> list[tuple[str, list[NoticeLine]]]:
        return [
            (name, [line for line in self.lines if line.section == name])
            for name in notice_sections()
        ]


def notice_html(part: NoticePart) -> str:
    return get_template(TEMPLATE).render({"part": part})


def write_notice_pdf(path: Path, part: NoticePart) -> None:
    from weasyprint import HTML  # imported here: it is slow to load

    HTML(string=notice_html(part)).write_pdf(str(path))
