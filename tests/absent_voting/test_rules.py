"""Absent voting rules at their boundaries."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ems.absent_voting.rules import deadlines, decision, periods, proxy_limits, rejection, vac

POLL = dt.date(2026, 5, 7)  # Thursday; the early May bank holiday is Monday 4 May 2026


def test_deadlines_for_an_english_local_poll_skip_the_bank_holiday():
    found = deadlines.deadlines_for_poll("local", POLL, "england")
    # 11 working days back from 7 May 2026, skipping Mon 4 May: Tue 21 April.
    assert found["postal"].at == dt.datetime(2026, 4, 21, 17, 0)
    assert found["change"].at == found["postal"].at == found["postal_proxy"].at
    # 6 working days back: Wed 28 April.
    assert found["proxy"].at == dt.datetime(2026, 4, 28, 17, 0)
    assert found["vac"].at == dt.datetime(2026, 4, 28, 17, 0)
    assert found["emergency_proxy"].at == dt.datetime(2026, 5, 7, 17, 0)
    assert found["postal"].text == "5pm on Tuesday 21 April 2026"


def test_no_vac_deadline_where_voter_id_does_not_apply():
    scottish = deadlines.deadlines_for_poll("local", POLL, "scotland")
    assert "vac" not in scottish
    assert "postal" in scottish


def test_4_59pm_is_in_time_and_5_01pm_is_late():
    deadline = deadlines.deadlines_for_poll("local", POLL, "england")["postal"]
    assert deadlines.in_time(dt.datetime(2026, 4, 21, 16, 59), deadline)
    assert deadlines.in_time(dt.datetime(2026, 4, 21, 17, 0), deadline)
    assert not deadlines.in_time(dt.datetime(2026, 4, 21, 17, 1), deadline)
    message = deadlines.lateness_message("postal", deadline, "Council election")
    assert "5pm on Tuesday 21 April 2026" in message and "reg 56" in message


def test_postal_vote_ends_on_the_third_31_january_after_the_grant():
    assert periods.postal_vote_end(dt.date(2024, 2, 1)) == dt.date(2027, 1, 31)
    assert periods.postal_vote_end(dt.date(2024, 4, 1)) == dt.date(2027, 1, 31)
    assert periods.postal_vote_end(dt.date(2024, 1, 30)) == dt.date(2026, 1, 31)
    # A 31 January on the day of the grant is not "after" it.
    assert periods.postal_vote_end(dt.date(2024, 1, 31)) == dt.date(2027, 1, 31)
    # Granted before 31 October 2023: the transitional end.
    assert periods.postal_vote_end(dt.date(2020, 6, 1)) == dt.date(2026, 1, 31)


def test_a_definite_period_longer_than_allowed_is_cut_to_the_maximum():
    granted = dt.date(2026, 3, 1)
    assert periods.postal_vote_end(granted, dt.date(2035, 1, 1)) == dt.date(2029, 1, 31)
    assert periods.postal_vote_end(granted, dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)


@given(st.dates(min_value=dt.date(2023, 10, 31), max_value=dt.date(2090, 1, 1)))
def test_postal_votes_never_last_more_than_three_years(granted):
    end = periods.postal_vote_end(granted)
    assert end.month == 1 and end.day == 31
    assert granted < end <= periods.add_years(granted, 3)


def test_signatures_are_refreshed_after_five_years():
    assert periods.signature_refresh_due(dt.date(2021, 1, 30), 2026)
    assert not periods.signature_refresh_due(dt.date(2021, 1, 31), 2026)
    assert periods.signature_refresh_date(dt.date(2021, 1, 31)) == dt.date(2027, 1, 31)
    assert periods.refresh_ceases_on(dt.date(2026, 1, 15)) == dt.date(2026, 2, 26)
    assert not periods.refresh_reminder_due(dt.date(2026, 1, 15), dt.date(2026, 2, 4))
    assert periods.refresh_reminder_due(dt.date(2026, 1, 15), dt.date(2026, 2, 5))


def test_proxy_limits_name_the_limit():
    ok = proxy_limits.ProxyCount(domestic=1, overseas_or_service=2)
    assert proxy_limits.refusal(ok, True, "Sam Proxy") is None
    two_domestic = proxy_limits.ProxyCount(domestic=2, overseas_or_service=0)
    message = proxy_limits.refusal(two_domestic, True, "Sam Proxy")
    assert "at most 2 electors who are not overseas electors or service voters" in message
    assert "Elections Act 2022" in message
    # A third overseas elector is fine with two domestic.
    assert proxy_limits.refusal(two_domestic, False, "Sam Proxy") is None
    full = proxy_limits.ProxyCount(domestic=2, overseas_or_service=2)
    assert "at most 4 electors" in proxy_limits.refusal(full, False, "Sam Proxy")
    assert proxy_limits.is_domestic("") and not proxy_limits.is_domestic("overseas")


def _facts(**changes):
    base = dict(
        kind="postal",
        scope="standing",
        registered=True,
        identity_verified=True,
        has_date_of_birth=True,
        has_signature=True,
        signature_waived=False,
    )
    base.update(changes)
    return decision.Facts(**base)


def test_a_complete_postal_application_is_granted():
    assert decision.decide(_facts()).grant


def test_each_missing_requirement_is_a_reason_with_its_citation():
    result = decision.decide(_facts(identity_verified=False, has_signature=False))
    assert not result.grant
    assert any("regs 51AA-51AB" in r for r in result.reasons)
    assert any("signature is missing" in r for r in result.reasons)


def test_signature_waiver_needs_a_reason():
    assert decision.decide(_facts(has_signature=False, signature_waived=True,
                                  waiver_reason="Cannot write")).grant  # fmt: skip
    assert not decision.decide(_facts(has_signature=False, signature_waived=True)).grant


def test_ballot_to_another_address_needs_a_reason_for_a_period():
    assert not decision.decide(_facts(ballot_to_other_address=True)).grant
    assert decision.decide(_facts(ballot_to_other_address=True,
                                  ballot_address_reason="Working away")).grant  # fmt: skip


def test_proxy_for_a_period_needs_grounds_and_attestation():
    proxy = dict(kind="proxy", scope="period", has_proxy=True)
    assert not decision.decide(_facts(**proxy)).grant
    assert not decision.decide(_facts(**proxy, grounds="disability")).grant
    assert decision.decide(_facts(**proxy, grounds="disability", attested=True)).grant
    assert decision.decide(_facts(**proxy, grounds="blind")).grant


def test_emergency_proxy_is_for_one_poll_with_grounds():
    emergency = dict(kind="emergency_proxy", scope="election", has_proxy=True, has_election=True)
    assert decision.decide(_facts(**emergency, grounds="photo_id")).grant
    assert not decision.decide(_facts(**emergency, grounds="employment")).grant
    assert decision.decide(_facts(**emergency, grounds="employment", attested=True)).grant
    bad = decision.decide(_facts(**{**emergency, "scope": "standing"}, grounds="photo_id"))
    assert "particular poll only" in bad.summary


def test_rejection_notice_period_is_three_months_beginning_with_polling_day():
    assert rejection.notice_last_day(dt.date(2026, 5, 7)) == dt.date(2026, 8, 6)
    assert rejection.notice_last_day(dt.date(2025, 11, 30)) == dt.date(2026, 2, 28)
    assert rejection.notice_last_day(dt.date(2026, 1, 31)) == dt.date(2026, 4, 30)
    assert rejection.in_period(dt.date(2026, 5, 7), dt.date(2026, 8, 6))
    assert not rejection.in_period(dt.date(2026, 5, 7), dt.date(2026, 8, 7))
    codes, unknown = rejection.parse_reasons("signature_mismatch; DOB_BLANK;nonsense")
    assert codes == ["signature_mismatch", "dob_blank"] and unknown == ["nonsense"]


def test_vac_renewal_and_numbers():
    assert vac.recommended_renewal(dt.date(2026, 4, 1)) == dt.date(2036, 4, 1)
    assert vac.recommended_renewal(dt.date(2028, 2, 29)) == dt.date(2038, 2, 28)
    number = vac.new_number("E07000041")
    assert number.startswith("VAC-E07000041-") and len(number) == len("VAC-E07000041-") + 12
    assert vac.week_start(dt.date(2026, 4, 30)) == dt.date(2026, 4, 27)
