from django.urls import path

from . import views

app_name = "count"
urlpatterns = [
    path("", views.election_list, name="elections"),
    path("elections/<int:pk>/", views.election_contests, name="election"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path(
        "contests/<int:pk>/accounts/<int:account_id>/verify/",
        views.account_verify,
        name="account_verify",
    ),
    path("contests/<int:pk>/verification.pdf", views.verification_pdf, name="verification_pdf"),
    path("contests/<int:pk>/result/", views.result_enter, name="result_enter"),
    path("contests/<int:pk>/stv/", views.stv_upload, name="stv_upload"),
    path("contests/<int:pk>/declare/", views.result_declare, name="declare"),
    path("contests/<int:pk>/declaration.pdf", views.declaration_pdf, name="declaration_pdf"),
    path(
        "contests/<int:pk>/versions/<int:version>/stages.<str:kind>",
        views.stage_sheet,
        name="stage_sheet",
    ),
    # Published results: no sign-in.
    path("results/", views.public_elections, name="public_elections"),
    path("results/<str:election_id>/", views.public_election, name="public_election"),
    path(
        "results/<str:election_id>/results.<str:kind>",
        views.public_election_file,
        name="public_election_file",
    ),
    path(
        "results/<str:election_id>/<str:ballot_id>/",
        views.public_contest,
        name="public_contest",
    ),
    path(
        "results/<str:election_id>/<str:ballot_id>/<str:kind>",
        views.public_contest_file,
        name="public_contest_file",
    ),
]
