"""Merging duplicate staff records: one is kept, everything moves to it, nothing is lost,
and two people placed on the same polling day are never merged."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.staffing import selectors, services
from ems.staffing.models import (
    AccessLink,
    Appointment,
    Availability,
    Message,
    Person,
    Position,
    TrainingBooking,
    TrainingCompletion,
)
from tests.staffing.factories import PersonFactory, TrainingModuleFactory
from tests.staffing.test_services import ACCOUNT, complete


@pytest.fixture
def pair(scheme, manager):
    """An applicant who filled in the public form again under a nickname."""
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    keep = PersonFactory(first_names="Robert", surname="Smith", email="bob@example.com",
                         phone="", postcode="EX1 2AB", languages="Welsh",
                         experience={"poll_clerk": 2}, roles_wanted=["poll_clerk"])  # fmt: skip
    dup = PersonFactory(first_names="Rob", surname="Smith", email="bob@example.com",
                        phone="07700 900123", postcode="EX1 2AB", languages="Polish",
                        experience={"poll_clerk": 3, "count": 1}, roles_wanted=["count"],
                        notes="Prefers mornings", status="applicant")  # fmt: skip
    return keep, dup


def test_merge_moves_everything_and_audits_both_records(scheme, manager, officer, pair):
    keep, dup = pair
    assert (dup, "same email address") in selectors.duplicates_of(keep)
    complete(dup, officer)
    po = Position.objects.get(role="presiding_officer", station=scheme.station1)
    Person.objects.filter(pk=dup.pk).update(status="active")
    dup.refresh_from_db()
    appointment = services.appointment_propose(position=po, person=dup, acting_user=officer)
    services.availability_set(person=dup, polling_day=scheme.day, available=True,
                              acting_user=officer)  # fmt: skip
    module = TrainingModuleFactory(code="PO", kind="in_person", roles=["presiding_officer"])
    for person, day in ((keep, dt.date(2026, 4, 2)), (dup, dt.date(2026, 3, 30))):
        services.training_completion_record(
            person=person, module=module, completed_on=day, acting_user=officer
        )
    session = services.training_session_add(
        module=module, polling_day=scheme.day, venue="Civic Centre", capacity=5,
        starts_at=timezone.make_aware(dt.datetime(2026, 4, 20, 18)), acting_user=manager,
    )  # fmt: skip
    services.training_session_book(session=session, people=[dup], acting_user=officer)
    services.enquiry_log(person=dup, subject="Asked about parking", acting_user=officer)
    AccessLink.objects.create(token_hash="x" * 64, person=dup, appointment=appointment,
                              expires_at=timezone.now())  # fmt: skip
    with pytest.raises(NotPermitted):
        services.person_merge(keep=keep, duplicate=dup, acting_user=officer)

    merged = services.person_merge(keep=keep, duplicate=dup, acting_user=manager,
                                   reason="filled in the form twice")  # fmt: skip
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert merged.pk == keep.pk
    assert (merged.first_names, merged.phone, merged.languages) == (
        "Robert", "07700 900123", "Welsh"
    )  # fmt: skip
    assert "From merged record" in merged.notes and "languages: Polish" in merged.notes
    assert "Prefers mornings" in merged.notes
    assert merged.roles_wanted == ["count", "poll_clerk"]
    assert merged.experience == {"poll_clerk": 3, "count": 1}
    assert services.compliance_missing(merged) == []
    assert services.bank_details_masked(merged).endswith(ACCOUNT[-4:])
    assert Appointment.objects.get(pk=appointment.pk).person_id == keep.pk
    assert Availability.objects.get(polling_day=scheme.day).person_id == keep.pk
    completion = TrainingCompletion.objects.get()
    assert (completion.person_id, completion.completed_on) == (keep.pk, dt.date(2026, 3, 30))
    assert TrainingBooking.objects.get().person_id == keep.pk
    assert Message.objects.get(subject="Asked about parking").person_id == keep.pk
    assert AccessLink.objects.get().person_id == keep.pk
    event = AuditEvent.objects.get(action="staffing.person.merge")
    assert event.reason == "filled in the form twice"
    assert event.before["merged"]["first_names"] == "Rob"
    assert event.before["merged"]["bank_details"] == "(recorded)"  # never the details
    assert ACCOUNT not in str(event.before) + str(event.after)
    assert event.before["merged_training"] == {"PO": "2026-03-30"}
    assert event.after["moved"]["appointments"] == 1


def test_people_placed_on_the_same_polling_day_are_not_merged(scheme, manager, officer, pair):
    keep, dup = pair
    Person.objects.filter(pk=dup.pk).update(status="active")
    dup.refresh_from_db()
    po = Position.objects.get(role="presiding_officer", station=scheme.station1)
    clerk = Position.objects.get(role="poll_clerk", station=scheme.station2)
    services.appointment_propose(position=po, person=keep, acting_user=officer)
    other = services.appointment_propose(position=clerk, person=dup, acting_user=officer)
    with pytest.raises(InvalidInput, match="Both have a place on 7 May 2026") as caught:
        services.person_merge(keep=keep, duplicate=dup, acting_user=manager)
    assert "Withdraw one of them first" in str(caught.value)
    assert Person.objects.filter(pk=dup.pk).exists()
    assert not AuditEvent.objects.filter(action="staffing.person.merge").exists()
    # Once one place has ended, the merge can go ahead.
    services.appointment_withdraw(appointment=other, acting_user=officer)
    services.person_merge(keep=keep, duplicate=dup, acting_user=manager)
    assert keep.appointments.count() == 2


def test_different_ni_numbers_are_not_merged(db, manager, officer):
    keep, dup = PersonFactory.create_batch(2)
    services.compliance_update(person=keep, ni_number="AB123456C", acting_user=officer)
    services.compliance_update(person=dup, ni_number="CE123456A", acting_user=officer)
    with pytest.raises(InvalidInput, match="different National Insurance numbers"):
        services.person_merge(keep=keep, duplicate=dup, acting_user=manager)
    with pytest.raises(InvalidInput, match="two different people"):
        services.person_merge(keep=keep, duplicate=keep, acting_user=manager)


def test_merge_page(scheme, manager_client, pair):
    keep, dup = pair
    page = manager_client.get(reverse("staffing:person", args=[keep.pk])).content.decode()
    url = reverse("staffing:person_merge", args=[keep.pk, dup.pk])
    assert url in page
    page = manager_client.get(url).content.decode()
    assert "Kept (number" in page and "07700 900123" in page
    response = manager_client.post(url, {"merge": "1", "reason": "same person"}, follow=True)
    assert "The duplicate record was merged into Robert Smith" in response.content.decode()
    assert not Person.objects.filter(pk=dup.pk).exists()
