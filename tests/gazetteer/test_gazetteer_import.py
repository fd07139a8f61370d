import codecs
import datetime

import pytest
from django.utils import timezone

from ems.core.errors import ImportRejected, NotPermitted
from ems.core.models import AuditEvent
from ems.gazetteer import selectors
from ems.gazetteer.models import Property
from ems.gazetteer.services import gazetteer_import
from ems.register.models import Elector
from tests.gazetteer.factories import PollingDistrictFactory
from tests.register.factories import ElectorFactory

HEADER = (
    "uprn,address_line_1,address_line_2,address_line_3,address_line_4,town,postcode,"
    "easting,northing,classification,polling_district_code\n"
)
GOOD = (
    HEADER
    + "100,2 Acacia Avenue,,,,Exampleton,ex12ab,292000,92000,residential,NA1\n"
    + "00101,Flat 1,12 Acacia Avenue,,,Exampleton,EX1 2AB,,,RD04,na1\n"
    + "102,Rose Cottage,Mill Road,,,Exampleton,EX2 4DF,292100.5,92100,R,\n"
    + "103,The Corner Shop,1 Mill Road,,,Exampleton,EX2 4DF,,,CR01,NA2\n"
)


@pytest.fixture
def districts(db):
    return {
        "NA1": PollingDistrictFactory(code="NA1", name="North A"),
        "NA2": PollingDistrictFactory(code="NA2", name="North B"),
    }


def run(write_csv, text, name="gazetteer.csv", encoding="utf-8", user=None):
    return gazetteer_import(path=write_csv(name, text, encoding), acting_user=user)


def errors_of(write_csv, text):
    with pytest.raises(ImportRejected) as caught:
        run(write_csv, text)
    return [str(e) for e in caught.value.errors]


def test_first_import_adds_every_property_with_street_order(write_csv, districts):
    result = run(write_csv, GOOD)
    assert result == {
        "added": 4,
        "updated": 0,
        "unchanged": 0,
        "made_historic": 0,
        "historic_with_electors": [],
    }
    flat = Property.objects.get(uprn=101)
    assert flat.postcode == "EX1 2AB"
    assert flat.classification == "residential"
    assert flat.polling_district == districts["NA1"]
    assert flat.street == "Acacia Avenue"
    assert flat.easting is None
    cottage = Property.objects.get(uprn=102)
    assert cottage.polling_district is None
    assert cottage.easting == 292100.5
    assert Property.objects.get(uprn=103).classification == "commercial"
    mill_road = Property.objects.filter(street="Mill Road").order_by("sort_key")
    assert [p.uprn for p in mill_road] == [103, 102]


