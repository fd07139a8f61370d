"""Nomination services: candidates, subscribers checked against the register, decisions,
withdrawals, objections, deposits, uncontested returns, the statement, roles and audit."""

import datetime as dt

import pytest

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.elections import nominations as svc
from ems.elections import nominations_selectors as sel
from ems.elections import services
from ems.elections.models import Candidate, UncontestedReturn
from ems.register.models import Alteration, Elector
from tests.elections.factories import PartyDescriptionFactory, RegisteredPartyFactory
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
        areas=[services.AreaSpec(ward=WardFactory(name="Northgate"), seats=2)],
        acting_user=manager,
        generate_plan=False,
    )


@pytest.fixture
def area(election):
    return election.areas.get()


@pytest.fixture
def deadlines(election):
    return sel.nomination_deadlines(election)


@pytest.fixture
def before_close(deadlines):
    return deadlines.close_of_nominations - dt.timedelta(days=2)


@pytest.fixture
def after_close(deadlines):
    return deadlines.close_of_nominations + dt.timedelta(hours=1)


def elector_in(ward, **kw):
    district = PollingDistrictFactory(ward=ward)
    return ElectorFactory(property=PropertyFactory(polling_district=district), **kw)


@pytest.fixture
def locals_(area):
    """Two electors registered in the ward."""
    return [elector_in(area.ward), elector_in(area.ward)]


def add(area, officer, surname="Smith", other="Jane Anne", **kw):
    return svc.candidate_add(
        area=area,
        surname=surname,
        other_names=other,
        home_address="1 High Street\nExampleton\nEX1 2AB",
        acting_user=officer,
        **kw,
    )


def complete(candidate, subscribers, officer, manager, at):
    svc.subscribers_set(
        candidate=candidate,
        lines=[(e.elector_number, e.full_name) for e in subscribers],
        acting_user=officer,
        now=at,
    )
    svc.consent_record(candidate=candidate, given_on=at.date(), acting_user=officer)
    svc.nomination_deliver(candidate=candidate, delivered_at=at, acting_user=officer)
    return svc.nomination_decide(candidate=candidate, valid=True, acting_user=manager)


