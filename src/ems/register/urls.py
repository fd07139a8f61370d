from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.search, name="search"),
    path("electors/<int:elector_id>/", views.elector_detail, name="elector"),
    path("electors/<int:elector_id>/edit/", views.elector_edit, name="elector_edit"),
    path("import/", views.register_import, name="import"),
]
