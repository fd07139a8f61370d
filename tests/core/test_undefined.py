"""A value a template never received prints nothing on a page, whatever DEBUG says.

With DEBUG on, Django's Jinja2 backend would use DebugUndefined, which pre-filled every empty
text box with "{{ no such element: dict object['value'] }}"; officers saved it as data.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.test import override_settings
from jinja2 import DebugUndefined, Undefined, UndefinedError

import ems.settings
from ems.core.jinja import OutputUndefined, environment
from ems.elections import services
from tests.gazetteer.factories import WardFactory


class FormFields(HTMLParser):
    """The values a browser would post from the form that holds `field_name`, unchanged."""

    def __init__(self, field_name: str):
        super().__init__()
        self.field_name = field_name
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._text_name = self._select_name = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
        elif tag == "option" and self._select_name and "selected" in a:
            self._form[self._select_name] = a.get("value", "")
        elif self._form is None or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("checkbox", "radio", "submit"):
            self._form[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._text_name = a["name"]
            self._form[a["name"]] = ""
        elif tag == "select":
            self._select_name = a["name"]

    def handle_data(self, data):
        if self._text_name:
            self._form[self._text_name] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._text_name = None
        elif tag == "select":
            self._select_name = None
        elif tag == "form":
            self._form = None

    def posted(self) -> dict[str, str]:
        return next(form for form in self.forms if self.field_name in form)


def unchanged_form(html: str, field_name: str) -> dict[str, str]:
    parser = FormFields(field_name)
    parser.feed(html)
    return parser.posted()


@pytest.fixture
def task(manager):
    election = services.election_create(
        title="Exampleshire District Council",
        election_type="local",
        poll_date=dt.date(2026, 5, 7),
        country="england",
        organisation="Exampleshire",
        areas=[services.AreaSpec(ward=WardFactory(name="Northgate"), seats=2)],
        acting_user=manager,
    )
    return election.tasks.get(timetable_event="notice_of_election")


@override_settings(DEBUG=True, TEMPLATES=ems.settings.TEMPLATES)
def test_with_debug_on_an_empty_box_stays_empty_and_saves_as_empty(officer_client, task):
    assert task.notes == ""
    url = f"/elections/{task.election_id}/plan/tasks/{task.pk}/"
    html = officer_client.get(url).content.decode()
    assert "no such element" not in html
    assert "{{" not in html
    form = unchanged_form(html, "notes")
    assert form["notes"] == ""

    response = officer_client.post(url, form)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.notes == ""


def test_the_site_never_uses_debug_undefined_even_if_django_asks_for_it():
    # What Django's backend passes with DEBUG on when the settings name no undefined class.
    env = environment(undefined=DebugUndefined)
    assert env.from_string("[{{ params.value }}]").render(params={}) == "[]"
    site = {k: v for k, v in ems.settings.TEMPLATES[0].items() if k != "BACKEND"}
    with override_settings(DEBUG=True):
        backend = Jinja2(site | {"NAME": "site"})
    assert backend.env.undefined is Undefined


def test_in_tests_a_missing_value_written_into_a_page_fails():
    assert engines["jinja2"].env.undefined is OutputUndefined
    template = engines["jinja2"].from_string("<p>{{ elector.name }}</p>")
    with pytest.raises(UndefinedError):
        template.render({"elector": {}})
    with pytest.raises(UndefinedError):
        engines["jinja2"].from_string("{% for e in electors %}{{ e }}{% endfor %}").render({})


def test_in_tests_a_missing_value_may_still_be_tested():
    # The GOV.UK macros ask `{% if params.hint %}` and `params.rows | default(5)`.
    template = engines["jinja2"].from_string(
        "{% if params.hint %}hint{% endif %}{{ params.rows | default(5) }}"
        "{{ 'yes' if params.id is defined else 'no' }}"
    )
    assert template.render({"params": {}}) == "5no"

