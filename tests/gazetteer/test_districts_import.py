import pytest

from ems.core.errors import ImportRejected, NotPermitted
from ems.core.models import AuditEvent
from ems.gazetteer.models import PollingDistrict, PollingPlace, Ward
from ems.gazetteer.services import districts_import

HEADER = "ward_code,ward_name,polling_district_code,polling_district_name\n"
GOOD = (
    HEADER
    + "E05000001,North,na1,North A\n"
    + "E05000001,North,NA2,North B\n"
    + "E05000002,South,SA1,South A\n"
)
FULL_HEADER = (
    "ward_code,ward_name,polling_district_code,polling_district_name,parish_code,parish_name,"
    "constituency_code,constituency_name,polling_place_name,polling_place_address,"
    "polling_place_postcode\n"
)


def run(write_csv, text, user=None):
    return districts_import(path=write_csv("districts.csv", text), acting_user=user)


def errors_of(write_csv, text):
    with pytest.raises(ImportRejected) as caught:
        run(write_csv, text)
    return [str(e) for e in caught.value.errors]


def test_wards_and_districts_are_created_and_audited(write_csv, db):
    result = run(write_csv, GOOD)
    assert result["wards_added"] == 2
    assert result["polling_districts_added"] == 3
    assert list(PollingDistrict.objects.values_list("code", "ward__name")) == [
        ("NA1", "North"),
        ("NA2", "North"),
        ("SA1", "South"),
    ]
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("polling_district.created") == 3
    assert actions.count("ward.created") == 2
    assert "polling_districts.imported" in actions


def test_a_second_import_updates_names_and_wards_and_keeps_missing_districts(write_csv, db):
    run(write_csv, GOOD)
    AuditEvent.objects.all().delete()
    result = run(
        write_csv,
        HEADER + "E05000001,North Ward,NA1,North A\nE05000002,South,NA2,North B (moved)\n",
    )
    assert result["polling_districts_updated"] == 1
    assert result["wards_updated"] == 1
    assert Ward.objects.get(code="E05000001").name == "North Ward"
    moved = PollingDistrict.objects.get(code="NA2")
    assert (moved.name, moved.ward.code) == ("North B (moved)", "E05000002")
    assert PollingDistrict.objects.filter(code="SA1").exists()
    event = AuditEvent.objects.get(action="polling_district.updated", object_id="NA2")
    assert event.before == {"name": "North B", "ward_id": "E05000001"}
    assert event.after == {"name": "North B (moved)", "ward_id": "E05000002"}


def test_optional_columns_create_parishes_constituencies_and_polling_places(write_csv, db):
    text = (
        FULL_HEADER
        + "E05000001,North,NA1,North A,E04000001,Littleton,E14000001,Exampleton,"
        + "Village Hall,1 Hall Lane,ex12ab\n"
        + "E05000001,North,NA2,North B,,,E14000001,Exampleton,Village Hall,,EX1 2AB\n"
    )
    run(write_csv, text)
    na1 = PollingDistrict.objects.get(code="NA1")
    assert na1.parish.name == "Littleton"
    assert na1.constituency.code == "E14000001"
    assert na1.polling_place.postcode == "EX1 2AB"
    assert PollingPlace.objects.count() == 1
    assert PollingDistrict.objects.get(code="NA2").parish is None


@pytest.mark.parametrize(
    ("rows", "messages"),
    [
        (
            ",North,NA1,North A\n",
            ["districts.csv:2:ward_code: is empty (expected the ward's code)"],
        ),
        (
            "E05000001,North,N A1,North A\n",
            [
                "districts.csv:2:polling_district_code: 'N A1' is not a polling district code "
                "(expected 1 to 10 letters and digits, like NA1)"
            ],
        ),
        (
            "E05000001,North,NA1,\n",
            ["districts.csv:2:polling_district_name: is empty (expected the district's name)"],
        ),
        (
            "E05000001,North,NA1,North A\nE05000001,North,NA1,North B\n",
            [
                "districts.csv:3:polling_district_code: polling district NA1 appears more than "
                "once (expected each district once; it is also on row 2)"
            ],
        ),
        (
            "E05000001,North,NA1,North A\nE05000001,Nort,NA2,North B\n",
            [
                "districts.csv:3:ward_name: ward E05000001 is called 'Nort' here "
                "(expected the same name as on row 2: 'North')"
            ],
        ),
    ],
)
def test_each_kind_of_error_is_reported_and_nothing_is_written(write_csv, db, rows, messages):
    assert errors_of(write_csv, HEADER + rows) == messages
    assert not PollingDistrict.objects.exists()
    assert not Ward.objects.exists()


def test_a_bad_polling_place_postcode_is_an_error(write_csv, db):
    text = FULL_HEADER + "E05000001,North,NA1,North A,,,,,Village Hall,,EX1\n"
    assert errors_of(write_csv, text) == [
        "districts.csv:2:polling_place_postcode: 'EX1' is not a UK postcode "
        "(expected a postcode like EX1 2AB, or blank)"
    ]


def test_only_a_manager_may_import_districts(write_csv, officer, manager):
    with pytest.raises(NotPermitted):
        run(write_csv, GOOD, user=officer)
    assert run(write_csv, GOOD, user=manager)["polling_districts_added"] == 3


def test_summary_counts_use_proper_plurals(write_csv, db):
    path = write_csv(
        "districts.csv",
        "ward_code,ward_name,polling_district_code,polling_district_name,parish_code,parish_name,"
        "constituency_code,constituency_name\n"
        "E05000001,North,NA1,North One,E04000001,Littleton,E14000001,Exampleshire North\n",
    )
    result = districts_import(path=path, acting_user=None)
    assert result["parishes_added"] == 1
    assert result["constituencies_added"] == 1
