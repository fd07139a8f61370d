"""The register import's quick row check, id reservation and large-import path."""

import json

import pytest
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ems.register import services
from ems.register.formats import register_csv
from ems.register.models import Alteration, Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db
HEADER = ",".join(register_csv.COLUMNS)

# Values for each column, good and bad, in COLUMNS order.
CHOICES = [
    ["NA1", "NB2", "ZZ9", ""],
    ["1", "999999", "1000000", "0000001", "x", "", "-1", "0"],
    ["", "0", "1", "0000001", "x"],
    ["", "G", "g", "F", "N", "Q", "FN"],
    ["", "Mr", "M" * 21],
    ["John", "", "J" * 101, "Zoë"],
    ["", "Paul", "P" * 101],
    ["Smith", "", "S" * 101, "O'Brien-Smith"],
    ["", "1980-01-31", "31/01/1980", "31/02/1990", "2999-01-01", "1980-1-1"],
    ["", "2026-06-01", "2024-13-01"],
    ["", "100", "200", "999", "x1"],
    ["", "Y", "N", "yes", "no", "maybe"],
    ["", "Y", "N", "n", "X"],
]


@pytest.fixture
def places():
    na1 = PollingDistrictFactory(code="NA1")
    nb2 = PollingDistrictFactory(code="NB2")
    PropertyFactory(uprn=100, polling_district=na1)
    PropertyFactory(uprn=200, polling_district=nb2)
    return na1, nb2


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.tuples(*(st.sampled_from(c) for c in CHOICES)))
def test_quick_check_agrees_with_the_full_check(places, tmp_path, values):
    """Every row gets the same cleaned value and the same errors either way."""
    importer = register_csv.RegisterCsvImporter(tmp_path / "register.csv")
    importer.prepare()
    quick = importer._clean(2, list(values))
    quick_errors, importer.errors = importer.errors, []
    full = importer._check_row(2, list(values))
    assert quick == full
    assert [str(e) for e in quick_errors] == [str(e) for e in importer.errors]


def test_addition_json_is_what_json_dumps_writes():
    for first, uprn, flag in [('Zoë "Jo"', None, True), ("Ann\\Marie", 1234, False)]:
        e = register_csv.ElectorRow(
            2, 1, "NA1", 12, 3, "GN", "Dr", first, "", "O'Brien", None, None, uprn, flag, not flag
        )
        text = register_csv.addition_after_json(e, "NA1-12/3")
        assert text == json.dumps(register_csv.addition_after(e))


def test_imported_ids_do_not_clash_with_electors_added_later(places, write_csv):
    na1, _ = places
    ElectorFactory(property=None, polling_district=na1, number=900)
    rows = [f"NA1,{n},,,,First,,Person{n},,,,N,N" for n in range(1, 51)]
    services.register_import(path=write_csv("r.csv", "\n".join([HEADER, *rows])), acting_user=None)
    later = ElectorFactory(property=None, polling_district=na1, number=901)
    assert Elector.objects.count() == 52
    assert later.pk > max(Elector.objects.exclude(pk=later.pk).values_list("pk", flat=True))
    assert sorted(Alteration.objects.values_list("elector_id", flat=True)) == sorted(
        Elector.objects.filter(number__lte=50).values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_large_import_still_checks_foreign_keys_before_commit(places, write_csv, monkeypatch):
    """The large path drops indexes (and on PostgreSQL foreign keys) while loading:
    a row pointing at a property that does not exist still fails the whole import."""
    na1, _ = places
    monkeypatch.setattr(register_csv, "REBUILD_FROM", 1)
    real_prepare = register_csv.RegisterCsvImporter.prepare

    def prepare_with_a_ghost_property(self):
        real_prepare(self)
        self.properties[999] = na1.pk  # as if deleted after the file was checked

    monkeypatch.setattr(register_csv.RegisterCsvImporter, "prepare", prepare_with_a_ghost_property)
    rows = ["NA1,1,,,,A,,B,,,100,N,N", "NA1,2,,,,C,,D,,,999,N,N"]
    path = write_csv("r.csv", "\n".join([HEADER, *rows]))
    with pytest.raises(IntegrityError):
        services.register_import(path=path, acting_user=None)
    assert Elector.objects.count() == 0 and Alteration.objects.count() == 0
    # Indexes and constraints are all back: a second import of a good file works.
    good = write_csv("good.csv", "\n".join([HEADER, rows[0]]))
    monkeypatch.setattr(register_csv.RegisterCsvImporter, "prepare", real_prepare)
    assert services.register_import(path=good, acting_user=None) == {"added": 1}
