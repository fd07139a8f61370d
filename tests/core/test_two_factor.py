"""Two-factor sign-in: Managers and Finance enter a code from an authenticator app."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ems.core.models import AuditEvent
from ems.core.roles import Role, role_group
from tests.conftest import make_user
from tests.two_factor import authenticator, code

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def sign_in(username: str, next_page: str = "") -> tuple[Client, object]:
    """Sign in with the password only, through the sign-in page as a person does."""
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD, "next": next_page}
    )
    return client, response


def test_manager_without_an_app_is_sent_to_set_one_up_and_then_uses_the_pages(manager):
    client, response = sign_in("manager")
    assert client.get(response.url).url.startswith(reverse("core:two_factor_setup"))
    assert client.get(reverse("register:search")).url.startswith(reverse("core:two_factor_setup"))
    page = client.get(reverse("core:two_factor_setup")).content.decode()
    assert "Set up two-factor sign-in" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    key = page.split('<code class="ems-totp-key">')[1].split("</code>")[0]
    assert len(key.replace(" ", "")) == 32

    response = client.post(reverse("core:two_factor_setup"), {"code": code(device)}, follow=True)
    assert "Two-factor sign-in is set up." in response.content.decode()
    assert client.get(reverse("register:search")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(
        action="user.two_factor_set_up", object_repr="manager"
    ).exists()


def test_manager_with_an_app_enters_a_code_before_any_page(manager):
    device = authenticator(manager)
    client, response = sign_in("manager", next_page=reverse("register:search"))
    asked = client.get(response.url)
    assert asked.url == f"{reverse('core:two_factor_verify')}?next=/register/"
    assert client.get(reverse("core:council")).status_code == 302
    page = client.get(asked.url).content.decode()
    assert "Enter your sign-in code" in page
    wrong = client.post(asked.url, {"code": "12 34 5"}).content.decode()
    assert "Enter the 6-digit code, like 123456" in wrong
    response = client.post(asked.url, {"code": code(device), "next": "/register/"})
    assert response.url == "/register/"
    assert client.get(reverse("core:council")).status_code == 200


def test_a_wrong_code_is_refused_and_the_next_try_must_wait(manager):
    device = authenticator(manager)
    client, _ = sign_in("manager")
    url = reverse("core:two_factor_verify")
    assert "The code is not right" in client.post(url, {"code": "000000"}).content.decode()
    page = client.post(url, {"code": code(device)}).content.decode()
    assert "Too many wrong codes: wait a few seconds" in page
    assert client.get(reverse("core:council")).status_code == 302


def test_a_code_is_accepted_once_only(manager):
    device = authenticator(manager)
    client, _ = sign_in("manager")
    url = reverse("core:two_factor_verify")
    client.post(url, {"code": code(device)})
    replay, _ = sign_in("manager")
    page = replay.post(url, {"code": code(device)}).content.decode()
    assert "The code is not right" in page
    assert replay.get(reverse("core:council")).status_code == 302


def test_a_signed_in_manager_without_the_code_cannot_replace_the_app(manager):
    authenticator(manager)
    client, _ = sign_in("manager")
    response = client.get(reverse("core:two_factor_setup"))
    assert response.url.startswith(reverse("core:two_factor_verify"))
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_finance_needs_a_code_and_officers_do_not_unless_they_chose_to(officer, reader):
    finance = make_user("finance", Role.READ_ONLY)
    finance.groups.add(role_group(Role.FINANCE))
    client, response = sign_in("finance")
    assert client.get(response.url).url.startswith(reverse("core:two_factor_setup"))
    client, response = sign_in("officer")
    assert client.get(response.url).status_code == 200
    authenticator(reader)  # a Read-only user who set up an app chose to use it
    client, response = sign_in("reader")
    assert client.get(response.url).url.startswith(reverse("core:two_factor_verify"))


def test_officer_may_set_up_an_app_from_their_account_page(officer_client, officer):
    page = officer_client.get(reverse("core:account")).content.decode()
    assert "Not set up (optional)" in page and "Electoral Services Officer" in page
    officer_client.get(reverse("core:two_factor_setup"))
    device = TOTPDevice.objects.get(user=officer)
    officer_client.post(reverse("core:two_factor_setup"), {"code": code(device)})
    page = officer_client.get(reverse("core:account")).content.decode()
    assert "Set up (optional)" in page


def test_manager_removes_a_lost_app_and_the_user_sets_up_again(manager_client, client):
    finance = make_user("finance", Role.OFFICER)
    finance.groups.add(role_group(Role.FINANCE))
    authenticator(finance)
    url = reverse("core:user", args=[finance.pk])
    response = manager_client.post(url, {"reset_two_factor": "1"}, follow=True)
    assert "finance will set up two-factor sign-in again." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=finance).exists()
    assert AuditEvent.objects.filter(action="user.two_factor_reset", object_repr="finance").exists()
    again, response = sign_in("finance")
    assert again.get(response.url).url.startswith(reverse("core:two_factor_setup"))


def test_sign_out_works_before_the_code(manager):
    authenticator(manager)
    client, _ = sign_in("manager")
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")


def test_the_command_line_removes_an_app_when_no_other_manager_can(manager, capsys):
    authenticator(manager)
    call_command("two_factor_reset", "manager")
    assert "manager will set up two-factor sign-in" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=manager).exists()
    with pytest.raises(CommandError, match="There is no user called nobody"):
        call_command("two_factor_reset", "nobody")
