import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ems.applications import selectors, services
from ems.applications.models import Application, Batch, Letter
from ems.applications.rules import timing
from ems.applications.sources import FileApplicationSource
from ems.core.errors import ImportRejected, InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.register.models import Alteration, Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

from .factories import item, write_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return PropertyFactory(address_line_1="1 Acacia Avenue", postcode="EX1 2AB")


def load(tmp_path, items, user=None, **kw):
    path = write_batch(tmp_path, items, **kw)
    return services.batch_import(source=FileApplicationSource(path), acting_user=user)


def test_import_creates_applications_matched_and_verified(tmp_path, home, officer):
    result = load(
        tmp_path, [item(1, address={"uprn": home.uprn}), item(2, dwp_result="no_match")], officer
    )
    assert result["imported"] == 2 and result["verified_by_dwp"] == 1
    first = Application.objects.get(reference="IER-000001")
    assert first.property == home and first.verified_by == "dwp" and first.stage == timing.READY
    assert first.listed_on is not None and first.nino == "AB123456C"
    second = Application.objects.get(reference="IER-000002")
    assert second.stage == timing.ADDRESS and second.verified_by == ""
    assert AuditEvent.objects.filter(action="application.received").count() == 2


def test_all_or_nothing_rejects_the_whole_batch_with_item_and_field(tmp_path, home):
    items = [item(1), item(2, applicant={"nino": "QQ123456Z"}), item(3, address={"postcode": "X"})]
    path = write_batch(tmp_path, items)
    with pytest.raises(ImportRejected) as exc:
        services.batch_import(
            source=FileApplicationSource(path), acting_user=None, all_or_nothing=True
        )
    messages = [str(e) for e in exc.value.errors]
    assert messages[0].startswith("batch.json:2:applicant.nino: not a National Insurance number")
    assert messages[1].startswith("batch.json:3:address.postcode: not a postcode")
    assert Application.objects.count() == 0 and Batch.objects.count() == 0


def test_by_default_the_good_records_are_imported_and_each_bad_one_reported(tmp_path, home):
    items = [
        item(1),
        item(2, applicant={"date_of_birth": "1990-13-01"}),
        item(3, applicant={"nino": "QQ123456Z"}),
    ]
    result = load(tmp_path, items)
    assert result["imported"] == 1
    assert result["rejected_records"] == [
        "batch.json:2:applicant.date_of_birth: not a date: '1990-13-01' (expected YYYY-MM-DD)",
        "batch.json:3:applicant.nino: not a National Insurance number: 'QQ123456Z' "
        "(expected two letters, six digits and A, B, C or D, like QQ123456C)",
    ]
    assert Batch.objects.get().rejected_records == result["rejected_records"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"format": "ier-ds-batch", "version": 1, "applications": [', "not valid JSON"),
        ('{"format": "other", "version": 1, "batch_id": "X", "applications": []}', "format is"),
        ('{"format": "ier-ds-batch", "version": 9, "batch_id": "X", "applications": []}',
         "version 9 is not supported"),
        ('{"format": "ier-ds-batch", "version": 1, "batch_id": "X"}', "applications is missing"),
    ],
)  # fmt: skip
def test_malformed_file_changes_nothing(tmp_path, text, message):
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(ImportRejected) as exc:
        services.batch_import(source=FileApplicationSource(path), acting_user=None)
    assert str(exc.value.errors[0]).startswith("broken.json:0:-: ")
    assert message in str(exc.value.errors[0])
    assert Application.objects.count() == 0 and Batch.objects.count() == 0


def test_same_batch_twice_is_refused(tmp_path, home):
    load(tmp_path, [item(1)])
    with pytest.raises(ImportRejected):
        load(tmp_path, [item(2)])


def test_command_reports_errors_and_exits_non_zero(tmp_path, home, capsys):
    path = write_batch(tmp_path, [item(1, applicant={"nationalities": []})])
    with pytest.raises(CommandError):
        call_command("import_applications", str(path), "--all-or-nothing")
    assert "batch.json:1:applicant.nationalities: missing" in capsys.readouterr().err
    assert Batch.objects.count() == 0
    path = write_batch(tmp_path, [item(1, applicant={"nationalities": []}), item(2)], "B-0")
    call_command("import_applications", str(path))
    captured = capsys.readouterr()
    assert "skipped batch.json:1:applicant.nationalities: missing" in captured.err
    assert "Batch B-0: 1 applications imported" in captured.out and "1 skipped." in captured.out
    path = write_batch(tmp_path, [item(5)], batch_id="B-2", name="ok.json")
    call_command("import_applications", str(path))
    assert "Batch B-2: 1 applications imported" in capsys.readouterr().out


