import datetime as dt

import pytest

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.elections import selectors, services
from ems.elections.models import PlanTask, Risk
from tests.gazetteer.factories import WardFactory

POLL = dt.date(2026, 5, 7)


def create(user, **overrides):
    values = dict(
        title="Exampleshire District Council",
        election_type="local",
        poll_date=POLL,
        country="england",
        organisation="Exampleshire",
        areas=[services.AreaSpec(ward=WardFactory(name="Northgate"), seats=3)],
        acting_user=user,
    )
    values.update(overrides)
    return services.election_create(**values)


@pytest.mark.django_db
def test_election_create_builds_ids_areas_plan_and_audit(manager):
    election = create(manager, reason="May elections")
    assert election.election_id == "local.exampleshire.2026-05-07"
    area = election.areas.get()
    assert (area.name, area.seats, area.ballot_id) == (
        "Northgate",
        3,
        "local.exampleshire.northgate.2026-05-07",
    )
    tasks = list(election.tasks.values_list("timetable_event", "due_date"))
    assert ("notice_of_election", dt.date(2026, 3, 30)) in tasks
    assert ("polling_day", POLL) in tasks
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[:3] == ["polling_day.created", "election.created", "election.area_added"]
    assert actions.count("plan_task.created") == len(tasks)
    created = AuditEvent.objects.get(action="election.created")
    assert created.actor == "manager" and created.reason == "May elections"
    assert created.after["election_id"] == "local.exampleshire.2026-05-07"


@pytest.mark.django_db
def test_combined_polls_share_the_polling_day(manager):
    local = create(manager)
    pcc = create(
        manager,
        title="Police and Crime Commissioner",
        election_type="pcc",
        organisation="Example Police",
        areas=[services.AreaSpec(division_name="Example Police Area")],
    )
    assert pcc.polling_day == local.polling_day
    assert list(selectors.combined_elections(local)) == [pcc]
    assert pcc.areas.get().ballot_id == "pcc.example-police.2026-05-07"
    assert AuditEvent.objects.filter(action="polling_day.created").count() == 1


@pytest.mark.django_db
def test_by_election_ballot_ids(manager):
    election = create(manager, by_election=True, title="Northgate by-election")
    assert election.areas.get().ballot_id == "local.exampleshire.northgate.by.2026-05-07"
    with pytest.raises(InvalidInput, match="needs the area"):
        create(manager, by_election=True, areas=[], organisation="Other")


@pytest.mark.django_db
def test_duplicate_and_wrong_country_are_refused(manager):
    create(manager)
    with pytest.raises(InvalidInput, match="already an election"):
        create(manager)
    with pytest.raises(InvalidInput, match="only in Scotland"):
        create(manager, election_type="sp", country="england", areas=[])


@pytest.mark.django_db
def test_only_managers_set_up_elections(officer):
    with pytest.raises(NotPermitted):
        create(officer)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_plan_generate_is_idempotent(manager):
    election = create(manager)
    count = election.tasks.count()
    assert services.plan_generate(election=election, acting_user=manager) == []
    assert election.tasks.count() == count


@pytest.mark.django_db
def test_task_update_audits_changes_and_reminders(manager, officer):
    election = create(manager)
    task = election.tasks.get(timetable_event="notice_of_election")
    services.task_update(
        task=task, status="in-progress", owner=officer, acting_user=officer, reason="started"
    )
    event = AuditEvent.objects.get(action="plan_task.updated")
    assert event.before == {"owner": None, "status": "not-started"}
    assert event.after == {"owner": "officer", "status": "in-progress"}
    due = selectors.tasks_due(election, today=dt.date(2026, 3, 20), within_days=14)
    assert [t.timetable_event for t in due] == ["notice_of_election"]
    services.task_update(task=task, status="done", acting_user=officer)
    assert not selectors.tasks_due(election, today=dt.date(2026, 3, 20), within_days=14)


@pytest.mark.django_db
def test_reader_cannot_update_tasks(manager, reader):
    election = create(manager)
    with pytest.raises(NotPermitted):
        services.task_update(task=election.tasks.first(), status="done", acting_user=reader)


@pytest.mark.django_db
def test_risk_register(manager):
    election = create(manager)
    low = services.risk_add(
        election=election, risk="Venue double-booked", likelihood=2, impact=2, owner="Manager",
        acting_user=manager,
    )  # fmt: skip
    high = services.risk_add(
        election=election, risk="Printer fails to deliver poll cards", likelihood=3, impact=5,
        owner="Elections manager", mitigation="Second supplier on standby", acting_user=manager,
    )  # fmt: skip
    assert selectors.risk_register(election) == [high, low]
    services.risk_update(risk=high, status="closed", acting_user=manager, reason="delivered")
    assert selectors.risk_register(election) == [low, high]
    assert Risk.objects.get(pk=high.pk).status == "closed"
    assert list(
        AuditEvent.objects.filter(object_type="risk")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["risk.created", "risk.created", "risk.updated"]
    with pytest.raises(InvalidInput, match="Likelihood must be from 1"):
        services.risk_add(
            election=election, risk="x", likelihood=6, impact=1, owner="y", acting_user=manager
        )


@pytest.mark.django_db
def test_task_status_must_be_known(manager):
    election = create(manager)
    with pytest.raises(InvalidInput):
        services.task_update(task=election.tasks.first(), status="nearly", acting_user=manager)
    assert PlanTask.objects.filter(status="nearly").count() == 0
