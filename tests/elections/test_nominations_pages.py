"""Nomination pages, as a user sees them, and the PDFs' contents."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ems.elections import nominations as svc
from ems.elections import nominations_selectors as sel
from ems.elections import services
from ems.elections.formats.ballot_paper_pdf import ballot_paper_html
from ems.elections.formats.notice_of_poll_pdf import notice_of_poll_html
from ems.elections.formats.sopn_pdf import sopn_html, sopn_pdf
from ems.elections.models import Candidate
from tests.elections.factories import PartyEmblemFactory
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory, WardFactory
from tests.register.factories import ElectorFactory


@pytest.fixture
def election(manager):
    return services.election_create(
        title="Exampleshire District Council",
        election_type="local",
        poll_date=dt.date(2026, 5, 7),
        country="england",
        organisation="Exampleshire",
        areas=[services.AreaSpec(ward=WardFactory(name="Northgate"), seats=1)],
        acting_user=manager,
        generate_plan=False,
    )


@pytest.fixture
def area(election):
    return election.areas.get()


@pytest.fixture
def subscribers(area):
    district = PollingDistrictFactory(ward=area.ward, code="NG1")
    return [
        ElectorFactory(
            property=PropertyFactory(polling_district=district),
            number=n,
            first_names=f"Sub{n}",
            surname="Scriber",
        )
        for n in (11, 12)
    ]


@pytest.fixture
def when(election):
    close = sel.nomination_deadlines(election).close_of_nominations
    return timezone.localtime(close - dt.timedelta(days=1))


def base(election, area):
    return f"/elections/{election.pk}/nominations/{area.pk}/"


@pytest.mark.django_db
def test_manager_takes_a_nomination_from_papers_to_decision(
    manager_client, election, area, subscribers, when
):
    page = manager_client.get(f"/elections/{election.pk}/nominations/")
    html = page.content.decode()
    assert "Northgate" in html and "Subscribers needed" in html
    assert "2 (proposer and seconder)" in html
    response = manager_client.post(
        base(election, area),
        {
            "surname": "Example",
            "other_names": "Alexandra Jane",
            "commonly_used_forenames": "Alex",
            "home_address": "1 High Street\nExampleton",
            "home_address_form": "on",
            "address_withheld": "on",
            "address_area": "Exampleshire",
            "description": "Independent",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "EXAMPLE, Alex" in html
    candidate = Candidate.objects.get()
    url = f"/elections/{election.pk}/nominations/candidates/{candidate.pk}/"
    stamp = when.strftime("%d/%m/%Y %H:%M")
    lines = "NG1-11, Sub11 Scriber\nNG1-99, Nobody"
    html = manager_client.post(
        url, {"action": "subscribers", "subscribers-lines": lines}, follow=True
    ).content.decode()
    assert "Subscribers recorded and checked: 1 with problems." in html
    assert "No elector has this number in the register" in html
    manager_client.post(
        url,
        {
            "action": "subscribers",
            "subscribers-lines": "NG1-11, Sub11 Scriber\nNG1-12, Sub12 Scriber",
        },
    )
    manager_client.post(url, {"action": "consent", "consent-given_on": when.strftime("%d/%m/%Y")})
    html = manager_client.post(
        url, {"action": "deliver", "deliver-at": stamp}, follow=True
    ).content.decode()
    assert "Delivery of the nomination papers recorded." in html
    assert "Nothing outstanding" in html
    html = manager_client.post(
        url, {"action": "decide", "decide-valid": "yes", "decide-reason": ""}, follow=True
    ).content.decode()
    assert "Nomination validly nominated." in html
    candidate.refresh_from_db()
    assert candidate.status == "valid"
    pdf = manager_client.get(base(election, area) + "sopn.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert manager_client.get(base(election, area) + "notice-of-poll.pdf").content.startswith(
        b"%PDF"
    )
    assert manager_client.get(base(election, area) + "ballot-paper.pdf").content.startswith(b"%PDF")


@pytest.mark.django_db
def test_form_errors_title_the_page(manager_client, election, area):
    response = manager_client.post(base(election, area), {"surname": ""})
    assert "<title>Error: " in response.content.decode()
    response = manager_client.post(
        base(election, area),
        {"surname": "X", "other_names": "Y", "home_address": "Z", "address_withheld": "on"},
    )
    html = response.content.decode()
    assert "enter the relevant area" in html


@pytest.mark.django_db
def test_officer_records_but_cannot_decide(officer_client, officer, election, area, when):
    candidate = svc.candidate_add(
        area=area, surname="A", other_names="B", home_address="C", acting_user=officer
    )
    svc.nomination_deliver(candidate=candidate, delivered_at=when, acting_user=officer)
    url = f"/elections/{election.pk}/nominations/candidates/{candidate.pk}/"
    page = officer_client.get(url).content.decode()
    assert "Record and check subscribers" in page
    assert (
        "Returning Officer&#39;s decision" not in page
        and "Returning Officer's decision" not in page
    )
    response = officer_client.post(
        url, {"action": "decide", "decide-valid": "no", "decide-reason": "x"}
    )
    assert response.status_code == 403
    response = officer_client.post(base(election, area) + "uncontested/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_reader_sees_but_cannot_change(reader_client, manager, election, area):
    svc.candidate_add(
        area=area, surname="Reader", other_names="Seen", home_address="C", acting_user=manager
    )
    page = reader_client.get(base(election, area)).content.decode()
    assert "READER, Seen" in page and "Record nomination papers" not in page
    assert reader_client.post(base(election, area), {"surname": "x"}).status_code == 403


@pytest.mark.django_db
def test_uncontested_declared_from_the_page(
    manager_client, manager, election, area, subscribers, when, monkeypatch
):
    candidate = svc.candidate_add(
        area=area, surname="Solo", other_names="Sam", home_address="1 A St", acting_user=manager
    )
    svc.subscribers_set(
        candidate=candidate,
        lines=[(s.elector_number, "") for s in subscribers],
        acting_user=manager,
        now=when,
    )
    svc.consent_record(candidate=candidate, given_on=when.date(), acting_user=manager)
    svc.nomination_deliver(candidate=candidate, delivered_at=when, acting_user=manager)
    svc.nomination_decide(candidate=candidate, valid=True, acting_user=manager)
    html = manager_client.get(base(election, area)).content.decode()
    assert "Declare uncontested" in html
    html = manager_client.post(base(election, area) + "uncontested/", follow=True).content.decode()
    # Today (the test clock) is after the close of nominations for this poll.
    assert "declared uncontested: no poll will be taken" in html
    assert "Elected unopposed" in html
    statement = sel.statement_of_persons_nominated(area)
    text = sopn_html(statement, dated=dt.date(2026, 4, 9))
    assert "no poll will be taken for Northgate" in text


@pytest.mark.django_db
def test_sopn_notice_and_ballot_paper_content(manager, election, area, subscribers, when):
    emblem = PartyEmblemFactory(party__name="Exampleshire Greens", description="A green tree")
    people = [
        ("Zephyr", "Ann", {}, "1 Zed Road, Exampleton"),
        ("Brown", "Bob", {"address_withheld": True, "address_area": "Exampleshire"}, None),
        (
            "Adams",
            "Cath",
            {
                "party": emblem.party,
                "description": "Exampleshire Greens",
                "emblem": emblem,
                "certificate_of_authorisation": True,
            },
            None,
        ),
    ]
    for surname, other, extra, _ in people:
        c = svc.candidate_add(
            area=area,
            surname=surname,
            other_names=other,
            home_address=f"1 {surname} Road\nExampleton",
            acting_user=manager,
            **extra,
        )
        svc.subscribers_set(
            candidate=c,
            lines=[(s.elector_number, "") for s in subscribers],
            acting_user=manager,
            now=when,
        )
        svc.consent_record(candidate=c, given_on=when.date(), acting_user=manager)
        svc.nomination_deliver(candidate=c, delivered_at=when, acting_user=manager)
        if surname == "Zephyr":
            svc.nomination_withdraw(candidate=c, at=when, acting_user=manager)
        else:
            svc.nomination_decide(candidate=c, valid=True, acting_user=manager)
    statement = sel.statement_of_persons_nominated(area)
    text = sopn_html(statement, dated=dt.date(2026, 4, 9))
    assert text.index("Adams") < text.index("Brown")  # alphabetical by surname
    assert "(address in Exampleshire)" in text
    assert "1 Adams Road, Exampleton" in text
    assert "Exampleshire Greens" in text
    assert "no longer stand nominated" in text and "Withdrawn" in text
    assert "between 7am and 10pm" in text
    assert "Scriber" not in text  # subscribers are not on the statement
    notice = notice_of_poll_html(
        statement,
        dated=dt.date(2026, 4, 9),
        signatories=sel.notice_signatories(statement),
        stations=sel.polling_stations(area),
    )
    assert "Sub11 Scriber (+)" in notice and "Sub12 Scriber (++)" in notice
    assert "NG1" in notice and "7:00 am and 10:00 pm" in notice
    ballot = ballot_paper_html(statement, dated=dt.date(2026, 4, 9))
    assert ballot.index("Adams") < ballot.index("Brown") and "Zephyr" not in ballot
    assert f"Emblem {emblem.emblem_id}" in ballot and "Vote for ONE candidate only" in ballot
    assert sopn_pdf(statement, dated=dt.date(2026, 4, 9)).startswith(b"%PDF")


@pytest.mark.django_db
def test_parties_page_upload(manager_client):
    data = (
        b"ECRef,RegulatedEntityName,RegisterName,RegistrationStatus,Descriptions,Emblems\n"
        b'PP77,Example Party,Great Britain,Registered,"Example Party Local",101: A tree\n'
    )
    upload = SimpleUploadedFile("parties.csv", data, content_type="text/csv")
    html = manager_client.post(
        "/elections/parties/", {"file": upload}, follow=True
    ).content.decode()
    assert "1 parties added" in html and "Example Party Local" in html and "PP77" in html
    bad = SimpleUploadedFile(
        "bad.csv", b"ECRef,RegulatedEntityName\nXX,\n", content_type="text/csv"
    )
    html = manager_client.post("/elections/parties/", {"file": bad}).content.decode()
    assert "bad.csv:2:ECRef: XX is not an EC reference" in html
    assert "<title>Error: " in html


@pytest.mark.django_db
def test_readers_see_parties_but_cannot_load_them(reader_client):
    from tests.elections.factories import RegisteredPartyFactory

    RegisteredPartyFactory(name="Example Party")
    page = reader_client.get("/elections/parties/").content.decode()
    assert "Example Party" in page and "Load parties" not in page
    upload = SimpleUploadedFile("p.csv", b"ECRef,RegulatedEntityName\nPP1,A\n")
    assert reader_client.post("/elections/parties/", {"file": upload}).status_code == 403
