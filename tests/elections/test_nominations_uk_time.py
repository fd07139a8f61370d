"""Nomination delivery times are typed, judged against 4pm and shown in UK local time.

Nomination papers must be delivered by 4pm on the last day (LEPR 2006 Sch 2 r 1 and
the timetable). 16:01 typed in summer is 15:01 UTC and too late; 15:59 is in time.
"""

import datetime as dt

import pytest
from django.urls import reverse

from ems.elections import nominations as svc
from ems.elections import nominations_selectors as sel
from ems.elections import services
from ems.elections.models import Candidate
from tests.gazetteer.factories import WardFactory

UTC = dt.UTC


@pytest.mark.parametrize(
    ("poll", "utc_offset"),
    [(dt.date(2026, 5, 7), 1), (dt.date(2026, 12, 10), 0)],  # summer (BST), winter (GMT)
)
@pytest.mark.django_db
def test_delivery_against_the_4pm_close_of_nominations(officer_client, manager, officer, poll,
                                                       utc_offset):  # fmt: skip
    election = services.election_create(
        title="Exampleshire District Council", election_type="local", poll_date=poll,
        country="england", organisation="Exampleshire",
        areas=[services.AreaSpec(ward=WardFactory(name="Northgate"), seats=1)],
        acting_user=manager, generate_plan=False,
    )  # fmt: skip
    close = sel.nomination_deadlines(election).close_of_nominations
    day = close.date()
    assert close.astimezone(UTC) == dt.datetime.combine(day, dt.time(16 - utc_offset), UTC)
    candidate = svc.candidate_add(
        area=election.areas.get(), surname="Example", other_names="Alex", home_address="1 High St",
        acting_user=officer,
    )  # fmt: skip
    url = f"/elections/{election.pk}/nominations/candidates/{candidate.pk}/"

    late = officer_client.post(url, {"action": "deliver", "deliver-at": f"{day:%d/%m/%Y} 16:01"})
    text = late.content.decode()
    assert f"must be delivered by 4pm on {day:%A} {day.day} {day:%B %Y}; these are too late" in (
        text
    )
    candidate.refresh_from_db()
    assert candidate.delivered_at is None

    officer_client.post(url, {"action": "deliver", "deliver-at": f"{day:%d/%m/%Y} 15:59"})
    candidate = Candidate.objects.get()
    assert candidate.delivered_at == dt.datetime.combine(day, dt.time(15 - utc_offset, 59), UTC)
    shown = f"{day.day} {day:%B %Y}, 15:59"
    assert shown in officer_client.get(url).content.decode()
    audit_page = officer_client.get(reverse("core:audit"), {"action": "candidate.delivered"})
    assert f"delivered_at={shown}" in audit_page.content.decode()
