from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
]
