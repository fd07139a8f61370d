"""In-person training sessions: planning, booking up to capacity, attendance completing the
module, reminders for those not booked or not done, and the completion report."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.staffing import selectors, services
from ems.staffing.models import Appointment, Position, TrainingBooking, TrainingCompletion
from tests.staffing.factories import PersonFactory, TrainingModuleFactory

SITE = "https://ems.example.gov.uk"


def at(day, hour=18):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def placed(scheme, manager):
    """Seven people offered the seven places of the scheme (3 POs, 3 clerks, 1 inspector)."""
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    PersonFactory.create_batch(7)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url=SITE,
                         acting_user=manager)  # fmt: skip
    mail.outbox.clear()
    return {
        role: [a.person for a in Appointment.objects.filter(position__role=role)]
        for role in ("presiding_officer", "poll_clerk", "inspector")
    }


@pytest.fixture
def po_module(db):
    return TrainingModuleFactory(code="PO-ROOM", title="Presiding officer briefing",
                                 kind="in_person", roles=["presiding_officer"])  # fmt: skip


def add_session(scheme, manager, module, capacity=2, when=dt.date(2026, 4, 20), **extra):
    return services.training_session_add(
        module=module, polling_day=scheme.day, starts_at=at(when), venue="Civic Centre",
        capacity=capacity, acting_user=manager, **extra,
    )  # fmt: skip


def test_planning_a_session_is_checked_and_audited(scheme, manager, officer, po_module):
    digital = TrainingModuleFactory(kind="digital")
    with pytest.raises(NotPermitted):
        add_session(scheme, officer, po_module)
    with pytest.raises(InvalidInput, match="is a digital module"):
        add_session(scheme, manager, digital)
    with pytest.raises(InvalidInput, match="on or before the polling day"):
        add_session(scheme, manager, po_module, when=dt.date(2026, 5, 8))
    with pytest.raises(InvalidInput, match="capacity from 1"):
        add_session(scheme, manager, po_module, capacity=0)
    session = add_session(scheme, manager, po_module, roles_for=["presiding_officer"])
    assert session.for_roles == ["presiding_officer"]
    event = AuditEvent.objects.get(action="staffing.training_session.add")
    assert event.after["capacity"] == 2 and event.after["venue"] == "Civic Centre"


def test_booking_enforces_capacity_roles_and_one_session_per_module(
    scheme, manager, officer, reader, placed, po_module
):
    session = add_session(scheme, manager, po_module, capacity=2)
    other = add_session(scheme, manager, po_module, capacity=5, when=dt.date(2026, 4, 22))
    pos = placed["presiding_officer"]
    with pytest.raises(NotPermitted):
        services.training_session_book(session=session, people=pos[:1], acting_user=reader)
    with pytest.raises(
        InvalidInput, match="Not placed in those roles: " + placed["poll_clerk"][0].name
    ):
        services.training_session_book(session=session, people=placed["poll_clerk"][:1],
                                       acting_user=officer)  # fmt: skip
    with pytest.raises(InvalidInput, match="The session has 2 places left: 3 cannot be booked"):
        services.training_session_book(session=session, people=pos, acting_user=officer)
    assert not TrainingBooking.objects.exists()  # all or nothing
    assert services.training_session_book(session=session, people=pos[:2], acting_user=officer) == 2
    # Booking someone again changes nothing; a full session refuses anyone new.
    assert services.training_session_book(session=session, people=pos[:1], acting_user=officer) == 0
    with pytest.raises(InvalidInput, match="0 places left"):
        services.training_session_book(session=session, people=pos[2:], acting_user=officer)
    with pytest.raises(InvalidInput, match="Already booked onto another session"):
        services.training_session_book(session=other, people=pos[:1], acting_user=officer)
    services.training_booking_cancel(session=session, person=pos[0], acting_user=officer)
    assert services.training_session_book(session=other, people=pos[:1], acting_user=officer) == 1
    assert AuditEvent.objects.filter(action="staffing.training.book").count() == 3
    assert AuditEvent.objects.filter(action="staffing.training.cancel").count() == 1


def test_attendance_completes_the_module_and_the_report_counts_it(
    scheme, manager, officer, placed, po_module
):
    session = add_session(scheme, manager, po_module, capacity=3)
    pos = placed["presiding_officer"]
    services.training_session_book(session=session, people=pos, acting_user=officer)
    report = selectors.training_report(scheme.day)
    assert report["role"]["Presiding officer"] == {"staff": 3, "complete": 0, "booked": 3}
    with pytest.raises(InvalidInput, match="Only people booked"):
        services.training_attendance_record(session=session, attended=[placed["poll_clerk"][0].pk],
                                            acting_user=officer)  # fmt: skip
    result = services.training_attendance_record(
        session=session, attended=[pos[0].pk, pos[1].pk], acting_user=officer
    )
    assert result == {"attended": 2, "changed": 3, "completed": 2, "completions_removed": 0}
    done = TrainingCompletion.objects.get(person=pos[0])
    assert done.completed_on == dt.date(2026, 4, 20)
    report = selectors.training_report(scheme.day)
    assert report["role"]["Presiding officer"] == {"staff": 3, "complete": 2, "booked": 0}
    stations = {name: row["complete"] for name, row in report["place"].items()}
    assert sum(stations.values()) == 2 + 3 + 1  # clerks and inspector have no modules
    [row] = report["sessions"]
    assert (row.booked, row.attended, row.places_left) == (3, 2, 0)
    # Correcting the register takes away only the completion this session gave.
    services.training_attendance_record(session=session, attended=[pos[0].pk],
                                        acting_user=officer)  # fmt: skip
    assert not TrainingCompletion.objects.filter(person=pos[1]).exists()
    with pytest.raises(InvalidInput, match="attended this session"):
        services.training_booking_cancel(session=session, person=pos[0], acting_user=officer)
    # Someone who missed the session may book another one.
    later = add_session(scheme, manager, po_module, when=dt.date(2026, 4, 30))
    assert services.training_session_book(session=later, people=[pos[2]], acting_user=officer)


def test_attendance_cannot_be_recorded_before_the_session(scheme, manager, officer, po_module):
    session = add_session(scheme, manager, po_module)
    session.starts_at = timezone.now() + dt.timedelta(days=1)  # a session still to come
    with pytest.raises(InvalidInput, match="not taken place yet"):
        services.training_attendance_record(session=session, attended=[], acting_user=officer)


def test_reminders_for_those_not_booked_and_not_done(scheme, manager, officer, placed, po_module):
    TrainingModuleFactory(code="CLERK", title="Poll clerk e-learning", roles=["poll_clerk"])
    session = add_session(scheme, manager, po_module, capacity=5)
    add_session(scheme, manager, po_module, capacity=5, when=dt.date(2026, 4, 27))
    pos = placed["presiding_officer"]
    services.training_session_book(session=session, people=pos[:1], acting_user=officer)
    sent = services.training_reminders_send(
        polling_day=scheme.day, acting_user=officer, now=at(dt.date(2026, 4, 1))
    )
    assert sent == 6  # 3 presiding officers and 3 clerks; the inspector has nothing to do
    bodies = {m.to[0]: m.body for m in mail.outbox}
    booked = bodies[pos[0].email]
    assert (
        "You are booked onto Presiding officer briefing on Monday 20 April at 18:00, Civic Centre"
        in booked
    )
    not_booked = bodies[pos[1].email]
    assert "You have not booked a place on Presiding officer briefing yet." in not_booked
    assert "- Monday 20 April at 18:00, Civic Centre" in not_booked
    assert "- Monday 27 April at 18:00, Civic Centre" in not_booked
    clerk = bodies[placed["poll_clerk"][0].email]
    assert "On the learning platform: Poll clerk e-learning." in clerk
    assert "booked" not in clerk


def test_training_sessions_page(scheme, manager_client, reader, placed, po_module):
    url = reverse("staffing:training", args=[scheme.day.pk])
    page = manager_client.get(url).content.decode()
    assert "Plan an in-person session" in page
    response = manager_client.post(url, {
        "session": "1", "module": po_module.pk, "starts_at": "20/04/2026 18:00",
        "venue": "Civic Centre", "capacity": "2", "roles": ["presiding_officer"],
    }, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "The session was added." in page
    session = po_module.sessions.get()
    assert "Civic Centre" in page and "2 places left" in page
    session_url = reverse("staffing:training_session", args=[session.pk])
    page = manager_client.get(session_url).content.decode()
    pos = placed["presiding_officer"]
    for person in pos:
        assert person.name in page
    response = manager_client.post(
        session_url, {"book": "1", "person": [p.pk for p in pos]}, follow=True
    )
    assert "The session has 2 places left: 3 cannot be booked" in response.content.decode()
    response = manager_client.post(
        session_url, {"book": "1", "person": [p.pk for p in pos[:2]]}, follow=True
    )
    assert "2 people booked." in response.content.decode()
    response = manager_client.post(
        session_url, {"attendance": "1", "attended": [pos[0].pk]}, follow=True
    )
    page = response.content.decode()
    assert "Attendance recorded: 1 attended; 1 completed the module." in page
    assert TrainingCompletion.objects.filter(person=pos[0], module=po_module).exists()
    # A reader sees the session but cannot book.
    reader_client = manager_client
    reader_client.force_login(reader)
    page = reader_client.get(session_url).content.decode()
    assert "Book the people chosen" not in page
    response = reader_client.post(session_url, {"book": "1", "person": [pos[2].pk]}, follow=True)
    assert "You need the role" in response.content.decode()
    assert Position.objects.exists()
