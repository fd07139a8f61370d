"""Letters to applicants, rendered from templates to PDF (WeasyPrint).

Templates: applications/jinja2/applications/letters/<kind>.html, each extending _letter.html.
Merge fields available to every template:

    council        the Council (name, ero_name, office_address, office_postcode, telephone,
                   email, website)
    application    the Application (reference, title, first_names, surname, full_name,
                   address_text, received_on, decision_reason, eligibility_rule, ...)
    addressee      "Title First Surname"
    address_lines  the lines the letter is addressed to (correspondence address if given)
    today          the date of the letter
    elections      forthcoming polls, each with title, poll_date, application_deadline,
                   determination_deadline and status (see rules.timing.counts_for_election)
    objection      the latest objection with a hearing, for hearing notices
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import get_template

from .rules import timing

TEMPLATE = "applications/letters/{kind}.html"


class LetterError(Exception):
    pass


@dataclass
class PollLine:
    title: str
    poll_date: date
    application_deadline: date
    determination_deadline: date
    status: str

    @property
    def counts(self) -> bool:
        return self.status in (timing.COUNTS, timing.STILL_POSSIBLE)


def forthcoming_polls(application, *, nation: str, today: date) -> list[PollLine]:
    """The polls after today, and whether this application counts for each."""
    from ems.elections.models import Election

    lines = []
    elections = Election.objects.filter(polling_day__date__gte=today).select_related("polling_day")
    for election in elections.order_by("polling_day__date", "title")[:20]:
        dates = timing.election_dates(election.poll_date, nation)
        status = timing.counts_for_election(
            application.received_on, application.determined_on, dates, today
        )
        lines.append(
            PollLine(
                election.title,
                election.poll_date,
                dates.application_deadline,
                dates.determination_deadline,
                status,
            )
        )
    return lines


def context(application, kind: str, *, council, today: date) -> dict:
    nation = council.country if council else "england"
    lines = [
        line for line in (application.correspondence_address or "").splitlines() if line.strip()
    ] or [*application.address_lines.splitlines(), application.postcode]
    objection = (
        application.objections.exclude(hearing_on=None).order_by("-id").first()
        if application.pk
        else None
    )
    return {
        "council": council,
        "application": application,
        "addressee": " ".join(
            p for p in [application.title, application.first_names, application.surname] if p
        ),
        "address_lines": [line for line in lines if line],
        "today": today,
        "elections": forthcoming_polls(application, nation=nation, today=today),
        "objection": objection,
        "kind": kind,
    }


def render_html(application, kind: str, *, council, today: date) -> str:
    return get_template(TEMPLATE.format(kind=kind)).render(
        context(application, kind, council=council, today=today)
    )


def render_pdf(application, kind: str, *, council, today: date) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load

    try:
        html = render_html(application, kind, council=council, today=today)
    except Exception as exc:  # a template a manager broke must not lose the decision
        raise LetterError(f"The {kind} letter template could not be used: {exc}") from exc
    return HTML(string=html).write_pdf()
