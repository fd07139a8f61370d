"""Anonymous electors (RPA 1983 s9B) are seen only by the roles that handle them.

Read-only users, Administrators and Finance never see an anonymous elector's name or address
on any page; officers and managers do, and each look at the details is audited.
"""

import datetime as dt

import pytest
from django.urls import reverse

from ems.absent_voting import services as absent_services
from ems.absent_voting.models import Arrangement
from ems.absent_voting.models import Letter as AbsentVoteLetter
from ems.applications.models import Application, DeletionNotice
from ems.core import privacy
from ems.core.audit import audit
from ems.core.models import AuditEvent
from ems.core.roles import Role
from ems.register.services import elector_update
from tests.absent_voting.conftest import PNG
from tests.conftest import make_user
from tests.gazetteer.factories import PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db

NAME = "Hiddenworth"
ADDRESS = "7 Quiet Lane"
NOT_HANDLING = ["reader", "administrator", "finance"]
HANDLING = ["officer", "manager"]
# Pages about the anonymous elector, which would give their address. The others are about the
# property or a neighbour, and show that address as the property's own, never who lives there.
SHOW_THE_ELECTORS_ADDRESS = {
    "search by name", "elector page", "application page", "application queue",
    "absent vote letter", "deletion notices", "absent vote application", "absent vote",
    "absent vote queue",
}  # fmt: skip


@pytest.fixture
def household():
    home = PropertyFactory(address_line_1=ADDRESS, street="Quiet Lane", postcode="EX9 9ZZ")
    secret = ElectorFactory(
        property=home, first_names="Secretia", surname=NAME, anonymous=True, markers="N"
    )
    neighbour = ElectorFactory(property=home, first_names="Open", surname="Neighbour")
    application = Application.objects.create(
        reference="IER-ANON-1", channel="paper", route=Application.Route.ANONYMOUS,
        received_on=dt.date(2026, 3, 1), first_names="Secretia", surname=NAME,
        nationalities="GB", address_lines=ADDRESS, postcode="EX9 9ZZ", property=home,
        date_of_birth=dt.date(1980, 1, 1),
    )  # fmt: skip
    letter = AbsentVoteLetter.objects.create(
        kind="postal_granted", object_type="absent_vote_application", object_id=1,
        elector=secret, pdf=f"%PDF Secretia {NAME}, {ADDRESS}".encode(),
    )  # fmt: skip
    DeletionNotice.objects.create(
        kind=DeletionNotice.Kind.DEATH, source="deaths.csv", received_on=dt.date(2026, 3, 2),
        first_names="Secretia", surname=NAME, address=ADDRESS, elector=secret,
    )  # fmt: skip
    postal = absent_services.application_create(
        acting_user=None,
        values={"kind": "postal", "scope": "standing", "elector": secret,
                "ballot_address": f"{ADDRESS}, EX9 9ZZ", "date_of_birth": dt.date(1980, 1, 1),
                "received_at": dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)},
        signature=PNG,
    )  # fmt: skip
    arrangement = Arrangement.objects.create(
        elector=secret, kind="postal", scope="standing", starts_on=dt.date(2026, 3, 2),
        received_at=postal.received_at, granted_on=dt.date(2026, 3, 2), application=postal,
        ballot_address=f"{ADDRESS}, EX9 9ZZ",
    )  # fmt: skip
    return {"home": home, "secret": secret, "neighbour": neighbour, "app": application,
            "letter": letter, "postal": postal, "arrangement": arrangement}  # fmt: skip


ROLES = {
    "reader": Role.READ_ONLY,
    "administrator": Role.ADMINISTRATOR,
    "finance": Role.FINANCE,
    "officer": Role.OFFICER,
    "manager": Role.MANAGER,
}


def signed_in(client, role_name: str):
    role = ROLES[role_name]
    client.force_login(make_user(role_name, role))
    return client


def pages(h) -> dict[str, str]:
    return {
        "search by name": reverse("register:search") + f"?q={NAME}",
        "search by address": reverse("register:search") + "?q=7+Quiet+Lane",
        "elector page": reverse("register:elector", args=[h["secret"].pk]),
        "household": reverse("register:elector", args=[h["neighbour"].pk]),
        "property page": reverse("gazetteer:property", args=[h["home"].uprn]),
        "district page": reverse("gazetteer:district", args=[h["home"].polling_district.code]),
        "application page": reverse("applications:detail", args=[h["app"].pk]),
        "application queue": reverse("applications:queue", args=["address"]),
        "absent vote letter": reverse("absent_voting:letter", args=[h["letter"].pk]),
        "deletion notices": reverse("applications:deletions"),
        "absent vote application": reverse("absent_voting:application", args=[h["postal"].pk]),
        "absent vote": reverse("absent_voting:arrangement", args=[h["arrangement"].pk]),
        "absent vote queue": reverse("absent_voting:queue", args=["awaiting_verification"]),
    }


