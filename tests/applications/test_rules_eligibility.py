from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.applications.rules.eligibility import Applicant, decide
from ems.register.rules.attainers import attainer_period_end, birthday

ON = date(2025, 6, 2)


def applicant(nat, nation="england", on=ON, dob=date(1990, 1, 1), **kw):
    return Applicant(nationalities=tuple(nat), date_of_birth=dob, nation=nation, on=on, **kw)


def test_british_citizen_full_franchise():
    d = decide(applicant(["GB"]))
    assert d.eligible and d.markers == "" and "RPA 1983 s1" in d.citation


@pytest.mark.parametrize("code", ["DK", "LU", "PL", "PT", "ES"])
def test_qualifying_eu_citizens_in_england_get_b(code):
    d = decide(applicant([code]))
    assert d.eligible and d.markers == "B" and "Elections Act 2022 sch 7" in d.citation


def test_other_eu_citizen_in_england_needs_retained_rights():
    assert not decide(applicant(["FR"])).eligible
    assert not decide(applicant(["FR"], eu_resident_before_2021=False)).eligible
    d = decide(applicant(["FR"], eu_resident_before_2021=True))
    assert d.eligible and d.markers == "B" and "retained rights" in d.rule


def test_eu_citizens_before_7_may_2024_had_the_local_franchise():
    assert decide(applicant(["FR"], on=date(2024, 5, 6))).markers == "G"
    assert not decide(applicant(["FR"], on=date(2024, 5, 7))).eligible


def test_irish_maltese_and_cypriot_citizens_are_not_treated_as_eu():
    assert decide(applicant(["IE"])).markers == ""
    assert decide(applicant(["MT"], has_leave_to_remain=True)).markers == ""
    assert decide(applicant(["CY"], has_leave_to_remain=True)).markers == ""


def test_commonwealth_needs_leave_to_remain():
    assert not decide(applicant(["IN"])).eligible
    assert decide(applicant(["IN"], has_leave_to_remain=True)).markers == ""


def test_scotland_and_wales_wider_franchise():
    assert decide(applicant(["US"], nation="scotland", has_leave_to_remain=True)).markers == "M"
    assert decide(applicant(["FR"], nation="wales")).markers == "K"
    assert not decide(applicant(["US"], nation="wales")).eligible
    assert not decide(applicant(["US"], nation="england", has_leave_to_remain=True)).eligible


def test_dual_nationality_takes_the_widest_franchise():
    assert decide(applicant(["FR", "GB"])).markers == ""


def test_northern_ireland_three_months_residence():
    since = date(2025, 3, 2)
    assert decide(applicant(["GB"], nation="northern-ireland", ni_resident_since=since)).eligible
    later = applicant(["GB"], nation="northern-ireland", ni_resident_since=since + timedelta(1))
    assert not decide(later).eligible
    assert "s4(2)" in decide(later).citation


def test_overseas_electors_must_be_british():
    assert decide(applicant(["GB"], overseas=True)).eligible
    assert not decide(applicant(["IE"], overseas=True)).eligible


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@given(dates)
def test_england_attainer_boundary(on):
    """Eligible exactly when the 18th birthday falls by the end of the attainer period."""
    end = attainer_period_end(on)
    last_dob = date(end.year - 18, end.month, end.day)
    assert decide(applicant(["GB"], on=on, dob=last_dob)).eligible
    too_young = decide(applicant(["GB"], on=on, dob=last_dob + timedelta(days=1)))
    assert not too_young.eligible and "s4(5)" in too_young.citation


@given(dates, st.sampled_from(["scotland", "wales"]))
def test_registration_from_14_on_the_birthday(on, nation):
    dob = date(on.year - 14, on.month, 1 if on.day > 28 else on.day)
    if dob <= on:
        assert decide(applicant(["GB"], nation=nation, on=on, dob=dob)).eligible
    assert not decide(
        applicant(["GB"], nation=nation, on=on, dob=dob + timedelta(days=366))
    ).eligible


@given(dates, st.sampled_from(["england", "scotland"]))
def test_attainment_date_is_the_voting_birthday(on, nation):
    dob = date(on.year - 17, 3, 1)
    d = decide(applicant(["GB"], nation=nation, on=on, dob=dob))
    age = 18 if nation == "england" else 16
    if birthday(dob, age) > on and d.eligible:
        assert d.date_of_attainment == birthday(dob, age)
    if birthday(dob, age) <= on:
        assert d.date_of_attainment is None


def test_describe_shows_rule_and_attainment():
    d = decide(applicant(["GB"], dob=date(2008, 1, 10), on=date(2025, 6, 2)))
    assert "Attainer: may vote from 10 January 2026" in d.describe()
