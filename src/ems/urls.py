from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from ems import views
from ems.core.views import SignInView

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", login_not_required(SignInView.as_view()), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("ems.core.urls")),
    path("gazetteer/", include("ems.gazetteer.urls")),
    path("register/", include("ems.register.urls")),
    path("applications/", include("ems.applications.urls")),
    path("absent-voting/", include("ems.absent_voting.urls")),
    path("elections/", include("ems.elections.urls")),
    path("polling/", include("ems.polling.urls")),
    path("staffing/", include("ems.staffing.urls")),
    path("count/", include("ems.count.urls")),
]
