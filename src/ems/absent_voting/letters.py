"""Letters and certificates, rendered to PDF (WeasyPrint).

Decision letters use the applications app's letter template system: managers edit each
letter's subject and wording on the letter templates page (template kinds "av_<kind>"); the
wording is plain text with merge fields rendered in Jinja's sandbox, and a template that
cannot be rendered falls back to the built-in wording in DEFAULTS, so a decision is never
lost. The letterhead, address, date, reference, greeting and signature come from
absent_voting/letters/_letter.html.

The Voter Authority Certificate / Anonymous Elector's Document print (certificate.html) is a
document with a fixed layout, not a letter, so it is not editable.

Merge values are plain data (never model objects, never the date of birth or signature): see
MERGE_FIELDS. Bulk runs (notices, rejection notices, reminders) render one PDF with one
letter per page.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import get_template

from ems.applications import letters as shared
from ems.core import times

WRAPPER = "absent_voting/letters/_letter.html"
DOCUMENT = "absent_voting/letters/certificate.html"
PREFIX = "av_"  # LetterTemplate.kind = PREFIX + kind


class LetterError(Exception):
    pass


LABELS: dict[str, str] = {
    "grant": "Absent vote granted",
    "refusal": "Absent vote refused",
    "cancellation": "Absent vote cancelled",
    "notice_reapply": "Postal vote ending: apply again",
    "notice_signature": "Fresh signature needed",
    "notice_signature_copy": "Fresh signature needed: reminder",
    "rejection_notice": "Postal vote rejection notice",
    "vac_refusal": "Voter Authority Certificate or AED refused",
    "overseas_decision": "Overseas elector's declaration decided",
    "overseas_reminder": "Overseas elector: renew your registration",
}

_SIGNATURE_BODY = (
    "The signature we hold for your {{ arrangement.kind }} is more than five years old. Please "
    "sign the enclosed form and return it in the reply envelope.\n\n"
    "If we do not receive a fresh signature by {{ notice.ceases_on|long_date }}, you will no "
    "longer be able to vote by post or by proxy from that date (Representation of the People "
    "(England and Wales) Regulations 2001, regulation 60A)."
)

DEFAULTS: dict[str, tuple[str, str]] = {
    "grant": (
        "Your {{ application.kind }} application has been granted",
        "Your application received on {{ application.received_on|long_date }} has been "
        "granted.\n\n"
        "{% if application.scope == 'election' %}It applies to the "
        "{{ application.election_title }} on {{ application.poll_date|long_date }}."
        "{% else %}It applies from {{ application.decided_on|long_date }}"
        "{% if application.ends_on %} until {{ application.ends_on|long_date }}{% endif %}. "
        "Postal votes now last at most three years: we will write to you before yours ends."
        "{% endif %}\n\n"
        "{% if application.proxy_name %}Your proxy is {{ application.proxy_name }}.{% endif %}\n\n"
        "{% if application.ballot_address %}Your postal ballot will be sent to the address you "
        "gave.{% endif %}",
    ),
    "refusal": (
        "Your {{ application.kind }} application has been refused",
        "We cannot grant your application received on "
        "{{ application.received_on|long_date }}, for this reason:\n\n"
        "{{ application.decision_reason }}\n\n"
        "You can still vote in person at your polling station. Contact us if you would like to "
        "apply again.",
    ),
    "cancellation": (
        "Your {{ arrangement.kind }} has been cancelled",
        "Your {{ arrangement.kind }} was cancelled on {{ arrangement.ended_on|long_date }}: "
        "{{ arrangement.end_reason }}.\n\n"
        "You can vote in person at your polling station, or apply again to vote by post or by "
        "proxy.",
    ),
    "notice_reapply": (
        "Your postal vote ends on {{ notice.ceases_on|long_date }}",
        "The law now limits postal votes to at most three years (Representation of the People "
        "Act 2000 Schedule 4, as amended by the Elections Act 2022). Your postal vote ends on "
        "{{ notice.ceases_on|long_date }}.\n\n"
        "If you want to keep voting by post, make a new application before then, online at "
        "www.gov.uk/apply-postal-vote or on the enclosed form.",
    ),
    "notice_signature": ("We need a fresh signature from you", _SIGNATURE_BODY),
    "notice_signature_copy": ("Reminder: we need a fresh signature from you", _SIGNATURE_BODY),
    "rejection_notice": (
        "Your postal vote at the {{ election.title }} was not counted",
        "Your postal vote at the {{ election.title }} on {{ election.poll_date|long_date }} was "
        "rejected because the postal voting statement was not completed correctly:\n\n"
        "{% for reason in reasons %}- {{ reason }}\n{% endfor %}\n"
        "Next time, please sign and give your date of birth on the statement as on your "
        "application. If your signature has changed, you can give us a fresh one: contact us "
        "and we will send a form.",
    ),
    "vac_refusal": (
        "Your {{ vac_application.document }} application has been refused",
        "We cannot issue the document you applied for on "
        "{{ vac_application.received_on|long_date }}, for this reason:\n\n"
        "{{ vac_application.decision_reason }}",
    ),
    "overseas_decision": (
        "Your {{ declaration.kind }}",
        "{% if declaration.outcome == 'accepted' %}Your {{ declaration.kind }} received on "
        "{{ declaration.received_on|long_date }} has been accepted. You are registered as an "
        "overseas elector until {{ declaration.ends_on|long_date }}. We will remind you to renew "
        "in the summer before then.{% else %}Your {{ declaration.kind }} received on "
        "{{ declaration.received_on|long_date }} has not been accepted, because: "
        "{{ declaration.decision_reason }}{% endif %}",
    ),
    "overseas_reminder": (
        "Renew your registration as an overseas elector by {{ declaration.ends_on|long_date }}",
        "You are registered to vote as an overseas elector. Your registration ends on "
        "{{ declaration.ends_on|long_date }} (Representation of the People Act 1985 section "
        "1D).\n\n"
        "To stay registered, make a renewal declaration, online at www.gov.uk/register-to-vote "
        "or on the enclosed form. We can accept it between "
        "{{ declaration.renewal_from|long_date }} and {{ declaration.renewal_until|long_date }}. "
        "Your registration will then last until 1 November three years later.\n\n"
        "If you have a postal or proxy vote, it ends with your registration: you can renew it "
        "at the same time.",
    ),
}

MERGE_FIELDS: list[tuple[str, str]] = [
    ("council.name, council.ero_name, council.telephone, council.email, council.website",
     "The council and its Electoral Registration Officer"),
    ("addressee", "The elector's title and name, as the letter is addressed"),
    ("today", "The date of the letter"),
    ("reference", "The application's reference (blank for notices)"),
    ("elector.elector_number, elector.full_name", "The elector"),
    ("application.reference, application.kind, application.scope, application.received_on, "
     "application.decided_on, application.decision_reason", "The absent vote application "
     "(scope is election, period or standing)"),
    ("application.election_title, application.poll_date", "The poll it is for, if one"),
    ("application.ends_on, application.proxy_name, application.ballot_address",
     "When the absent vote ends, the proxy's name, and true if ballots go to another address"),
    ("arrangement.kind, arrangement.ended_on, arrangement.end_reason",
     "The absent vote (cancellations and notices)"),
    ("notice.ceases_on", "The date the absent vote or signature ceases (notices)"),
    ("election.title, election.poll_date, reasons",
     "The poll and the list of reasons a postal voting statement was rejected"),
    ("vac_application.document, vac_application.received_on, vac_application.decision_reason",
     "The Voter Authority Certificate or Anonymous Elector's Document application"),
    ("declaration.kind, declaration.received_on, declaration.outcome, "
     "declaration.decision_reason, declaration.ends_on, declaration.renewal_from, "
     "declaration.renewal_until", "The overseas elector's declaration (outcome is accepted "
     "or refused) and its renewal window"),
    ("{{ some_date|long_date }}", "A date written out, like 2 June 2025"),
]  # fmt: skip


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


def _date(value):
    return times.local_date(value)


def _values(
    *, council, today, elector, application=None, arrangement=None, arrangement_end=None,
    notice=None, election=None, reasons=(), vac_application=None, declaration=None, window=None,
) -> dict:  # fmt: skip
    """Plain merge values for any kind: every field is present (blank when not relevant), so
    a template tried on sample values works on real ones."""
    app, arr, vac, dec = application, arrangement, vac_application, declaration
    app_election = app.election if app is not None else None
    return {
        "council": shared._council(council),
        "addressee": " ".join(
            p for p in [elector.title, elector.first_names, elector.surname] if p
        ),
        "address_lines": address_lines(elector),
        "today": today,
        "reference": app.reference if app is not None else "",
        "elector": {"elector_number": elector.elector_number, "full_name": elector.full_name},
        "application": {
            "reference": app.reference if app else "",
            "kind": app.get_kind_display().lower() if app else "",
            "scope": app.scope if app else "",
            "received_on": _date(app.received_at) if app else None,
            "decided_on": app.decided_on if app else None,
            "decision_reason": app.decision_reason if app else "",
            "election_title": app_election.title if app_election else "",
            "poll_date": app_election.poll_date if app_election else None,
            "ends_on": arrangement_end,
            "proxy_name": app.proxy_name if app else "",
            "ballot_address": bool(app.ballot_address) if app else False,
        },
        "arrangement": {
            "kind": arr.get_kind_display().lower() if arr else "",
            "ended_on": arr.ended_on if arr else None,
            "end_reason": arr.end_reason if arr else "",
        },
        "notice": {"ceases_on": notice.ceases_on if notice else None},
        "election": {
            "title": election.title if election else "",
            "poll_date": election.poll_date if election else None,
        },
        "reasons": list(reasons),
        "vac_application": {
            "document": vac.get_document_display() if vac else "",
            "received_on": _date(vac.received_at) if vac else None,
            "decision_reason": vac.decision_reason if vac else "",
        },
        "declaration": {
            "kind": dec.get_kind_display().lower() if dec else "",
            "received_on": dec.received_on if dec else None,
            "outcome": dec.outcome if dec else "",
            "decision_reason": dec.decision_reason if dec else "",
            "ends_on": dec.ends_on if dec else None,
            "renewal_from": window[0] if window else None,
            "renewal_until": window[1] if window else None,
        },
    }


def sample_values() -> dict:
    """Made-up merge values, to try a manager's template before it is saved."""
    from ems.core.models import Council

    today = dt.date.today()
    sample = dict(reference="PV-SAMPLE", kind="postal vote", received_on=today,
                  decided_on=today, decision_reason="Sample reason.", ends_on=today)  # fmt: skip
    return {
        "council": shared._council(Council.objects.first()),
        "addressee": "Ms Alex Sample",
        "address_lines": ["1 Sample Street", "Exampleton", "EX1 1AA"],
        "today": today,
        "reference": "PV-SAMPLE",
        "elector": {"elector_number": "AA1-1", "full_name": "Alex Sample"},
        "application": {**sample, "scope": "standing", "election_title": "Sample election",
                        "poll_date": today, "proxy_name": "Sam Proxy", "ballot_address": True},
        "arrangement": {"kind": "postal vote", "ended_on": today, "end_reason": "Sample reason"},
        "notice": {"ceases_on": today},
        "election": {"title": "Sample election", "poll_date": today},
        "reasons": ["Sample reason"],
        "vac_application": {"document": "Voter Authority Certificate", "received_on": today,
                            "decision_reason": "Sample reason."},
        "declaration": {"kind": "renewal declaration", "received_on": today,
                        "outcome": "accepted", "decision_reason": "Sample reason.",
                        "ends_on": today, "renewal_from": today, "renewal_until": today},
    }  # fmt: skip