def test_duplicates_are_detected_and_counted_per_batch(tmp_path, home):
    elsewhere = PropertyFactory(address_line_1="9 Other Road", postcode="EX1 9ZZ")
    ElectorFactory(
        property=home, first_names="Alice", surname="Same", date_of_birth=date(1990, 4, 1)
    )
    ElectorFactory(
        property=elsewhere, first_names="Bob", surname="Moved", date_of_birth=date(1980, 1, 1)
    )
    items = [
        item(1, applicant={"surname": "Same"}, address={"uprn": home.uprn}),
        item(
            2,
            applicant={"first_names": "Bob", "surname": "Moved", "date_of_birth": "1980-01-01"},
            address={"uprn": home.uprn},
        ),
        item(3, applicant={"surname": "Twice"}),
        item(4, applicant={"surname": "Twice"}),
        item(5, applicant={"surname": "New"}),
    ]
    result = load(tmp_path, items)
    assert result["duplicates"] == 3
    kinds = dict(Application.objects.values_list("reference", "duplicate"))
    assert kinds == {
        "IER-000001": "same_address",
        "IER-000002": "other_address",
        "IER-000003": "",
        "IER-000004": "repeat",
        "IER-000005": "",
    }
    repeat = Application.objects.get(reference="IER-000004")
    assert repeat.duplicate_application.reference == "IER-000003"
    # A later batch repeating an open application is a repeat too.
    load(tmp_path, [item(6, applicant={"surname": "New"})], batch_id="B-2", name="b2.json")
    assert Application.objects.get(reference="IER-000006").duplicate == "repeat"
    assert selectors.batches().get(reference="B-1").duplicate_count == 3


def test_bulk_close_duplicates_with_the_right_outcome(tmp_path, home, officer):
    elsewhere = PropertyFactory(address_line_1="9 Other Road", postcode="EX1 9ZZ")
    ElectorFactory(
        property=home, first_names="Alice", surname="Same", date_of_birth=date(1990, 4, 1)
    )
    mover = ElectorFactory(
        property=elsewhere, first_names="Bob", surname="Moved", date_of_birth=date(1980, 1, 1)
    )
    load(
        tmp_path,
        [
            item(1, applicant={"surname": "Same"}, address={"uprn": home.uprn}),
            item(
                2,
                applicant={"first_names": "Bob", "surname": "Moved", "date_of_birth": "1980-01-01"},
                address={"uprn": home.uprn},
            ),
            item(3, applicant={"surname": "Unique"}),
        ],
    )
    counts = services.applications_close_duplicates(
        applications=Application.objects.all(), acting_user=officer
    )
    assert counts == {"duplicate": 1, "address_change": 1, "left_open": 1}
    mover.refresh_from_db()
    assert mover.property == home
    outcomes = dict(Application.objects.values_list("reference", "outcome"))
    assert outcomes == {"IER-000001": "duplicate", "IER-000002": "address_change", "IER-000003": ""}


def test_local_data_match_verifies(tmp_path, home, manager, write_csv):
    load(tmp_path, [item(1, dwp_result="no_match", address={"uprn": home.uprn})])
    csv = write_csv(
        "tax.csv",
        f"first_names,surname,date_of_birth,uprn,postcode\n"
        f"ALICE,example1,1990-04-01,{home.uprn},\n",
    )
    result = services.local_data_import(path=csv, dataset="council-tax", acting_user=manager)
    assert result == {"loaded": 1, "replaced": 0, "matched": 1}
    app = Application.objects.get()
    assert app.verified_by == "local_data" and app.local_match_source == "council-tax"


def test_local_data_errors_name_row_and_column(write_csv):
    csv = write_csv(
        "tax.csv", "first_names,surname,date_of_birth,uprn,postcode\nA,B,1990-02-30,,\n"
    )
    with pytest.raises(ImportRejected) as exc:
        services.local_data_import(path=csv, dataset="council-tax", acting_user=None)
    assert str(exc.value.errors[0]) == (
        "tax.csv:2:date_of_birth: not a date: '1990-02-30' (expected YYYY-MM-DD)"
    )


