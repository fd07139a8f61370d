"""Downloading the batch of letters to print is audited: who, when, which file."""

import pytest
from django.urls import reverse

from ems.applications import services
from ems.applications.models import Application
from ems.applications.sources import FileApplicationSource
from ems.core import privacy
from ems.core.models import AuditEvent
from tests.gazetteer.factories import PropertyFactory

from .factories import item, write_batch

pytestmark = pytest.mark.django_db


def test_letters_print_download_is_audited(officer_client, officer, tmp_path):
    home = PropertyFactory()
    path = write_batch(tmp_path, [item(1, address={"uprn": home.uprn})])
    services.batch_import(source=FileApplicationSource(path), acting_user=None)
    services.letter_generate(
        application=Application.objects.get(), kind="acknowledgement", acting_user=None
    )
    response = officer_client.post(reverse("applications:letters_print"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action=privacy.DOWNLOADED)
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert filename.startswith("letters-") and filename.endswith("-1.pdf")
    assert (event.user, event.object_repr) == (officer, f"Letters to print: {filename}")
