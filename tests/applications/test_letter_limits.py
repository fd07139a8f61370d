"""Letter templates are filled in within limits: a template that would run for minutes or
make a letter of gigabytes is refused with a message, and changes nothing."""

import time

import pytest
from django.urls import reverse

from ems.applications import letter_sandbox, letters
from ems.applications.models import LetterTemplate
from ems.applications.services import letter_template_save
from ems.core.errors import InvalidInput


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% for i in range(10**9) %}x{% endfor %}", "range() can give at most 1,000 numbers"),
        ("{{ 'x' * 10**9 }}", "the letter would be longer than 50,000 characters"),
        ("{% set a = 'x' * 40000 %}{{ a ~ a }}", "the letter would be longer than 50,000"),
        ("{{ range(900)|join('x' * 1000) }}", "the letter would be longer than 50,000"),
        ("{% for i in range(1000) %}{% for j in range(100) %}{{ i }}{% endfor %}{% endfor %}",
         "the letter would be longer than 50,000 characters"),
        ("{{ 'x'.ljust(1000000000) }}", "numbers in a letter can be at most 10,000"),
        ("{{ '{:>1000000000}'.format(1) }}", "access to attribute 'format'"),
        ("{{ '%1000000000s' % 'x' }}", "use ~ to join text in a letter, not %"),
        ("{{ 'x'|center(1000000000) }}", "No filter named 'center'"),
        ("{{ 10 ** 100000 }}", "a power in a letter can be at most 64"),
        ("{{ (10 ** 60) ** 60 }}", "a power in a letter can be at most 64"),
        ("{{ 1 / 0 }}", "division by zero"),
    ],
)  # fmt: skip
def test_a_template_past_the_limits_is_refused_on_save(db, manager, body, message):
    with pytest.raises(InvalidInput, match="The template cannot be used") as caught:
        letter_template_save(kind="approval", subject="S", body=body, acting_user=manager)
    assert message in str(caught.value)
    assert not LetterTemplate.objects.exists()


def test_a_template_that_runs_too_long_is_stopped(db, manager, monkeypatch):
    monkeypatch.setattr(letter_sandbox, "TIME_LIMIT", 0.2)
    loops = "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    with pytest.raises(InvalidInput, match="took longer than 0.2 seconds"):
        letter_template_save(kind="av_grant", subject="S", body=loops, acting_user=manager)
    assert time.monotonic() - started < 5
    assert not LetterTemplate.objects.exists()


def test_the_limits_leave_ordinary_wording_alone():
    values = {"name": "Ann", "polls": [{"title": "Local"}, {"title": "Mayor"}]}
    wording = (
        "Dear {{ name|upper }},\n{% for p in polls %}- {{ p.title ~ '!' }}\n{% endfor %}"
        "{{ polls|map(attribute='title')|join(', ') }} {{ '-' * 3 }} {{ 2 ** 10 }}"
    )
    assert letters.render_text(wording, values) == (
        "Dear ANN,\n- Local!\n- Mayor!\nLocal, Mayor --- 1024"
    )


def test_a_template_saved_before_the_limits_falls_back_to_the_built_in_wording():
    default = ("Your letter", "Hello {{ name }}")
    wording = ("Subject", "{{ 'x' * 10**9 }}")
    assert letters.render_wording(default, {"name": "Ann"}, wording) == (
        "Your letter",
        "Hello Ann",
    )


def test_the_edit_page_shows_the_limit_and_keeps_the_old_wording(manager_client, db):
    url = reverse("applications:letter_template", args=["approval"])
    response = manager_client.post(url, {"subject": "S", "body": "{{ range(10**9)|list }}"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "range() can give at most 1,000 numbers in a letter" in page
    assert not LetterTemplate.objects.exists()
