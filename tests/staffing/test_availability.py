"""Availability for a polling day for many people at once (ticked on the page or uploaded as
a CSV file), and the public form's rate limit in the shared cache."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ems.core.errors import ImportRejected, NotPermitted
from ems.core.models import AuditEvent
from ems.staffing import services
from ems.staffing.models import Availability, Person
from tests.staffing.factories import PersonFactory


def answers(day):
    return dict(Availability.objects.filter(polling_day=day).values_list("person_id", "available"))


def test_set_many_writes_only_changes_and_audits_them(scheme, officer, reader):
    people = PersonFactory.create_batch(3)
    ids = [p.pk for p in people]
    with pytest.raises(NotPermitted):
        services.availability_set_many(polling_day=scheme.day, answers={ids[0]: True},
                                       acting_user=reader)  # fmt: skip
    result = services.availability_set_many(
        polling_day=scheme.day, answers=dict.fromkeys(ids, True), acting_user=officer
    )
    assert result == {"added": 3, "changed": 0, "unchanged": 0}
    result = services.availability_set_many(
        polling_day=scheme.day, answers={ids[0]: False, ids[1]: True}, acting_user=officer
    )
    assert result == {"added": 0, "changed": 1, "unchanged": 1}
    assert answers(scheme.day) == {ids[0]: False, ids[1]: True, ids[2]: True}
    last = AuditEvent.objects.filter(action="staffing.availability.set").order_by("pk").last()
    assert (last.before, last.after["available"]) == ({"available": True}, False)


def test_csv_upload_checks_every_row_then_writes_all(scheme, officer, write_csv):
    a, b = PersonFactory.create_batch(2)
    PersonFactory(email=a.email.upper())  # two people share a's address
    bad = write_csv("survey.csv", f"email,available\n{a.email},yes\nnobody@x.com,no\n"
                                  f"{b.email},maybe\n{b.email},no\n")  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        services.availability_import(path=bad, polling_day=scheme.day, acting_user=officer)
    assert [str(e) for e in caught.value.errors] == [
        "survey.csv:2:email: 2 people share this email address "
        "(expected staff_id for people who share an address)",
        "survey.csv:3:email: no one in the staff pool has this email address "
        "(expected the email address held for the person)",
        "survey.csv:4:available: 'maybe' is not an answer (expected yes or no)",
    ]
    assert not Availability.objects.exists()
    good = write_csv("survey.csv", f"Staff_ID,Available\n{a.pk},Yes\n{b.pk},n\n")
    result = services.availability_import(path=good, polling_day=scheme.day, acting_user=officer)
    assert result == {"added": 2, "changed": 0, "unchanged": 0}
    assert answers(scheme.day) == {a.pk: True, b.pk: False}
    no_id = write_csv("x.csv", "name,available\nA,yes\n")
    with pytest.raises(ImportRejected, match="1 error"):
        services.availability_import(path=no_id, polling_day=scheme.day, acting_user=officer)


def test_availability_page_ticks_and_upload(scheme, officer_client):
    people = PersonFactory.create_batch(3)
    url = reverse("staffing:availability", args=[scheme.day.pk])
    page = officer_client.get(url).content.decode()
    assert all(p.name in page for p in people) and "Not asked" in page
    chosen = {"mark": "1", "answer": "no", "person": [people[0].pk, people[1].pk]}
    response = officer_client.post(url, chosen, follow=True)
    page = response.content.decode()
    assert "Availability recorded: 2 new, 0 changed, 0 already recorded." in page
    assert "0 available, 2 not available" in page
    upload = SimpleUploadedFile("a.csv", f"staff_id,available\n{people[2].pk},yes\n".encode())
    response = officer_client.post(url, {"import": "1", "file": upload}, follow=True)
    assert "1 available, 2 not available" in response.content.decode()
    bad = SimpleUploadedFile("a.csv", b"staff_id,available\n999999,yes\n")
    page = officer_client.post(url, {"import": "1", "file": bad}).content.decode()
    assert "a.csv:2:staff_id: no one in the staff pool has number &#39;999999&#39;" in page


def test_reader_cannot_mark_availability(scheme, reader_client):
    person = PersonFactory()
    url = reverse("staffing:availability", args=[scheme.day.pk])
    assert "Record availability" not in reader_client.get(url).content.decode()
    response = reader_client.post(url, {"mark": "1", "answer": "yes", "person": [person.pk]},
                                  follow=True)  # fmt: skip
    assert "You need the role" in response.content.decode()
    assert not Availability.objects.exists()


def test_cache_default_is_explicit_and_the_interest_limit_uses_it(db, client):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    cache.clear()
    url = reverse("staffing:interest")
    data = {"first_names": "Robin", "surname": "Hood", "email": "robin@example.com",
            "postcode": "EX1 2AB"}  # fmt: skip
    for _ in range(5):
        client.post(url, data)
    assert cache.get("staffing-interest:127.0.0.1") == 5
    response = client.post(url, data)
    assert "Too many forms have been sent from here" in response.content.decode()
    assert Person.objects.count() == 5
    cache.clear()  # the window has passed
    assert "We have your details" in client.post(url, data, follow=True).content.decode()
