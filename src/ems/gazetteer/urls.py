from django.urls import path

from . import views

app_name = "gazetteer"
urlpatterns = [
    path("properties/", views.property_search, name="property_search"),
    path("polling-districts/", views.district_list, name="district_list"),
    path("unallocated/", views.unallocated, name="unallocated"),
]
