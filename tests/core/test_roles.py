"""Users with several roles, and who may grant which (roles.grantable_roles)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from ems.core import roles
from ems.core.errors import NotPermitted
from ems.core.models import AuditEvent
from ems.core.roles import Role
from ems.core.services import user_create, user_set_active, user_update

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


def groups(username: str) -> list[str]:
    return sorted(User.objects.get(username=username).groups.values_list("name", flat=True))


def add_user(client, username: str, *held: Role, password: str = PASSWORD):
    return client.post(
        reverse("core:users"),
        {"username": username, "full_name": "Fin Ance", "email": f"{username}@example.org",
         "roles": [r.value for r in held], "password": password},
        follow=True,
    )  # fmt: skip


def test_manager_adds_a_user_holding_finance_and_read_only_who_reaches_staff_pages(
    manager_client, client
):
    page = add_user(manager_client, "fin", Role.FINANCE, Role.READ_ONLY).content.decode()
    assert "User fin created." in page
    assert groups("fin") == ["Finance", "Read-only"]
    event = AuditEvent.objects.get(action="user.created", object_repr="fin")
    assert event.after == {"username": "fin", "roles": ["Finance", "Read-only"]}
    fin = User.objects.get(username="fin")
    assert roles.has_role(fin, roles.FINANCE) and roles.has_role(fin, roles.VIEW_DATA)
    client.force_login(fin)
    assert client.get(reverse("staffing:index")).status_code == 200


def test_administrator_is_offered_and_may_grant_officer_read_only_administrator_only(
    client, administrator
):
    client.force_login(administrator)
    page = client.get(reverse("core:users")).content.decode()
    assert 'value="Electoral Services Officer"' in page
    assert 'value="Electoral Services Manager"' not in page and 'value="Finance"' not in page
    page = add_user(client, "boss", Role.MANAGER).content.decode()
    assert "Select a valid choice" in page
    assert not User.objects.filter(username="boss").exists()
    with pytest.raises(NotPermitted, match="Only an Electoral Services Manager"):
        user_create(username="boss", password=PASSWORD, roles_held=[Role.MANAGER],
                    acting_user=administrator)  # fmt: skip
    with pytest.raises(NotPermitted):
        user_create(username="fin", password=PASSWORD, roles_held=[Role.FINANCE, Role.OFFICER],
                    acting_user=administrator)  # fmt: skip
    assert not User.objects.filter(username__in=["boss", "fin"]).exists()
    add_user(client, "helper", Role.OFFICER, Role.ADMINISTRATOR)
    assert groups("helper") == ["Administrator", "Electoral Services Officer"]


def test_administrator_cannot_change_or_switch_a_managers_account(
    client, administrator, manager, officer
):
    client.force_login(administrator)
    page = client.get(reverse("core:user", args=[manager.pk])).content.decode()
    assert "Only an Electoral Services Manager may change an account" in page
    page = client.get(reverse("core:users")).content.decode()
    assert "Switch off<span class=\"govuk-visually-hidden\"> manager" not in page
    assert "Switch off<span class=\"govuk-visually-hidden\"> officer" in page
    with pytest.raises(NotPermitted):
        user_update(user=manager, roles_held=[Role.OFFICER], full_name="", email="",
                    acting_user=administrator)  # fmt: skip
    with pytest.raises(NotPermitted):
        user_set_active(user=manager, active=False, acting_user=administrator)
    client.post(reverse("core:user_toggle", args=[manager.pk]))
    manager.refresh_from_db()
    assert manager.is_active
    assert groups("manager") == ["Electoral Services Manager"]


def test_nobody_escalates_themselves(client, administrator, manager, officer):
    with pytest.raises(NotPermitted):
        user_update(user=administrator, roles_held=[Role.ADMINISTRATOR, Role.MANAGER],
                    full_name="", email="", acting_user=administrator)  # fmt: skip
    with pytest.raises(NotPermitted):
        user_update(user=manager, roles_held=[Role.MANAGER, Role.FINANCE], full_name="",
                    email="", acting_user=manager)  # fmt: skip
    client.force_login(administrator)
    url = reverse("core:user", args=[administrator.pk])
    assert "You cannot change your own account" in client.get(url).content.decode()
    client.post(url, {"save": "1", "roles": [Role.ADMINISTRATOR.value, Role.OFFICER.value]})
    assert groups("administrator") == ["Administrator"]
    client.force_login(officer)
    assert client.post(reverse("core:users"), {"username": "x"}).status_code == 403
    assert groups("officer") == ["Electoral Services Officer"]


def test_manager_gives_an_officer_finance_and_the_change_is_audited(manager_client, officer):
    url = reverse("core:user", args=[officer.pk])
    page = manager_client.post(
        url,
        {"save": "1", "full_name": "Olu Officer", "email": "olu@example.org",
         "roles": [Role.OFFICER.value, Role.FINANCE.value]},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "officer&#39;s account was saved." in page
    assert groups("officer") == ["Electoral Services Officer", "Finance"]
    event = AuditEvent.objects.get(action="user.updated")
    assert event.before["roles"] == ["Electoral Services Officer"]
    assert event.after["roles"] == ["Electoral Services Officer", "Finance"]
    assert event.after["email"] == "olu@example.org"


def test_a_user_needs_at_least_one_role_and_finance_comes_with_a_data_role(manager_client):
    page = add_user(manager_client, "nobody").content.decode()
    assert "Select at least one role" in page
    page = add_user(manager_client, "fin", Role.FINANCE).content.decode()
    assert "Give Finance with a data role (Read-only, Officer or Manager)" in page
    assert not User.objects.filter(username__in=["nobody", "fin"]).exists()


def test_password_rules_are_applied_when_adding_a_user(manager_client):
    page = add_user(manager_client, "weak", Role.OFFICER, password="1234567890123").content.decode()
    assert "<title>Error: Users" in page
    assert "This password is too common." in page
    assert "This password is entirely numeric." in page
    assert "1234567890123" not in page  # the password is not sent back
    page = add_user(manager_client, "weak", Role.OFFICER, password="short-1").content.decode()
    assert "This password is too short. It must contain at least 12 characters." in page
    assert not User.objects.filter(username="weak").exists()
