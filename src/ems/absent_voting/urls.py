from django.urls import path

from . import views

app_name = "absent_voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("queue/<str:name>/", views.queue, name="queue"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/signature/", views.application_signature, name="signature"),
    path("paper/<str:kind>/", views.paper_application, name="paper"),
    path("batches/upload/", views.batch_upload, name="batch_upload"),
    path("letters/<int:pk>.pdf", views.letter_pdf, name="letter"),
    path("arrangements/<int:pk>/", views.arrangement_detail, name="arrangement"),
    path(
        "arrangements/<int:pk>/signature/",
        views.arrangement_signature,
        name="arrangement_signature",
    ),
    path("lists/", views.lists_index, name="lists_index"),
    path("lists/<int:pk>/", views.election_lists, name="lists"),
    path("lists/<int:pk>/<str:which>.<str:fmt>", views.list_download, name="list_download"),
    path(
        "lists/<int:pk>/stations/<int:station_pk>.<str:fmt>",
        views.marked_register,
        name="marked_register",
    ),
    path("renewals/", views.renewals, name="renewals"),
    path("notices/<int:pk>/", views.notice_response, name="notice"),
    path("rejections/<int:pk>/", views.rejections, name="rejections"),
    path("vac/", views.vac_index, name="vac_index"),
    path("vac/paper/", views.vac_paper, name="vac_paper"),
    path("vac/<int:pk>/", views.vac_detail, name="vac"),
    path("vac/<int:pk>/photo/", views.vac_photo, name="vac_photo"),
    path("overseas/", views.overseas_index, name="overseas"),
    path("overseas/new/", views.overseas_new, name="overseas_new"),
    path("overseas/<int:pk>/", views.overseas_detail, name="overseas_declaration"),
]
