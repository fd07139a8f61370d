"""Downloading offer letters (names and home addresses of staff) is audited."""

import pytest
from django.urls import reverse

from ems.staffing import services
from tests.core.downloads import assert_download_audited

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_offer_letters_download_is_audited(scheme, manager, client):
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    PersonFactory.create_batch(7, email="")  # no email: their offers go by letter
    services.staff_allocate(polling_day=scheme.day, acting_user=manager)
    client.force_login(manager)
    response = client.post(reverse("staffing:day", args=[scheme.day.pk]), {"letters": "1"})
    assert response.content.startswith(b"%PDF")
    event = assert_download_audited(
        response, user=manager, what="Offer letters", filename="offer-letters.pdf"
    )
    assert (event.object_type, event.object_id) == ("polling day", str(scheme.day.pk))
