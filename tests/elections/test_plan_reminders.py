"""Election plan reminders: each owner gets one email of their tasks due soon or overdue."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from ems.core.errors import NotPermitted
from ems.core.models import AuditEvent
from ems.elections import services
from ems.elections.models import PlanTask
from tests.elections.factories import ElectionFactory

TODAY = datetime.date(2026, 4, 1)


@pytest.fixture
def plan(db):
    ann = User.objects.create_user("ann", email="ann@council.example")
    bob = User.objects.create_user("bob")  # no email address
    election = ElectionFactory(title="Exampleshire District Council election")
    task = PlanTask.objects.create
    return {
        "ann": ann,
        "bob": bob,
        "overdue": task(election=election, title="Publish the notice of election",
                        due_date=TODAY - datetime.timedelta(days=3), owner=ann),
        "soon": task(election=election, title="Publish the statement of persons nominated",
                     due_date=TODAY + datetime.timedelta(days=5), owner=ann,
                     status="in-progress"),
        "later": task(election=election, title="Run polling day",
                      due_date=TODAY + datetime.timedelta(days=30), owner=ann),
        "done": task(election=election, title="Book polling places", status="done",
                     due_date=TODAY - datetime.timedelta(days=9), owner=ann),
        "bobs": task(election=election, title="Process proxy applications",
                     due_date=TODAY + datetime.timedelta(days=1), owner=bob),
        "nobodys": task(election=election, title="Order ballot boxes", due_date=TODAY),
    }  # fmt: skip


def test_owner_gets_one_email_with_overdue_and_due_soon_tasks(
    plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_reminders_send(
            acting_user=None, within_days=14, today=TODAY, site_url="https://ems.example/"
        )
    assert (result.emails, result.tasks, result.without_email) == (1, 2, ["bob"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@council.example"]
    assert message.subject == "Election plan: 1 overdue and 1 due within 14 days"
    body = message.body
    assert "Overdue:\n- Sun 29 Mar 2026: Publish the notice of election" in body
    assert (
        "Due within 14 days:\n- Mon 6 Apr 2026: Publish the statement of persons nominated" in body
    )
    assert "(Exampleshire District Council election; in progress)" in body
    assert f"https://ems.example/elections/{plan['soon'].election_id}/plan/" in body
    assert "Run polling day" not in body and "Book polling places" not in body
    event = AuditEvent.objects.get(action="communication.plan_reminder")
    assert event.actor == "command line" and event.object_repr == "ann"
    assert event.after["to"] == "ann@council.example"
    assert event.after["tasks"] == [plan["overdue"].pk, plan["soon"].pk]


def test_dry_run_sends_and_records_nothing(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_reminders_send(acting_user=None, today=TODAY, dry_run=True)
    assert result.emails == 1 and result.recipients == ["ann"]
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="communication.plan_reminder").exists()


def test_days_widen_the_window(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_reminders_send(acting_user=None, within_days=30, today=TODAY)
    assert result.tasks == 3
    assert "Run polling day" in mail.outbox[0].body


def test_only_a_manager_sends_reminders(plan, officer):
    with pytest.raises(NotPermitted):
        services.plan_reminders_send(acting_user=officer, today=TODAY)


def test_command_reports_and_sends(plan, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_plan_reminders", "--days", "10000")
    out, err = capsys.readouterr()
    assert "Emailed 1 task owners about 3 tasks: ann" in out
    assert "bob has tasks due but no email address" in err
    assert len(mail.outbox) == 1


def test_command_rejects_negative_days(plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("send_plan_reminders", "--days", "-1")
