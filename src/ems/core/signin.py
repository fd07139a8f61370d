"""Sign-in safeguards: the client's address for the lockout, and two-factor sign-in.

Managers and Finance reach everything, or bank details and payroll, so they must enter a code
from an authenticator app (TOTP, django-otp) after their password; anyone else may choose to.
Until the session is verified, every page sends them to enter a code, or to set up their app
if they have none yet.
"""

from base64 import b32encode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from . import roles, selectors

# Pages an unverified user may still open: setting up, entering the code, signing out.
OPEN_BEFORE_CODE = frozenset({"core:two_factor_setup", "core:two_factor_verify", "logout"})


def client_ip(request) -> str:
    """The address a sign-in came from, for django-axes' username + address lockout.

    With EMS_TRUSTED_PROXIES = N (N reverse proxies in front of the EMS), each proxy appends
    the address it saw to X-Forwarded-For, so the client's is the Nth from the right; anything
    further left was written by the client and could be forged. Without proxies, or when the
    header is shorter than expected (the request did not come through them), it is the
    connection's own address.
    """
    proxies = settings.EMS_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def readable_key(device) -> str:
    """An authenticator key as a person types it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def needs_two_factor(user) -> bool:
    return roles.has_role(user, roles.TWO_FACTOR)


class TwoFactorMiddleware:
    """Send a signed-in user whose session is not verified to enter a code (or set up their
    app), when their role needs two-factor sign-in or they have set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        public = not getattr(view_func, "login_required", True)
        if public and match.app_name != "admin":
            return None  # public pages (the staff interest form, the polling station finder)
        if match.view_name in OPEN_BEFORE_CODE:
            return None
        has_app = selectors.two_factor_device(user) is not None
        if not has_app and not needs_two_factor(user):
            return None
        page = "core:two_factor_verify" if has_app else "core:two_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(page))