def test_first_import_writes_one_summary_audit_event_not_one_per_property(write_csv, districts):
    run(write_csv, GOOD)
    events = list(AuditEvent.objects.all())
    assert [e.action for e in events] == ["gazetteer.imported"]
    assert events[0].actor == "command line"
    assert events[0].after["file"] == "gazetteer.csv"
    assert events[0].after["added"] == 4


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "abc,1 A Road,,,,T,EX1 2AB,,,,",
            "gazetteer.csv:2:uprn: 'abc' is not a UPRN (expected 1 to 12 digits)",
        ),
        (
            "1234567890123,1 A Road,,,,T,EX1 2AB,,,,",
            "gazetteer.csv:2:uprn: '1234567890123' is not a UPRN (expected 1 to 12 digits)",
        ),
        (
            "0,1 A Road,,,,T,EX1 2AB,,,,",
            "gazetteer.csv:2:uprn: '0' is not a UPRN (expected 1 to 12 digits)",
        ),
        (
            "5,,,,,T,EX1 2AB,,,,",
            "gazetteer.csv:2:address_line_1: is empty (expected the first line of the address)",
        ),
        (
            "5,1 A Road,,,,T,EX1,,,,",
            "gazetteer.csv:2:postcode: 'EX1' is not a UK postcode "
            "(expected a postcode like EX1 2AB)",
        ),
        (
            "5,1 A Road,,,,T,EX1 2AB,800000,,,",
            "gazetteer.csv:2:easting: '800000' is not a grid reference "
            "(expected 0 to 700,000 metres)",
        ),
        (
            "5,1 A Road,,,,T,EX1 2AB,,north,,",
            "gazetteer.csv:2:northing: 'north' is not a grid reference "
            "(expected 0 to 1,300,000 metres)",
        ),
        (
            "5,1 A Road,,,,T,EX1 2AB,,-1,,",
            "gazetteer.csv:2:northing: '-1' is not a grid reference "
            "(expected 0 to 1,300,000 metres)",
        ),
        (
            "5,1 A Road,,,,T,EX1 2AB,,,castle,",
            "gazetteer.csv:2:classification: 'castle' is not a classification (expected "
            "residential, commercial, mixed, land, other or an AddressBase class such as R, "
            "RD04 or CO01)",
        ),
        (
            "5,1 A Road,,,,T,EX1 2AB,,,,ZZ9",
            "gazetteer.csv:2:polling_district_code: there is no polling district 'ZZ9' "
            "(expected an existing polling district code, or blank for unallocated)",
        ),
        (
            "5,1 A Road,,,,T,EX1 2AB,,,",
            "gazetteer.csv:2:-: row has 10 fields (expected 11, one for each column in the header)",
        ),
        (
            "5," + "x" * 201 + ",,,,T,EX1 2AB,,,,",
            "gazetteer.csv:2:address_line_1: too long (expected at most 200 characters)",
        ),
    ],
)
def test_each_kind_of_error_is_reported_by_file_row_and_column(write_csv, districts, row, message):
    assert errors_of(write_csv, HEADER + row + "\n") == [message]
    assert not Property.objects.exists()


def test_duplicate_uprns_are_errors_even_with_leading_zeros(write_csv, districts):
    text = (
        HEADER
        + "7,1 A Road,,,,T,EX1 2AB,,,,\n"
        + "8,2 A Road,,,,T,EX1 2AB,,,,\n"
        + "007,3 A Road,,,,T,EX1 2AB,,,,\n"
    )
    assert errors_of(write_csv, text) == [
        "gazetteer.csv:4:uprn: UPRN 7 appears more than once "
        "(expected each UPRN once; it is also on row 2)"
    ]


def test_missing_column_is_reported_against_the_header(write_csv, districts):
    text = HEADER.replace(",classification", "") + "7,1 A Road,,,,T,EX1 2AB,,,\n"
    assert errors_of(write_csv, text) == [
        "gazetteer.csv:1:classification: missing column (expected header " + HEADER.strip() + ")"
    ]


def test_every_error_in_the_file_is_reported_and_nothing_is_written(write_csv, districts):
    text = GOOD + "x,1 A Road,,,,T,nowhere,,,,\n"
    assert errors_of(write_csv, text) == [
        "gazetteer.csv:6:uprn: 'x' is not a UPRN (expected 1 to 12 digits)",
        "gazetteer.csv:6:postcode: 'nowhere' is not a UK postcode "
        "(expected a postcode like EX1 2AB)",
    ]
    assert not Property.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("cp1252", b""), ("utf-8", codecs.BOM_UTF8)],
    ids=["windows-1252", "utf-8-bom"],
)
def test_windows_1252_and_utf8_bom_files_keep_their_accents(tmp_path, districts, encoding, prefix):
    path = tmp_path / "accents.csv"
    path.write_bytes(
        prefix + (HEADER + "9,Tŷ Café,,,,Llanfair,EX1 2AB,,,,\n").replace("ŷ", "y").encode(encoding)
    )
    gazetteer_import(path=path, acting_user=None)
    assert Property.objects.get(uprn=9).address_line_1 == "Ty Café"


