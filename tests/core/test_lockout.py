"""The sign-in lockout is per username and address, with the address read behind a proxy."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from ems.core.signin import client_ip

pytestmark = pytest.mark.django_db
RIGHT, WRONG = "correct horse battery", "wrong"


def sign_in(password: str, **meta) -> int:
    response = Client().post(
        reverse("login"), {"username": "manager", "password": password}, **meta
    )
    return response.status_code


def test_failures_from_one_address_do_not_lock_the_user_out_from_another(manager):
    for _ in range(5):
        sign_in(WRONG, REMOTE_ADDR="203.0.113.9")
    assert sign_in(RIGHT, REMOTE_ADDR="203.0.113.9") == 429
    assert sign_in(RIGHT, REMOTE_ADDR="198.51.100.7") == 302


def test_behind_a_trusted_proxy_the_lockout_is_per_client_not_per_proxy(manager, settings):
    settings.EMS_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        # The attacker also forges an X-Forwarded-For entry: only the proxy's own entry counts.
        sign_in(WRONG, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", **proxy)
    assert sign_in(RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy) == 429
    assert sign_in(RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy) == 302


def test_the_client_address_is_read_from_x_forwarded_for_only_when_proxies_are_configured(
    settings,
):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.1"
    )
    settings.EMS_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.EMS_TRUSTED_PROXIES = 1
    assert client_ip(request) == "10.0.0.1"
    settings.EMS_TRUSTED_PROXIES = 2
    assert client_ip(request) == "203.0.113.9"
    settings.EMS_TRUSTED_PROXIES = 4  # fewer entries than proxies: not through them all
    assert client_ip(request) == "10.0.0.2"
