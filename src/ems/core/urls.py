from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("council/", views.council_detail, name="council"),
    path("users/", views.user_list, name="users"),
    path("users/<int:user_id>/toggle-active/", views.user_toggle_active, name="user_toggle"),
]