def test_evidence_request_then_documents_verify(tmp_path, home, officer):
    load(tmp_path, [item(1, dwp_result="partial", address={"uprn": home.uprn})])
    app = Application.objects.get()
    assert app.stage == timing.VERIFICATION
    letter = services.application_request_evidence(application=app, acting_user=officer)
    assert letter.kind == Letter.Kind.EVIDENCE_REQUEST and bytes(letter.pdf).startswith(b"%PDF")
    app.refresh_from_db()
    assert app.stage == timing.EVIDENCE
    services.application_verify(
        application=app, route="documents", detail="Passport seen", acting_user=officer
    )
    app.refresh_from_db()
    assert app.stage == timing.READY and app.verified_by == "documents"
    assert app.evidence_received_on is not None


def test_attestation_and_exception(tmp_path, home, officer, manager):
    load(
        tmp_path,
        [
            item(1, dwp_result="no_match"),
            item(2, dwp_result="no_match", applicant={"surname": "Other"}),
        ],
    )
    one, two = Application.objects.order_by("reference")
    services.application_verify(
        application=one, route="attestation", detail="J Smith, PD1-12", acting_user=officer
    )
    with pytest.raises(NotPermitted):
        services.application_verify(
            application=two, route="exception", detail="x", acting_user=officer
        )
    services.application_verify(
        application=two, route="exception", detail="Care leaver", acting_user=manager
    )
    assert set(Application.objects.values_list("verified_by", flat=True)) == {
        "attestation",
        "exception",
    }


def test_determine_approve_adds_pending_entry_and_letter(tmp_path, home, officer):
    load(tmp_path, [item(1, address={"uprn": home.uprn}, applicant={"nationalities": ["PL"]})])
    app = Application.objects.get()
    with pytest.raises(InvalidInput, match="In objection period"):
        services.application_determine(
            application=app, approve=True, acting_user=officer, today=app.listed_on
        )
    later = app.listed_on + timedelta(days=14)
    done = services.application_determine(
        application=app, approve=True, acting_user=officer, today=later
    )
    elector = done.elector
    assert elector.markers == "B" and elector.property == home
    assert elector.status == Elector.Status.PENDING_ADDITION
    assert Alteration.objects.filter(elector=elector, kind="addition").exists()
    assert "Qualifying EU citizen" in done.eligibility_rule
    assert list(done.letters.values_list("kind", flat=True)) == ["approval"]
    assert AuditEvent.objects.filter(action="application.approved").count() == 1


def test_attainer_gets_date_of_attainment(tmp_path, home, officer):
    today = date.today()
    dob = date(today.year - 17, 1, 1) + timedelta(days=0)
    if dob + timedelta(days=365 * 18) < today:
        pytest.skip("not an attainer today")
    load(
        tmp_path,
        [item(1, address={"uprn": home.uprn}, applicant={"date_of_birth": dob.isoformat()})],
    )
    app = Application.objects.get()
    done = services.application_determine(
        application=app, approve=True, acting_user=officer, today=today + timedelta(days=14)
    )
    assert done.elector.date_of_attainment == date(dob.year + 18, 1, 1)


def test_ineligible_cannot_be_approved_and_reject_needs_reason(tmp_path, home, officer):
    load(tmp_path, [item(1, address={"uprn": home.uprn}, applicant={"nationalities": ["FR"]})])
    app = Application.objects.get()
    with pytest.raises(InvalidInput, match="Not eligible: EU citizen"):
        services.application_determine(
            application=app,
            approve=True,
            acting_user=officer,
            today=date.today() + timedelta(days=14),
        )
    with pytest.raises(InvalidInput, match="reason"):
        services.application_determine(application=app, approve=False, acting_user=officer)
    done = services.application_determine(
        application=app,
        approve=False,
        reason="Not eligible: no retained rights",
        acting_user=officer,
    )
    assert done.outcome == "rejected" and done.letters.get().kind == "rejection"


def test_objection_upheld_rejects_and_hearing_window(tmp_path, home, officer):
    load(tmp_path, [item(1, address={"uprn": home.uprn})])
    app = Application.objects.get()
    objection = services.objection_add(
        application=app,
        objector_name="N Neighbour",
        objector_address="2 Acacia Avenue",
        grounds="Does not live here",
        acting_user=officer,
    )
    assert selectors.queue(timing.OBJECTION, today=date.today() + timedelta(days=30)).get() == app
    notice = date(2025, 6, 2)
    with pytest.raises(InvalidInput, match="3 to 7 days"):
        services.objection_set_hearing(
            objection=objection,
            notice_date=notice,
            hearing_on=date(2025, 6, 4),
            acting_user=officer,
        )
    services.objection_set_hearing(
        objection=objection, notice_date=notice, hearing_on=date(2025, 6, 5), acting_user=officer
    )
    services.objection_determine(
        objection=objection, upheld=True, reason="Not resident", acting_user=officer
    )
    app.refresh_from_db()
    assert app.outcome == "rejected" and "Objection upheld" in app.decision_reason
    assert list(app.letters.values_list("kind", flat=True)) == ["hearing", "rejection"]