def test_reimport_is_change_only_and_never_deletes(write_csv, districts, monkeypatch):
    run(write_csv, GOOD)
    AuditEvent.objects.all().delete()
    second = (
        HEADER
        + "100,2 Acacia Avenue,,,,Exampleton,EX1 2AB,292000,92000,residential,NA1\n"  # same
        + "101,Flat 1,12 Acacia Avenue,,,Exampleton,EX1 2AB,,,residential,NA2\n"  # moved
        + "104,14 Acacia Avenue,,,,Exampleton,EX1 2AB,,,residential,NA1\n"  # new
    )
    result = run(write_csv, second, name="gazetteer-2.csv")
    assert result == {
        "added": 1,
        "updated": 1,
        "unchanged": 1,
        "made_historic": 2,
        "historic_with_electors": [],
    }
    assert Property.objects.count() == 5
    gone = Property.objects.get(uprn=102)
    assert gone.status == "historic"
    assert gone.historic_since == timezone.localdate()
    events = {(e.action, e.object_id): e for e in AuditEvent.objects.all()}
    assert set(events) == {
        ("property.updated", "101"),
        ("property.made_historic", "102"),
        ("property.made_historic", "103"),
        ("gazetteer.imported", ""),
    }
    moved = events[("property.updated", "101")]
    assert moved.before == {"polling_district": "NA1"}
    assert moved.after == {"polling_district": "NA2"}
    assert moved.reason == "Gazetteer import gazetteer-2.csv"
    summary = events[("gazetteer.imported", "")]
    assert summary.after["made_historic"] == 2 and summary.after["added"] == 1


def test_an_identical_reimport_changes_nothing(write_csv, districts):
    run(write_csv, GOOD)
    before = list(Property.objects.values_list("uprn", "updated_at"))
    result = run(write_csv, GOOD)
    assert result["unchanged"] == 4 and result["updated"] == result["added"] == 0
    assert list(Property.objects.values_list("uprn", "updated_at")) == before
    assert AuditEvent.objects.filter(action__startswith="property.").count() == 0


def test_a_historic_property_back_in_the_file_is_live_again(write_csv, districts):
    run(write_csv, GOOD)
    run(
        write_csv,
        HEADER + "100,2 Acacia Avenue,,,,Exampleton,EX1 2AB,292000,92000,residential,NA1\n",
    )
    assert Property.objects.get(uprn=101).status == "historic"
    result = run(write_csv, GOOD)
    assert result["updated"] == 3
    back = Property.objects.get(uprn=101)
    assert back.status == "live" and back.historic_since is None


def test_historic_properties_with_electors_are_listed_for_an_officer(write_csv, districts):
    run(write_csv, GOOD)
    ElectorFactory(property=Property.objects.get(uprn=101))
    ElectorFactory(
        property=Property.objects.get(uprn=102),
        polling_district=districts["NA2"],
        status=Elector.Status.DELETED,
    )
    result = run(
        write_csv,
        HEADER + "100,2 Acacia Avenue,,,,Exampleton,EX1 2AB,292000,92000,residential,NA1\n",
    )
    assert result["made_historic"] == 3
    assert result["historic_with_electors"] == [101]
    listed = list(selectors.historic_with_electors())
    assert [(p.uprn, p.elector_count) for p in listed] == [(101, 1)]


def test_only_staff_who_edit_data_may_import(write_csv, districts, reader, officer):
    with pytest.raises(NotPermitted):
        run(write_csv, GOOD, user=reader)
    assert run(write_csv, GOOD, user=officer)["added"] == 4
    assert AuditEvent.objects.get().actor == "officer"


def test_historic_since_is_the_day_of_the_import(write_csv, districts, monkeypatch):
    run(write_csv, GOOD)
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 1))
    run(write_csv, HEADER)
    assert set(Property.objects.values_list("historic_since", flat=True)) == {
        datetime.date(2026, 3, 1)
    }
