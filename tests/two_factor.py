"""Two-factor sign-in in tests.

`verified_force_login` (autouse, imported by tests/conftest.py): the test client's force_login
and login sign a user in fully, second factor included, as if they had entered a code, so
tests of other pages need not. Tests of two-factor sign-in itself post to the sign-in page.
`pass_two_factor` does the second step in a browser: the code from the user's app, or setting
up an app on first sign-in.
"""

from base64 import b32decode

import pytest
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ems.core.signin import needs_two_factor


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def code_for(key: bytes, steps_ahead: int = 0) -> str:
    """The 6-digit code an app with this key shows now, or `steps_ahead` 30-second steps
    later (each code is accepted once, and one step either side of now)."""
    return f"{totp(key, step=30, t0=-30 * steps_ahead):06d}"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    return code_for(device.bin_key, steps_ahead)


@pytest.fixture(autouse=True)
def verified_force_login(monkeypatch):
    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if has_app or needs_two_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)


def pass_two_factor(page, username: str) -> None:
    """After the password, in a browser: enter a code if the EMS asks for one."""
    heading = page.get_by_role("heading", level=1).inner_text()
    if heading == "Set up two-factor sign-in":
        key = b32decode(page.locator(".ems-totp-key").inner_text().replace(" ", ""))
        page.get_by_label("Code from your authenticator app").fill(code_for(key))
        page.get_by_role("button", name="Confirm").click()
    elif heading == "Enter your sign-in code":
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Code from your authenticator app").fill(code(device))
        page.get_by_role("button", name="Continue").click()
