"""Downloading a poll card print file is audited: who, when, which file."""

import pytest
from django.urls import reverse

from ems.polling.poll_cards import poll_cards_produce
from tests.core.downloads import assert_download_audited

pytestmark = pytest.mark.django_db


def test_poll_card_supplier_file_download_is_audited(scheme, manager_client, manager):
    run = poll_cards_produce(polling_day=scheme.day, acting_user=None)
    response = manager_client.get(reverse("polling:poll_card_file", args=[run.pk, "supplier"]))
    b"".join(response.streaming_content)
    event = assert_download_audited(
        response, user=manager, what="Poll card file",
        filename=f"poll-cards-supplier-{scheme.day.date.isoformat()}.csv",
    )  # fmt: skip
    assert (event.object_type, event.object_id) == ("poll card run", str(run.pk))
