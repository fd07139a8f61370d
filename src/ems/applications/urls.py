from django.urls import path

from . import views

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
]
