"""Letters to applicants and electors: editable wording, rendered to PDF (WeasyPrint).

Managers edit the subject and body of each kind of letter on the letter templates page. The
wording is plain text with Jinja merge fields, rendered in Jinja's sandbox (a template can
read the merge fields below and nothing else: no model objects, no methods that write).
A blank line starts a new paragraph; a line starting "- " is a bullet point. The letterhead,
address block, date, reference, greeting and signature come from _letter.html (not editable).

Merge fields (MERGE_FIELDS documents them for the edit page):

    council       name, ero_name, office_address, telephone, email, website
    addressee     "Title First Surname"
    today         the date of the letter
    reference     the application's reference, or REVIEW-<n>
    application   reference, full_name, first_names, surname, address, received_on,
                  decision_reason, eligibility_rule, determined_on, open_register_opt_out
    elections     forthcoming polls: title, poll_date, application_deadline,
                  determination_deadline, status, counts (true if the entry counts for it)
    objection     objector_name, grounds, hearing_on (hearing notices)
    elector       elector_number, full_name, address (review letters)
    review        grounds, notice_sent_on, hearing_request_deadline, hearing_on
Filter: {{ some_date|long_date }} gives "2 June 2025".

Other apps' letters use the same system: an app registers a LetterFamily (its kinds, built-in
wording, merge fields and sample values) with register_family() in its AppConfig.ready(); its
kinds then appear on the letter templates page, are saved as LetterTemplate rows, and are
rendered with render_wording() (the sandbox, falling back to the built-in wording).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape

from django.template.loader import get_template
from jinja2 import StrictUndefined

from ems.core import times

from .letter_sandbox import LimitedSandbox, render_limited
from .rules import reviews as review_rules
from .rules import timing

WRAPPER = "applications/letters/_letter.html"


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


# The built-in wording of each kind of letter: (subject, body). --------------------------------
DEFAULTS: dict[str, tuple[str, str]] = {
    "acknowledgement": (
        "We have received your application to register to vote",
        "We received your application to register to vote on "
        "{{ application.received_on|long_date }}. We will write to you again when we have "
        "decided it.\n\n"
        "If the person named on this letter does not live at this address, please tell us.",
    ),
    "evidence_request": (
        "We need to confirm your identity",
        "Thank you for your application to register to vote. We could not confirm your "
        "identity from the details you gave us.\n\n"
        "Please send us a copy of one of these: your passport, your photocard driving licence, "
        "or another photographic identity document. If you cannot, send two of these:\n\n"
        "- your birth certificate\n"
        "- a marriage or civil partnership certificate\n"
        "- a bank statement\n"
        "- a benefit letter dated in the last 3 months\n\n"
        "If you have none of these, someone on the register who is not a relative can attest "
        "to your identity: ask us for the form.",
    ),
    "approval": (
        "You are registered to vote",
        "Your application of {{ application.received_on|long_date }} has been approved. You "
        "will be added to the electoral register for {{ application.address }} in the next "
        "update of the register.\n\n"
        "{{ application.eligibility_rule }}\n\n"
        "{% set counted = elections|selectattr('counts')|list %}"
        "{% set missed = elections|rejectattr('counts')|list %}"
        "{% if counted %}Your registration counts for these elections:\n\n"
        "{% for poll in counted %}- {{ poll.title }} on {{ poll.poll_date|long_date }}\n"
        "{% endfor %}\n{% endif %}"
        "{% if missed %}You cannot vote at these elections, because your application reached "
        "us after the deadline to register for them or could not be added in time:\n\n"
        "{% for poll in missed %}- {{ poll.title }} on {{ poll.poll_date|long_date }} "
        "(registration deadline {{ poll.application_deadline|long_date }}: {{ poll.status }})\n"
        "{% endfor %}\n{% endif %}"
        "{% if application.open_register_opt_out %}You asked not to be in the open register: "
        "your name and address will only be in the full register.{% endif %}",
    ),
    "rejection": (
        "Your application to register to vote",
        "We have decided that we cannot register you to vote at {{ application.address }}.\n\n"
        "The reason is: {{ application.decision_reason }}\n\n"
        "You may appeal against this decision to the county court (Representation of the "
        "People Act 1983 section 56) by giving notice to us within 14 days of receiving this "
        "letter. You can apply again if your circumstances change.",
    ),
    "hearing": (
        "Notice of hearing about your application to register",
        "An objection has been made to your application to register to vote. I will hear "
        "the objection on {{ objection.hearing_on|long_date }} at the electoral services "
        "office.\n\n"
        "The objector is {{ objection.objector_name }}. The grounds of the objection are: "
        "{{ objection.grounds }}\n\n"
        "You may attend the hearing, or send written representations before it.",
    ),
    "review_notice": (
        "Review of your entry in the electoral register",
        "I am reviewing whether you are entitled to be registered to vote at "
        "{{ elector.address }}. I am not satisfied that you are entitled, for this reason: "
        "{{ review.grounds }}\n\n"
        "If you want a hearing about this, please tell us by "
        "{{ review.hearing_request_deadline|long_date }}. If you do not ask for a hearing by "
        "then, I may decide the review without one and your entry may be removed from the "
        "register.\n\n"
        "You may also send us written representations or evidence that you are entitled.",
    ),
    "review_hearing": (
        "Notice of hearing about your entry in the electoral register",
        "You asked for a hearing about the review of your entry in the electoral register. "
        "I will hear the review on {{ review.hearing_on|long_date }} at the electoral services "
        "office.\n\n"
        "The reason for the review is: {{ review.grounds }}\n\n"
        "You may attend the hearing, or send written representations before it.",
    ),
}

MERGE_FIELDS: list[tuple[str, str]] = [
    ("council.name, council.ero_name, council.office_address, council.telephone, "
     "council.email, council.website", "The council and its Electoral Registration Officer"),
    ("addressee", "The person's title and name, as the letter is addressed"),
    ("today", "The date of the letter"),
    ("reference", "The application's reference, or REVIEW-<number>"),
    ("application.reference, application.full_name, application.first_names, "
     "application.surname", "The applicant"),
    ("application.address", "The address applied for, on one line"),
    ("application.received_on, application.determined_on", "Dates of the application"),
    ("application.decision_reason, application.eligibility_rule",
     "The decision's reason and the eligibility rule applied"),
    ("application.open_register_opt_out", "True if the applicant left the open register"),
    ("elections", "Forthcoming polls; each has title, poll_date, application_deadline, "
     "determination_deadline, status and counts (true if the entry counts for that poll)"),
    ("objection.objector_name, objection.grounds, objection.hearing_on",
     "The objection, for hearing notices"),
    ("elector.elector_number, elector.full_name, elector.address", "The elector under review"),
    ("review.grounds, review.notice_sent_on, review.hearing_request_deadline, review.hearing_on",
     "The review"),
    ("{{ some_date|long_date }}", "A date written out, like 2 June 2025"),
]  # fmt: skip


def _long_date(value) -> str:
    return times.date_uk(value) if isinstance(value, date) else ""


def sandbox() -> LimitedSandbox:
    env = LimitedSandbox(autoescape=False, undefined=StrictUndefined)  # noqa: S701 - escaped in to_html
    env.filters["long_date"] = _long_date
    return env


def render_text(source: str, values: dict) -> str:
    """Render manager-edited wording in the sandbox, within its limits (letter_sandbox).
    Raises LetterError if it cannot: whatever goes wrong is the wording's fault."""
    try:
        return render_limited(sandbox(), source, values)
    except Exception as exc:  # noqa: BLE001 - 1/0, recursion or a limit: all a wording problem
        raise LetterError(str(exc) or type(exc).__name__) from exc


