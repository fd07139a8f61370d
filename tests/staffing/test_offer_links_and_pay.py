"""Offer links and pay: details change only through a live offer link; new bank details
after pay approval withdraw the approval and tell Finance; the payroll file writes names
that look like formulas as text."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from ems.core.errors import EmsError
from ems.core.models import AuditEvent
from ems.staffing import services
from ems.staffing.models import Appointment, Payment, Person
from tests.staffing.factories import PersonFactory
from tests.staffing.test_services import ACCOUNT, SITE, complete, offer_token, positions

NEW_ACCOUNT = "55779911"
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


def offered(scheme, manager, officer) -> tuple[Appointment, str]:
    """A person offered a presiding officer's post by email: the appointment and token."""
    found = positions(scheme, manager)
    person = PersonFactory()
    appointment = services.appointment_propose(
        position=found[("presiding_officer", 1)], person=person, acting_user=officer
    )
    services.offers_send(appointments=[appointment], site_url=SITE, acting_user=officer)
    return appointment, offer_token(mail.outbox[-1])


def new_bank(token: str) -> list[str]:
    return services.own_details_update(
        token=token, phone="07700 900999", sort_code="20-00-00", account_number=NEW_ACCOUNT,
        account_name="P Worker",
    )  # fmt: skip


def bank_of(person: Person) -> dict:
    return services.bank_details_reveal(person=Person.objects.get(pk=person.pk), acting_user=None)


def test_a_declined_offers_link_cannot_change_details(scheme, manager, officer, client):
    appointment, token = offered(scheme, manager, officer)
    person = appointment.person
    complete(person, officer)
    services.offer_respond(token=token, accept=False)
    with pytest.raises(EmsError, match="You declined this offer, so this link can no longer"):
        new_bank(token)
    person.refresh_from_db()
    assert person.phone != "07700 900999"
    assert bank_of(person)["account_number"] == ACCOUNT
    assert not AuditEvent.objects.filter(action="staffing.compliance.self_update").exists()
    # The page says so instead of offering the form; a post from an old tab changes nothing.
    url = reverse("staffing:offer", args=[token])
    page = client.get(url).content.decode()
    assert "You declined this offer, so this link can no longer change your details" in page
    assert "Save my details" not in page
    posted = {"details": "1", "sort_code": "200000", "account_number": NEW_ACCOUNT,
              "account_name": "Someone"}  # fmt: skip
    response = client.post(url, posted)
    assert "You declined this offer" in response.content.decode()
    assert bank_of(person)["account_number"] == ACCOUNT


def test_a_live_offer_link_changes_details(scheme, manager, officer, client):
    appointment, token = offered(scheme, manager, officer)
    url = reverse("staffing:offer", args=[token])
    assert "Save my details" in client.get(url).content.decode()
    new_bank(token)
    assert bank_of(appointment.person)["account_number"] == NEW_ACCOUNT
    # Accepting keeps the link live.
    services.offer_respond(token=token, accept=True)
    services.own_details_update(token=token, phone="07700 900111")
    assert Person.objects.get(pk=appointment.person_id).phone == "07700 900111"


def test_a_withdrawn_offers_link_cannot_change_details(scheme, manager, officer):
    appointment, token = offered(scheme, manager, officer)
    services.appointment_withdraw(appointment=appointment, acting_user=officer)
    with pytest.raises(EmsError, match="This offer has been withdrawn"):
        new_bank(token)
    assert not Person.objects.get(pk=appointment.person_id).bank_details


def test_a_link_replaced_by_a_reminder_cannot_change_details(scheme, manager, officer):
    appointment, old = offered(scheme, manager, officer)
    services.offers_send(appointments=[appointment], site_url=SITE, acting_user=officer,
                         reminder=True)  # fmt: skip
    fresh = offer_token(mail.outbox[-1])
    with pytest.raises(EmsError, match="We have sent you a newer link"):
        new_bank(old)
    assert not Person.objects.get(pk=appointment.person_id).bank_details
    new_bank(fresh)
    assert bank_of(appointment.person)["account_number"] == NEW_ACCOUNT


