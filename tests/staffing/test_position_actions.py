"""The position page's buttons say what they do to the person placed."""

from django.urls import reverse

from ems.staffing.models import Position
from tests.staffing.test_pages import staffed


def test_the_withdraw_button_is_a_verb_naming_the_person(scheme, manager, manager_client):
    staffed(scheme, manager)
    position = Position.objects.filter(appointments__isnull=False).first()
    placed = position.appointments.first().person.name
    page = manager_client.get(reverse("staffing:position", args=[position.pk])).content.decode()
    assert f'>Withdraw<span class="govuk-visually-hidden">: {placed}</span>' in page
    assert ">Withdrawn<" not in page