def to_html(text: str) -> str:
    """Plain text to safe HTML: blank lines separate paragraphs, "- " lines are bullets."""
    parts = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        bullets = [line for line in lines if line.startswith("- ")]
        if bullets and len(bullets) == len(lines):
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return "\n".join(parts)


# Merge values: plain data only, so the sandbox never sees a model object. --------------------
def _council(council) -> dict:
    names = ["name", "ero_name", "office_address", "office_postcode", "telephone", "email",
             "website"]  # fmt: skip
    return (
        {n: getattr(council, n, "") or "" for n in names} if council else dict.fromkeys(names, "")
    )


def _property_lines(prop) -> list[str]:
    return [*prop.address_lines, prop.postcode] if prop is not None else []


def application_values(application, *, council, today: date) -> dict:
    nation = council.country if council else "england"
    objection = (
        application.objections.exclude(hearing_on=None).order_by("-id").first()
        if application.pk
        else None
    )
    lines = [
        line for line in (application.correspondence_address or "").splitlines() if line.strip()
    ] or [*application.address_lines.splitlines(), application.postcode]
    return {
        "council": _council(council),
        "addressee": " ".join(
            p for p in [application.title, application.first_names, application.surname] if p
        ),
        "address_lines": [line for line in lines if line],
        "today": today,
        "reference": application.reference,
        "application": {
            "reference": application.reference,
            "full_name": application.full_name,
            "first_names": application.first_names,
            "surname": application.surname,
            "address": application.address_text,
            "received_on": application.received_on,
            "determined_on": application.determined_on,
            "decision_reason": application.decision_reason,
            "eligibility_rule": application.eligibility_rule,
            "open_register_opt_out": application.open_register_opt_out,
        },
        "elections": [
            {**vars(p), "counts": p.counts}
            for p in forthcoming_polls(application, nation=nation, today=today)
        ],
        "objection": {
            "objector_name": objection.objector_name if objection else "",
            "grounds": objection.grounds if objection else "",
            "hearing_on": objection.hearing_on if objection else None,
        },
        "elector": {"elector_number": "", "full_name": "", "address": ""},
        "review": {
            "grounds": "",
            "notice_sent_on": None,
            "hearing_request_deadline": None,
            "hearing_on": None,
        },  # fmt: skip
    }


