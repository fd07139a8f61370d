import pytest
from django.core.management import CommandError, call_command

from ems.core.models import AuditEvent
from ems.gazetteer.models import PollingDistrict, Property
from tests.gazetteer.factories import PollingDistrictFactory

HEADER = (
    "uprn,address_line_1,address_line_2,address_line_3,address_line_4,town,postcode,"
    "easting,northing,classification,polling_district_code\n"
)


def test_import_gazetteer_prints_a_summary(write_csv, db, capsys):
    PollingDistrictFactory(code="NA1")
    path = write_csv("g.csv", HEADER + "5,1 A Road,,,,T,EX1 2AB,,,,NA1\n")
    call_command("import_gazetteer", str(path))
    assert "Added 1, updated 0, unchanged 0, made historic 0." in capsys.readouterr().out


def test_import_gazetteer_exits_non_zero_listing_every_error_and_writes_nothing(
    write_csv, db, capsys
):
    path = write_csv("g.csv", HEADER + "5,1 A Road,,,,T,EX1 2AB,,,,\nx,2 A Road,,,,T,EX1,,,,\n")
    with pytest.raises(CommandError, match="2 errors found; nothing was imported"):
        call_command("import_gazetteer", str(path))
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "g.csv:3:uprn: 'x' is not a UPRN (expected 1 to 12 digits)",
        "g.csv:3:postcode: 'EX1' is not a UK postcode (expected a postcode like EX1 2AB)",
    ]
    assert not Property.objects.exists()
    assert not AuditEvent.objects.exists()


def test_import_districts_prints_counts_and_rejects_bad_files(write_csv, db, capsys):
    good = write_csv(
        "d.csv",
        "ward_code,ward_name,polling_district_code,polling_district_name\n"
        "E05000001,North,NA1,North A\n",
    )
    call_command("import_districts", str(good))
    assert "Polling districts added: 1" in capsys.readouterr().out
    bad = write_csv("bad.csv", "ward_code,ward_name\nE05000001,North\n")
    with pytest.raises(CommandError):
        call_command("import_districts", str(bad))
    assert "bad.csv:1:polling_district_code: missing column" in capsys.readouterr().err
    assert PollingDistrict.objects.count() == 1
