"""Staffing services: positions, pool, suggestions, offers and answers, compliance and bank
details, training, pay, messages and retention."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ems.core.errors import EmsError, ImportRejected, InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.staffing import selectors, services
from ems.staffing.models import (
    AccessLink,
    Appointment,
    Message,
    MessageTemplate,
    Person,
    Position,
    Session,
    TrainingCompletion,
)
from tests.staffing.factories import PersonFactory, TrainingModuleFactory

SITE = "https://ems.example.gov.uk"
ACCOUNT = "31926819"


def positions(scheme, manager):
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    return {
        (p.role, p.station.number if p.station else None): p
        for p in Position.objects.filter(polling_day=scheme.day)
    }


def complete(person, user=None):
    services.compliance_update(
        person=person, acting_user=user, ni_number="AB 12 34 56 C", sort_code="30-94-57",
        account_number=ACCOUNT, account_name="P Worker", tax_code="A",
        right_to_work_checked_on=dt.date(2026, 3, 1), right_to_work_document="Passport",
        political_declaration_on=dt.date(2026, 3, 1), conflict_declaration_on=dt.date(2026, 3, 1),
    )  # fmt: skip


def offer_token(message) -> str:
    line = next(line for line in message.body.splitlines() if "/staffing/offer/" in line)
    return line.rstrip("/").rsplit("/", 1)[-1]


# ------------------------------------------------------------------ positions and pay


def test_positions_from_the_polling_scheme(scheme, manager):
    result = services.positions_derive(polling_day=scheme.day, acting_user=manager)
    found = positions(scheme, manager)
    assert result["created"] == 7  # PO and clerk at 3 stations + 1 inspector
    assert found[("presiding_officer", 1)].needed == 1
    assert found[("inspector", None)].needed == 1
    assert AuditEvent.objects.filter(action="staffing.position.derive").count() == 7


def test_edited_numbers_are_kept_when_derived_again(scheme, manager):
    found = positions(scheme, manager)
    clerk = found[("poll_clerk", 1)]
    services.position_set_needed(position=clerk, needed=3, acting_user=manager, reason="busy")
    result = services.positions_derive(polling_day=scheme.day, acting_user=manager)
    clerk.refresh_from_db()
    assert clerk.needed == 3
    assert result == {"created": 0, "updated": 0, "kept_edited": 0}


def test_only_managers_set_positions(scheme, officer, reader):
    for user in (officer, reader):
        with pytest.raises(NotPermitted):
            services.positions_derive(polling_day=scheme.day, acting_user=user)


def test_count_session_positions(scheme, manager):
    session = services.session_add(
        polling_day=scheme.day, kind=Session.Kind.COUNT, name="Count at the leisure centre",
        starts_at=timezone.make_aware(dt.datetime(2026, 5, 7, 22)), postcode="ex1 9zz",
        staff={"count": 40, "supervisor": 4}, acting_user=manager,
    )  # fmt: skip
    assert session.postcode == "EX1 9ZZ"
    assert sorted(session.positions.values_list("role", "needed")) == [
        ("count", 40),
        ("supervisor", 4),
    ]


def test_pay_table_and_poll_shares(scheme, manager, officer):
    with pytest.raises(NotPermitted):
        services.pay_rate_save(election_type="local", role="poll_clerk", fee=Decimal(180),
                               acting_user=officer)  # fmt: skip
    rate = services.pay_rate_save(
        election_type="local", role="poll_clerk", fee=Decimal("180"),
        training_fee=Decimal("30"), mileage_rate=Decimal("0.45"), acting_user=manager,
    )  # fmt: skip
    assert rate.fee == Decimal("180.00")
    with pytest.raises(InvalidInput, match="add up to 100"):
        services.poll_shares_set(polling_day=scheme.day,
                                 shares={scheme.local: Decimal(60), scheme.pcc: Decimal(30)},
                                 acting_user=manager)  # fmt: skip
    services.poll_shares_set(
        polling_day=scheme.day, shares={scheme.local: Decimal(50), scheme.pcc: Decimal(50)},
        agreed_with="PCC returning officer", acting_user=manager,
    )  # fmt: skip
    assert scheme.day.shares.count() == 2


# ------------------------------------------------------------------ pool


def test_expression_of_interest_and_duplicates(scheme, officer):
    existing = PersonFactory(first_names="Catherine", surname="Smith", email="cs@example.com",
                             postcode="EX1 2AB")  # fmt: skip
    applicant = services.interest_submit(
        first_names="Katherine", surname="Smith", email="kath@example.com", postcode="ex12ab",
        roles_wanted=["poll_clerk"],
    )  # fmt: skip
    assert applicant.status == Person.Status.APPLICANT
    assert applicant.postcode == "EX1 2AB"
    dupes = selectors.duplicates_of(applicant)
    assert [(p, why.startswith("similar name")) for p, why in dupes] == [(existing, True)]
    same_email = services.interest_submit(first_names="Someone", surname="Else",
                                          email="CS@example.com", postcode="MK9 3XS")  # fmt: skip
    assert selectors.duplicates_of(same_email) == [(existing, "same email address")]
    event = AuditEvent.objects.get(action="staffing.person.interest", object_id=applicant.pk)
    assert event.actor == "public"
    services.person_set_status(person=applicant, status="active", acting_user=officer)
    applicant.refresh_from_db()
    assert applicant.status == Person.Status.ACTIVE


def test_interest_needs_a_real_postcode(db):
    with pytest.raises(InvalidInput, match="postcode"):
        services.interest_submit(first_names="A", surname="B", email="a@b.com", postcode="nope")


def test_person_add_takes_coordinates_from_the_gazetteer(scheme, officer):
    scheme.prop_a.easting, scheme.prop_a.northing = 451000.0, 112000.0
    scheme.prop_a.save()
    person = services.person_add(first_names="Alex", surname="Near", postcode="EX1 2AB",
                                 acting_user=officer)  # fmt: skip
    assert (person.easting, person.northing) == (451000.0, 112000.0)


# ------------------------------------------------------------------ suggestions and offers


def test_allocation_prefers_experience_and_nearness_and_skips_unavailable(scheme, manager):
    found = positions(scheme, manager)
    hall = scheme.hall
    near_expert = PersonFactory(easting=hall.easting + 500, northing=hall.northing,
                                experience={"presiding_officer": 3})  # fmt: skip
    near = PersonFactory(easting=hall.easting + 1000, northing=hall.northing)
    unavailable = PersonFactory(easting=hall.easting, northing=hall.northing,
                                experience={"presiding_officer": 9})  # fmt: skip
    services.availability_set(person=unavailable, polling_day=scheme.day, available=False,
                              acting_user=manager)  # fmt: skip
    PersonFactory.create_batch(10, postcode="EX9 9ZZ")
    result = services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    assert result == {"proposed": 7, "unfilled": 0}
    po1 = found[("presiding_officer", 1)].appointments.get()
    assert po1.person == near_expert
    assert "worked 3 time(s) in this role (+30)" in po1.score_reasons
    assert not Appointment.objects.filter(person=unavailable).exists()
    # Presiding officers are placed first: the next nearest goes to the other station in the hall.
    assert found[("presiding_officer", 2)].appointments.get().person == near
    # Nobody is placed twice on the day.
    people = list(Appointment.objects.values_list("person_id", flat=True))
    assert len(people) == len(set(people))


def test_offer_email_link_accept_and_dashboard(scheme, manager, officer):
    positions(scheme, manager)
    PersonFactory.create_batch(8)
    services.staff_allocate(polling_day=scheme.day, acting_user=officer)
    appointments = list(Appointment.objects.all())
    sent = services.offers_send(appointments=appointments, site_url=SITE, acting_user=officer)
    assert sent == 7
    assert len(mail.outbox) == 7
    first = mail.outbox[0]
    assert first.subject == "Offer of work at the elections on 7 May 2026"
    token = offer_token(first)
    assert not AccessLink.objects.filter(token_hash=token).exists()  # only the hash is stored
    answered = services.offer_respond(token=token, accept=True)
    assert answered.status == Appointment.Status.ACCEPTED
    answered.person.refresh_from_db()
    assert answered.person.last_appointed_on == dt.date(2026, 5, 7)
    declined = services.offer_respond(token=offer_token(mail.outbox[1]), accept=False)
    assert declined.status == Appointment.Status.DECLINED
    totals = selectors.dashboard_totals(selectors.dashboard(scheme.day))
    assert totals["needed"] == 7
    assert totals["accepted"] == 1 and totals["declined"] == 1 and totals["offered"] == 5
    assert totals["gap"] == 1
    assert Message.objects.filter(kind="offer").count() == 7


def test_expired_and_unknown_links(scheme, manager):
    positions(scheme, manager)
    PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url=SITE,
                         acting_user=manager, days_valid=1)  # fmt: skip
    token = offer_token(mail.outbox[0])
    AccessLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(EmsError, match="expired"):
        services.offer_respond(token=token, accept=True)
    with pytest.raises(EmsError, match="not recognised"):
        services.offer_respond(token="made-up", accept=True)


def test_chasing_non_responders(scheme, manager):
    positions(scheme, manager)
    PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url=SITE,
                         acting_user=manager)  # fmt: skip
    assert list(selectors.non_responders(scheme.day, days=7)) == []
    Appointment.objects.update(offered_at=timezone.now() - dt.timedelta(days=8))
    chase = list(selectors.non_responders(scheme.day, days=7))
    assert len(chase) == 7
    mail.outbox.clear()
    assert services.offers_send(appointments=chase, site_url=SITE, acting_user=manager,
                                reminder=True) == 7  # fmt: skip
    assert mail.outbox[0].subject.startswith("Reminder: ")
    assert Appointment.objects.filter(reminders_sent=1).count() == 7
    assert list(selectors.non_responders(scheme.day, days=7)) == []


def test_withdrawal_proposes_reserves_first(scheme, manager):
    found = positions(scheme, manager)
    po = found[("presiding_officer", 1)]
    worker = PersonFactory()
    reserve = PersonFactory()
    PersonFactory.create_batch(3)
    appointment = services.appointment_propose(position=po, person=worker, acting_user=manager)
    services.appointment_propose(position=po, person=reserve, reserve=True, acting_user=manager)
    with pytest.raises(InvalidInput, match="already has a place"):
        services.appointment_propose(position=po, person=worker, acting_user=manager)
    replacements = services.appointment_withdraw(appointment=appointment, acting_user=manager,
                                                 reason="ill")  # fmt: skip
    assert replacements[0][0] == reserve.pk
    assert len(replacements) > 1


# ------------------------------------------------------------------ compliance


def test_appointment_blocked_until_compliance_complete(scheme, manager, officer):
    found = positions(scheme, manager)
    person = PersonFactory()
    appointment = services.appointment_propose(
        position=found[("poll_clerk", 3)], person=person, acting_user=officer
    )
    Appointment.objects.filter(pk=appointment.pk).update(status="accepted")
    appointment.refresh_from_db()
    with pytest.raises(InvalidInput) as caught:
        services.appointment_confirm(appointment=appointment, acting_user=officer)
    assert "missing national insurance number, bank details, right to work check" in str(
        caught.value
    )
    gaps = dict(selectors.compliance_gaps(scheme.day))
    assert gaps[person][0] == "National Insurance number"
    complete(person, officer)
    services.appointment_confirm(appointment=appointment, acting_user=officer)
    assert selectors.compliance_gaps(scheme.day) == []


def test_ni_number_is_validated(db, officer):
    person = PersonFactory()
    with pytest.raises(InvalidInput, match="National Insurance"):
        services.compliance_update(person=person, ni_number="BG 12 34 56 C", acting_user=officer)


def test_bank_details_are_encrypted_masked_and_never_audited(db, officer, finance, caplog):
    caplog.set_level(logging.DEBUG)
    person = PersonFactory()
    complete(person, officer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bank_details FROM staffing_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert stored and ACCOUNT not in stored and "309457" not in stored
    audit_text = " ".join(str(e.before) + str(e.after) for e in AuditEvent.objects.all())
    assert ACCOUNT not in audit_text and "309457" not in audit_text
    assert "AB123456C" not in audit_text
    person.refresh_from_db()
    assert services.bank_details_masked(person) == "****6819"
    with pytest.raises(NotPermitted):
        services.bank_details_reveal(person=person, acting_user=officer)
    revealed = services.bank_details_reveal(person=person, acting_user=finance)
    assert revealed == {
        "sort_code": "309457",
        "account_number": ACCOUNT,
        "account_name": "P Worker",
    }
    assert AuditEvent.objects.filter(action="staffing.bank_details.view").count() == 1
    assert ACCOUNT not in caplog.text


def test_bank_details_unreadable_with_another_key(db, officer, settings):
    person = PersonFactory()
    complete(person, officer)
    person.refresh_from_db()
    settings.EMS_FIELD_KEY = "a different key"
    with pytest.raises(EmsError, match="cannot be read"):
        services.bank_details_masked(person)


def test_own_details_through_the_link(scheme, manager):
    positions(scheme, manager)
    PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url=SITE,
                         acting_user=manager)  # fmt: skip
    token = offer_token(mail.outbox[0])
    person = services.link_get(token).person
    missing = services.own_details_update(
        token=token, phone="07700 900123", postcode="ex1 3ab", ni_number="AB123456C",
        sort_code="309457", account_number=ACCOUNT, account_name="P W", tax_code="B",
        political_declaration=True, conflict_declaration=True,
    )  # fmt: skip
    assert missing == ["Right to work check"]
    person.refresh_from_db()
    assert (person.phone, person.postcode, person.tax_code) == ("07700 900123", "EX1 3AB", "B")
    event = AuditEvent.objects.filter(action="staffing.compliance.self_update").get()
    assert event.actor == "public" and ACCOUNT not in str(event.after)


# ------------------------------------------------------------------ training


def test_training_import_report_and_reminders(scheme, manager, write_csv):
    positions(scheme, manager)
    module = TrainingModuleFactory(code="PO-2026", title="Polling station training",
                                   roles=["presiding_officer", "poll_clerk"])  # fmt: skip
    people = PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url=SITE,
                         acting_user=manager)  # fmt: skip
    email = people[0].email
    bad = write_csv(
        "lms.csv",
        "email,module_code,completed_on\nnobody@x.com,PO-2026,2026-04-01\n"
        f"{email},XX,01/04/2026\n{email},PO-2026,someday\n",
    )
    with pytest.raises(ImportRejected) as caught:
        services.training_completions_import(path=bad, acting_user=manager)
    assert [str(e) for e in caught.value.errors] == [
        "lms.csv:2:email: no one in the staff pool has this email address "
        "(expected the email address held for the person)",
        "lms.csv:3:module_code: unknown module 'XX' (expected one of PO-2026)",
        "lms.csv:4:completed_on: not a date (expected YYYY-MM-DD or DD/MM/YYYY)",
    ]
    assert not TrainingCompletion.objects.exists()
    placed = [a.person for a in Appointment.objects.exclude(position__role="inspector")]
    good = write_csv("lms.csv", "Email,Module_Code,Completed_On\n"
                     + "".join(f"{p.email.upper()},PO-2026,2026-04-0{i + 1}\n"
                               for i, p in enumerate(placed[:4])))  # fmt: skip
    result = services.training_completions_import(path=good, acting_user=manager)
    assert result == {"added": 4, "updated": 0, "rows": 4}
    report = selectors.training_report(scheme.day)
    po_clerk = (
        report["role"]["Presiding officer"]["complete"] + report["role"]["Poll clerk"]["complete"]
    )
    assert po_clerk == 4
    assert report["role"]["Polling station inspector"] == {"staff": 1, "complete": 1, "booked": 0}
    mail.outbox.clear()
    assert services.training_reminders_send(polling_day=scheme.day, acting_user=manager) == 2
    assert module.title in mail.outbox[0].body


# ------------------------------------------------------------------ pay


def test_pay_approval_payroll_and_costs(scheme, manager, officer, finance):
    found = positions(scheme, manager)
    for role, fee in (("presiding_officer", "250"), ("poll_clerk", "180"), ("inspector", "300")):
        services.pay_rate_save(election_type="local", role=role, fee=Decimal(fee),
                               training_fee=Decimal("40"), mileage_rate=Decimal("0.45"),
                               acting_user=manager)  # fmt: skip
    services.poll_shares_set(polling_day=scheme.day,
                             shares={scheme.local: Decimal(60), scheme.pcc: Decimal(40)},
                             acting_user=manager)  # fmt: skip
    people = PersonFactory.create_batch(2)
    a1 = services.appointment_propose(position=found[("presiding_officer", 1)], person=people[0],
                                      acting_user=officer)  # fmt: skip
    a2 = services.appointment_propose(position=found[("poll_clerk", 1)], person=people[1],
                                      acting_user=officer)  # fmt: skip
    for a, person in ((a1, people[0]), (a2, people[1])):
        complete(person, officer)
        Appointment.objects.filter(pk=a.pk).update(status="accepted")
        a.refresh_from_db()
        services.appointment_confirm(appointment=a, acting_user=officer)
    # The local poll's pay table is used (largest share).
    result = services.payments_calculate(
        polling_day=scheme.day, acting_user=officer, miles={a1.pk: Decimal(10)},
        deductions={a2.pk: Decimal("5")},
    )  # fmt: skip
    assert result == {"calculated": 2, "already_approved": 0}
    p1 = a1.payment
    assert (p1.fee, p1.training, p1.mileage, p1.total) == (
        Decimal("250.00"), Decimal("0.00"), Decimal("4.50"), Decimal("254.50"),
    )  # fmt: skip
    with pytest.raises(NotPermitted):
        services.payments_approve(polling_day=scheme.day, acting_user=officer)
    with pytest.raises(InvalidInput, match="no approved payments"):
        services.payroll_export(polling_day=scheme.day, acting_user=finance)
    assert services.payments_approve(polling_day=scheme.day, acting_user=manager) == 2
    with pytest.raises(NotPermitted):
        services.payroll_export(polling_day=scheme.day, acting_user=manager)
    text = services.payroll_export(polling_day=scheme.day, acting_user=finance)
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("staff_id,surname,first_names,ni_number,tax_code,sort_code")
    assert ACCOUNT in text
    assert lines[-1].split(",")[-1] == "429.50"  # 254.50 + (180 - 5)
    costs = selectors.election_costs(scheme.day)
    assert costs["total"] == Decimal("429.50")
    assert costs["by_poll"] == {
        scheme.local.title: Decimal("257.70"), scheme.pcc.title: Decimal("171.80"),
    }  # fmt: skip
    # Approved payments are not recalculated.
    assert services.payments_calculate(polling_day=scheme.day, acting_user=officer) == {
        "calculated": 0, "already_approved": 2,
    }  # fmt: skip


# ------------------------------------------------------------------ messages and retention


def test_bulk_email_with_template_and_enquiry_log(db, officer):
    people = PersonFactory.create_batch(3)
    template = MessageTemplate.objects.create(
        name="Briefing", subject="Briefing for {first_name}", body="Hello {first_name} {surname}"
    )
    assert services.bulk_email(people=people, template=template, acting_user=officer) == 3
    assert mail.outbox[0].subject == f"Briefing for {people[0].first_names}"
    services.enquiry_log(person=people[0], subject="Asked about parking", acting_user=officer)
    log = list(people[0].messages.values_list("direction", "subject"))
    assert ("in", "Asked about parking") in log and (
        "out",
        f"Briefing for {people[0].first_names}",
    ) in log


def test_retention_command_dry_run_then_apply(db, officer, capsys):
    old = PersonFactory(last_appointed_on=dt.date(2018, 5, 3))
    recent = PersonFactory(last_appointed_on=dt.date(2024, 5, 2))
    complete(old, officer)
    call_command("apply_staff_retention", "--dry-run", "--today", "2026-01-01")
    assert "1 staff records would be anonymised." in capsys.readouterr().out
    old.refresh_from_db()
    assert old.surname != ""
    call_command("apply_staff_retention", "--today", "2026-01-01")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.surname, old.email, old.bank_details, old.ni_number) == (
        "anonymised",
        "",
        "",
        "",
        "",
    )
    assert recent.status == "active"


def test_offer_letters_pdf(scheme, manager):
    positions(scheme, manager)
    PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    pdf = services.offer_letters(appointments=Appointment.objects.all()[:2], site_url=SITE,
                                 acting_user=manager)  # fmt: skip
    assert pdf.startswith(b"%PDF")
    assert Appointment.objects.filter(status="offered").count() == 2


def test_demo_seed_staffs_every_place(scheme):
    from ems.staffing.demo import staffing_demo_seed

    result = staffing_demo_seed(polling_day=scheme.day, acting_user=None)
    assert result["unfilled"] == 0
    assert result["proposed"] == result["places"]
    assert Person.objects.filter(status="applicant").count() == 2
    again = staffing_demo_seed(polling_day=scheme.day, acting_user=None)
    assert again == {"positions": Position.objects.filter(polling_day=scheme.day).count()}
