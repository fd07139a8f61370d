import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from ems.core.errors import NotPermitted
from ems.core.models import AuditEvent, Council
from ems.core.roles import Role
from ems.core.services import council_save, user_create

COUNCIL = {
    "name": "Exampleton Borough Council",
    "gss_code": "E07000041",
    "country": "england",
    "ero_name": "A Person",
    "ro_name": "A Person",
    "office_address": "Civic Centre",
    "office_postcode": "ex12ab",
    "telephone": "01632 960000",
    "email": "elections@example.org",
    "website": "https://example.org",
}


@pytest.mark.django_db
def test_manager_saves_council_details_and_the_change_is_audited(manager_client, manager):
    response = manager_client.post(reverse("core:council"), COUNCIL, follow=True)
    assert "The council&#39;s details have been saved." in response.content.decode()
    council = Council.objects.get()
    assert council.office_postcode == "EX1 2AB"
    event = AuditEvent.objects.get(action="council.created")
    assert event.user == manager
    assert event.after["gss_code"] == "E07000041"


@pytest.mark.django_db
def test_bad_gss_code_is_refused_with_a_message(manager_client):
    response = manager_client.post(reverse("core:council"), {**COUNCIL, "gss_code": "X123"})
    page = response.content.decode()
    assert "<title>Error: Council details" in page
    assert "A GSS code is a letter E, N, S, W or K and eight digits" in page
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_officer_cannot_change_council_details(officer, officer_client):
    assert officer_client.post(reverse("core:council"), COUNCIL).status_code == 403
    with pytest.raises(NotPermitted):
        council_save(acting_user=officer, **{**COUNCIL, "office_postcode": "EX1 2AB"})


@pytest.mark.django_db
def test_administrator_adds_a_user_in_a_role(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("core:users"),
        {"username": "newofficer", "full_name": "New Officer", "roles": [Role.OFFICER.value],
         "password": "a-long-password-1"},
        follow=True,
    )  # fmt: skip
    assert "User newofficer created." in response.content.decode()
    user = User.objects.get(username="newofficer")
    assert list(user.groups.values_list("name", flat=True)) == [Role.OFFICER.value]
    assert AuditEvent.objects.filter(action="user.created", object_repr="newofficer").exists()


@pytest.mark.django_db
def test_only_administrators_and_managers_manage_users(officer, officer_client):
    assert officer_client.get(reverse("core:users")).status_code == 403
    with pytest.raises(NotPermitted):
        user_create(
            username="x", password="a-long-password-1", roles_held=[Role.OFFICER],
            acting_user=officer,
        )  # fmt: skip


@pytest.mark.django_db
def test_administrator_switches_an_account_off(client, administrator, officer):
    client.force_login(administrator)
    client.post(reverse("core:user_toggle", args=[officer.pk]))
    officer.refresh_from_db()
    assert not officer.is_active
    assert AuditEvent.objects.filter(action="user.deactivated", object_id=str(officer.pk)).exists()


@pytest.mark.django_db
def test_audit_page_filters_by_user(manager_client, manager):
    council_save(acting_user=manager, **{**COUNCIL, "office_postcode": "EX1 2AB"})
    council_save(acting_user=None, **{**COUNCIL, "office_postcode": "EX1 2AB", "ero_name": "B"})
    page = manager_client.get(reverse("core:audit"), {"actor": "command line"}).content.decode()
    assert "council.updated" in page
    assert "council.created" not in page
    assert '<p class="govuk-body">1 event</p>' in page
