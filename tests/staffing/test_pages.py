"""Staffing pages as people see them, including the public pages without sign-in, and that
bank details never show in full to anyone but Finance."""

import datetime as dt
import re
from decimal import Decimal

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from ems.staffing import services
from ems.staffing.models import Appointment, Person, Position
from tests.staffing.factories import PersonFactory, TrainingModuleFactory
from tests.staffing.test_services import ACCOUNT, complete, offer_token


def staffed(scheme, manager, people=8):
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    PersonFactory.create_batch(people)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)


def test_dashboard_shows_positions_and_totals(scheme, manager, manager_client):
    staffed(scheme, manager)
    page = manager_client.get(reverse("staffing:day", args=[scheme.day.pk])).content.decode()
    assert "7 places: 7 proposed, 0 offered, 0 accepted (0 appointed), 0 declined" in page
    assert "Station 1 (Main hall)" in page and "Presiding officer" in page


def test_manager_derives_allocates_and_offers_from_the_dashboard(scheme, manager_client):
    PersonFactory.create_batch(8)
    url = reverse("staffing:day", args=[scheme.day.pk])
    manager_client.post(url, {"derive": "1"})
    response = manager_client.post(url, {"allocate": "1"}, follow=True)
    assert "7 people proposed; 0 places unfilled." in response.content.decode()
    response = manager_client.post(url, {"offer_all": "1"}, follow=True)
    assert "7 offers were emailed." in response.content.decode()
    assert len(mail.outbox) == 7
    assert "http://testserver/staffing/offer/" in mail.outbox[0].body


def test_reader_sees_but_cannot_change(scheme, manager, reader_client):
    staffed(scheme, manager)
    url = reverse("staffing:day", args=[scheme.day.pk])
    page = reader_client.get(url).content.decode()
    assert "Propose staff for unfilled places" not in page
    response = reader_client.post(url, {"allocate": "1"}, follow=True)
    assert "You need the role" in response.content.decode()


def test_administrator_cannot_see_staff(administrator, client):
    client.force_login(administrator)
    assert client.get(reverse("staffing:people")).status_code == 403


def test_position_page_shows_suggestions_with_reasons(scheme, manager, manager_client):
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    PersonFactory(first_names="Near", surname="Person", postcode="EX1 3AB",
                  experience={"presiding_officer": 2})  # fmt: skip
    position = Position.objects.get(role="presiding_officer", station=scheme.station3)
    page = manager_client.get(reverse("staffing:position", args=[position.pk])).content.decode()
    assert "Near Person" in page
    assert "worked 2 time(s) in this role (+20)" in page


def test_public_interest_form_honeypot_and_limit(db, client):
    cache.clear()
    url = reverse("staffing:interest")
    assert client.get(url).status_code == 200
    data = {"first_names": "Robin", "surname": "Hood", "email": "robin@example.com",
            "postcode": "ex1 2ab", "roles_wanted": ["poll_clerk"]}  # fmt: skip
    response = client.post(url, data, follow=True)
    assert "We have your details" in response.content.decode()
    person = Person.objects.get()
    assert (person.status, person.postcode, person.roles_wanted) == (
        "applicant", "EX1 2AB", ["poll_clerk"]
    )  # fmt: skip
    client.post(url, {**data, "website": "http://spam.example"})
    assert Person.objects.count() == 1
    for _ in range(4):
        client.post(url, data)
    response = client.post(url, data)
    assert "Too many forms have been sent from here" in response.content.decode()
    assert Person.objects.count() == 5


def test_public_interest_form_errors(db, client):
    cache.clear()
    response = client.post(reverse("staffing:interest"), {"first_names": "A", "postcode": "x"})
    page = response.content.decode()
    assert "<title>Error: Work at elections" in page
    assert "Enter a real postcode, like EX1 2AB" in page


def test_public_interest_form_needs_csrf(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("staffing:interest"), {"first_names": "A"})
    assert response.status_code == 403