@pytest.mark.django_db
def test_valid_nomination_end_to_end_with_audit(area, officer, manager, locals_, before_close):
    candidate = add(area, officer)
    valid = complete(candidate, locals_, officer, manager, before_close)
    assert valid.status == Candidate.Status.VALID
    assert valid.decided_by == manager
    actions = list(
        AuditEvent.objects.filter(object_type="candidate", object_id=str(candidate.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "candidate.created",
        "candidate.subscribers_recorded",
        "candidate.consent_recorded",
        "candidate.delivered",
        "candidate.nomination_valid",
    ]
    recorded = AuditEvent.objects.get(action="candidate.subscribers_recorded")
    # Subscribers' names are personal data and stay out of the audit trail.
    assert locals_[0].surname not in str(recorded.after)


@pytest.mark.django_db
def test_subscribers_who_fail_are_shown_with_the_reason(
    area, officer, manager, locals_, before_close
):
    outsider = elector_in(WardFactory(name="Southgate"))
    anonymous = elector_in(area.ward, anonymous=True)
    deleted = elector_in(
        area.ward, status=Elector.Status.DELETED, status_effective=dt.date(2026, 1, 5)
    )
    late = elector_in(area.ward)
    Alteration.objects.create(
        elector=late,
        kind=Alteration.Kind.ADDITION,
        effective_date=dt.date(2026, 4, 1),
        polling_district=late.polling_district,
        elector_number=late.elector_number,
    )
    candidate = add(area, officer)
    results = svc.subscribers_set(
        candidate=candidate,
        lines=[(outsider.elector_number, ""), (anonymous.elector_number, "")],
        acting_user=officer,
        now=before_close,
    )
    assert [r.problems for r in results] == [
        ["Not registered in the electoral area contested"],
        ["Anonymous electors may not subscribe a nomination paper"],
    ]
    results = svc.subscribers_set(
        candidate=candidate,
        lines=[(deleted.elector_number, ""), (late.elector_number, ""), ("ZZ9-1", "Nobody")],
        acting_user=officer,
        now=before_close,
    )
    problems = [[str(p) for p in r.problems] for r in results]
    assert problems[0] == ["Not in the register in force when the notice of election was due"]
    assert problems[1] == ["Not in the register in force when the notice of election was due"]
    assert results[2].considered is False  # only the first two count at this poll
    svc.consent_record(candidate=candidate, given_on=before_close.date(), acting_user=officer)
    svc.nomination_deliver(candidate=candidate, delivered_at=before_close, acting_user=officer)
    problems = sel.nomination_problems(sel.candidate_get(candidate.pk))
    assert any("2 subscribers not valid" in p for p in problems)
    with pytest.raises(InvalidInput, match="cannot be held valid"):
        svc.nomination_decide(candidate=candidate, valid=True, acting_user=manager)
    with pytest.raises(InvalidInput, match="reason"):
        svc.nomination_decide(candidate=candidate, valid=False, acting_user=manager)
    invalid = svc.nomination_decide(
        candidate=candidate,
        valid=False,
        reason="Subscribers not registered in the ward",
        acting_user=manager,
    )
    assert invalid.status == Candidate.Status.INVALID


@pytest.mark.django_db
def test_elector_numbers_are_read_leniently(area, officer, locals_, before_close):
    candidate = add(area, officer)
    number = locals_[0].elector_number.lower().replace("-", " ")
    results = svc.subscribers_set(
        candidate=candidate,
        lines=[(number, ""), ("not a number", "")],
        acting_user=officer,
        now=before_close,
    )
    assert results[0].ok and results[0].elector_id == locals_[0].pk
    assert [str(p) for p in results[1].problems] == [
        "The elector number is not in the form district code and number"
    ]


@pytest.mark.django_db
def test_an_elector_may_subscribe_as_many_papers_as_seats(area, officer, locals_, before_close):
    papers = []
    for n in range(3):
        candidate = add(area, officer, surname=f"Candidate{n}")
        svc.subscribers_set(
            candidate=candidate,
            lines=[(e.elector_number, "") for e in locals_],
            acting_user=officer,
            now=before_close,
        )
        svc.nomination_deliver(
            candidate=candidate,
            delivered_at=before_close + dt.timedelta(minutes=n),
            acting_user=officer,
        )
        papers.append(candidate)
    third = sel.candidate_get(papers[2].pk)
    assert [s.problems for s in third.subscribers.all()] == [
        ["Has already subscribed as many papers as the law allows"]
    ] * 2
    assert all(not s.problems for s in sel.candidate_get(papers[1].pk).subscribers.all())


@pytest.mark.django_db
def test_deadlines_for_delivery_and_withdrawal(area, officer, locals_, after_close, before_close):
    candidate = add(area, officer)
    with pytest.raises(InvalidInput, match="too late"):
        svc.nomination_deliver(candidate=candidate, delivered_at=after_close, acting_user=officer)
    svc.nomination_deliver(candidate=candidate, delivered_at=before_close, acting_user=officer)
    with pytest.raises(InvalidInput, match="time for withdrawals has passed"):
        svc.nomination_withdraw(candidate=candidate, at=after_close, acting_user=officer)
    withdrawn = svc.nomination_withdraw(candidate=candidate, at=before_close, acting_user=officer)
    assert withdrawn.status == Candidate.Status.WITHDRAWN


@pytest.mark.django_db
def test_party_descriptions_and_certificate(area, officer, manager, locals_, before_close):
    party = RegisteredPartyFactory(name="Exampleshire Greens")
    PartyDescriptionFactory(party=party, description="Greens for Exampleshire")
    with pytest.raises(InvalidInput, match="registered names or descriptions"):
        add(area, officer, party=party, description="Vote Green")
    with pytest.raises(InvalidInput, match="Independent"):
        add(area, officer, description="Local Champion")
    candidate = add(area, officer, party=party, description="Greens for Exampleshire")
    svc.subscribers_set(
        candidate=candidate,
        lines=[(e.elector_number, "") for e in locals_],
        acting_user=officer,
        now=before_close,
    )
    svc.consent_record(candidate=candidate, given_on=before_close.date(), acting_user=officer)
    svc.nomination_deliver(candidate=candidate, delivered_at=before_close, acting_user=officer)
    with pytest.raises(InvalidInput, match="certificate of authorisation"):
        svc.nomination_decide(candidate=candidate, valid=True, acting_user=manager)


@pytest.mark.django_db
def test_withheld_address_needs_the_area_and_is_published_as_the_area(area, officer):
    with pytest.raises(InvalidInput, match="relevant area"):
        add(area, officer, address_withheld=True)
    candidate = add(area, officer, address_withheld=True, address_area="Exampleshire")
    assert candidate.published_address == "(address in Exampleshire)"


@pytest.mark.django_db
def test_objection_upheld_makes_the_nomination_invalid(
    area, officer, manager, locals_, before_close
):
    candidate = complete(add(area, officer), locals_, officer, manager, before_close)
    objection = svc.objection_make(
        candidate=candidate,
        objector="A. Agent",
        grounds="The candidate is disqualified",
        acting_user=officer,
        made_at=before_close,
    )
    with pytest.raises(NotPermitted):
        svc.objection_decide(objection=objection, upheld=True, reason="x", acting_user=officer)
    svc.objection_decide(
        objection=objection,
        upheld=True,
        reason="Disqualified: council employee",
        acting_user=manager,
    )
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.INVALID
    statement = sel.statement_of_persons_nominated(area)
    assert statement.not_standing[0][1] == "Invalid nomination: Disqualified: council employee"


@pytest.mark.django_db
def test_officers_cannot_decide_validity(area, officer, locals_, before_close):
    candidate = add(area, officer)
    svc.nomination_deliver(candidate=candidate, delivered_at=before_close, acting_user=officer)
    with pytest.raises(NotPermitted):
        svc.nomination_decide(candidate=candidate, valid=False, reason="x", acting_user=officer)


@pytest.mark.django_db
def test_reader_cannot_record_papers(area, reader):
    with pytest.raises(NotPermitted):
        add(area, reader)


@pytest.mark.django_db
def test_uncontested_return(area, officer, manager, locals_, before_close, after_close):
    a = complete(
        add(area, officer, surname="Young", other="Zoe"), locals_, officer, manager, before_close
    )
    b = complete(
        add(area, officer, surname="Adams", other="Bob"), locals_, officer, manager, before_close
    )
    with pytest.raises(InvalidInput, match="Wait until"):
        svc.uncontested_declare(area=area, acting_user=manager, now=before_close)
    result = svc.uncontested_declare(area=area, acting_user=manager, now=after_close)
    assert result.seats_unfilled == 0
    a.refresh_from_db(), b.refresh_from_db()
    assert a.elected_unopposed and b.elected_unopposed
    event = AuditEvent.objects.get(action="election.uncontested_declared")
    assert event.after["elected"] == ["ADAMS, Bob", "YOUNG, Zoe"]
    with pytest.raises(InvalidInput, match="already"):
        svc.uncontested_declare(area=area, acting_user=manager, now=after_close)


@pytest.mark.django_db
def test_contested_ballot_is_not_declared(
    area, officer, manager, locals_, before_close, after_close
):
    for name in ("Able", "Baker", "Carter"):
        complete(
            add(area, officer, surname=name), locals_[:0] or locals_, officer, manager, before_close
        )
    with pytest.raises(InvalidInput, match="contested"):
        svc.uncontested_declare(area=area, acting_user=manager, now=after_close)
    assert not UncontestedReturn.objects.exists()


@pytest.mark.django_db
def test_statement_order_uses_commonly_used_surnames(area, officer, manager, locals_, before_close):
    complete(
        add(area, officer, surname="Zeta", other="Ann", commonly_used_surname="Alpha"),
        locals_,
        officer,
        manager,
        before_close,
    )
    complete(
        add(area, officer, surname="Beta", other="Bob"), locals_, officer, manager, before_close
    )
    withdrawn = add(area, officer, surname="Gamma", other="Gus")
    svc.nomination_withdraw(candidate=withdrawn, at=before_close, acting_user=officer)
    add(area, officer, surname="Delta", other="Informal Only")
    statement = sel.statement_of_persons_nominated(area)
    assert [c.ballot_name for c in statement.standing] == ["ALPHA, Ann", "BETA, Bob"]
    assert [(c.ballot_name, why) for c, why in statement.not_standing] == [
        ("GAMMA, Gus", "Withdrawn")
    ]
    assert statement.uncontested


@pytest.mark.django_db
def test_deposits_at_a_parliamentary_election(manager, officer):
    election = services.election_create(
        title="Exampleton constituency",
        election_type="parl",
        poll_date=dt.date(2026, 5, 7),
        country="england",
        areas=[services.AreaSpec(division_name="Exampleton")],
        acting_user=manager,
        generate_plan=False,
    )
    area = election.areas.get()
    close = sel.nomination_deadlines(election).close_of_nominations
    candidate = add(area, officer)
    assert candidate.deposit == Candidate.Deposit.AWAITED
    with pytest.raises(InvalidInput, match="£500"):
        svc.deposit_receive(
            candidate=candidate,
            amount_pence=10_000,
            acting_user=officer,
            received_at=close - dt.timedelta(hours=1),
        )
    svc.deposit_receive(
        candidate=candidate,
        amount_pence=50_000,
        acting_user=officer,
        received_at=close - dt.timedelta(hours=1),
    )
    problems = sel.nomination_problems(sel.candidate_get(candidate.pk))
    assert "0 of the 10 subscribers needed are recorded" in problems
    svc.nomination_withdraw(
        candidate=candidate, at=close - dt.timedelta(minutes=5), acting_user=officer
    )
    settled = svc.deposit_settle(candidate=candidate, acting_user=manager)
    assert settled.deposit == Candidate.Deposit.RETURNED


@pytest.mark.django_db
def test_parties_import(manager, write_csv):
    path = write_csv(
        "parties.csv",
        "ECRef,RegulatedEntityName,RegisterName,RegistrationStatus,Descriptions,Emblems\n"
        'PP1,Example Party,Great Britain,Registered,"Example Party Local|Example Party Now",'
        '"101: A tree|102"\n'
        "PP2,Other Party,Great Britain,Deregistered,,\n",
    )
    summary = svc.parties_import(path=path, acting_user=manager)
    assert summary["parties_added"] == 2 and summary["descriptions_added"] == 2
    assert summary["emblems_added"] == 2
    again = svc.parties_import(path=path, acting_user=manager)
    assert again["parties_added"] == 0 and again["descriptions_added"] == 0


@pytest.mark.django_db
def test_parties_import_reports_every_error(manager, write_csv):
    from ems.core.errors import ImportRejected

    path = write_csv(
        "parties.csv",
        "ECRef,RegulatedEntityName,Descriptions,Emblems\n"
        "X1,,One two three four five six seven,abc\n"
        "PP3,Fine,,\nPP3,Again,,\n",
    )
    with pytest.raises(ImportRejected) as caught:
        svc.parties_import(path=path, acting_user=manager)
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "parties.csv:2:ECRef: X1 is not an EC reference (expected PP and digits)",
        "parties.csv:2:RegulatedEntityName: is empty (expected the registered party name)",
        "parties.csv:2:Descriptions: “One two three four five six seven” has 7 words "
        "(expected at most 6 words)",
        "parties.csv:2:Emblems: “abc” has no emblem id (expected digits, then : and text)",
        "parties.csv:4:ECRef: PP3 appears twice (expected once (first on row 3))",
    ]
