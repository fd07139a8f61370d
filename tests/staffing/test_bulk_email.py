"""Bulk email: preview the message as the first recipient gets it, with the number of
recipients, then confirm to send."""

from django.core import mail
from django.urls import reverse

from ems.staffing import services
from ems.staffing.models import Message, MessageTemplate
from tests.staffing.factories import PersonFactory


def test_preview_counts_the_recipients_the_send_uses(db):
    people = PersonFactory.create_batch(3) + [PersonFactory(email="")]
    template = MessageTemplate.objects.create(name="T", subject="Hi {first_name}",
                                              body="Dear {first_name} {surname}")  # fmt: skip
    preview = services.bulk_email_preview(people=people, template=template)
    assert preview["count"] == 3
    assert preview["subject"] == f"Hi {people[0].first_names}"
    assert preview["body"] == f"Dear {people[0].first_names} {people[0].surname}"
    assert not mail.outbox and not Message.objects.exists()


def test_preview_then_confirm_to_send(db, officer_client):
    people = PersonFactory.create_batch(3)
    template = MessageTemplate.objects.create(
        name="Briefing", subject="Briefing for {first_name}", body="Hello {first_name} {surname}"
    )
    url = reverse("staffing:email")
    choice = {"template": template.pk, "status": "active", "role": "", "language": ""}
    page = officer_client.post(url, {**choice, "preview": "1"}).content.decode()
    assert "This email will go to <strong>3 people</strong>" in page
    assert f"Hello {people[0].first_names} {people[0].surname}" in page
    assert "Send to 3 people" in page
    assert not mail.outbox  # nothing sent by the preview
    # Someone joins the pool between preview and sending: the officer must check again.
    PersonFactory()
    page = officer_client.post(url, {**choice, "send": "1", "confirm_count": "3"}).content.decode()
    assert "The people matching have changed since the preview" in page
    assert "This email will go to <strong>4 people</strong>" in page
    assert not mail.outbox
    response = officer_client.post(url, {**choice, "send": "1", "confirm_count": "4"}, follow=True)
    assert "4 emails were sent." in response.content.decode()
    assert len(mail.outbox) == 4


def test_reader_cannot_email(db, reader_client):
    assert reader_client.get(reverse("staffing:email")).status_code == 403
