"""Staffing rules at their boundaries: placement score, pay, apportionment, compliance,
bank details and retention."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.staffing.rules import bank, compliance, pay, placement, retention

STATION = placement.Place("EX1 3CD", 451000.0, 112000.0)


def candidate(**kw):
    return placement.Candidate(kw.pop("id", 1), kw.pop("home", placement.Place()), **kw)


def test_unavailable_person_is_never_suggested():
    assert placement.score(candidate(available=False), "poll_clerk", STATION) is None


def test_distance_from_coordinates_costs_two_points_a_kilometre():
    near = candidate(home=placement.Place("EX1 2AB", 451000.0, 115000.0))
    s = placement.score(near, "poll_clerk", STATION)
    assert s.km == pytest.approx(3.0)
    assert s.points == -6.0
    assert "3.0 km from home (-6)" in s.reasons


def test_distance_penalty_is_capped_at_forty():
    far = candidate(home=placement.Place("", 451000.0, 212000.0))
    assert placement.score(far, "poll_clerk", STATION).points == -40


def test_postcode_district_when_coordinates_unknown():
    same_district = candidate(home=placement.Place("EX1 9ZZ"))
    same_area = candidate(home=placement.Place("EX4 1AA"))
    elsewhere = candidate(home=placement.Place("MK9 3XS"))
    work = placement.Place("EX1 3CD")
    assert placement.score(same_district, "poll_clerk", work).points == -2
    assert placement.score(same_area, "poll_clerk", work).points == -15
    assert placement.score(elsewhere, "poll_clerk", work).points == -40


def test_experience_in_role_and_as_clerk_for_presiding_officers():
    person = candidate(
        home=placement.Place("EX1 3CD"), experience={"presiding_officer": 5, "poll_clerk": 2},
        available=True,
    )  # fmt: skip
    s = placement.score(person, "presiding_officer", placement.Place("EX1 3CD"))
    # available +10, role capped at +40, clerk 2 x 5 = +10, same district -2
    assert s.points == 58
    assert any("worked 5 time(s) in this role (+40)" in r for r in s.reasons)


def test_pay_total_and_training_only_when_trained():
    p = pay.calculate(
        fee=Decimal("250"), training_fee=Decimal("40"), trained=False, miles=Decimal("12.5"),
        mileage_rate=Decimal("0.45"), extras=Decimal("10"), deductions=Decimal("5"),
    )  # fmt: skip
    assert p.training == 0
    assert p.mileage == Decimal("5.63")
    assert p.total == Decimal("260.63")


@given(
    st.decimals(min_value=0, max_value=100000, places=2),
    st.lists(st.integers(min_value=1, max_value=97), min_size=1, max_size=4),
)
def test_apportionment_always_adds_up_to_the_penny(total, weights):
    # Turn the weights into whole-number shares adding up to 100.
    shares = {f"poll{i}": Decimal(w) for i, w in enumerate(weights)}
    scale = sum(shares.values())
    shares = {k: (v * 100 / scale).quantize(Decimal("0.01")) for k, v in shares.items()}
    first = next(iter(shares))
    shares[first] += 100 - sum(shares.values())
    parts = pay.apportion(total, shares)
    assert sum(parts.values()) == pay.money(total)


def test_apportionment_rejects_shares_not_adding_to_100():
    with pytest.raises(ValueError):
        pay.apportion(Decimal(100), {"a": Decimal(50), "b": Decimal(40)})


def test_apportionment_odd_penny():
    assert pay.apportion(Decimal("0.01"), {"a": Decimal(50), "b": Decimal(50)}) == {
        "a": Decimal("0.01"),
        "b": Decimal("0"),
    }


def test_compliance_lists_everything_missing_in_order():
    assert compliance.missing(compliance.Record()) == [
        label for _, label in compliance.REQUIREMENTS
    ]
    complete = compliance.Record(
        ni_number="QQ123456C", has_bank_details=True, right_to_work_checked_on=dt.date(2026, 1, 1),
        tax_code="A", political_declaration_on=dt.date(2026, 1, 1),
        conflict_declaration_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    assert compliance.missing(complete) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [("20-00-00", "200000"), ("20 00 00", "200000"), ("2000000", None), ("20000", None)],
)
def test_sort_codes(value, expected):
    assert bank.normalise_sort_code(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12345678", "12345678"), ("1234567", "01234567"), ("123456", "00123456"),
     ("12345", None), ("123456789", None), ("1234567A", None)],
)  # fmt: skip
def test_account_numbers(value, expected):
    assert bank.normalise_account_number(value) == expected


def test_mask_shows_last_four_only():
    assert bank.mask("12345678") == "****5678"


def test_retention_boundaries():
    last = dt.date(2020, 5, 7)
    created = dt.date(2019, 1, 1)
    assert not retention.is_due(last_appointed_on=last, created_on=created,
                                today=dt.date(2026, 5, 6), years=6)  # fmt: skip
    assert retention.is_due(last_appointed_on=last, created_on=created,
                            today=dt.date(2026, 5, 7), years=6)  # fmt: skip
    # Never appointed: two years from the application.
    assert retention.dispose_after(last_appointed_on=None, created_on=created) == dt.date(
        2021, 1, 1
    )
    assert retention.add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
