"""A form with a problem shows one error summary at the top of the page, not two
(the layout already shows one for the page's form)."""

import pytest
from django.urls import reverse

SUMMARY = 'class="govuk-error-summary"'


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("applications:letter_template", ["approval"], {"subject": "S", "body": "{{ unbalanced"}),
        ("applications:paper", [], {"route": "ordinary", "first_names": "Pat", "nino": "QQ1"}),
    ],
)
def test_a_form_with_a_problem_shows_one_error_summary(manager_client, name, args, data):
    page = manager_client.post(reverse(name, args=args), data).content.decode()
    assert "There is a problem" in page
    assert page.count(SUMMARY) == 1
