"""The publication rules: what each edition shows, and the notice schedule."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ems.register.rules import publication as rules

ON = datetime.date(2025, 12, 1)


def record(**overrides) -> rules.ElectorRecord:
    values = dict(
        district_code="NA1",
        number=12,
        suffix=0,
        markers="",
        title="Ms",
        first_names="Ann",
        middle_names="",
        surname="Example",
        date_of_birth=datetime.date(1980, 1, 1),
        date_of_attainment=None,
        anonymous=False,
        open_register_opt_out=False,
        status="live",
        address_line_1="1 High Street",
        address_line_2="",
        address_line_3=None,
        address_line_4=None,
        town="Exampleton",
        postcode="EX1 1AA",
        street="High Street",
    )
    values.update(overrides)
    return rules.ElectorRecord(**values)


records = st.builds(
    record,
    markers=st.sampled_from(["", "F", "G", "N", "FN", "Z", "B"]),
    anonymous=st.booleans(),
    open_register_opt_out=st.booleans(),
    status=st.sampled_from(["live", "pending_addition", "pending_deletion", "deleted"]),
    first_names=st.text(min_size=1, max_size=10),
    surname=st.text(min_size=1, max_size=10),
    date_of_birth=st.dates(datetime.date(2005, 1, 1), datetime.date(2012, 1, 1)),
)


@given(records, st.sampled_from(["england", "wales", "scotland"]))
def test_anonymous_entries_never_show_name_or_address(rec, country):
    for kind in ("full", "open"):
        entry = rules.published_entry(kind, rec, country=country, on=ON)
        if entry is not None and (rec.anonymous or "N" in rec.markers):
            assert kind == "full"
            assert entry.markers == "N"
            assert (entry.first_names, entry.surname, entry.title, entry.middle_names) == (
                "",
                "",
                "",
                "",
            )
            assert entry.address == ()
            assert entry.postcode == ""
            assert entry.date_of_attainment == ""


@given(records, st.sampled_from(["england", "wales", "scotland"]))
def test_open_register_never_has_opt_outs_anonymous_or_unpublished(rec, country):
    entry = rules.published_entry("open", rec, country=country, on=ON)
    if rec.open_register_opt_out or rec.anonymous or "N" in rec.markers:
        assert entry is None
    if rec.status != "live" or "Z" in rec.markers:
        assert entry is None


@given(records)
def test_the_internal_marker_z_is_never_printed(rec):
    entry = rules.published_entry("full", rec, country="england", on=ON)
    assert entry is None or "Z" not in entry.markers


def test_full_entry_shows_name_address_and_markers():
    entry = rules.published_entry("full", record(markers="G", suffix=2), country="england", on=ON)
    assert entry.elector_number == "NA1-12/2"
    assert entry.markers == "G"
    assert entry.address == ("1 High Street", "Exampleton")
    assert entry.csv_row()[:5] == ("NA1-12/2", "NA1", 12, 2, "G")


def test_attainment_date_shown_only_while_in_the_future():
    future = datetime.date(2026, 3, 1)
    past = datetime.date(2025, 3, 1)
    assert (
        rules.published_entry(
            "full", record(date_of_attainment=future), country="england", on=ON
        ).date_of_attainment
        == "2026-03-01"
    )
    assert (
        rules.published_entry(
            "full", record(date_of_attainment=past), country="england", on=ON
        ).date_of_attainment
        == ""
    )


@pytest.mark.parametrize(
    ("country", "born", "withheld"),
    [
        ("wales", datetime.date(2009, 12, 2), True),  # 15, turns 16 tomorrow
        ("wales", datetime.date(2009, 12, 1), False),  # 16 today
        ("scotland", datetime.date(2010, 1, 1), True),
        ("england", datetime.date(2010, 1, 1), False),
    ],
)
def test_young_people_withheld_at_the_boundary(country, born, withheld):
    assert rules.young_person_withheld(country, born, ON) is withheld


def test_headings():
    headings = rules.register_headings(
        kind="full",
        council="Exampleton BC",
        ero="Pat",
        district_code="NA1",
        district_name="North",
        ward="Central",
        published_on=ON,
    )
    assert headings.lines() == [
        "Register of Electors",
        "Exampleton BC",
        "Electoral Registration Officer: Pat",
        "Polling district NA1: North",
        "Ward: Central",
        "Published 1 December 2025",
    ]


def test_working_days_skip_weekends_and_bank_holidays():
    # Easter 2025: Good Friday 18 April, Easter Monday 21 April.
    assert not rules.is_working_day(datetime.date(2025, 4, 18))
    assert not rules.is_working_day(datetime.date(2025, 4, 21))
    assert not rules.is_working_day(datetime.date(2025, 12, 24))  # Christmas Eve: dies non
    assert rules.is_working_day(datetime.date(2025, 4, 22))
    assert rules.working_days_before(datetime.date(2025, 4, 23), 2) == datetime.date(2025, 4, 17)


def test_scottish_bank_holidays_differ():
    # 2 January is a bank holiday in Scotland only.
    assert rules.is_working_day(datetime.date(2025, 1, 2), "england")
    assert not rules.is_working_day(datetime.date(2025, 1, 2), "scotland")


def test_election_notice_schedule_for_the_may_2025_local_elections():
    schedule = rules.election_notice_schedule(datetime.date(2025, 5, 1))
    # 5 working days before Thursday 1 May 2025 (no bank holidays in between).
    assert schedule.final == datetime.date(2025, 4, 24)
    # 12 working days before, skipping Good Friday and Easter Monday: Friday 11 April.
    assert schedule.application_deadline == datetime.date(2025, 4, 11)
    # Nominations closed at 4pm on Wednesday 2 April 2025 (the published timetable),
    # the first interim notice that day; registration closed on Friday 11 April.
    assert schedule.first_interim == datetime.date(2025, 4, 2)
    assert schedule.first_interim < schedule.second_interim_latest < schedule.final
    assert [n.kind for n in schedule.notices()] == ["interim", "interim", "final"]


def test_monthly_notices_first_working_day_none_in_december():
    dates = rules.monthly_notice_dates(2025)
    assert len(dates) == 11
    assert dates[0].date == datetime.date(2025, 1, 2)  # 1 January is a bank holiday
    assert dates[5].date == datetime.date(2025, 6, 2)  # 1 June 2025 is a Sunday
    assert all(d.date.month != 12 for d in dates)
    assert [d.required for d in dates] == [True] * 7 + [False] * 4


def test_notice_lines():
    anonymous = rules.notice_line(
        kind="addition",
        kind_label="Addition",
        elector_number="NA1-3",
        anonymous=True,
        markers="N",
        name="Secret Person",
        address="1 Hidden Way",
    )
    assert (anonymous.elector_number, anonymous.markers, anonymous.name, anonymous.address) == (
        "NA1-3",
        "N",
        "",
        "",
    )
    deleted_anonymous = rules.notice_line(
        kind="deletion",
        kind_label="Deletion",
        elector_number="NA1-3",
        anonymous=True,
        markers="N",
        name="Secret Person",
        address="1 Hidden Way",
    )
    assert (deleted_anonymous.markers, deleted_anonymous.name) == ("", "")
    deletion = rules.notice_line(
        kind="deletion",
        kind_label="Deletion",
        elector_number="NA1-4",
        anonymous=False,
        markers="",
        name="Ann Example",
        address="1 High Street",
    )
    assert (deletion.section, deletion.name, deletion.address) == ("Deletions", "Ann Example", "")
    assert (
        rules.notice_line(
            kind="opt_out",
            kind_label="x",
            elector_number="NA1-5",
            anonymous=False,
            markers="",
            name="A",
            address="B",
        )
        is None
    )


def test_sort_numbers():
    assert rules.sort_numbers(["NA1-10", "NA1-2/1", "NA1-2", "AB1-9"]) == [
        "AB1-9",
        "NA1-2",
        "NA1-2/1",
        "NA1-10",
    ]


@given(
    st.dates(datetime.date(1990, 1, 1), datetime.date(2015, 12, 31)),
    st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
    st.sampled_from(["england", "wales", "scotland"]),
)
def test_birth_cutoff_agrees_with_young_person_withheld(born, on, country):
    cutoff = rules.young_person_birth_cutoff(country, on)
    by_cutoff = cutoff is not None and born > cutoff
    assert by_cutoff == rules.young_person_withheld(country, born, on)


@given(records)
def test_named_csv_row_agrees_with_published_entry(rec):
    entry = rules.published_entry("full", rec, country="england", on=ON)
    if entry is None or entry.anonymous:
        return
    attains = rec.date_of_attainment
    row = (
        rec.district_code,
        rec.number,
        rec.suffix,
        rec.markers,
        rec.title,
        rec.first_names,
        rec.middle_names,
        rec.surname,
        attains.isoformat() if attains and attains > ON else "",
        rec.address_line_1,
        rec.address_line_2,
        rec.address_line_3,
        rec.address_line_4,
        rec.town,
        rec.postcode,
    )
    assert rules.named_csv_row(row) == entry.csv_row()


def test_anonymous_csv_row():
    assert rules.anonymous_csv_row("NA1", 3, 0) == ("NA1-3", "NA1", 3, "", "N", *[""] * 11)
    assert rules.withheld_marker_letters() == ("Z",)
