"""A PDF proof of the first poll cards of the supplier file (WeasyPrint), for checking
the wording and layout with the printer before the full run."""

from pathlib import Path

from django.template.loader import get_template

TEMPLATE = "polling/poll_card_proof.html"


def proof_html(cards: list[dict]) -> str:
    return get_template(TEMPLATE).render({"cards": cards})


def write_proof(path: Path, cards: list[dict]) -> None:
    from weasyprint import HTML  # imported here: it is slow to load

    HTML(string=proof_html(cards)).write_pdf(str(path))
