"""Publishing the full and open registers: what reaches the file, the Edition record."""

import csv
import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from ems.core.errors import NotPermitted
from ems.core.models import AuditEvent, Council
from ems.register.models import Edition, Elector
from ems.register.publication import edition_file, register_publish
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

ON = datetime.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def register(db):
    """Two districts; a visible, an anonymous, an opted-out, a deleted and a pending elector."""
    Council.objects.create(
        name="Exampleton Borough Council",
        gss_code="E07000999",
        country="england",
        ero_name="Pat Registrar",
        ro_name="Pat Registrar",
        office_address="Civic Centre",
        office_postcode="EX1 1AA",
    )
    na = PollingDistrictFactory(code="NA1", name="North A")
    nb = PollingDistrictFactory(code="NB1", name="North B")
    oak = PropertyFactory(
        polling_district=na, address_line_1="1 Oak Road", street="Oak Road", sort_key="000001"
    )
    ash = PropertyFactory(
        polling_district=na, address_line_1="2 Ash Lane", street="Ash Lane", sort_key="000002"
    )
    hidden_house = PropertyFactory(
        polling_district=na,
        address_line_1="99 Secret Street",
        street="Secret Street",
        sort_key="000099",
        postcode="ZZ9 9ZZ",
    )
    elm = PropertyFactory(
        polling_district=nb, address_line_1="3 Elm Way", street="Elm Way", sort_key="000003"
    )
    people = {
        "visible": ElectorFactory(
            property=oak, number=1, first_names="Alice", surname="Visible", markers="F"
        ),
        "ash": ElectorFactory(property=ash, number=2, first_names="Bob", surname="Ashman"),
        "anonymous": ElectorFactory(
            property=hidden_house,
            number=3,
            first_names="Hester",
            surname="Hiddenname",
            anonymous=True,
        ),
        "opted_out": ElectorFactory(
            property=oak,
            number=4,
            first_names="Oscar",
            surname="Optedout",
            open_register_opt_out=True,
        ),
        "deleted": ElectorFactory(
            property=oak,
            number=5,
            first_names="Delia",
            surname="Deletedperson",
            status=Elector.Status.DELETED,
        ),
        "pending": ElectorFactory(
            property=oak,
            number=6,
            first_names="Penny",
            surname="Pendingperson",
            status=Elector.Status.PENDING_ADDITION,
        ),
        "elm": ElectorFactory(
            property=elm, number=1, suffix=1, first_names="Eli", surname="Elmer", markers="G"
        ),
    }
    return people


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_full_csv_shows_live_electors_in_register_order_and_anonymous_as_number_and_n(
    register, tmp_path
):
    out = tmp_path / "full.csv"
    edition = register_publish(
        kind="full", file_format="csv", out_path=out, acting_user=None, published_on=ON
    )
    rows = read_csv(out)
    # NA1 in street order (Ash Lane before Oak Road), anonymous last, then NB1.
    assert [r["elector_number"] for r in rows] == ["NA1-2", "NA1-1", "NA1-4", "NA1-3", "NB1-1/1"]
    visible = rows[1]
    assert visible["first_names"] == "Alice"
    assert visible["surname"] == "Visible"
    assert visible["markers"] == "F"
    assert visible["address_1"] == "1 Oak Road"
    assert visible["postcode"] == "EX1 2AB"
    anonymous = rows[3]
    assert anonymous["markers"] == "N"
    assert all(
        v == ""
        for k, v in anonymous.items()
        if k not in {"elector_number", "polling_district", "elector_no", "suffix", "markers"}
    )
    text = out.read_text(encoding="utf-8")
    for secret in ("Hester", "Hiddenname", "Secret Street", "ZZ9 9ZZ"):
        assert secret not in text
    for unpublished in ("Deletedperson", "Pendingperson"):
        assert unpublished not in text
    assert edition.elector_count == 5
    assert edition.anonymous_count == 1


