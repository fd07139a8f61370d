from django.urls import path

from . import views

app_name = "polling"
urlpatterns = [
    path("", views.index, name="index"),
    path("day/<int:pk>/", views.polling_day, name="day"),
    path("day/<int:pk>/poll-cards/", views.poll_card_runs, name="poll_cards"),
    path("day/<int:pk>/equipment/", views.equipment, name="equipment"),
    path(
        "day/<int:pk>/equipment/items/<int:item_id>/",
        views.equipment_item,
        name="equipment_item",
    ),
    path("day/<int:pk>/rounds/<int:round_id>/", views.round_edit, name="round"),
    path("station/<int:pk>/", views.station, name="station"),
    path("station/<int:pk>/remove/", views.station_remove, name="station_remove"),
    path("station/<int:pk>/photos/<int:photo_id>/", views.photo, name="photo"),
    path("poll-cards/<int:pk>/", views.poll_card_run, name="poll_card_run"),
    path("poll-cards/<int:pk>/<str:name>/", views.poll_card_file, name="poll_card_file"),
    # Public: no sign-in.
    path("find/", views.find, name="find"),
    path("find/address/<int:uprn>/", views.find_address, name="find_address"),
    path("api/", views.api_docs, name="api_docs"),
    path("api/postcode/<str:postcode>/", views.api_postcode, name="api_postcode"),
    path("api/address/<int:uprn>/", views.api_address, name="api_address"),
]
