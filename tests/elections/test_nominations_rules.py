"""Nomination rules: subscribers and deposits per kind of poll, subscriber checks, deposits,
descriptions and ballot order, at their boundaries."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.elections.rules import nominations as r

POLL = dt.date(2026, 5, 7)


@pytest.mark.parametrize(
    ("kind", "nation", "subscribers", "deposit"),
    [
        ("parl", "england", 10, 50_000),
        ("parl", "scotland", 10, 50_000),
        ("local", "england", 2, 0),
        ("local", "scotland", 2, 0),
        ("local", "wales", 0, 0),
        ("parish", "england", 2, 0),
        ("parish", "wales", 0, 0),
        ("pcc", "england", 100, 500_000),
        ("mayor", "england", 30, 50_000),
        ("sp", "scotland", 0, 50_000),
    ],
)
def test_subscribers_and_deposit_by_kind_of_poll(kind, nation, subscribers, deposit):
    rules = r.nomination_rules(kind, nation, POLL)
    assert (rules.subscribers, rules.deposit_pence) == (subscribers, deposit)
    assert rules.citation


def test_english_principal_councils_needed_ten_subscribers_until_may_2023():
    assert r.nomination_rules("local", "england", dt.date(2023, 5, 4)).subscribers == 2
    assert r.nomination_rules("local", "england", dt.date(2023, 5, 3)).subscribers == 10
    assert r.nomination_rules("local", "england", dt.date(2021, 5, 6)).subscribers == 2
    assert r.nomination_rules("local", "england", dt.date(2022, 5, 5)).subscribers == 10


def test_wales_self_nomination_from_may_2022():
    assert r.nomination_rules("local", "wales", dt.date(2022, 5, 5)).subscribers == 0
    assert r.nomination_rules("local", "wales", dt.date(2022, 5, 4)).subscribers == 10


def test_mayoralties():
    combined = r.nomination_rules("mayor", "england", POLL, mayoralty="combined-authority")
    assert (combined.subscribers, combined.deposit_pounds, combined.per_constituent_council) == (
        100,
        "£5,000",
        10,
    )
    london = r.nomination_rules("mayor", "england", POLL, mayoralty="london")
    assert (london.subscribers, london.deposit_pounds) == (330, "£10,000")
    assert r.mayoralty_from_organisation("West Midlands Combined Authority") == "combined-authority"
    assert r.mayoralty_from_organisation("Greater London Authority") == "london"
    assert r.mayoralty_from_organisation("Bedford") == "local"


@pytest.mark.parametrize("kind", ["ref", "senedd", "nia"])
def test_polls_without_supported_nominations(kind):
    nation = {"senedd": "wales", "nia": "northern-ireland"}.get(kind, "england")
    with pytest.raises(r.NominationRulesError):
        r.nomination_rules(kind, nation, POLL)


def test_subscriber_roles():
    rules = r.nomination_rules("parl", "england", POLL)
    assert [rules.subscriber_role(n) for n in (1, 2, 3, 10)] == [
        "Proposer",
        "Seconder",
        "Assentor",
        "Assentor",
    ]


# --- subscriber checks --------------------------------------------------------------------

LOCAL = r.nomination_rules("local", "england", POLL)
NOTICE = dt.date(2026, 3, 26)


def entry(elector_id=1, **kw):
    return r.RegisterEntry(elector_id=elector_id, name="Ann Example", in_area=True, **kw)


def check(lines, register, rules=LOCAL, **kw):
    return r.check_subscribers(
        lines, register, rules=rules, poll_date=POLL, register_date=NOTICE, **kw
    )


def test_good_subscribers_are_sufficient():
    lines = [r.SubscriberLine(1, "AA1-1"), r.SubscriberLine(2, "AA1-2")]
    results = check(lines, {"AA1-1": entry(1), "AA1-2": entry(2)})
    assert [x.role for x in results] == ["Proposer", "Seconder"]
    assert r.subscribers_sufficient(results, LOCAL)


def test_only_the_first_n_subscribers_are_considered():
    lines = [r.SubscriberLine(i, f"AA1-{i}") for i in (1, 2, 3)]
    results = check(lines, {"AA1-1": entry(1), "AA1-2": entry(2)})
    assert results[2].considered is False and results[2].ok
    assert r.subscribers_sufficient(results, LOCAL)


def test_each_problem_is_reported():
    lines = [
        r.SubscriberLine(1, ""),
        r.SubscriberLine(2, "rubbish", parsed=False),
    ]
    results = check(lines, {})
    assert results[0].problems == [r.Problem.NO_NUMBER]
    assert results[1].problems == [r.Problem.UNREADABLE_NUMBER]
    assert not r.subscribers_sufficient(results, LOCAL)
    many = r.nomination_rules("parl", "england", POLL)
    register = {
        "AA1-1": r.RegisterEntry(1, "A", in_area=False),
        "AA1-2": entry(2, anonymous=True),
        "AA1-3": entry(3, date_of_attainment=POLL + dt.timedelta(days=1)),
        "AA1-4": entry(4, date_of_attainment=POLL),
        "AA1-5": entry(5, registered_from=NOTICE + dt.timedelta(days=1)),
        "AA1-6": entry(6, registered_from=NOTICE),
        "AA1-7": entry(7, registered_until=NOTICE),
        "AA1-8": entry(8, registered_until=NOTICE + dt.timedelta(days=1)),
        "AA1-9": entry(9, markers="G"),
    }
    lines = [r.SubscriberLine(i, f"AA1-{i}") for i in range(1, 10)] + [
        r.SubscriberLine(10, "AA1-8")
    ]
    results = check(lines, register, rules=many)
    problems = {x.position: x.problems for x in results}
    assert problems[1] == [r.Problem.NOT_IN_AREA]
    assert problems[2] == [r.Problem.ANONYMOUS]
    assert results[1].register_name == ""  # an anonymous elector's name is never shown
    assert problems[3] == [r.Problem.TOO_YOUNG]
    assert problems[4] == []  # 18 on polling day itself
    assert problems[5] == [r.Problem.NOT_REGISTERED_THEN]
    assert problems[6] == []
    assert problems[7] == [r.Problem.NOT_REGISTERED_THEN]
    assert problems[8] == []  # removed after the register date: the signature stands
    assert problems[9] == [r.Problem.FRANCHISE]  # EU citizen at a Parliamentary poll
    assert problems[10] == [r.Problem.DUPLICATE]


def test_overseas_electors_cannot_subscribe_local_papers_but_eu_citizens_can():
    lines = [r.SubscriberLine(1, "AA1-1"), r.SubscriberLine(2, "AA1-2")]
    results = check(lines, {"AA1-1": entry(1, markers="F"), "AA1-2": entry(2, markers="G")})
    assert results[0].problems == [r.Problem.FRANCHISE]
    assert results[1].problems == []


def test_papers_allowed_per_elector():
    lines = [r.SubscriberLine(1, "AA1-1"), r.SubscriberLine(2, "AA1-2")]
    register = {"AA1-1": entry(1), "AA1-2": entry(2)}
    results = check(lines, register, papers_elsewhere={1: 1}, papers_allowed=2)
    assert results[0].ok
    results = check(lines, register, papers_elsewhere={1: 2}, papers_allowed=2)
    assert results[0].problems == [r.Problem.TOO_MANY_PAPERS]


# --- deposits ---------------------------------------------------------------------------

PARL = r.nomination_rules("parl", "england", POLL)


def test_deposit_boundary_is_more_than_one_twentieth():
    assert r.deposit_outcome(rules=PARL, votes=51, total_votes=1000) == "returned"
    assert r.deposit_outcome(rules=PARL, votes=50, total_votes=1000) == "forfeited"
    assert r.deposit_outcome(rules=PARL, votes=0, total_votes=0) == "returned"
    assert r.deposit_outcome(rules=PARL, stood_nominated=False) == "returned"
    assert r.deposit_outcome(rules=PARL, elected=True) == "returned"
    with pytest.raises(ValueError):
        r.deposit_outcome(rules=PARL)


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_deposit_outcome_matches_the_share(total, votes):
    votes = min(votes, total)
    outcome = r.deposit_outcome(rules=PARL, votes=votes, total_votes=total)
    assert (outcome == "returned") == (votes * 20 > total)


# --- descriptions, order, uncontested ------------------------------------------------------


def test_descriptions():
    assert r.description_problem("", party_descriptions=None) == ""
    assert r.description_problem("Independent", party_descriptions=None) == ""
    assert "Independent" in r.description_problem("Local Hero", party_descriptions=None)
    assert r.description_problem("Green Party", party_descriptions={"Green Party"}) == ""
    assert "not one of" in r.description_problem("Greens", party_descriptions={"Green Party"})


def test_ballot_order_ignores_case_and_accents():
    names = [("de Souza", "Ana"), ("Ábel", "Zed"), ("Able", "Amy"), ("DE SOUZA", "Aaron")]
    ordered = sorted(names, key=lambda n: r.ballot_sort_key(*n))
    assert ordered == [("Ábel", "Zed"), ("Able", "Amy"), ("DE SOUZA", "Aaron"), ("de Souza", "Ana")]


def test_uncontested_boundary():
    assert r.is_uncontested(2, 2)
    assert r.is_uncontested(0, 1)
    assert not r.is_uncontested(3, 2)