def review_values(review, *, council, today: date) -> dict:
    elector = review.elector
    lines = [
        line for line in (elector.correspondence_address or "").splitlines() if line.strip()
    ] or _property_lines(elector.property)
    address = ", ".join(_property_lines(elector.property))
    return {
        "council": _council(council),
        "addressee": " ".join(
            p for p in [elector.title, elector.first_names, elector.surname] if p
        ),
        "address_lines": lines,
        "today": today,
        "reference": f"REVIEW-{review.pk}",
        "application": {
            "reference": "",
            "full_name": "",
            "first_names": "",
            "surname": "",
            "address": "",
            "received_on": None,
            "determined_on": None,
            "decision_reason": "",
            "eligibility_rule": "",
            "open_register_opt_out": False,
        },  # fmt: skip
        "elections": [],
        "objection": {"objector_name": "", "grounds": "", "hearing_on": None},
        "elector": {
            "elector_number": elector.elector_number,
            "full_name": elector.full_name,
            "address": address,
        },
        "review": {
            "grounds": review.grounds,
            "notice_sent_on": review.notice_sent_on,
            "hearing_request_deadline": (
                review_rules.hearing_request_deadline(review.notice_sent_on)
                if review.notice_sent_on
                else None
            ),
            "hearing_on": review.hearing_on,
        },
    }


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def render_wording(
    default: tuple[str, str], values: dict, wording: tuple[str, str] | None = None
) -> tuple[str, str]:
    """(subject, body text) from `wording` as a manager edited it; if that cannot be rendered
    the built-in `default` is used, so a broken template never stops a decision being
    recorded."""
    try:
        subject, body = (render_text(part, values) for part in (wording or default))
    except LetterError:
        if wording is None:
            raise
        subject, body = (render_text(part, values) for part in default)
    return " ".join(subject.split()), body


def render(kind: str, values: dict, *, wording: tuple[str, str] | None = None) -> Rendered:
    """The letter of `kind` with the given merge values (see render_wording)."""
    subject, body = render_wording(DEFAULTS[kind], values, wording)
    page = get_template(WRAPPER).render({**values, "subject": subject, "body": to_html(body)})
    return Rendered(subject=subject, text=body, html=page)


# Families of letters: this app's and other apps' (registered in their AppConfig.ready()). ----
@dataclass(frozen=True)
class LetterFamily:
    title: str  # heading on the letter templates page
    labels: dict[str, str]  # template kind -> name of the letter
    defaults: dict[str, tuple[str, str]]  # template kind -> built-in (subject, body)
    merge_fields: list[tuple[str, str]]  # (field, meaning) for the edit page
    sample_values: Callable[[], dict]  # made-up merge values to try an edited template on


FAMILIES: list[LetterFamily] = []


def register_family(family: LetterFamily) -> None:
    if family not in FAMILIES:
        FAMILIES.append(family)


def family_of(kind: str) -> LetterFamily | None:
    return next((f for f in FAMILIES if kind in f.defaults), None)


def wording_for(kind: str) -> tuple[str, str] | None:
    """The manager's (subject, body) for a template kind, or None for the built-in wording."""
    from .models import LetterTemplate

    row = LetterTemplate.objects.filter(kind=kind).values_list("subject", "body").first()
    return tuple(row) if row else None


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError("Letters do not load files or web addresses.")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def print_batch_pdf(pages_html: list[str]) -> bytes:
    """One PDF of many letters, each starting on a new page, for printing."""
    from weasyprint import HTML

    documents = [HTML(string=h, url_fetcher=_refuse_fetch).render() for h in pages_html]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