FAMILY = shared.LetterFamily(
    title="Absent voting and Voter Authority Certificate letters",
    labels={PREFIX + k: label for k, label in LABELS.items()},
    defaults={PREFIX + k: wording for k, wording in DEFAULTS.items()},
    merge_fields=MERGE_FIELDS,
    sample_values=sample_values,
)


def render_html(kind: str, *, council, today: dt.date, elector, wording=None, **extra) -> str:
    """The letter (or the certificate document) as one HTML page. `wording` is the manager's
    (subject, body), looked up if not given."""
    if kind == "certificate":
        return get_template(DOCUMENT).render(
            {"council": council, "today": today, "elector": elector, **extra}
        )
    values = _values(council=council, today=today, elector=elector, **extra)
    if wording is None:
        wording = shared.wording_for(PREFIX + kind)
    try:
        subject, body = shared.render_wording(DEFAULTS[kind], values, wording)
    except shared.LetterError as exc:
        raise LetterError(f"The {kind} letter could not be produced: {exc}") from exc
    return get_template(WRAPPER).render(
        {**values, "subject": subject, "body": shared.to_html(body)}
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import

    return HTML(string=html, url_fetcher=shared._refuse_fetch).write_pdf()


def render_pdf(kind: str, *, council, today: dt.date, elector, **extra) -> bytes:
    return _pdf(render_html(kind, council=council, today=today, elector=elector, **extra))


def render_bulk_pdf(kind: str, items: list[dict], *, council, today: dt.date) -> bytes:
    """One PDF, one letter per page: each item is the extra context for one letter."""
    wording = shared.wording_for(PREFIX + kind)  # one query for the whole run
    pages = [
        render_html(kind, council=council, today=today, wording=wording, **item) for item in items
    ]
    bodies = [p.split("<body>", 1)[-1].rsplit("</body>", 1)[0] for p in pages]
    head = pages[0].split("<body>", 1)[0]
    joined = '<div style="page-break-after: always"></div>'.join(bodies)
    return _pdf(f"{head}<body>{joined}</body></html>")