@pytest.mark.parametrize("role_name", NOT_HANDLING)
def test_roles_that_do_not_handle_anonymous_entries_never_see_the_name(
    client, household, role_name
):
    client = signed_in(client, role_name)
    for what, url in pages(household).items():
        # A search answers htmx with the results alone (the full page repeats what was typed).
        headers = {"HX-Request": "true"} if what.startswith("search") else {}
        body = client.get(url, headers=headers).content.decode(errors="replace")
        assert NAME not in body, what
        assert "Secretia" not in body, what
        if what in SHOW_THE_ELECTORS_ADDRESS:
            assert ADDRESS not in body, what


def test_a_reader_sees_the_number_and_anonymous_entry_only(client, household):
    client = signed_in(client, "reader")
    secret = household["secret"]
    page = client.get(reverse("register:elector", args=[secret.pk])).content.decode()
    assert "Anonymous entry" in page
    assert secret.elector_number in page
    assert "EX9 9ZZ" not in page
    app_page = client.get(reverse("applications:detail", args=[household["app"].pk]))
    assert "Anonymous entry" in app_page.content.decode()
    results = client.get(reverse("register:search"), {"q": NAME}, headers={"HX-Request": "true"})
    assert "No electors match" in results.content.decode()
    assert (
        client.get(reverse("absent_voting:letter", args=[household["letter"].pk])).status_code
        == 403
    )
    # Nothing a reader saw is recorded as a look at the details.
    assert not AuditEvent.objects.filter(action=privacy.VIEWED).exists()


def test_household_lists_never_show_an_anonymous_elector(client, household):
    client = signed_in(client, "manager")
    page = client.get(
        reverse("register:elector", args=[household["neighbour"].pk])
    ).content.decode()
    assert NAME not in page
    assert "Nobody else is registered at this address." in page


@pytest.mark.parametrize("role_name", HANDLING)
def test_officers_and_managers_see_the_entry_and_each_look_is_audited(client, household, role_name):
    client = signed_in(client, role_name)
    secret, app, letter = household["secret"], household["app"], household["letter"]
    assert NAME in client.get(reverse("register:elector", args=[secret.pk])).content.decode()
    assert NAME in client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert NAME in client.get(reverse("register:search"), {"q": NAME}).content.decode()
    assert NAME.encode() in client.get(reverse("absent_voting:letter", args=[letter.pk])).content
    viewed = list(
        AuditEvent.objects.filter(action=privacy.VIEWED)
        .order_by("id")
        .values("actor", "object_type", "object_id", "object_repr", "before", "after")
    )
    assert viewed == [
        {"actor": role_name, "object_type": "elector", "object_id": str(secret.pk),
         "object_repr": "", "before": None, "after": None},
        {"actor": role_name, "object_type": "application", "object_id": str(app.pk),
         "object_repr": "", "before": None, "after": None},
        {"actor": role_name, "object_type": "letter", "object_id": str(letter.pk),
         "object_repr": "", "before": None, "after": None},
    ]  # fmt: skip


def test_looking_at_an_ordinary_elector_is_not_audited(client, household):
    client = signed_in(client, "officer")
    client.get(reverse("register:elector", args=[household["neighbour"].pk]))
    assert not AuditEvent.objects.filter(action=privacy.VIEWED).exists()


def test_readers_never_see_dates_of_birth_or_ni_numbers_on_applications(client, household):
    home = household["home"]
    app = Application.objects.create(
        reference="IER-2", channel="paper", received_on=dt.date(2026, 3, 1),
        first_names="Plain", surname="Applicant", nationalities="GB", address_lines="8 Quiet Lane",
        property=home, date_of_birth=dt.date(1971, 5, 9), nino="JG103759A",
    )  # fmt: skip
    url = reverse("applications:detail", args=[app.pk])
    reader_page = signed_in(client, "reader").get(url).content.decode()
    assert "Applicant" in reader_page
    assert "1971" not in reader_page and "JG103759A" not in reader_page
    assert "National Insurance number" not in reader_page
    client.logout()
    officer_page = signed_in(client, "officer").get(url).content.decode()
    assert "9 May 1971" in officer_page and "JG103759A" in officer_page


def test_readers_never_see_dates_of_birth_on_electors(client, household):
    page = signed_in(client, "reader").get(
        reverse("register:elector", args=[household["neighbour"].pk])
    )
    assert "1980" not in page.content.decode()


def test_audit_trail_cuts_events_about_anonymous_entries_short_for_readers(client, household):
    secret, officer = household["secret"], make_user("officer", Role.OFFICER)
    elector_update(
        elector=secret, expected_version=secret.version, changes={"surname": "Quietly"},
        acting_user=officer, reason=f"Married: was {NAME}",
    )  # fmt: skip
    audit(
        acting_user=officer, action="application.updated", object_type="application",
        object_id=household["app"].pk, after={"surname": NAME},
    )  # fmt: skip
    reader_page = signed_in(client, "reader").get(reverse("core:audit")).content.decode()
    assert NAME not in reader_page and "Quietly" not in reader_page
    # The entry's change, the application's change and the absent vote application received.
    assert reader_page.count("Anonymous entry") == 3
    assert "elector.updated" in reader_page  # who did what, and when, still shows
    client.logout()
    client.force_login(officer)
    officer_page = client.get(reverse("core:audit")).content.decode()
    assert NAME in officer_page and "Quietly" in officer_page
