from django.urls import path

from . import views

app_name = "gazetteer"
urlpatterns = [
    path("properties/", views.property_search, name="property_search"),
    path("properties/<int:uprn>/", views.property_detail, name="property"),
    path("polling-districts/", views.district_list, name="district_list"),
    path("polling-districts/<str:code>/", views.district_detail, name="district"),
    path("unallocated/", views.unallocated, name="unallocated"),
    path("historic-with-electors/", views.historic_with_electors, name="historic_with_electors"),
    path("reallocate/", views.reallocate, name="reallocate"),
    path("import/gazetteer/", views.upload_gazetteer, name="upload_gazetteer"),
    path("import/districts/", views.upload_districts, name="upload_districts"),
]
