"""Who may see anonymous electors, and the audit of every look at or download of personal data.

An anonymous elector (RPA 1983 s9B) is someone whose safety would be at risk if their name or
address were known. Only the staff who must handle their entry (Electoral Services Manager and
Officer) see it; everyone else sees the elector number and "Anonymous entry", or nothing at all.
Each time a handler opens an anonymous elector's details, and each time anyone downloads a file
of personal data, an audit row records who, when and which record or file: never the personal
data itself.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q
from django.shortcuts import render

from . import roles
from .audit import audit
from .models import AuditEvent

# The roles that handle anonymous entries. Read-only users, Administrators and Finance do not.
HANDLE_ANONYMOUS = frozenset({roles.Role.MANAGER, roles.Role.OFFICER})

ANONYMOUS_ENTRY = "Anonymous entry"
ANONYMOUS_MARKER = "N"  # RPR 2001 reg 41A

VIEWED = "viewed"
DOWNLOADED = "downloaded"


def may_see_anonymous(user) -> bool:
    return roles.has_role(user, HANDLE_ANONYMOUS)


def is_anonymous(record: Any) -> bool:
    """An elector flagged anonymous, or carrying the marker N (either is enough to hide it)."""
    markers = getattr(record, "markers", "") or ""
    return bool(getattr(record, "anonymous", False)) or ANONYMOUS_MARKER in markers


def hidden_from(user, record: Any) -> bool:
    """True when `record` (an elector) is anonymous and `user` does not handle anonymous entries."""
    return is_anonymous(record) and not may_see_anonymous(user)


def audit_viewed(*, acting_user, object_type: str, object_id: str | int) -> AuditEvent:
    """Record that a user opened an anonymous elector's details: the record id, nothing more."""
    return audit(
        acting_user=acting_user, action=VIEWED, object_type=object_type, object_id=object_id
    )


def audit_download(
    *,
    acting_user,
    what: str,
    filename: str,
    object_type: str = "download",
    object_id: str | int = "",
) -> AuditEvent:
    """Record a download of personal data: who (the row's user), when (its time), which file.

    `what` names the kind of file as staff do ("marked register", "postal voters list");
    `object_type`/`object_id` point at the record it came from (an election, a run), if any.
    """
    return audit(
        acting_user=acting_user,
        action=DOWNLOADED,
        object_type=object_type,
        object_id=object_id,
        object_repr=f"{what}: {filename}" if filename else what,
    )


def anonymous_entry_page(request, *, caption: str, back_url: str, back_text: str):
    """The page a user who does not handle anonymous entries gets instead of one's details."""
    return render(
        request,
        "core/anonymous_entry.html",
        {"caption": caption, "back_url": back_url, "back_text": back_text},
    )


# Audit events about an anonymous elector's records carry their name and address in the values
# before and after. Core cannot know which records those are, so each app registers, for its
# object types, a function naming which of some record ids belong to anonymous electors.
AnonymousFinder = Callable[[set[str]], set[str]]
_ANONYMOUS_RECORDS: dict[str, AnonymousFinder] = {}


def register_anonymous_records(object_type: str, find: AnonymousFinder) -> None:
    """`find(ids)` returns those of the audit object ids (strings) that are anonymous electors'."""
    _ANONYMOUS_RECORDS[object_type] = find


def redact_events(events: Iterable[AuditEvent], user) -> list[AuditEvent]:
    """The events, with those about anonymous electors' records cut to who, when and what
    action for a user who does not handle anonymous entries (the record shows as
    "Anonymous entry"; no values, no reason). Events are changed in memory only."""
    events = list(events)
    if may_see_anonymous(user):
        return events
    ids: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type in _ANONYMOUS_RECORDS:
            ids[event.object_type].add(event.object_id)
    hidden = {
        (object_type, object_id)
        for object_type, wanted in ids.items()
        for object_id in _ANONYMOUS_RECORDS[object_type](wanted)
    }
    for event in events:
        if (event.object_type, event.object_id) in hidden:
            event.object_id = ""
            event.object_repr = ANONYMOUS_ENTRY
            event.before = event.after = None
            event.reason = ""
    return events


def anonymous_records(model, *, via: str = "elector", also: Q | None = None) -> AnonymousFinder:
    """A finder for `register_anonymous_records`: rows of `model` whose elector (reached by the
    field path `via`; "" for the elector itself) is anonymous, or that match `also`."""
    prefix = f"{via}__" if via else ""
    anonymous = Q(**{f"{prefix}anonymous": True}) | Q(
        **{f"{prefix}markers__contains": ANONYMOUS_MARKER}
    )
    if also is not None:
        anonymous |= also

    def find(ids: set[str]) -> set[str]:
        numbers = [int(i) for i in ids if i.isdigit()]
        found = model.objects.filter(anonymous, pk__in=numbers).values_list("pk", flat=True)
        return {str(pk) for pk in found}

    return find
