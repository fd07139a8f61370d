import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ems.core.errors import ImportRejected
from ems.core.jobs import job_start
from ems.core.models import AuditEvent, Job
from ems.register import services
from ems.register.formats import register_csv
from ems.register.models import Alteration, Elector
from ems.register.search_keys import name_keys
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db
HEADER = ",".join(register_csv.COLUMNS)


@pytest.fixture
def places():
    na1 = PollingDistrictFactory(code="NA1")
    nb2 = PollingDistrictFactory(code="NB2")
    PropertyFactory(uprn=100, polling_district=na1)
    PropertyFactory(uprn=101, polling_district=na1)
    PropertyFactory(uprn=200, polling_district=nb2)
    return na1, nb2


GOOD = [
    "NA1,1,,,Mr,John,Paul,Smith,1980-01-31,,100,N,N",
    "NA1,1,1,g,,Anna,,Nowak,31/12/1990,,100,Y,N",
    "NA1,2,0,F,Ms,Ola,,Abroad,,,,N,N",
    "NB2,1,,,,Zoe,,Young,2008-06-01,2026-06-01,200,N,N",
]


def csv_text(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def test_import_adds_electors_with_alterations_and_one_audit_event(places, write_csv, manager):
    path = write_csv("register.csv", csv_text(*GOOD))
    result = services.register_import(path=path, acting_user=manager)
    assert result == {"added": 4}
    smith = Elector.objects.get(surname="Smith")
    assert smith.elector_number == "NA1-1" and smith.property_id == 100
    assert smith.date_of_birth == datetime.date(1980, 1, 31)
    assert smith.search_surname == "smith" and smith.status == "live" and smith.version == 1
    nowak = Elector.objects.get(surname="Nowak")
    assert nowak.elector_number == "NA1-1/1" and nowak.markers == "G"
    assert nowak.open_register_opt_out and nowak.date_of_birth == datetime.date(1990, 12, 31)
    abroad = Elector.objects.get(surname="Abroad")
    assert abroad.special_category == "overseas" and abroad.property is None
    assert Alteration.objects.filter(kind="addition").count() == 4
    alteration = Alteration.objects.get(elector=nowak)
    assert alteration.elector_number == "NA1-1/1" and alteration.created_by == manager
    assert alteration.after["surname"] == "Nowak"
    events = AuditEvent.objects.all()
    assert [e.action for e in events] == ["register.imported"]
    assert events[0].after == {"file": "register.csv", "added": 4}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ZZ9,1,,,,A,,B,,,,N,N", "register.csv:2:polling_district_code: unknown polling district"),
        ("NA1,x,,,,A,,B,,,,N,N", "register.csv:2:elector_number: 'x' is not an elector number"),
        ("NA1,1,-1,,,A,,B,,,,N,N", "register.csv:2:elector_suffix:"),
        ("NA1,1,,Q,,A,,B,,,,N,N", "register.csv:2:markers: Q is not a franchise marker"),
        ("NA1,1,,,,,,B,,,,N,N", "register.csv:2:first_names: missing"),
        ("NA1,1,,,,A,,B,31/02/1990,,,N,N", "register.csv:2:date_of_birth: '31/02/1990' is not"),
        ("NA1,1,,,,A,,B,,2024-13-01,,N,N", "register.csv:2:date_of_attainment:"),
        ("NA1,1,,,,A,,B,,,999,N,N", "register.csv:2:uprn: unknown UPRN 999"),
        ("NA1,1,,,,A,,B,,,200,N,N", "register.csv:2:uprn: UPRN 200 is in NB2, not NA1"),
        ("NA1,1,,,,A,,B,,,,maybe,N", "register.csv:2:open_register_opt_out: 'maybe' is not Y"),
        ("NA1,1,,,,A,,B,,,,N,X", "register.csv:2:anonymous: 'X' is not Y or N"),
        ("NA1,1,,N,,A,,B,,,,N,N", "register.csv:2:markers: marker N but anonymous is N"),
        ("NA1,1,,,,A,,B,,,,N", "register.csv:2:-: row has 12 fields"),
    ],
)
def test_each_problem_is_reported_with_file_row_column(places, write_csv, row, message):
    path = write_csv("register.csv", csv_text(row))
    with pytest.raises(ImportRejected) as caught:
        services.register_import(path=path, acting_user=None)
    assert any(str(e).startswith(message) for e in caught.value.errors), caught.value.errors
    assert Elector.objects.count() == 0


