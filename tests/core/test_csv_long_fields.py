"""A field longer than the CSV reader takes is reported as FILE:ROW:COLUMN, never a 500."""

import csv

import pytest

from ems.core.csvfiles import open_csv
from ems.core.errors import ImportRejected, RowError
from ems.count.formats.preference_profile_csv import parse_preference_profile
from ems.gazetteer.models import Property
from ems.gazetteer.services import gazetteer_import
from ems.register import services as register_services
from ems.register.formats import register_csv
from ems.register.models import Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory

HUGE = "x" * (5 * 1024 * 1024)  # 5 MB in one cell
TOO_LONG = f"field longer than {csv.field_size_limit():,} characters"
GAZETTEER = (
    "uprn,address_line_1,address_line_2,address_line_3,address_line_4,town,postcode,"
    "easting,northing,classification,polling_district_code\n"
)


def test_the_row_and_column_of_a_long_field_are_named(write_csv):
    path = write_csv("g.csv", 'a,b,c\n1,2,3\n4,5,"' + HUGE + '"\n7,8,9\n')
    rows = list(open_csv(path, required=["a"]).rows())
    assert rows[-1] == RowError("g.csv", 3, "c", TOO_LONG)
    assert str(rows[-1]) == f"g.csv:3:c: {TOO_LONG}"


def test_a_long_field_after_quoted_commas_and_new_lines_is_still_found(write_csv):
    path = write_csv("g.csv", 'a,b,c\n"x,\ny",' + HUGE + ",3\n")
    assert list(open_csv(path, required=["a"]).rows()) == [RowError("g.csv", 2, "b", TOO_LONG)]


def test_a_long_header_is_reported_on_row_1(write_csv):
    path = write_csv("g.csv", "a," + HUGE + "\n1,2\n")
    with pytest.raises(ImportRejected) as caught:
        open_csv(path, required=["a"])
    assert [str(e) for e in caught.value.errors] == [f"g.csv:1:column 2: {TOO_LONG}"]


def test_a_gazetteer_with_a_long_address_imports_nothing(db, write_csv):
    PollingDistrictFactory(code="NA1")
    good = "5,1 A Road,,,,T,EX1 2AB,,,,NA1\n"
    path = write_csv("gaz.csv", GAZETTEER + good + "6," + HUGE + ",,,,T,EX1 2AB,,,,NA1\n")
    with pytest.raises(ImportRejected) as caught:
        gazetteer_import(path=path, acting_user=None)
    assert f"gaz.csv:3:address_line_1: {TOO_LONG}" in [str(e) for e in caught.value.errors]
    assert not Property.objects.exists()


def test_a_register_with_a_long_surname_imports_nothing(db, write_csv):
    PropertyFactory(uprn=100, polling_district=PollingDistrictFactory(code="NA1"))
    header = ",".join(register_csv.COLUMNS)
    rows = ["NA1,1,,,Mr,John,Paul,Smith,1980-01-31,,100,N,N", f"NA1,2,,,,Ann,,{HUGE},,,100,N,N"]
    path = write_csv("register.csv", "\n".join([header, *rows]) + "\n")
    with pytest.raises(ImportRejected) as caught:
        register_services.register_import(path=path, acting_user=None)
    assert f"register.csv:3:surname: {TOO_LONG}" in [str(e) for e in caught.value.errors]
    assert not Elector.objects.exists()


def test_a_ballot_file_with_a_long_preference_is_refused():
    text = "Ballot,Ann Able,Bob Baker\n1,1,2\n2," + HUGE + ",1\n"
    with pytest.raises(ImportRejected) as caught:
        parse_preference_profile(text, seats=1, name="p.csv")
    assert [str(e) for e in caught.value.errors] == [f"p.csv:3:Ann Able: {TOO_LONG}"]