def test_open_csv_leaves_out_anonymous_and_opted_out(register, tmp_path):
    out = tmp_path / "open.csv"
    edition = register_publish(
        kind="open", file_format="csv", out_path=out, acting_user=None, published_on=ON
    )
    rows = read_csv(out)
    assert [r["elector_number"] for r in rows] == ["NA1-2", "NA1-1", "NB1-1/1"]
    text = out.read_text(encoding="utf-8")
    for secret in ("Hester", "Hiddenname", "Secret Street", "NA1-3", "Optedout", "NA1-4"):
        assert secret not in text
    assert edition.elector_count == 3
    assert edition.anonymous_count == 0


def test_edition_records_checksum_size_and_copy_that_downloads_the_same_bytes(register, tmp_path):
    out = tmp_path / "full.csv"
    edition = register_publish(
        kind="full", file_format="csv", out_path=out, acting_user=None, published_on=ON
    )
    data = out.read_bytes()
    assert edition.file_sha256 == hashlib.sha256(data).hexdigest()
    assert edition.file_size == len(data)
    assert edition.published_on == ON
    kept = edition_file(Edition.objects.get(pk=edition.pk))
    assert kept.read_bytes() == data
    event = AuditEvent.objects.get(action="edition.publish")
    assert event.object_id == str(edition.pk)
    assert event.after["elector_count"] == 5
    assert event.after["file_sha256"] == edition.file_sha256
    assert event.actor == "command line"


def test_a_changed_kept_file_is_not_served(register, tmp_path):
    edition = register_publish(kind="full", acting_user=None, published_on=ON)
    path = edition_file(edition)
    path.write_bytes(path.read_bytes() + b"tampered")
    with pytest.raises(Exception, match="changed since it was published"):
        edition_file(edition)


def test_one_district_only(register, tmp_path):
    out = tmp_path / "nb1.csv"
    edition = register_publish(
        kind="full", out_path=out, polling_district="NB1", acting_user=None, published_on=ON
    )
    assert [r["elector_number"] for r in read_csv(out)] == ["NB1-1/1"]
    assert edition.polling_district.code == "NB1"


def test_only_a_manager_may_publish(register, officer):
    with pytest.raises(NotPermitted):
        register_publish(kind="full", acting_user=officer, published_on=ON)
    assert not Edition.objects.exists()


def test_manager_may_publish(register, manager):
    edition = register_publish(kind="open", acting_user=manager, published_on=ON)
    assert edition.created_by == manager


def test_full_pdf_has_headings_and_no_anonymous_details(register, tmp_path):
    out = tmp_path / "full.pdf"
    edition = register_publish(
        kind="full", file_format="pdf", out_path=out, acting_user=None, published_on=ON
    )
    text = pdf_text(out)
    assert "Register of Electors" in text
    assert "Exampleton Borough Council" in text
    assert "Pat Registrar" in text
    assert "Polling district NA1: North A" in text
    assert "Polling district NB1: North B" in text
    assert "1 December 2025" in text
    assert "Visible, Alice" in text
    assert "NA1-3" in text
    for secret in ("Hester", "Hiddenname", "Secret Street", "ZZ9 9ZZ"):
        assert secret not in text
    for unpublished in ("Deletedperson", "Pendingperson"):
        assert unpublished not in text
    assert edition.elector_count == 5
    assert out.read_bytes()[:4] == b"%PDF"


def test_open_pdf_leaves_out_anonymous_and_opted_out(register, tmp_path):
    out = tmp_path / "open.pdf"
    register_publish(
        kind="open", file_format="pdf", out_path=out, acting_user=None, published_on=ON
    )
    text = pdf_text(out)
    assert "Open Register" in text
    assert "Visible, Alice" in text
    for secret in ("Hester", "Hiddenname", "Secret Street", "NA1-3", "Optedout", "NA1-4"):
        assert secret not in text


def test_young_people_in_wales_are_not_published(register, tmp_path):
    Council.objects.update(country="wales")
    young = register["ash"]
    young.date_of_birth = datetime.date(2010, 6, 1)  # 15 on the day of publication
    young.save()
    out = tmp_path / "full.csv"
    register_publish(kind="full", out_path=out, acting_user=None, published_on=ON)
    assert "Ashman" not in out.read_text(encoding="utf-8")


