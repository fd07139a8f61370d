"""The statutory timetable against timetables published for real polls, and its invariants.

Sources (Electoral Commission timetables, as republished):
- UK Parliamentary general election 4 July 2024: Electoral Commission "Timetable for a UK
  Parliamentary general election on 4 July 2024" (markpack.org.uk/172881, 22 May 2024) and
  Comhairle nan Eilean Siar's copy (cne-siar.gov.uk, uk-parliamentary-election/timetable).
- English local elections 2 May 2024: Electoral Commission "Local elections in England 2024
  media guide" (electoralcommission.org.uk/news-and-views/media-centre/...-2024-media-guide)
  and Royal Borough of Kingston's timetable (kingston.gov.uk).
- English local elections 1 May 2025: Stroud District Council elections timetable
  (stroud.gov.uk, Gloucestershire County Council elections 1 May 2025).
- Scottish Parliament 6 May 2021: Comhairle nan Eilean Siar's Electoral Commission timetable
  (cne-siar.gov.uk/.../scottish-parliamentary-election-2021/timetable) and Lothian VJB.
- Senedd 7 May 2026: nominations closed 9 April (vote.wales, "How to stand for election");
  statement published by 4pm 18 working days before the poll (Electoral Commission Senedd
  guidance for candidates).
"""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from uk_election_ids.metadata_tools import IDRequirementsMatcher

from ems.elections.rules.timetable import (
    EVENT_ORDER,
    ElectionType,
    Nation,
    is_working_day,
    statutory_timetable,
    voter_id_applies,
)

D = dt.date


def table(election_type, poll_date, nation=None):
    return {
        e.key: (e.date, e.time.strftime("%H:%M") if e.time else None)
        for e in statutory_timetable(election_type, poll_date, nation)
    }


def test_uk_parliamentary_general_election_4_july_2024():
    t = table("parl", D(2024, 7, 4), "england")
    assert t["notice_of_election"] == (D(2024, 6, 4), "16:00")
    assert t["close_of_nominations"] == (D(2024, 6, 7), "16:00")
    assert t["withdrawal_deadline"] == (D(2024, 6, 7), "16:00")
    # No objections: 5pm on the last day for nominations; objections: by 4pm Monday 10 June.
    assert t["sopn_publication"] == (D(2024, 6, 7), "17:00")
    assert t["sopn_publication_if_objections"] == (D(2024, 6, 10), "16:00")
    assert t["notice_of_poll"] == (D(2024, 6, 7), "17:00")
    assert t["registration_deadline"] == (D(2024, 6, 18), "23:59")
    assert t["postal_vote_deadline"] == (D(2024, 6, 19), "17:00")
    assert t["proxy_deadline"] == (D(2024, 6, 26), "17:00")
    assert t["vac_deadline"] == (D(2024, 6, 26), "17:00")
    assert t["emergency_proxy_deadline"] == (D(2024, 7, 4), "17:00")
    assert t["polling_day"] == (D(2024, 7, 4), "07:00")


def test_uk_parliamentary_2024_same_in_scotland():
    t = table("parl", D(2024, 7, 4), "scotland")
    assert t["close_of_nominations"] == (D(2024, 6, 7), "16:00")
    assert t["registration_deadline"] == (D(2024, 6, 18), "23:59")
    assert "vac_deadline" in t  # voter ID applies at UK Parliamentary polls in Scotland


def test_english_local_elections_2_may_2024():
    t = table("local", D(2024, 5, 2), "england")
    assert t["notice_of_election"] == (D(2024, 3, 26), None)
    assert t["close_of_nominations"] == (D(2024, 4, 5), "16:00")
    assert t["sopn_publication"] == (D(2024, 4, 8), "16:00")
    assert t["registration_deadline"] == (D(2024, 4, 16), "23:59")
    assert t["postal_vote_deadline"] == (D(2024, 4, 17), "17:00")
    assert t["proxy_deadline"] == (D(2024, 4, 24), "17:00")
    assert t["vac_deadline"] == (D(2024, 4, 24), "17:00")
    assert t["notice_of_poll"] == (D(2024, 4, 24), None)
    assert t["emergency_proxy_deadline"] == (D(2024, 5, 2), "17:00")


def test_pcc_and_mayoral_2024_follow_the_local_timetable():
    local = table("local", D(2024, 5, 2), "england")
    for kind in ("pcc", "mayor"):
        t = table(kind, D(2024, 5, 2), "england")
        for key in ("notice_of_election", "close_of_nominations", "postal_vote_deadline"):
            assert t[key] == local[key]


def test_english_local_elections_1_may_2025():
    t = table("local", D(2025, 5, 1), "england")
    assert t["notice_of_election"] == (D(2025, 3, 25), None)
    assert t["close_of_nominations"] == (D(2025, 4, 2), "16:00")
    # Easter (18 and 21 April) is not counted.
    assert t["registration_deadline"] == (D(2025, 4, 11), "23:59")
    assert t["postal_vote_deadline"] == (D(2025, 4, 14), "17:00")
    assert t["proxy_deadline"] == (D(2025, 4, 23), "17:00")
    assert t["vac_deadline"] == (D(2025, 4, 23), "17:00")


def test_english_local_elections_7_may_2026():
    t = table("local", D(2026, 5, 7), "england")
    assert t["notice_of_election"] == (D(2026, 3, 30), None)
    assert t["close_of_nominations"] == (D(2026, 4, 9), "16:00")
    assert t["sopn_publication"] == (D(2026, 4, 10), "16:00")
    assert t["registration_deadline"] == (D(2026, 4, 20), "23:59")
    assert t["postal_vote_deadline"] == (D(2026, 4, 21), "17:00")
    assert t["proxy_deadline"] == (D(2026, 4, 28), "17:00")


