"""Bad input on the staffing pages gets a clear message and changes nothing, never a 500."""

from django.core import mail
from django.urls import reverse

from ems.core.models import AuditEvent
from ems.staffing import services
from ems.staffing.models import Appointment, Message, MessageTemplate
from tests.staffing.factories import PersonFactory
from tests.staffing.test_pages import staffed
from tests.staffing.test_services import offer_token


def test_accepting_an_offer_declined_in_another_tab_says_so_and_changes_nothing(
    scheme, manager, client
):
    staffed(scheme, manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url="http://testserver",
                         acting_user=manager)  # fmt: skip
    url = reverse("staffing:offer", args=[offer_token(mail.outbox[0])])
    client.get(url)  # the first tab shows Accept and Decline
    client.post(url, {"decline": "1"})
    answered = AuditEvent.objects.filter(action="staffing.offer.respond").count()
    response = client.post(url, {"accept": "1"}, follow=True)  # the second tab
    page = response.content.decode()
    assert response.status_code == 200
    assert "You have already declined this offer." in page
    assert "you have declined this offer" in page.lower()
    assert Appointment.objects.filter(status="declined").count() == 1
    assert not Appointment.objects.filter(status="accepted").exists()
    assert AuditEvent.objects.filter(action="staffing.offer.respond").count() == answered


def test_a_reader_pressing_remind_is_told_and_nothing_is_sent(scheme, manager, reader_client):
    staffed(scheme, manager)
    url = reverse("staffing:training", args=[scheme.day.pk])
    response = reader_client.post(url, {"remind": "1"}, follow=True)
    assert response.status_code == 200
    assert "You need the role" in response.content.decode()
    assert not mail.outbox
    assert not AuditEvent.objects.filter(action="staffing.training.remind").exists()


def test_a_template_with_an_unbalanced_brace_is_refused_when_saved(db, officer_client):
    url = reverse("staffing:email")
    page = officer_client.post(
        url, {"save_template": "1", "name": "Briefing", "subject": "Hi {first_name",
              "body": "Dear {first_name}, see you at 7}"},
    ).content.decode()  # fmt: skip
    assert "The subject has a { or } without its pair." in page
    assert "The message has a { or } without its pair." in page
    assert not MessageTemplate.objects.exists()


def test_a_template_may_only_use_the_person_s_names(db, officer_client):
    page = officer_client.post(
        reverse("staffing:email"),
        {"save_template": "1", "name": "T", "subject": "Hi", "body": "{first_name.__class__}"},
    ).content.decode()
    assert "{first_name.__class__} is not a placeholder." in page
    page = officer_client.post(
        reverse("staffing:email"),
        {"save_template": "1", "name": "T", "subject": "Hi", "body": "Dear {name}"},
    ).content.decode()
    assert "{name} is not a placeholder you can use here; use {first_name} or {surname}." in page
    assert not MessageTemplate.objects.exists()


def test_a_broken_template_saved_earlier_is_explained_not_sent(db, officer_client):
    PersonFactory.create_batch(2)
    template = MessageTemplate.objects.create(name="Old", subject="Hi", body="Dear {first_name")
    choice = {"template": template.pk, "status": "active", "role": "", "language": ""}
    for stage in ({"preview": "1"}, {"send": "1", "confirm_count": "2"}):
        response = officer_client.post(reverse("staffing:email"), {**choice, **stage})
        assert response.status_code == 200
        assert "The message template has a { or } without its pair." in response.content.decode()
    assert not mail.outbox and not Message.objects.exists()


def test_chase_page_with_days_that_are_not_a_number_shows_the_usual_seven(
    scheme, manager, manager_client
):
    url = reverse("staffing:chase", args=[scheme.day.pk])
    for days in ("abc", "-3", "99999999999999999999"):
        response = manager_client.get(url, {"days": days})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Days must be a whole number from 0 to 365" in page
        assert "more than 7 days ago" in page
    assert "more than 14 days ago" in manager_client.get(url, {"days": "14"}).content.decode()
