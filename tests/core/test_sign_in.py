import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_need_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_officer_signs_in_and_sees_the_dashboard(client, officer):
    response = client.post(
        reverse("login"), {"username": "officer", "password": "correct horse battery"}, follow=True
    )
    assert response.status_code == 200
    assert "Signed in as officer" in response.content.decode()
    assert "live properties" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_account_out(client, officer):
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "officer", "password": "correct horse battery"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_form_is_protected_by_csrf(officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("login"), {"username": "officer", "password": "correct horse battery"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_administrator_cannot_see_electoral_data(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("core:audit")).status_code == 403