def test_scottish_parliament_6_may_2021():
    t = table("sp", D(2021, 5, 6))
    assert t["notice_of_election"] == (D(2021, 3, 24), None)
    assert t["close_of_nominations"] == (D(2021, 3, 31), "16:00")
    assert t["sopn_publication"] == (D(2021, 3, 31), "17:00")
    assert t["registration_deadline"] == (D(2021, 4, 19), "23:59")
    # Scottish General Election (Coronavirus) Act 2021: postal deadline 21 working days.
    assert t["postal_vote_deadline"] == (D(2021, 4, 6), "17:00")
    assert t["proxy_deadline"] == (D(2021, 4, 27), "17:00")
    assert "vac_deadline" not in t


def test_scottish_parliament_7_may_2026_disregards_easter_monday_for_nominations():
    t = table("sp", D(2026, 5, 7))
    assert t["close_of_nominations"] == (D(2026, 4, 1), "16:00")
    assert t["notice_of_election"] == (D(2026, 3, 25), None)
    assert t["registration_deadline"] == (D(2026, 4, 20), "23:59")
    assert t["postal_vote_deadline"] == (D(2026, 4, 21), "17:00")
    assert "vac_deadline" not in t


def test_senedd_7_may_2026():
    t = table("senedd", D(2026, 5, 7))
    assert t["close_of_nominations"] == (D(2026, 4, 9), "16:00")
    assert t["sopn_publication"] == (D(2026, 4, 10), "16:00")
    assert t["notice_of_poll"] == (D(2026, 4, 10), "16:00")
    assert "vac_deadline" not in t


def test_no_voter_authority_certificate_where_voter_id_does_not_apply():
    assert "vac_deadline" not in table("local", D(2026, 5, 7), "wales")
    assert "vac_deadline" not in table("local", D(2027, 5, 6), "scotland")
    assert "vac_deadline" not in table("local", D(2022, 5, 5), "england")  # before voter ID
    assert "vac_deadline" in table("local", D(2023, 5, 4), "england")  # first day of voter ID


def test_referendum_has_no_nominations():
    t = table("ref", D(2026, 5, 7), "england")
    assert "close_of_nominations" not in t and "sopn_publication" not in t
    assert t["notice_of_election"] == (D(2026, 3, 30), None)


def test_every_event_has_a_citation():
    for kind in ElectionType:
        for event in statutory_timetable(kind, D(2026, 5, 7), None):
            assert event.citation and event.label


def test_voter_id_matches_democracy_club_metadata():
    """Cross-check with uk-election-ids' own voter ID data for common polls."""
    cases = [
        ("local.2026-05-07", "local", "ENG", Nation.ENGLAND),
        ("local.2026-05-07", "local", "WLS", Nation.WALES),
        ("local.2026-05-07", "local", "SCT", Nation.SCOTLAND),
        ("parl.2024-07-04", "parl", "ENG", Nation.ENGLAND),
        ("parl.2024-07-04", "parl", "SCT", Nation.SCOTLAND),
        ("sp.c.2026-05-07", "sp", "SCT", Nation.SCOTLAND),
        ("senedd.2026-05-07", "senedd", "WLS", Nation.WALES),
        ("local.2022-05-05", "local", "ENG", Nation.ENGLAND),
    ]
    for election_id, kind, code, nation in cases:
        theirs = IDRequirementsMatcher(election_id, nation=code).get_id_requirements()
        poll_date = D.fromisoformat(election_id[-10:])
        assert voter_id_applies(kind, poll_date, nation) == bool(theirs), election_id


# Bank-holiday data in uk-election-timetables runs to the end of 2028.
poll_dates = st.dates(min_value=D(2015, 3, 1), max_value=D(2028, 12, 20)).filter(
    lambda d: d.weekday() < 5
)
kinds_and_nations = st.sampled_from(
    [(kind, nation) for kind in ElectionType for nation in Nation]
    + [(ElectionType.SCOTTISH_PARLIAMENT, None), (ElectionType.SENEDD, None)]
).filter(
    lambda pair: (
        pair[1] is None
        or pair[0]
        not in (ElectionType.SCOTTISH_PARLIAMENT, ElectionType.SENEDD, ElectionType.NI_ASSEMBLY)
    )
)


@given(poll_date=poll_dates, kind_nation=kinds_and_nations)
def test_deadlines_are_working_days_and_in_order(poll_date, kind_nation):
    kind, nation = kind_nation
    events = statutory_timetable(kind, poll_date, nation)
    place = nation or {ElectionType.SCOTTISH_PARLIAMENT: "scotland"}.get(kind, "wales")
    easter_monday = place == "scotland" and kind in (
        ElectionType.SCOTTISH_PARLIAMENT,
        ElectionType.LOCAL,
        ElectionType.PARISH,
    )
    for event in events:
        if event.key in ("polling_day", "emergency_proxy_deadline"):
            assert event.date == poll_date
            continue
        assert event.date < poll_date
        assert is_working_day(event.date, place), (event.key, event.date)
        if easter_monday and event.key in ("notice_of_election", "close_of_nominations"):
            assert is_working_day(event.date, place, easter_monday=True)
    t = {e.key: e.date for e in events}
    assert events[-1].date == poll_date
    assert [e.date for e in events] == sorted(e.date for e in events)
    if "close_of_nominations" in t:
        assert t["notice_of_election"] < t["close_of_nominations"] <= t["sopn_publication"]
        assert t["sopn_publication"] <= t["notice_of_poll"] < t["polling_day"]
    assert t["postal_vote_deadline"] <= t["proxy_deadline"] < t["polling_day"]
    assert t["registration_deadline"] < t["postal_vote_deadline"] or nation == "northern-ireland"
    assert set(t) <= set(EVENT_ORDER)
