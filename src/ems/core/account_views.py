"""The signed-in user's own account: password change, password reset by email, and
two-factor sign-in (setting up an authenticator app, entering its code)."""

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme

from . import roles, selectors, services
from .errors import EmsError
from .forms import ChangePasswordForm, CodeForm, NewPasswordForm
from .signin import needs_two_factor, readable_key


def account(request):
    """What the user holds and how they sign in."""
    held = [r for r in roles.Role if r in roles.roles_of(request.user)]
    return render(
        request,
        "core/account.html",
        {"held": held,
         "role_rows": [{"key": {"text": r.value}, "value": {"text": roles.DESCRIPTIONS[r]}}
                       for r in held],
         "two_factor": selectors.two_factor_device(request.user) is not None,
         "two_factor_required": needs_two_factor(request.user)},
    )  # fmt: skip


def _next_page(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse_lazy("home")


def two_factor_setup(request):
    """Show a new key (and its QR code) for the user's authenticator app; a code from the app
    confirms it and verifies this session."""
    has_app = selectors.two_factor_device(request.user) is not None
    if has_app and not request.user.is_verified():
        # Replacing the app needs the current one first, or a password alone would do.
        return redirect(f"{reverse_lazy('core:two_factor_verify')}?next={request.path}")
    device = services.two_factor_start(user=request.user, acting_user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_confirm(
                device=device, code=form.cleaned_data["code"], acting_user=request.user
            )
        except EmsError as exc:
            form.add_error("code", str(exc))
        else:
            django_otp.login(request, device)
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect(_next_page(request))
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "secret": readable_key(device),
         "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title=None),
         "next": _next_page(request), "replacing": has_app,
         "required": needs_two_factor(request.user)},
    )  # fmt: skip


def two_factor_verify(request):
    """The second step of signing in: a code from the user's authenticator app."""
    device = selectors.two_factor_device(request.user)
    if device is None:
        return redirect(f"{reverse_lazy('core:two_factor_setup')}?next={_next_page(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code_allowed(device)
        except EmsError as exc:
            form.add_error("code", str(exc))
        else:
            code = form.cleaned_data["code"]
            if django_otp.verify_token(request.user, device.persistent_id, code):
                request.session.cycle_key()
                django_otp.login(request, device)
                return redirect(_next_page(request))
            form.add_error("code", "The code is not right: enter the 6-digit code your app shows.")
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": _next_page(request)}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("core:account")

    def form_valid(self, form):
        services.user_password_set(
            user=form.user, password=form.cleaned_data["new_password1"],
            acting_user=self.request.user, how="changed",
        )  # fmt: skip
        # Other sessions of this user end; this one stays signed in.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "Your password was changed.")
        return redirect(self.success_url)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    email_template_name = "core/password_reset_email.txt"
    subject_template_name = "core/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form):
        services.user_password_set(
            user=form.user, password=form.cleaned_data["new_password1"],
            acting_user=form.user, how="reset",
        )  # fmt: skip
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.success_url)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"
