"""A page the user's role does not allow is refused with a page in the service's own layout
that says why, not a bare "403 Forbidden"."""

from django.urls import reverse


def test_a_page_the_role_does_not_allow_explains_itself(reader_client):
    response = reader_client.get(reverse("staffing:email"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot use this page" in page
    assert "Your role does not allow it" in page
    assert 'class="govuk-header' in page or "govuk-template" in page
    assert reverse("core:account") in page
