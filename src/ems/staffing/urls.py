from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("", views.index, name="index"),
    path("day/<int:pk>/", views.day_dashboard, name="day"),
    path("day/<int:pk>/setup/", views.setup, name="setup"),
    path("day/<int:pk>/chase/", views.chase, name="chase"),
    path("day/<int:pk>/compliance/", views.compliance, name="compliance"),
    path("day/<int:pk>/training/", views.training, name="training"),
    path("day/<int:pk>/availability/", views.availability, name="availability"),
    path("day/<int:pk>/payments/", views.payments, name="payments"),
    path("training-session/<int:pk>/", views.training_session, name="training_session"),
    path("appointment/<int:pk>/pay/", views.appointment_pay, name="appointment_pay"),
    path("position/<int:pk>/", views.position_detail, name="position"),
    path("people/", views.people, name="people"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/merge/<int:other>/", views.person_merge, name="person_merge"),
    path("email/", views.bulk_email, name="email"),
    # Public pages: no sign-in.
    path("work-at-elections/", views.interest, name="interest"),
    path("work-at-elections/thank-you/", views.interest_done, name="interest_done"),
    path("offer/<str:token>/", views.offer, name="offer"),
]