def approved(scheme, manager, officer) -> tuple[Appointment, str]:
    """An accepted, confirmed appointment whose pay is approved; and its live link."""
    appointment, token = offered(scheme, manager, officer)
    services.offer_respond(token=token, accept=True)
    complete(appointment.person, officer)
    appointment.refresh_from_db()
    services.appointment_confirm(appointment=appointment, acting_user=officer)
    services.pay_rate_save(election_type="local", role="presiding_officer", fee=Decimal("250"),
                           acting_user=manager)  # fmt: skip
    services.payments_calculate(polling_day=scheme.day, acting_user=officer)
    assert services.payments_approve(polling_day=scheme.day, acting_user=manager) == 1
    return appointment, token


def test_new_bank_details_after_approval_withdraw_it_and_tell_finance(
    scheme, manager, officer, finance, django_capture_on_commit_callbacks, client
):
    appointment, token = approved(scheme, manager, officer)
    finance.email = "finance@example.gov.uk"
    finance.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_bank(token)
    payment = Payment.objects.get(appointment=appointment)
    assert (payment.status, payment.approved_by, payment.approved_at) == ("calculated", None, None)
    event = AuditEvent.objects.get(action="staffing.payment.approval_withdrawn")
    assert (event.actor, event.object_id) == ("public", str(appointment.pk))
    assert event.after["before"]["status"] == "approved"
    assert NEW_ACCOUNT not in str(event.after)
    [email] = mail.outbox
    assert email.to == ["finance@example.gov.uk"]
    assert email.subject == "Staff bank details changed after pay was approved"
    assert appointment.person.name in email.body and "approve the pay again" in email.body
    assert NEW_ACCOUNT not in email.body and ACCOUNT not in email.body
    # Payroll does not pay the new account silently: the pay is left out until approved again.
    with pytest.raises(EmsError, match="no approved payments"):
        services.payroll_export(polling_day=scheme.day, acting_user=finance)
    client.force_login(finance)
    page = client.get(reverse("staffing:payments", args=[scheme.day.pk])).content.decode()
    assert "Bank details changed after pay was approved for 1 person" in page
    assert "Approval withdrawn: bank details changed" in page
    services.payments_approve(polling_day=scheme.day, acting_user=manager, reason="checked")
    page = client.get(reverse("staffing:payments", args=[scheme.day.pk])).content.decode()
    assert "Approval withdrawn" not in page
    assert NEW_ACCOUNT in services.payroll_export(polling_day=scheme.day, acting_user=finance)


def test_staff_changing_bank_details_after_approval_also_withdraws_it(
    scheme, manager, officer, django_capture_on_commit_callbacks
):
    appointment, _token = approved(scheme, manager, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.compliance_update(person=appointment.person, acting_user=officer,
                                   sort_code="200000", account_number=NEW_ACCOUNT,
                                   account_name="P Worker")  # fmt: skip
    assert Payment.objects.get(appointment=appointment).status == "calculated"
    event = AuditEvent.objects.get(action="staffing.payment.approval_withdrawn")
    assert event.user == officer and event.before["status"] == "approved"
    # Other details (no bank change) leave the approval alone.
    services.payments_approve(polling_day=scheme.day, acting_user=manager)
    services.compliance_update(person=appointment.person, acting_user=officer, tax_code="B")
    assert Payment.objects.get(appointment=appointment).status == "approved"


def test_payroll_file_writes_names_that_look_like_formulas_as_text(
    scheme, manager, officer, finance
):
    appointment, _token = approved(scheme, manager, officer)
    Payment.objects.filter(appointment=appointment).update(deductions=Decimal("5"))
    Person.objects.filter(pk=appointment.person_id).update(first_names=HOSTILE[0],
                                                            surname=HOSTILE[2])  # fmt: skip
    services.compliance_update(person=appointment.person, acting_user=None, sort_code="200000",
                               account_number=NEW_ACCOUNT, account_name=HOSTILE[3])  # fmt: skip
    services.payments_approve(polling_day=scheme.day, acting_user=manager)
    text = services.payroll_export(polling_day=scheme.day, acting_user=finance)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["first_names"] == "'" + HOSTILE[0]
    assert rows[0]["surname"] == "'" + HOSTILE[2]
    assert rows[0]["account_name"] == "'" + HOSTILE[3]
    assert rows[0]["fee"] == "250.00" and rows[0]["deductions"] == "5.00"  # money stays numbers
    assert rows[-1]["staff_id"] == "TOTAL"
