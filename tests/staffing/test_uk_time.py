"""Training and count session times are typed and shown in UK local time.

A session typed as 18:00 in April is 17:00 UTC and must read 18:00 on the pages and in
the reminder email; in March before the clocks change it is 18:00 UTC.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from ems.staffing import services
from ems.staffing.models import Appointment, Session, TrainingSession
from tests.staffing.factories import PersonFactory, TrainingModuleFactory

UTC = dt.UTC


def utc(month, day, hour, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("20/04/2026 18:00", utc(4, 20, 17), "Monday 20 April 2026, 18:00"),
        ("20/03/2026 18:00", utc(3, 20, 18), "Friday 20 March 2026, 18:00"),
        # The day the clocks go forward: 00:30 is still GMT, 18:00 is BST.
        ("29/03/2026 00:30", utc(3, 29, 0, 30), "Sunday 29 March 2026, 00:30"),
        ("29/03/2026 18:00", utc(3, 29, 17), "Sunday 29 March 2026, 18:00"),
        # Just after midnight in summer is the evening before in UTC.
        ("20/04/2026 00:30", utc(4, 19, 23, 30), "Monday 20 April 2026, 00:30"),
    ],
)  # fmt: skip
def test_training_session_time(scheme, manager, manager_client, officer, typed, stored, shown):
    module = TrainingModuleFactory(code="PO-ROOM", title="Presiding officer briefing",
                                   kind="in_person", roles=["presiding_officer"])  # fmt: skip
    url = reverse("staffing:training", args=[scheme.day.pk])
    response = manager_client.post(url, {
        "session": "1", "module": module.pk, "starts_at": typed,
        "venue": "Civic Centre", "capacity": "5", "roles": ["presiding_officer"],
    }, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "The session was added." in page
    session = TrainingSession.objects.get()
    assert session.starts_at == stored
    assert shown in page
    session_page = manager_client.get(reverse("staffing:training_session", args=[session.pk]))
    assert shown in session_page.content.decode()

    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    PersonFactory.create_batch(3)
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    services.offers_send(appointments=Appointment.objects.all(), site_url="https://ems.example",
                         acting_user=manager)  # fmt: skip
    mail.outbox.clear()
    services.training_reminders_send(
        polling_day=scheme.day, acting_user=officer, now=stored - dt.timedelta(days=7)
    )
    clock = shown.rsplit(", ", 1)[1]
    weekday_day_month = shown.rsplit(" ", 2)[0]  # "Monday 20 April"
    assert any(f"- {weekday_day_month} at {clock}, Civic Centre" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_count_session_time_on_the_setup_page(scheme, manager_client):
    url = reverse("staffing:setup", args=[scheme.day.pk])
    response = manager_client.post(
        url, {"session": "1", "kind": "count", "name": "The count", "starts_at": "08/05/2026 09:00",
              "assistants": "40", "supervisors": "4"}, follow=True,
    )  # fmt: skip
    assert Session.objects.get().starts_at == dt.datetime(2026, 5, 8, 8, tzinfo=UTC)
    assert "The count (Count), 8 May 2026, 09:00" in response.content.decode()
