"""Downloading an absent voter list or a marked register is audited: who, when, which file."""

import pytest
from django.urls import reverse

from ems.core.models import AuditEvent
from tests.core.downloads import assert_download_audited

pytestmark = pytest.mark.django_db


def test_absent_voter_list_download_is_audited(scheme, reader_client, reader):
    url = reverse("absent_voting:list_download", args=[scheme.local.pk, "postal_voters", "csv"])
    response = reader_client.get(url)
    b"".join(response.streaming_content)
    event = assert_download_audited(
        response, user=reader, what="Postal voters list",
        filename=f"postal_voters-{scheme.local.election_id}.csv",
    )  # fmt: skip
    assert (event.object_type, event.object_id) == ("election", str(scheme.local.pk))


def test_marked_register_download_is_audited(scheme, officer_client, officer):
    url = reverse(
        "absent_voting:marked_register", args=[scheme.local.pk, scheme.station1.pk, "pdf"]
    )
    response = officer_client.get(url)
    assert_download_audited(
        response, user=officer, what="Marked register",
        filename=f"marked-register-station-1-{scheme.local.election_id}.pdf",
    )  # fmt: skip


def test_a_refused_download_writes_no_audit_row(scheme, reader_client):
    url = reverse("absent_voting:list_download", args=[scheme.local.pk, "nonsense", "csv"])
    assert reader_client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="downloaded").exists()
