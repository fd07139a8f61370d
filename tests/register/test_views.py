"""The register pages as officers and read-only users see them."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ems.core.audit import audit
from ems.register.models import Alteration, Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def john():
    home = PropertyFactory(
        polling_district=PollingDistrictFactory(code="NA1"),
        address_line_1="12 Acacia Avenue",
        postcode="EX1 2AB",
    )
    john = ElectorFactory(
        property=home,
        number=123,
        first_names="John",
        surname="Smith",
        markers="F",
        date_of_birth=datetime.date(1975, 3, 27),
    )
    ElectorFactory(property=home, number=124, first_names="Jane", surname="Smith")
    ElectorFactory(
        property=home,
        number=125,
        first_names="Old",
        surname="Lodger",
        status=Elector.Status.DELETED,
    )
    return john


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_search_page_lists_matches_with_number_name_address_and_status(officer_client, john):
    html = page(officer_client.get(reverse("register:search"), {"q": "Jon Smyth"}))
    assert "NA1-123" in html
    assert "Smith, John" in html
    assert "12 Acacia Avenue" in html
    assert "Live" in html
    assert reverse("register:elector", args=[john.pk]) in html


def test_live_search_returns_only_the_results(officer_client, john):
    response = officer_client.get(
        reverse("register:search"), {"q": "smith"}, headers={"HX-Request": "true"}
    )
    html = page(response)
    assert "Smith, Jane" in html
    assert "<html" not in html


def test_search_with_a_bad_postcode_shows_an_error(officer_client, john):
    html = page(officer_client.get(reverse("register:search"), {"postcode": "nonsense"}))
    assert "<title>Error: " in html
    assert "Enter a real postcode" in html


def test_no_matches_says_so(officer_client, john):
    html = page(officer_client.get(reverse("register:search"), {"q": "Zebedee Quartermaine"}))
    assert "No electors match" in html


def test_elector_page_shows_entry_markers_household_and_history(officer_client, john, officer):
    Alteration.objects.create(
        elector=john,
        kind=Alteration.Kind.ADDITION,
        effective_date=datetime.date(2025, 1, 1),
        polling_district=john.polling_district,
        elector_number="NA1-123",
        reason="Application determined",
    )
    audit(
        acting_user=officer,
        action="elector.update",
        object_type="elector",
        object_id=john.pk,
        object_repr="NA1-123 John Smith",
        before={"surname": "Smyth"},
        after={"surname": "Smith"},
        reason="Deed poll seen",
    )
    html = page(officer_client.get(reverse("register:elector", args=[john.pk])))
    assert "John Smith" in html
    assert "Overseas elector" in html  # marker F explained
    assert "Jane Smith" in html  # household
    assert "Old Lodger" not in html  # deleted electors are not the household
    assert "Application determined" in html  # alteration
    assert "Deed poll seen" in html  # audit event
    assert "27 March 1975" in html  # officers see the date of birth
    assert reverse("register:elector_edit", args=[john.pk]) in html


def test_read_only_user_sees_no_date_of_birth_and_no_edit_link(reader_client, john):
    html = page(reader_client.get(reverse("register:elector", args=[john.pk])))
    assert "John Smith" in html
    assert "27 March 1975" not in html
    assert reverse("register:elector_edit", args=[john.pk]) not in html
    html = page(reader_client.get(reverse("register:search"), {"q": "smith"}))
    assert "27/03/1975" not in html
    assert 'name="date_of_birth"' not in html


def test_read_only_user_gets_403_on_the_edit_page(reader_client, john):
    url = reverse("register:elector_edit", args=[john.pk])
    assert reader_client.get(url).status_code == 403
    response = reader_client.post(url, {"version": 1, "first_names": "X", "surname": "Y"})
    assert response.status_code == 403
    john.refresh_from_db()
    assert john.first_names == "John"


def test_administrator_cannot_see_the_register(client, administrator, john):
    client.force_login(administrator)
    assert client.get(reverse("register:search")).status_code == 403
    assert client.get(reverse("register:elector", args=[john.pk])).status_code == 403


def test_edit_page_carries_the_version_read(officer_client, john):
    html = page(officer_client.get(reverse("register:elector_edit", args=[john.pk])))
    assert 'name="version" value="1"' in html
    assert 'value="John"' in html


def _edit(client, elector, **changes):
    data = {
        "version": elector.version,
        "title": elector.title,
        "first_names": elector.first_names,
        "middle_names": elector.middle_names,
        "surname": elector.surname,
        "markers": elector.markers,
        "reason": "Correction requested by the elector",
    }
    if elector.open_register_opt_out:
        data["open_register_opt_out"] = "on"
    data.update(changes)
    return client.post(reverse("register:elector_edit", args=[elector.pk]), data)


def test_edit_saves_the_change(officer_client, john):
    pytest.importorskip("ems.register.services")
    response = _edit(officer_client, john, surname="Smythe")
    assert response.status_code == 302
    john.refresh_from_db()
    assert john.surname == "Smythe"
    html = page(officer_client.get(response.url))
    assert "NA1-123 was updated" in html


def test_two_edits_from_the_same_version_the_second_is_refused(client, officer, manager, john):
    pytest.importorskip("ems.register.services")
    client.force_login(manager)
    assert _edit(client, john, surname="Smythe").status_code == 302
    client.force_login(officer)
    # The officer opened the form before the manager saved: it still carries version 1.
    html = page(_edit(client, john, first_names="Jonathan"))
    assert "<title>Error: " in html
    assert "This entry was changed by manager at " in html
    assert "while you were editing. Reload to see the changes." in html
    john.refresh_from_db()
    assert john.first_names == "John"
    assert john.surname == "Smythe"


def test_bad_markers_are_refused(officer_client, john):
    html = page(_edit(officer_client, john, markers="Q"))
    assert "Enter known franchise markers" in html
    john.refresh_from_db()
    assert john.markers == "F"


def test_import_page_is_for_managers(officer_client):
    assert officer_client.get(reverse("register:import")).status_code == 403


def test_import_refuses_a_file_that_is_not_csv(manager_client):
    upload = SimpleUploadedFile("register.pdf", b"%PDF-1.4 not a csv", "application/pdf")
    html = page(manager_client.post(reverse("register:import"), {"file": upload}))
    assert "<title>Error: " in html
    assert "register.pdf must be a CSV file" in html


def test_import_refuses_binary_content_named_csv(manager_client):
    upload = SimpleUploadedFile("register.csv", b"\x00\x01\x02\xff" * 100, "text/csv")
    html = page(manager_client.post(reverse("register:import"), {"file": upload}))
    assert "is not a CSV file" in html


def test_import_upload_starts_a_job(manager_client, settings, tmp_path):
    pytest.importorskip("ems.register.services")
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("register.csv", b"elector_number,surname\n", "text/csv")
    response = manager_client.post(reverse("register:import"), {"file": upload})
    assert response.status_code == 302
    assert response.url.startswith("/jobs/")


def _register_nav(response) -> dict[str, str]:
    """The links of the Register side navigation: text -> address."""
    html = response.content.decode()
    nav = html.split('id="register-subnav-heading"', 1)[1].split("</nav>", 1)[0]
    return {
        " ".join(text.split()): href
        for href, text in re.findall(
            r'<a class="govuk-link[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', nav
        )
    }


def test_search_page_links_to_the_register_pages_a_manager_may_use(manager_client):
    links = _register_nav(manager_client.get(reverse("register:search")))
    assert links == {
        "Find an elector": reverse("register:search"),
        "Published editions": reverse("register:editions"),
        "Notices of alteration": reverse("register:notices"),
        "Recipients and supplies": reverse("register:recipients"),
        "Import a register file": reverse("register:import"),
        "Move properties and their electors": reverse("register:move_properties"),
    }
    for href in links.values():
        assert manager_client.get(href).status_code == 200


def test_an_officer_may_move_properties_but_not_import(officer_client):
    officer_links = _register_nav(officer_client.get(reverse("register:search")))
    assert "Import a register file" not in officer_links
    assert "Move properties and their electors" in officer_links


def test_a_read_only_user_sees_links_to_the_pages_they_may_read(reader_client):
    response = reader_client.get(reverse("register:search"))
    assert list(_register_nav(response)) == [
        "Find an elector",
        "Published editions",
        "Notices of alteration",
        "Recipients and supplies",
    ]
    assert 'aria-current="page">Find an elector' in response.content.decode()
