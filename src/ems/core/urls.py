from django.urls import path

from . import account_views, views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("council/", views.council_detail, name="council"),
    path("users/", views.user_list, name="users"),
    path("users/<int:user_id>/", views.user_edit, name="user"),
    path("account/", account_views.account, name="account"),
    path("account/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/two-factor/", account_views.two_factor_setup, name="two_factor_setup"),
    path("sign-in/code/", account_views.two_factor_verify, name="two_factor_verify"),
    path("password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("users/<int:user_id>/toggle-active/", views.user_toggle_active, name="user_toggle"),
]
