"""Writing audit events. Every service calls one of these inside its transaction."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .models import AuditEvent

COMMAND_LINE = "command line"


def actor_name(user) -> str:
    if user is None:
        return COMMAND_LINE
    return user.get_username()


@dataclass(frozen=True)
class Change:
    """One audited change, for writing many at once with `audit_many`."""

    action: str
    object_type: str
    object_id: str
    object_repr: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def audit(
    *,
    acting_user,
    action: str,
    object_type: str,
    object_id: str | int = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        user=acting_user,
        actor=actor_name(acting_user),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        before=before,
        after=after,
        reason=reason,
    )


def audit_many(
    *, acting_user, changes: Iterable[Change], reason: str = "", batch_size: int = 5000
) -> int:
    """Write one audit event per change in bulk (for imports and bulk moves)."""
    now = timezone.now()
    actor = actor_name(acting_user)
    events = (
        AuditEvent(
            at=now,
            user=acting_user,
            actor=actor,
            action=c.action,
            object_type=c.object_type,
            object_id=str(c.object_id),
            object_repr=c.object_repr[:300],
            before=c.before,
            after=c.after,
            reason=reason,
        )
        for c in changes
    )
    count = 0
    batch: list[AuditEvent] = []
    for event in events:
        batch.append(event)
        if len(batch) >= batch_size:
            AuditEvent.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        AuditEvent.objects.bulk_create(batch)
        count += len(batch)
    return count


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Keep only the fields whose value differs, for compact before/after records."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