def test_paper_application_validates_nino_and_reasons(officer, home):
    values = {
        "first_names": "Pat",
        "surname": "Paper",
        "date_of_birth": date(1970, 1, 1),
        "nationalities": "GB",
        "address_lines": "1 Acacia Avenue",
        "postcode": "ex12ab",
    }
    with pytest.raises(InvalidInput, match="National Insurance number or the reason"):
        services.application_create(acting_user=officer, values=values)
    with pytest.raises(InvalidInput, match="right format"):
        services.application_create(acting_user=officer, values={**values, "nino": "DA123456A"})
    app = services.application_create(acting_user=officer, values={**values, "nino": "ab123456c"})
    assert app.channel == "paper" and app.postcode == "EX1 2AB" and app.stage == timing.ADDRESS
    assert app.reference.startswith("P-")


def test_matching_ranks_candidates_and_new_address_joins_gazetteer(officer, home):
    PropertyFactory(address_line_1="21 Acacia Avenue", postcode="EX1 2AB")
    PropertyFactory(address_line_1="12 Acacia Avenue", postcode="EX1 2AB")
    app = services.application_create(
        acting_user=officer,
        values={
            "first_names": "Pat",
            "surname": "Paper",
            "date_of_birth": date(1970, 1, 1),
            "nationalities": "GB",
            "address_lines": "12 Acacia Ave\nExampleton",
            "postcode": "EX1 2AB",
            "no_nino_reason": "none issued",
        },
    )
    ranked = selectors.candidates(app)
    assert ranked[0].property.address_line_1 == "12 Acacia Avenue"
    assert ranked[0].score > ranked[1].score
    district = PollingDistrictFactory()
    prop = services.property_add_for_application(
        application=app,
        address_line_1="Flat 3, 12 Acacia Avenue",
        town="Exampleton",
        postcode="EX1 2AB",
        uprn=990000001,
        polling_district=district,
        acting_user=officer,
    )
    app.refresh_from_db()
    assert app.property == prop and AuditEvent.objects.filter(action="property.added").exists()


def test_read_only_cannot_import(tmp_path, reader):
    with pytest.raises(NotPermitted):
        load(tmp_path, [item(1)], reader)


def test_demo_seed_shows_every_route(manager, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    props = [PropertyFactory() for _ in range(30)]
    for prop in props[:5]:
        ElectorFactory(property=prop, date_of_birth=date(1970, 5, 5))
    from ems.applications.demo import applications_demo_seed

    result = applications_demo_seed(acting_user=manager, count=40)
    assert result["imported"] > 40 and result["duplicates"] > 0
    routes = set(Application.objects.values_list("dwp_result", flat=True))
    assert routes == {"match", "partial", "no_match"}
    assert Application.objects.filter(verified_by="local_data").exists()
    assert Application.objects.filter(stage=timing.ADDRESS).exists()
    assert json.loads((tmp_path / "demo" / "applications").glob("*.json").__next__().read_text())


def test_queues_split_objections_listing_and_ready(tmp_path, home, officer):
    load(
        tmp_path,
        [
            item(1, address={"uprn": home.uprn}, applicant={"surname": "Objected"}),
            item(2, address={"uprn": home.uprn}, applicant={"surname": "Waiting"}),
            item(3, address={"uprn": home.uprn}, applicant={"surname": "Ready"}),
            item(4, address={"uprn": home.uprn}, applicant={"surname": "Hidden"},
                 route="anonymous"),
        ],
    )  # fmt: skip
    later = date.today() + timedelta(days=30)
    Application.objects.exclude(surname="Waiting").filter(listed_on__isnull=False).update(
        listed_on=date.today() - timedelta(days=30)
    )
    objected = Application.objects.get(surname="Objected")
    services.objection_add(
        application=objected, objector_name="N", objector_address="2", grounds="g",
        acting_user=officer,
    )  # fmt: skip
    waiting = {a.surname for a in selectors.queue(timing.OBJECTION)}
    ready = {a.surname for a in selectors.queue(timing.READY)}
    assert waiting == {"Objected", "Waiting"} and ready == {"Ready", "Hidden"}
    assert {a.surname for a in selectors.queue(timing.READY, today=later)} == {
        "Ready", "Hidden", "Waiting",
    }  # fmt: skip
