from django.urls import path

from . import views, views_nominations

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="list"),
    path("new/", views.election_create, name="create"),
    path("<int:pk>/", views.election_detail, name="detail"),
    path("<int:pk>/timetable.ics", views.election_ics, name="ics"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/generate/", views.plan_generate, name="plan_generate"),
    path("<int:pk>/plan/tasks/<int:task_id>/", views.task_edit, name="task_edit"),
    path("<int:pk>/risks/", views.risks, name="risks"),
    # Nominations
    path("parties/", views_nominations.parties, name="parties"),
    path("<int:pk>/nominations/", views_nominations.nominations, name="nominations"),
    path(
        "<int:pk>/nominations/<int:area_id>/",
        views_nominations.area,
        name="nomination_area",
    ),
    path(
        "<int:pk>/nominations/<int:area_id>/uncontested/",
        views_nominations.declare_uncontested,
        name="nomination_uncontested",
    ),
    path("<int:pk>/nominations/<int:area_id>/sopn.pdf", views_nominations.sopn, name="sopn"),
    path(
        "<int:pk>/nominations/<int:area_id>/notice-of-poll.pdf",
        views_nominations.notice_of_poll,
        name="notice_of_poll",
    ),
    path(
        "<int:pk>/nominations/<int:area_id>/ballot-paper.pdf",
        views_nominations.ballot_paper,
        name="ballot_paper",
    ),
    path(
        "<int:pk>/nominations/candidates/<int:candidate_id>/",
        views_nominations.candidate,
        name="nomination_candidate",
    ),
]
