"""Count times (box check-in, result entered, declaration) are shown in UK local time.

Stored in UTC; an officer at the count reads the clock on the wall, so a box checked
in at 16:01 in summer is 15:01 UTC and must read 16:01, and either side of the clock
changes the time shown jumps with the clocks.
"""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.urls import reverse

from ems.count import services
from ems.count.models import BallotBoxCheckIn
from ems.elections.models import ContestedArea
from tests.elections.factories import ElectionFactory
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory, WardFactory
from tests.register.factories import ElectorFactory

UTC = dt.UTC


@pytest.fixture
def contest(db):
    ward = WardFactory(name="Northgate")
    election = ElectionFactory(election_id="local.exampleshire.2026-05-07", title="Exampleshire")
    area = ContestedArea.objects.create(
        election=election, ward=ward, seats=1, ballot_id="local.exampleshire.northgate.2026-05-07"
    )
    ElectorFactory(property=PropertyFactory(polling_district=PollingDistrictFactory(ward=ward)))
    return area


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        (dt.datetime(2026, 6, 15, 15, 1, tzinfo=UTC), "15 June 2026, 16:01"),  # BST
        (dt.datetime(2026, 12, 15, 15, 1, tzinfo=UTC), "15 December 2026, 15:01"),  # GMT
        # Clocks go forward at 01:00 UTC on 29 March 2026: 00:59 GMT, then 02:01 BST.
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29 March 2026, 00:59"),
        (dt.datetime(2026, 3, 29, 1, 1, tzinfo=UTC), "29 March 2026, 02:01"),
        # Clocks go back at 01:00 UTC on 25 October 2026: 01:59 BST, then 01:01 GMT.
        (dt.datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "25 October 2026, 01:59"),
        (dt.datetime(2026, 10, 25, 1, 1, tzinfo=UTC), "25 October 2026, 01:01"),
    ],
)
def test_box_check_in_and_declaration_show_the_uk_clock(
    contest, officer, manager, client, utc, shown
):
    with time_machine.travel(utc, tick=False):
        client.force_login(officer)
        client.post(
            reverse("count:contest", args=[contest.pk]),
            {"action": "box", "box-box_number": "7", "box-station": "St Mary's Hall"},
        )
        ann = services.candidate_add(contest=contest, name="Ann Able", party="", acting_user=None)
        services.fptp_result_enter(contest=contest, votes={ann.pk: 1}, acting_user=officer)
        services.result_declare(contest=contest, acting_user=manager)
    assert BallotBoxCheckIn.objects.get().checked_in_at == utc
    client.force_login(officer)  # the session signed in on the frozen day has run out
    page = client.get(reverse("count:contest", args=[contest.pk])).content.decode()
    assert page.count(shown) == 3  # box checked in, result entered, declared
    election_id = contest.election.election_id
    public = client.get(reverse("count:public_contest", args=[election_id, contest.ballot_id]))
    assert f"Declared {shown}." in public.content.decode()
    args = [election_id, contest.ballot_id]
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("count:public_contest_file", args=[*args, "results.csv"])
                ).content.decode()
            )
        )
    )
    data = json.loads(
        client.get(reverse("count:public_contest_file", args=[*args, "results.json"])).content
    )
    clock = shown.rsplit(", ", 1)[1]
    assert rows[0]["declared_at"] == data["declared_at"]
    assert rows[0]["declared_at"][11:16] == clock
    assert dt.datetime.fromisoformat(data["declared_at"]) == utc
