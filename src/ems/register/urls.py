from django.urls import path

from . import views, views_moves, views_publication

app_name = "register"
urlpatterns = [
    path("", views.search, name="search"),
    path("electors/<int:elector_id>/", views.elector_detail, name="elector"),
    path("electors/<int:elector_id>/edit/", views.elector_edit, name="elector_edit"),
    path("import/", views.register_import, name="import"),
    path("move-properties/", views_moves.move_properties, name="move_properties"),
    path("editions/", views_publication.edition_list, name="editions"),
    path("editions/publish/", views_publication.edition_publish, name="edition_publish"),
    path(
        "editions/<int:edition_id>/download/",
        views_publication.edition_download,
        name="edition_download",
    ),
    path("notices/", views_publication.notice_list, name="notices"),
    path("notices/publish/", views_publication.notice_publish, name="notice_publish"),
    path(
        "notices/<int:notice_id>/files/<str:name>",
        views_publication.notice_download,
        name="notice_download",
    ),
    path("recipients/", views_publication.recipient_list, name="recipients"),
    path("recipients/add/", views_publication.recipient_add, name="recipient_add"),
    path("supplies/add/", views_publication.supply_add, name="supply_add"),
]
