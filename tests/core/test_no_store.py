"""Pages and downloads are never kept by a browser or proxy cache; static files may be."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ems.core.middleware import NoStoreMiddleware
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db


def test_an_elector_page_is_sent_no_store(reader_client):
    elector = ElectorFactory()
    response = reader_client.get(reverse("register:elector", args=[elector.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_sign_in_page_is_sent_no_store(client):
    response = client.get("/sign-in/")
    assert "no-store" in response["Cache-Control"].split(", ")


def test_a_signed_in_response_that_chose_caching_still_gets_no_store(reader):
    request = RequestFactory().get("/register/")
    request.user = reader

    def view(_request):
        response = HttpResponse("x")
        response["Cache-Control"] = "max-age=3600"
        return response

    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(reader):
    request = RequestFactory().get("/static/ems/ems.css")
    request.user = reader

    def view(_request):
        response = HttpResponse("body{}")
        response["Cache-Control"] = "max-age=60, public"
        return response

    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "max-age=60, public"
