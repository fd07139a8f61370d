import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    out = StringIO()
    call_command("election_timetable", *args, stdout=out)
    return json.loads(out.getvalue())


def test_json_for_the_2024_general_election():
    data = run("parl.2024-07-04", "--json")
    assert data["election_id"] == "parl.2024-07-04"
    events = {e["event"]: e for e in data["events"]}
    assert events["close_of_nominations"] == {
        "event": "close_of_nominations",
        "date": "2024-06-07",
        "time": "16:00",
        "label": "Deadline for delivery of nomination papers",
        "citation": "RPA 1983 Sch 1 r 1 (timetable); 4pm, 19 working days before the poll",
    }
    assert events["postal_vote_deadline"]["date"] == "2024-06-19"
    assert events["postal_vote_deadline"]["time"] == "17:00"
    assert events["vac_deadline"]["date"] == "2024-06-26"
    assert events["emergency_proxy_deadline"]["date"] == "2024-07-04"
    assert events["notice_of_election"]["date"] == "2024-06-04"
    required = {
        "notice_of_election", "close_of_nominations", "sopn_publication",
        "registration_deadline", "postal_vote_deadline", "proxy_deadline", "vac_deadline",
        "emergency_proxy_deadline", "polling_day",
    }  # fmt: skip
    assert required <= set(events)
    assert [e["date"] for e in data["events"]] == sorted(e["date"] for e in data["events"])


def test_country_from_the_identifier_and_the_option():
    sp = {e["event"]: e for e in run("sp.c.2026-05-07", "--json")["events"]}
    assert "vac_deadline" not in sp
    assert sp["close_of_nominations"]["date"] == "2026-04-01"
    wales = {e["event"] for e in run("local.2026-05-07", "--country", "wales", "--json")["events"]}
    assert "vac_deadline" not in wales
    england = {e["event"] for e in run("local.2026-05-07", "--json")["events"]}
    assert "vac_deadline" in england


def test_bad_identifiers_are_reported():
    with pytest.raises(CommandError, match="Unknown election type 'council'"):
        run("council.2026-05-07", "--json")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("local.7-5-2026", "--json")
    with pytest.raises(CommandError, match="only in Scotland"):
        run("sp.c.2026-05-07", "--country", "wales", "--json")


def test_text_output():
    out = StringIO()
    call_command("election_timetable", "senedd.2026-05-07", stdout=out)
    assert "Thu 09 Apr 2026 16:00  Deadline for delivery of nomination papers" in out.getvalue()
