import datetime as dt

import pytest

from ems.elections import services
from ems.elections.models import Election, Risk
from tests.gazetteer.factories import WardFactory


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
    )


@pytest.mark.django_db
def test_manager_sets_up_an_election(manager_client):
    ward = WardFactory(name="Southgate")
    page = manager_client.get("/elections/new/")
    assert "Set up an election" in page.content.decode()
    response = manager_client.post(
        "/elections/new/",
        {
            "title": "Exampleshire District Council",
            "election_type": "local",
            "poll_date": "07/05/2026",
            "country": "england",
            "organisation": "Exampleshire",
            "wards": [ward.pk],
            "seats": "3",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "local.exampleshire.2026-05-07" in html
    assert "local.exampleshire.southgate.2026-05-07" in html
    assert "Deadline for delivery of nomination papers" in html
    assert Election.objects.count() == 1


@pytest.mark.django_db
def test_create_form_errors(manager_client):
    response = manager_client.post("/elections/new/", {"title": "", "seats": "1"})
    html = response.content.decode()
    assert "<title>Error: Set up an election" in html
    assert "There is a problem" in html


@pytest.mark.django_db
def test_officer_cannot_set_up_elections(officer_client):
    assert officer_client.get("/elections/new/").status_code == 403
    assert officer_client.get("/elections/").status_code == 200


@pytest.mark.django_db
def test_list_and_timetable_page(reader_client, election):
    html = reader_client.get("/elections/").content.decode()
    assert "Exampleshire District Council" in html
    assert "Set up an election" not in html
    html = reader_client.get(f"/elections/{election.pk}/").content.decode()
    assert "Statutory timetable" in html
    assert "Thu 9 Apr 2026" in html and "16:00" in html
    assert "Local Elections (Principal Areas) (England and Wales) Rules 2006" in html
    assert "RPR 2001 reg 56(1)" in html
    assert "Northgate" in html and "local.exampleshire.northgate.2026-05-07" in html


@pytest.mark.django_db
def test_reminders_show_tasks_due_soon(reader_client, election):
    html = reader_client.get(f"/elections/{election.pk}/?within=10000").content.decode()
    assert "Publish the notice of election" in html
    html = reader_client.get(f"/elections/{election.pk}/?within=0").content.decode()
    # The poll is in the future in these tests only if today is before it.
    if dt.date.today() < dt.date(2026, 3, 30):
        assert "No unfinished tasks are due within 0 days" in html


@pytest.mark.django_db
def test_ics_export(reader_client, election):
    response = reader_client.get(f"/elections/{election.pk}/timetable.ics")
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == len(election.tasks.all())
    unfolded = text.replace("\r\n ", "")
    # 4pm BST on 9 April 2026 is 15:00 UTC.
    assert "UID:close_of_nominations.local.exampleshire.2026-05-07@ems" in unfolded
    assert "DTSTART:20260409T150000Z" in unfolded
    assert "DTSTART;VALUE=DATE:20260330" in unfolded  # notice of election, a date only
    assert "DTSTART:20260507T060000Z\r\nDTEND:20260507T210000Z" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


@pytest.mark.django_db
def test_plan_and_task_change(officer_client, election):
    html = officer_client.get(f"/elections/{election.pk}/plan/").content.decode()
    assert "Publish the notice of election" in html
    assert "Add tasks from the timetable" not in html  # managers only
    task = election.tasks.get(timetable_event="notice_of_election")
    response = officer_client.post(
        f"/elections/{election.pk}/plan/tasks/{task.pk}/",
        {"status": "done", "owner": "", "due_date": "27/03/2026", "notes": "Published early"},
        follow=True,
    )
    assert "was updated" in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.due_date) == ("done", dt.date(2026, 3, 27))


@pytest.mark.django_db
def test_reader_cannot_change_tasks(reader_client, election):
    task = election.tasks.first()
    assert reader_client.get(f"/elections/{election.pk}/plan/tasks/{task.pk}/").status_code == 403


@pytest.mark.django_db
def test_risk_register_page(manager_client, election):
    response = manager_client.post(
        f"/elections/{election.pk}/risks/",
        {
            "risk": "Count venue flooded",
            "likelihood": "2",
            "impact": "5",
            "owner": "Deputy RO",
            "mitigation": "Reserve hall booked",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "The risk was added to the register." in html
    assert "Count venue flooded" in html and "Reserve hall booked" in html
    assert Risk.objects.get().score == 10


@pytest.mark.django_db
def test_officer_sees_but_cannot_add_risks(officer_client, election):
    html = officer_client.get(f"/elections/{election.pk}/risks/").content.decode()
    assert "Add a risk" not in html
    response = officer_client.post(
        f"/elections/{election.pk}/risks/",
        {"risk": "x", "likelihood": "1", "impact": "1", "owner": "y"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_administrator_cannot_see_elections(client, administrator):
    client.force_login(administrator)
    assert client.get("/elections/").status_code == 403


@pytest.mark.django_db
def test_election_page_lists_the_notices_of_alteration_before_the_poll(reader_client, election):
    html = reader_client.get(f"/elections/{election.pk}/").content.decode()
    assert "Notices of alteration before this poll" in html
    # First interim with the close of nominations; the final notice on the 5th working day
    # before the poll, counting back over the early May bank holiday (4 May 2026).
    assert "Thu 9 Apr 2026" in html
    assert "Wed 29 Apr 2026" in html and "Final notice of alteration" in html
    assert "RPA 1983 s13B(3)" in html
