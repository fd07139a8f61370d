"""Absent vote times are typed, judged and shown in UK local time.

The deadlines are 5pm UK time (RPR 2001 reg 56). An application typed in as received at
17:01 in summer is 16:01 UTC: it must read 17:01 on the page and be late, and one at
16:59 must be in time, in summer (BST), in winter (GMT) and just after each clock change.
"""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ems.absent_voting import letters, services
from ems.absent_voting.models import AbsentVoteApplication, Letter
from tests.elections.factories import ElectionFactory, PollingDayFactory

from .conftest import LONDON, PNG

UTC = dt.UTC


def _post(client, election, number, received_on, received_time):
    return client.post(
        reverse("absent_voting:paper", args=["postal"]),
        {
            "elector_number": number,
            "received_on": received_on.isoformat(),
            "received_time": received_time,
            "scope": "election",
            "election": election.pk,
            "date_of_birth": "1980-01-01",
            "nino": "JG 10 37 59 A",
            "signature": SimpleUploadedFile("signature.png", PNG, content_type="image/png"),
        },
    )


@pytest.mark.parametrize(
    ("poll", "deadline", "utc_offset"),
    [
        (dt.date(2026, 7, 16), dt.date(2026, 7, 1), 1),  # summer (BST)
        (dt.date(2026, 12, 10), dt.date(2026, 11, 25), 0),  # winter (GMT)
        (dt.date(2026, 4, 16), dt.date(2026, 3, 30), 1),  # the day after the clocks go forward
        (dt.date(2026, 11, 12), dt.date(2026, 10, 28), 0),  # three days after they go back
    ],
)
def test_received_time_against_the_5pm_postal_vote_deadline(
    scheme, officer_client, settings, tmp_path, poll, deadline, utc_offset
):
    settings.MEDIA_ROOT = tmp_path
    election = ElectionFactory(
        election_id=f"local.exampleshire.{poll}", election_type="local",
        polling_day=PollingDayFactory(date=poll),
    )  # fmt: skip
    evening = dt.datetime.combine(deadline, dt.time(18), tzinfo=LONDON)
    with time_machine.travel(evening, tick=False):
        late = _post(officer_client, election, "NA1-1", deadline, "17:01")
        on_time = _post(officer_client, election, "NA1-2", deadline, "16:59")
    assert late.status_code == on_time.status_code == 302

    stored = AbsentVoteApplication.objects.get(elector__number=1).received_at
    assert stored == dt.datetime.combine(deadline, dt.time(17 - utc_offset, 1), tzinfo=UTC)
    day = f"{deadline.day} {deadline:%B %Y}"
    late_page = officer_client.get(late.url).content.decode()
    assert f"{day}, 17:01" in late_page
    assert "The application arrived after the deadline for a postal vote" in late_page
    assert f"5pm on {deadline:%A} {day}" in late_page
    on_time_page = officer_client.get(on_time.url).content.decode()
    assert f"{day}, 16:59" in on_time_page
    assert "arrived after the deadline" not in on_time_page
    queue = officer_client.get(reverse("absent_voting:queue", args=["awaiting_verification"]))
    assert f"{day}, 17:01" in queue.content.decode()


def test_letter_gives_the_uk_day_of_a_summer_application_received_after_midnight(
    scheme, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(letters, "_pdf", lambda html: html.encode())
    # 00:30 on 2 July in the UK is 23:30 UTC on 1 July.
    received = dt.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    app = services.application_create(
        acting_user=None, signature=PNG,
        values={"kind": "postal", "scope": "standing", "elector": scheme.electors[0],
                "date_of_birth": dt.date(1980, 1, 1), "received_at": received},
    )  # fmt: skip
    services.application_verify(application=app, route="documents", detail="x", acting_user=None)
    services.application_determine(
        application=app, acting_user=None, grant=True, today=dt.date(2026, 7, 3)
    )
    text = bytes(Letter.objects.get(kind="grant").pdf).decode()
    assert "Your application received on 2 July 2026 has been granted." in text
    assert "1 July 2026" not in text


@pytest.mark.parametrize(
    ("received_on", "received_time", "field_error"),
    [
        (dt.date(2026, 6, 16), "09:00", "The date received cannot be after today"),
        (dt.date(2026, 6, 15), "16:30", "The time received cannot be later than now"),
    ],
)
def test_a_paper_application_cannot_be_received_in_the_future(
    scheme, officer_client, settings, tmp_path, received_on, received_time, field_error
):
    """A mistyped year or day would set a receipt after the 5pm deadline (or before it)
    that never happened: the form says so and records nothing."""
    settings.MEDIA_ROOT = tmp_path
    election = ElectionFactory(
        election_id="local.exampleshire.2026-07-16", election_type="local",
        polling_day=PollingDayFactory(date=dt.date(2026, 7, 16)),
    )  # fmt: skip
    # 16:01 on 15 June 2026 in the UK (15:01 UTC): 16:30 that day is still to come.
    with time_machine.travel(dt.datetime(2026, 6, 15, 16, 1, tzinfo=LONDON), tick=False):
        response = _post(officer_client, election, "NA1-1", received_on, received_time)
        in_time = _post(officer_client, election, "NA1-2", dt.date(2026, 6, 15), "16:00")
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert in_time.status_code == 302
    assert list(AbsentVoteApplication.objects.values_list("elector__number", flat=True)) == [2]
