"""Changing your password, and resetting a forgotten one by an emailed link."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ems.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW = "a-new-long-passphrase"


def can_sign_in(username: str, password: str, address: str = "127.0.0.1") -> bool:
    response = Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code == 302


def test_officer_changes_their_password(officer_client):
    url = reverse("core:password_change")
    page = officer_client.post(
        url, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    ).content.decode()
    assert "Your old password was entered incorrectly" in page
    page = officer_client.post(
        url, {"old_password": "correct horse battery", "new_password1": "officer1",
              "new_password2": "officer1"},
    ).content.decode()  # fmt: skip
    assert "This password is too short" in page
    response = officer_client.post(
        url, {"old_password": "correct horse battery", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )  # fmt: skip
    assert "Your password was changed." in response.content.decode()
    assert officer_client.get(reverse("home")).status_code == 200  # still signed in
    assert can_sign_in("officer", NEW) and not can_sign_in("officer", "correct horse battery")
    assert AuditEvent.objects.filter(action="user.password_changed", object_repr="officer").exists()


def test_forgotten_password_is_reset_by_an_emailed_link_which_also_lifts_a_lockout(
    client, officer
):
    officer.email = "olu@example.org"
    officer.save()
    for _ in range(5):
        can_sign_in("officer", "wrong")
    assert not can_sign_in("officer", "correct horse battery")  # locked out

    assert "Forgotten your password?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("core:password_reset"), {"email": "olu@example.org"})
    assert response.url == reverse("core:password_reset_done")
    client.post(reverse("core:password_reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1  # no email, and no sign, for an unknown address
    email = mail.outbox[0]
    assert email.to == ["olu@example.org"]
    assert email.subject == "Reset your Electoral Management System password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", email.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Your password was changed" in response.content.decode()
    assert can_sign_in("officer", NEW)
    assert AuditEvent.objects.filter(action="user.password_reset", object_repr="officer").exists()
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_password_rules_read_as_a_hint_not_as_escaped_markup(officer_client, client, officer):
    """Django gives the rules for a new password as an HTML list; shown as a hint they
    must read as sentences, not as "<ul><li>" text."""
    officer.email = "olu@example.org"
    officer.save()
    change = officer_client.get(reverse("core:password_change")).content.decode()
    client.post(reverse("core:password_reset"), {"email": "olu@example.org"})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    choose = client.get(link, follow=True).content.decode()
    for page in (change, choose):
        assert "&lt;ul&gt;" not in page and "&lt;li&gt;" not in page
        assert "Your password must contain at least" in page
