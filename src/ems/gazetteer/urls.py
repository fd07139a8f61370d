from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "gazetteer"
urlpatterns = [
    path("properties/", views.property_search, name="property_search"),
    path("properties/<int:uprn>/", views.property_detail, name="property"),
    path("polling-districts/", views.district_list, name="district_list"),
    path("polling-districts/<str:code>/", views.district_detail, name="district"),
    path("unallocated/", views.unallocated, name="unallocated"),
    path("historic-with-electors/", views.historic_with_electors, name="historic_with_electors"),
    # Moving properties also moves their electors, which is the register's job: the page
    # is the register's (register:move_properties); this old address sends people there.
    path(
        "reallocate/",
        RedirectView.as_view(pattern_name="register:move_properties", query_string=True),
        name="reallocate",
    ),
    path("import/gazetteer/", views.upload_gazetteer, name="upload_gazetteer"),
    path("import/districts/", views.upload_districts, name="upload_districts"),
]
