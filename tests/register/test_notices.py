"""Notices of alteration: what they list, and that they account for the change between editions."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.register.models import Alteration, Elector, NoticeOfAlteration
from ems.register.notices import notice_files, notice_publish
from ems.register.publication import register_publish
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

A_DAY = datetime.date(2025, 12, 1)
B_DAY = datetime.date(2026, 1, 2)
IN_PERIOD = datetime.date(2025, 12, 15)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def record(elector: Elector, kind: str, on=IN_PERIOD, before=None, after=None) -> Alteration:
    return Alteration.objects.create(
        elector=elector,
        kind=kind,
        effective_date=on,
        polling_district=elector.polling_district,
        elector_number=elector.elector_number,
        before=before,
        after=after,
    )


def add(**kwargs) -> Elector:
    elector = ElectorFactory(**kwargs)
    record(elector, Alteration.Kind.ADDITION, after={"anonymous": elector.anonymous})
    return elector


def delete(elector: Elector) -> None:
    elector.status = Elector.Status.DELETED
    elector.save()
    record(elector, Alteration.Kind.DELETION)


@pytest.fixture
def districts(db):
    return PollingDistrictFactory(code="NA1", name="North A"), PollingDistrictFactory(code="NB1")


def prop(district, n, street="Oak Road", **kw):
    return PropertyFactory(
        polling_district=district,
        address_line_1=f"{n} {street}",
        street=street,
        sort_key=f"{n:06d}",
        **kw,
    )


def numbers_in(path) -> set[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row["elector_number"] for row in csv.DictReader(f)}


def notice_rows(notice) -> list[dict]:
    rows = []
    for path in notice_files(notice):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as f:
                rows.extend(csv.DictReader(f))
    return rows


def test_alterations_between_two_editions_account_for_the_difference(districts, tmp_path):
    na, nb = districts
    staying = [ElectorFactory(property=prop(na, i), number=i) for i in range(1, 6)]
    leaving = ElectorFactory(property=prop(nb, 1), number=1)
    leaving_anonymous = ElectorFactory(property=prop(na, 50), number=50, anonymous=True)
    a_path = tmp_path / "a.csv"
    register_publish(kind="full", out_path=a_path, acting_user=None, published_on=A_DAY)

    added = [add(property=prop(na, 10 + i), number=10 + i) for i in range(3)]
    added_anonymous = add(property=prop(nb, 20), number=20, anonymous=True)
    delete(leaving)
    delete(leaving_anonymous)
    renamed = staying[0]
    renamed.surname = "Newname"
    renamed.save()
    record(renamed, Alteration.Kind.NAME)

    b_path = tmp_path / "b.csv"
    register_publish(kind="full", out_path=b_path, acting_user=None, published_on=B_DAY)
    notice = notice_publish(
        kind="monthly",
        period_start=datetime.date(2025, 12, 2),
        period_end=datetime.date(2026, 1, 1),
        published_on=B_DAY,
        acting_user=None,
    )
    rows = notice_rows(notice)
    additions = {r["elector_number"] for r in rows if r["section"] == "Additions"}
    deletions = {r["elector_number"] for r in rows if r["section"] == "Deletions"}
    a, b = numbers_in(a_path), numbers_in(b_path)
    assert b - a == additions == {e.elector_number for e in [*added, added_anonymous]}
    assert a - b == deletions == {leaving.elector_number, leaving_anonymous.elector_number}
    changes = [r for r in rows if r["section"] == "Changes"]
    assert [(r["elector_number"], r["change"]) for r in changes] == [
        (renamed.elector_number, "Change of name")
    ]
    assert notice.alteration_count == 7


def test_anonymous_electors_show_only_number_and_n(districts):
    na, _ = districts
    secret = add(
        property=prop(na, 7, street="Secret Street", postcode="ZZ9 9ZZ"),
        number=7,
        first_names="Hester",
        surname="Hiddenname",
        anonymous=True,
        markers="N",
    )
    gone = ElectorFactory(
        property=prop(na, 8, street="Secret Street"),
        number=8,
        first_names="Gwen",
        surname="Gonesecret",
        anonymous=True,
    )
    delete(gone)
    notice = notice_publish(
        kind="interim",
        period_start=IN_PERIOD,
        period_end=IN_PERIOD,
        published_on=IN_PERIOD,
        acting_user=None,
    )
    rows = notice_rows(notice)
    by_number = {r["elector_number"]: r for r in rows}
    assert by_number[secret.elector_number]["markers"] == "N"
    assert by_number[secret.elector_number]["name"] == ""
    assert by_number[secret.elector_number]["address"] == ""
    assert by_number[gone.elector_number]["name"] == ""
    assert by_number[gone.elector_number]["markers"] == ""
    everything = "".join(p.read_text("utf-8") for p in notice_files(notice) if p.suffix == ".csv")
    pdf = "".join(
        page.extract_text()
        for p in notice_files(notice)
        if p.suffix == ".pdf"
        for page in PdfReader(p).pages
    )
    for text in (everything, pdf):
        for secret_text in ("Hester", "Hiddenname", "Gwen", "Gonesecret", "Secret Street", "ZZ9"):
            assert secret_text not in text
    assert "Interim election notice of alteration" in pdf
    assert secret.elector_number in pdf


def test_an_elector_who_became_anonymous_is_hidden_in_earlier_change_lines(districts):
    na, _ = districts
    elector = ElectorFactory(property=prop(na, 3), number=3, surname="Wasvisible", anonymous=True)
    record(elector, Alteration.Kind.NAME)
    notice = notice_publish(
        kind="monthly",
        period_start=IN_PERIOD,
        period_end=IN_PERIOD,
        published_on=IN_PERIOD,
        acting_user=None,
    )
    text = "".join(p.read_text("utf-8") for p in notice_files(notice) if p.suffix == ".csv")
    assert "Wasvisible" not in text


def test_additions_show_name_and_address_and_files_per_district(districts):
    na, nb = districts
    add(property=prop(na, 1, street="Ash Lane"), number=1, first_names="Ann", surname="Adder")
    add(property=prop(nb, 2, street="Elm Way"), number=2, first_names="Ben", surname="Bee")
    notice = notice_publish(
        kind="monthly",
        period_start=IN_PERIOD,
        period_end=IN_PERIOD,
        published_on=B_DAY,
        acting_user=None,
    )
    names = [p.name for p in notice_files(notice)]
    assert names == [
        "notice-monthly-2026-01-02-NA1.csv",
        "notice-monthly-2026-01-02-NA1.pdf",
        "notice-monthly-2026-01-02-NB1.csv",
        "notice-monthly-2026-01-02-NB1.pdf",
    ]
    rows = notice_rows(notice)
    assert rows[0]["name"] == "Adder, Ann"
    assert rows[0]["address"] == "1 Ash Lane, Exampleton, EX1 2AB"
    assert rows[0]["polling_district"] == "NA1"
    assert AuditEvent.objects.get(action="notice.publish").after["alteration_count"] == 2


def test_each_alteration_is_listed_once_and_only_in_its_period(districts):
    na, _ = districts
    inside = add(property=prop(na, 1), number=1)
    outside = ElectorFactory(property=prop(na, 2), number=2)
    record(outside, Alteration.Kind.ADDITION, on=datetime.date(2026, 2, 1))
    first = notice_publish(
        kind="monthly",
        period_start=IN_PERIOD,
        period_end=IN_PERIOD,
        published_on=B_DAY,
        acting_user=None,
    )
    second = notice_publish(
        kind="monthly",
        period_start=IN_PERIOD,
        period_end=IN_PERIOD,
        published_on=B_DAY,
        acting_user=None,
    )
    assert first.alteration_count == 1
    assert second.alteration_count == 0
    assert Alteration.objects.get(elector=inside).notice == first
    assert Alteration.objects.get(elector=outside).notice is None


def test_only_a_manager_may_publish_a_notice(districts, officer):
    with pytest.raises(NotPermitted):
        notice_publish(
            kind="monthly",
            period_start=IN_PERIOD,
            period_end=IN_PERIOD,
            published_on=B_DAY,
            acting_user=officer,
        )


def test_period_must_not_run_backwards(districts):
    with pytest.raises(InvalidInput):
        notice_publish(
            kind="monthly",
            period_start=B_DAY,
            period_end=IN_PERIOD,
            published_on=B_DAY,
            acting_user=None,
        )
    assert not NoticeOfAlteration.objects.exists()


def test_publish_notice_command(districts, tmp_path):
    na, _ = districts
    add(property=prop(na, 1), number=1)
    out = tmp_path / "out"
    out.mkdir()
    stdout = io.StringIO()
    call_command(
        "publish_notice",
        "--kind",
        "final",
        "--from",
        "2025-12-01",
        "--to",
        "2025-12-31",
        "--out",
        str(out),
        stdout=stdout,
    )
    assert "listing 1 alterations" in stdout.getvalue()
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".pdf"]


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "weekly", "--from", "2025-12-01", "--to", "2025-12-31", "--out", "."],
        ["--kind", "monthly", "--from", "yesterday", "--to", "2025-12-31", "--out", "."],
        ["--kind", "monthly", "--from", "2025-12-01", "--to", "2025-12-31", "--out", "/nope"],
        ["--kind", "monthly", "--from", "2025-12-31", "--to", "2025-12-01", "--out", "."],
    ],
)
def test_publish_notice_command_rejects_bad_arguments(districts, args):
    with pytest.raises(CommandError):
        call_command("publish_notice", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not NoticeOfAlteration.objects.exists()


def test_notices_page_lists_the_monthly_notices_due(reader_client):
    from django.urls import reverse

    html = reader_client.get(reverse("register:notices")).content.decode()
    assert "Monthly notices due" in html
    assert "RPA 1983 s13A" in html


def test_monthly_notices_due_skip_december_and_start_from_today(db):
    import datetime

    from ems.register.notices import monthly_notices_due

    due = monthly_notices_due(today=datetime.date(2026, 11, 25), count=3)
    # No December notice (the revised register is published then); the January 2027 one is
    # on the first working day after New Year's Day.
    assert [d.date for d in due] == [
        datetime.date(2027, 1, 4),
        datetime.date(2027, 2, 1),
        datetime.date(2027, 3, 1),
    ]


def test_an_alteration_added_while_the_files_are_written_is_listed(districts, monkeypatch):
    """The files are written outside the transaction; a late alteration makes it start again."""
    from ems.register import notices

    na, _ = districts
    add(property=prop(na, 1), number=1)
    write_files = notices._write_files
    calls = []

    def write_and_meanwhile_add(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            add(property=prop(na, 2), number=2, surname="Latecomer")
        return write_files(*args, **kwargs)

    monkeypatch.setattr(notices, "_write_files", write_and_meanwhile_add)
    notice = notice_publish(
        kind="monthly",
        period_start=IN_PERIOD,
        period_end=IN_PERIOD,
        published_on=B_DAY,
        acting_user=None,
    )
    assert len(calls) == 2
    assert notice.alteration_count == 2
    assert "Latecomer" in "".join(r["name"] for r in notice_rows(notice))
    assert NoticeOfAlteration.objects.count() == 1
    assert not Alteration.objects.filter(notice__isnull=True).exists()
    # Nothing is left of the first attempt's files.
    notices_root = notice_files(notice)[0].parent.parent
    assert [p.name for p in notices_root.iterdir()] == [str(notice.pk)]


def test_publishing_a_notice_from_the_web_is_a_job_with_progress(
    districts, manager, django_capture_on_commit_callbacks
):
    from ems.core.models import Job
    from ems.register.notices import notice_publish_start

    na, nb = districts
    add(property=prop(na, 1), number=1)
    add(property=prop(nb, 2), number=2)
    with django_capture_on_commit_callbacks(execute=True):
        job = notice_publish_start(
            kind="interim",
            period_start=IN_PERIOD,
            period_end=IN_PERIOD,
            published_on=B_DAY,
            acting_user=manager,
        )
    job.refresh_from_db()
    assert job.title == (
        "Publish the interim election notice of alteration (15 December 2025 to 15 December 2025)"
    )
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.result["alterations_listed"] == 2
    notice = NoticeOfAlteration.objects.get()
    assert notice.created_by == manager
    assert AuditEvent.objects.get(action="notice.publish").user == manager


def test_an_officer_cannot_start_a_notice_job(districts, officer):
    from ems.core.models import Job
    from ems.register.notices import notice_publish_start

    with pytest.raises(NotPermitted):
        notice_publish_start(
            kind="monthly",
            period_start=IN_PERIOD,
            period_end=IN_PERIOD,
            published_on=B_DAY,
            acting_user=officer,
        )
    assert not Job.objects.exists()
