from django.urls import path

from . import views, views_casework

app_name = "applications"
urlpatterns = [
    path("", views.index, name="index"),
    path("queue/<str:name>/", views.queue, name="queue"),
    path("duplicates/close/", views.close_duplicates, name="close_duplicates"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/upload/", views.batch_upload, name="batch_upload"),
    path("paper/", views.paper_application, name="paper"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("letters/<int:pk>.pdf", views.letter_pdf, name="letter"),
    path("reviews/", views_casework.review_list, name="reviews"),
    path("reviews/<int:pk>/", views_casework.review_detail, name="review"),
    path("deletions/", views_casework.deletion_notices, name="deletions"),
    path("deletions/confirm/", views_casework.deletions_confirm, name="deletions_confirm"),
    path("deletions/<int:pk>/dismiss/", views_casework.deletion_dismiss, name="deletion_dismiss"),
    path("deletions/elsewhere/", views_casework.registered_elsewhere, name="registered_elsewhere"),
    path("deletions/deaths/", views_casework.death_notifications_upload, name="death_upload"),
    path("letters/", views_casework.letter_templates, name="letter_templates"),
    path("letters/<str:kind>/edit/", views_casework.letter_template_edit, name="letter_template"),
    path("letters/print/", views_casework.letters_print, name="letters_print"),
    path("statistics/", views_casework.statistics, name="statistics"),
]
