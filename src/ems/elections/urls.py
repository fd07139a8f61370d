from django.urls import path

from . import views

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
]
