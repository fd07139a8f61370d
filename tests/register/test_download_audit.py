"""Downloading a notice of alteration is audited: who, when, which file."""

import datetime

import pytest
from django.urls import reverse

from ems.register.models import Alteration
from ems.register.notices import notice_files, notice_publish
from tests.core.downloads import assert_download_audited
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 12, 15)


def test_notice_of_alteration_download_is_audited(settings, tmp_path, reader_client, reader):
    settings.MEDIA_ROOT = tmp_path / "media"
    elector = ElectorFactory(first_names="Ann", surname="Adder")
    Alteration.objects.create(
        elector=elector, kind=Alteration.Kind.ADDITION, effective_date=ON,
        polling_district=elector.polling_district, elector_number=elector.elector_number,
        after={"anonymous": False},
    )  # fmt: skip
    notice = notice_publish(
        kind="monthly", period_start=ON, period_end=ON, published_on=datetime.date(2026, 1, 2),
        acting_user=None,
    )  # fmt: skip
    csv_file = next(p for p in notice_files(notice) if p.suffix == ".csv")
    response = reader_client.get(
        reverse("register:notice_download", args=[notice.pk, csv_file.name])
    )
    b"".join(response.streaming_content)
    event = assert_download_audited(
        response, user=reader, what="Notice of alteration", filename=csv_file.name
    )
    assert (event.object_type, event.object_id) == ("notice", str(notice.pk))
