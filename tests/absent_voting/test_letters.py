"""Absent voting letters through the editable letter template system."""

import datetime as dt

import pytest
from django.urls import reverse

from ems.absent_voting import letters, services
from ems.absent_voting.models import Letter
from ems.applications.models import LetterTemplate
from ems.applications.services import letter_template_reset, letter_template_save
from ems.core.errors import InvalidInput, NotPermitted

from .test_services import TODAY, paper


@pytest.fixture
def html_letters(monkeypatch, settings, tmp_path):
    """Keep each letter's HTML instead of its PDF, to read what the elector would see."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(letters, "_pdf", lambda html: html.encode())


def _text(kind):
    return bytes(Letter.objects.filter(kind=kind).latest("id").pdf).decode()


def _decide(scheme, elector, grant=True, **values):
    app = paper(scheme, elector, **values)
    services.application_determine(
        application=app,
        acting_user=None,
        grant=grant,
        reason="" if grant else "No need",
        today=TODAY,
    )
    return app


def test_built_in_wording_is_today_s_wording(scheme, html_letters):
    app = _decide(scheme, scheme.electors[0])
    text = _text("grant")
    assert "Your postal vote application has been granted" in text
    assert "Your application received on 1 March 2026 has been granted." in text
    assert "until 31 January 2029" in text
    assert f"Our reference: {app.reference}" in text
    assert "Exampleshire District Council" in text


def test_an_edited_template_changes_the_next_letter(scheme, manager, html_letters):
    letter_template_save(
        kind="av_grant",
        subject="Good news about your {{ application.kind }}",
        body="Dear voter, granted on {{ application.decided_on|long_date }}.\n\n"
        "- Ends {{ application.ends_on|long_date }}",
        acting_user=manager,
    )
    _decide(scheme, scheme.electors[0])
    text = _text("grant")
    assert "Good news about your postal vote" in text
    assert "granted on 2 March 2026." in text
    assert "<li>Ends 31 January 2029</li>" in text
    assert "has been granted." not in text
    letter_template_reset(kind="av_grant", acting_user=manager)
    _decide(scheme, scheme.electors[1])
    assert "has been granted." in _text("grant")


@pytest.mark.parametrize(
    "body",
    ["{{ application.no_such_field }}", "{% for x in %}", "{{ ''.__class__.__mro__ }}"],
)
def test_bad_templates_are_refused_on_save(scheme, manager, body):
    with pytest.raises(InvalidInput, match="cannot be used"):
        letter_template_save(kind="av_refusal", subject="Refused", body=body, acting_user=manager)
    assert not LetterTemplate.objects.exists()


def test_a_template_that_fails_on_real_values_falls_back_to_the_built_in_wording(
    scheme, html_letters
):
    # Saved before a change of merge fields, say: it no longer renders.
    LetterTemplate.objects.create(kind="av_refusal", subject="Refused", body="{{ gone.field }}")
    _decide(scheme, scheme.electors[0], grant=False)
    text = _text("refusal")
    assert "Your postal vote application has been refused" in text
    assert "No need" in text


def test_every_letter_renders_with_its_built_in_wording_and_sample_values(db):
    for kind, (subject, body) in letters.DEFAULTS.items():
        assert letters.shared.render_text(subject, letters.sample_values()), kind
        assert letters.shared.render_text(body, letters.sample_values()), kind


def test_read_only_users_cannot_edit_absent_voting_letters(scheme, reader, reader_client, manager):
    page = reader_client.get(reverse("applications:letter_templates")).content.decode()
    assert "Absent voting and Voter Authority Certificate letters" in page
    assert "Fresh signature needed: reminder" in page
    assert 'href="/applications/letters/av_grant/edit/"' not in page
    url = reverse("applications:letter_template", args=["av_grant"])
    assert reader_client.get(url).status_code == 403
    with pytest.raises(NotPermitted):
        letter_template_save(kind="av_grant", subject="x", body="y", acting_user=reader)


def test_manager_edits_a_letter_in_the_browser_with_its_merge_fields(scheme, manager_client):
    url = reverse("applications:letter_template", args=["av_rejection_notice"])
    page = manager_client.get(url).content.decode()
    assert "Edit the postal vote rejection notice letter" in page
    assert "election.title, election.poll_date, reasons" in page
    assert "was rejected because the postal voting statement" in page
    response = manager_client.post(url, {"subject": "Rejected", "body": "{{ nope }}"})
    assert "The template cannot be used" in response.content.decode()
    response = manager_client.post(
        url, {"subject": "Your vote at {{ election.title }}", "body": "Sorry."}
    )
    assert response.status_code == 302
    listing = manager_client.get(reverse("applications:letter_templates")).content.decode()
    assert f"Edited {dt.date.today():%-d %B %Y}" in listing