def test_offer_page_accept_and_own_details(scheme, manager, client):
    staffed(scheme, manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url="http://testserver",
                         acting_user=manager)  # fmt: skip
    token = offer_token(mail.outbox[0])
    url = reverse("staffing:offer", args=[token])
    page = client.get(url).content.decode()
    assert "Your offer of work at the elections" in page
    assert "Accept the offer" in page
    response = client.post(url, {"accept": "1"}, follow=True)
    assert "Thank you: you have accepted the offer." in response.content.decode()
    person = Appointment.objects.get(status="accepted").person
    response = client.post(
        url,
        {"details": "1", "email": person.email, "postcode": "EX1 2AB", "phone": "01632 960001",
         "sort_code": "30-94-57", "account_number": ACCOUNT, "account_name": "P W"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Your details have been saved." in page
    assert "****6819" in page and ACCOUNT not in page


def test_offer_page_expired_and_unknown(scheme, manager, client):
    staffed(scheme, manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url="http://testserver",
                         acting_user=manager, days_valid=1)  # fmt: skip
    token = offer_token(mail.outbox[0])
    from django.utils import timezone

    from ems.staffing.models import AccessLink

    AccessLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(reverse("staffing:offer", args=[token]))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    response = client.get(reverse("staffing:offer", args=["not-a-token"]))
    assert response.status_code == 404


def test_bank_details_masked_for_officers_full_for_finance(db, officer, officer_client, client,
                                                          finance):  # fmt: skip
    person = PersonFactory()
    complete(person, officer)
    url = reverse("staffing:person", args=[person.pk])
    page = officer_client.get(url).content.decode()
    assert "****6819" in page and ACCOUNT not in page
    assert "Show bank details in full" not in page
    response = officer_client.post(url, {"reveal": "1"})
    assert ACCOUNT not in response.content.decode()
    client.force_login(finance)
    page = client.get(url).content.decode()
    assert ACCOUNT not in page
    page = client.post(url, {"reveal": "1"}).content.decode()
    assert f"account {ACCOUNT}" in page


def test_person_page_lists_missing_compliance_and_logs_enquiries(db, officer_client):
    person = PersonFactory()
    url = reverse("staffing:person", args=[person.pk])
    page = officer_client.get(url).content.decode()
    assert "Missing: <strong>National Insurance number, Bank details, Right to work check" in page
    response = officer_client.post(url, {"enquiry": "1", "subject": "Parking at the count"},
                                   follow=True)  # fmt: skip
    assert "Parking at the count" in response.content.decode()
    response = officer_client.post(url, {"compliance": "1", "ni_number": "BG123456C"},
                                   follow=True)  # fmt: skip
    assert "National Insurance number in the right format" in response.content.decode()


def test_compliance_and_chase_pages(scheme, manager, manager_client):
    staffed(scheme, manager)
    page = manager_client.get(reverse("staffing:compliance", args=[scheme.day.pk])).content
    assert b"National Insurance number, Bank details" in page
    services.offers_send(appointments=Appointment.objects.all(), site_url="http://testserver",
                         acting_user=manager)  # fmt: skip
    from django.utils import timezone

    Appointment.objects.update(offered_at=timezone.now() - dt.timedelta(days=10))
    url = reverse("staffing:chase", args=[scheme.day.pk])
    page = manager_client.get(url).content.decode()
    ids = re.findall(r'name="appointment" type="checkbox" value="(\d+)"', page)
    assert len(ids) == 7
    mail.outbox.clear()
    response = manager_client.post(url, {"appointment": ids[:3]}, follow=True)
    assert "3 reminders were emailed." in response.content.decode()


def test_training_page_import_errors_and_report(scheme, manager, manager_client):
    staffed(scheme, manager)
    TrainingModuleFactory(code="PO-2026")
    url = reverse("staffing:training", args=[scheme.day.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "lms.csv", b"email,module_code,completed_on\nx@y.com,PO-2026,2026-01-01\n"
    )
    page = manager_client.post(url, {"import": "1", "file": bad}).content.decode()
    assert "lms.csv:2:email: no one in the staff pool has this email address" in page
    assert "Training completed by role" in page


def test_payments_page_and_payroll_download_for_finance_only(scheme, manager, officer, finance,
                                                             manager_client, client):  # fmt: skip
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    services.pay_rate_save(election_type="local", role="poll_clerk", fee=Decimal("180"),
                           acting_user=manager)  # fmt: skip
    services.poll_shares_set(polling_day=scheme.day,
                             shares={scheme.local: Decimal(50), scheme.pcc: Decimal(50)},
                             acting_user=manager)  # fmt: skip
    person = PersonFactory()
    complete(person, officer)
    a = services.appointment_propose(
        position=Position.objects.get(role="poll_clerk", station=scheme.station1), person=person,
        acting_user=officer,
    )  # fmt: skip
    Appointment.objects.filter(pk=a.pk).update(status="accepted")
    a.refresh_from_db()
    services.appointment_confirm(appointment=a, acting_user=officer)
    url = reverse("staffing:payments", args=[scheme.day.pk])
    manager_client.post(url, {"calculate": "1"})
    response = manager_client.post(url, {"approve": "1"}, follow=True)
    page = response.content.decode()
    assert "1 payments approved." in page and "£180.00" in page and "£90.00" in page
    assert "Download the payroll file" not in page
    client.force_login(finance)
    response = client.post(url, {"payroll": "1"})
    assert response["Content-Type"].startswith("text/csv")
    assert ACCOUNT in response.content.decode()


def test_setup_page_pay_table_shares_session_and_module(scheme, manager_client, reader):
    url = reverse("staffing:setup", args=[scheme.day.pk])
    response = manager_client.post(
        url, {"rate": "1", "election_type": "local", "role": "poll_clerk", "fee": "185",
              "training_fee": "35", "mileage_rate": "0.45", "extras": "0"}, follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "The pay rate was saved." in page and "£185.00" in page
    response = manager_client.post(
        url, {"shares": "1", f"share_{scheme.local.pk}": "70", f"share_{scheme.pcc.pk}": "20"},
        follow=True,
    )  # fmt: skip
    assert "The shares must add up to 100%." in response.content.decode()
    response = manager_client.post(
        url, {"session": "1", "kind": "count", "name": "The count", "starts_at": "08/05/2026 09:00",
              "assistants": "40", "supervisors": "4"}, follow=True,
    )  # fmt: skip
    assert "The count was added." in response.content.decode()
    assert Position.objects.get(role="count").needed == 40
    response = manager_client.post(
        url, {"module": "1", "code": "PO-1", "title": "Presiding officer training",
              "kind": "digital", "roles": ["presiding_officer"]}, follow=True,
    )  # fmt: skip
    assert "PO-1: Presiding officer training" in response.content.decode()
    from django.test import Client

    other = Client()
    other.force_login(reader)
    assert "Set a rate" not in other.get(url).content.decode()


def test_availability_on_the_person_page(scheme, officer_client):
    person = PersonFactory()
    url = reverse("staffing:person", args=[person.pk])
    response = officer_client.post(
        url, {"availability": "1", "polling_day": scheme.day.pk, "available": "no"}, follow=True
    )
    assert "7 May 2026: Not available" in response.content.decode()
