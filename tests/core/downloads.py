"""What every download of personal data must leave behind: one audit row and no-store."""

from ems.core import privacy
from ems.core.models import AuditEvent


def assert_download_audited(response, *, user, what: str, filename: str) -> AuditEvent:
    """The response was sent no-store, and exactly one "downloaded" row names who and what file."""
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action=privacy.DOWNLOADED)
    assert (event.user, event.actor) == (user, user.username)
    assert event.object_repr == f"{what}: {filename}"
    assert event.before is None and event.after is None
    return event
