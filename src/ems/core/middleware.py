"""Middleware of our own: responses that may hold personal data are never cached."""

from django.conf import settings
from django.utils.cache import patch_cache_control

NO_STORE = "no-store"


class NoStoreMiddleware:
    """Send `Cache-Control: no-store` on every response except static files.

    Almost every page and download here holds personal data (names, addresses, dates of
    birth), and a browser or proxy cache would keep a copy on a shared office computer
    after sign-out. Setting it on everything is simpler and safer than marking each view.
    Static files never get here (WhiteNoise answers them earlier); the check on STATIC_URL
    covers `runserver`, which serves them through the staticfiles handler in development.
    A public response that chose its own caching (none do yet) keeps it; a signed-in
    user's response always gets no-store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or not response.has_header("Cache-Control"):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True)
        return response