def test_young_people_in_england_are_published(register, tmp_path):
    young = register["ash"]
    young.date_of_birth = datetime.date(2010, 6, 1)
    young.save()
    out = tmp_path / "full.csv"
    register_publish(kind="full", out_path=out, acting_user=None, published_on=ON)
    assert "Ashman" in out.read_text(encoding="utf-8")


def test_command_publishes(register, tmp_path):
    out = tmp_path / "cmd.csv"
    stdout = io.StringIO()
    call_command(
        "publish_register",
        "--edition",
        "open",
        "--out",
        str(out),
        "--date",
        "2025-12-01",
        stdout=stdout,
        stderr=io.StringIO(),
    )
    assert "3 entries" in stdout.getvalue()
    assert len(read_csv(out)) == 3
    assert Edition.objects.get().kind == "open"


@pytest.mark.parametrize(
    "args",
    [
        ["--edition", "everything", "--out", "x.csv"],
        ["--edition", "full"],
        ["--edition", "full", "--out", "x.csv", "--format", "docx"],
    ],
)
def test_command_rejects_bad_arguments(register, args):
    with pytest.raises(CommandError):
        call_command("publish_register", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not Edition.objects.exists()


def test_command_rejects_unknown_district(register, tmp_path):
    with pytest.raises(CommandError, match="no polling district XX9"):
        call_command(
            "publish_register",
            "--edition",
            "full",
            "--out",
            str(tmp_path / "x.csv"),
            "--district",
            "XX9",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_command_exits_non_zero_on_bad_arguments_from_the_shell(tmp_path):
    import subprocess
    import sys

    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(manage), "publish_register", "--edition", "nonsense", "--out", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize("kind", ["full", "open"])
@pytest.mark.parametrize("country", ["england", "wales"])
def test_csv_fast_path_agrees_with_the_rules_entry_by_entry(register, tmp_path, kind, country):
    """The CSV streams from filtered queries; the PDF applies the rules to every record."""
    from ems.register.publication import edition_records
    from ems.register.rules import publication as rules

    Council.objects.update(country=country)
    na = register["visible"].polling_district
    quiet = PollingDistrictFactory(code="NC1", name="Only anonymous")
    ElectorFactory(property=PropertyFactory(polling_district=quiet), number=1, anonymous=True)
    ElectorFactory(property=PropertyFactory(polling_district=na), number=20, markers="FN")
    ElectorFactory(property=PropertyFactory(polling_district=na), number=21, markers="Z")
    ElectorFactory(
        property=PropertyFactory(polling_district=na),
        number=22,
        date_of_birth=datetime.date(2010, 1, 1),
        date_of_attainment=datetime.date(2028, 1, 1),
    )
    ElectorFactory(
        property=PropertyFactory(polling_district=na),
        number=23,
        date_of_attainment=datetime.date(2025, 1, 1),
    )
    ElectorFactory(property=None, polling_district=na, number=24, surname="Nohome")
    out = tmp_path / "fast.csv"
    register_publish(kind=kind, out_path=out, acting_user=None, published_on=ON)
    with open(out, encoding="utf-8", newline="") as f:
        fast = [tuple(r) for r in list(csv.reader(f))[1:]]
    expected = []
    for record in edition_records(kind):
        entry = rules.published_entry(kind, record, country=country, on=ON)
        if entry is not None:
            expected.append(tuple(str(v) for v in entry.csv_row()))
    assert sorted(fast) == sorted(expected)
    numbers = [r[0] for r in fast]
    assert "NA1-21" not in numbers  # Z: never published
    assert ("NC1-1" in numbers) is (kind == "full")
    if kind == "full":
        assert next(r for r in fast if r[0] == "NA1-20")[4] == "N"
    assert ("NA1-22" in numbers) is (country == "england")