def test_numbers_in_use_or_twice_in_file_are_errors_and_nothing_is_written(places, write_csv):
    na1, _ = places
    ElectorFactory(property=None, polling_district=na1, number=2)
    path = write_csv(
        "register.csv",
        csv_text(*GOOD, "NA1,2,,,,A,,B,,,,N,N", "NA1,1,0,,,C,,D,,,101,N,N"),
    )
    with pytest.raises(ImportRejected) as caught:
        services.register_import(path=path, acting_user=None)
    assert [str(e) for e in caught.value.errors] == [
        "register.csv:4:elector_number: elector number NA1-2 is already in the register "
        "(expected a number not in use)",
        "register.csv:6:elector_number: elector number NA1-2 is already in the register "
        "(expected a number not in use)",
        "register.csv:7:elector_number: elector number NA1-1 is also at row 2 "
        "(expected each elector number once)",
    ]
    assert Elector.objects.count() == 1 and Alteration.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_failure_midway_through_writing_leaves_the_register_unchanged(
    places, write_csv, monkeypatch
):
    na1, _ = places
    ElectorFactory(property=None, polling_district=na1, number=500)
    rows = [f"NA1,{n},,,,First,,Person{n},,,,N,N" for n in range(1, 301)]
    path = write_csv("big.csv", csv_text(*rows))
    monkeypatch.setattr(register_csv, "BATCH", 50)
    real_insert = register_csv.insert_rows
    calls = {"n": 0}

    def failing_insert(table, columns, batch):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        real_insert(table, columns, batch)

    monkeypatch.setattr(register_csv, "insert_rows", failing_insert)
    with pytest.raises(RuntimeError):
        services.register_import(path=path, acting_user=None)
    assert calls["n"] == 4  # three batches of electors were written, then the fault
    assert Elector.objects.count() == 1
    assert Alteration.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_export_then_import_reproduces_the_register_exactly(places, write_csv, tmp_path):
    path = write_csv("register.csv", csv_text(*GOOD))
    services.register_import(path=path, acting_user=None)
    first = tmp_path / "first.csv"
    assert services.register_export(path=first, acting_user=None) == {
        "exported": 4,
        "anonymous_not_exported": 0,
    }
    fields = [
        "polling_district_id", "number", "suffix", "markers", "title", "first_names",
        "middle_names", "surname", "date_of_birth", "date_of_attainment", "property_id",
        "open_register_opt_out", "anonymous", "special_category", "search_surname",
    ]  # fmt: skip
    before = list(Elector.objects.order_by("polling_district", "number", "suffix").values(*fields))
    Alteration.objects.all().delete()
    Elector.objects.all().delete()
    services.register_import(path=first, acting_user=None)
    after = list(Elector.objects.order_by("polling_district", "number", "suffix").values(*fields))
    assert after == before
    second = tmp_path / "second.csv"
    services.register_export(path=second, acting_user=None)
    assert second.read_bytes() == first.read_bytes()
    lines = first.read_text().splitlines()
    assert lines[0] == HEADER
    assert lines[1] == "NA1,1,,,Mr,John,Paul,Smith,1980-01-31,,100,N,N"
    assert lines[2] == "NA1,1,1,G,,Anna,,Nowak,1990-12-31,,100,Y,N"


def test_export_leaves_out_deleted_and_anonymous_entries(places, tmp_path):
    na1, _ = places
    ElectorFactory(property=None, polling_district=na1, number=1, surname="Kept")
    ElectorFactory(property=None, polling_district=na1, number=2, status="deleted")
    ElectorFactory(property=None, polling_district=na1, number=3, anonymous=True, markers="N")
    out = tmp_path / "out.csv"
    result = services.register_export(path=out, acting_user=None)
    assert result == {"exported": 1, "anonymous_not_exported": 1}
    assert "Kept" in out.read_text() and len(out.read_text().splitlines()) == 2
    assert AuditEvent.objects.get().action == "register.exported"


def test_commands(places, write_csv, tmp_path, capsys):
    path = write_csv("register.csv", csv_text(*GOOD))
    call_command("import_register", str(path))
    assert "Added 4 electors." in capsys.readouterr().out
    out = tmp_path / "out.csv"
    call_command("export_register", "--out", str(out))
    assert "Exported 4 electors" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_register", str(path))
    assert "elector number NA1-1 is already in the register" in capsys.readouterr().err


def test_web_upload_runs_as_a_background_job(
    places, write_csv, manager, django_capture_on_commit_callbacks
):
    path = write_csv("register.csv", csv_text(*GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="register.import",
            title="Import",
            params={"path": str(path), "display_name": "upload.csv"},
            acting_user=manager,
        )
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result == {"added": 4}
    assert AuditEvent.objects.get().after == {"file": "upload.csv", "added": 4}


def _index_names():
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.get_constraints(cursor, Elector._meta.db_table)
    return sorted(name for name, info in tables.items() if info["index"])


@pytest.mark.parametrize("fail", [False, True])
def test_large_import_path_rebuilds_indexes_and_rolls_back_whole(
    places, write_csv, monkeypatch, fail
):
    """Large files take the rebuild-the-indexes path (SQLite); it is all or nothing too."""
    monkeypatch.setattr(register_csv, "REBUILD_FROM", 1)
    monkeypatch.setattr(register_csv, "BATCH", 2)
    indexes = _index_names()
    path = write_csv("register.csv", csv_text(*GOOD))
    if fail:
        real_audit = register_csv.audit

        def failing_audit(**kwargs):
            raise RuntimeError("fault after every row was written")

        monkeypatch.setattr(register_csv, "audit", failing_audit)
        with pytest.raises(RuntimeError):
            services.register_import(path=path, acting_user=None)
        monkeypatch.setattr(register_csv, "audit", real_audit)
        assert Elector.objects.count() == 0 and Alteration.objects.count() == 0
    else:
        assert services.register_import(path=path, acting_user=None) == {"added": 4}
        keys = Elector.objects.values_list("first_names", "surname", "search_first", "surname_code")
        for first, surname, search_first, code in keys:
            assert name_keys(first, surname)["search_first"] == search_first
            assert name_keys(first, surname)["surname_code"] == code
    assert _index_names() == indexes
