"""The poll card hook: which electors vote by post or proxy on a polling day.

Registered with `ems.polling.absent.register_provider` when the app is ready, so poll
cards become postal or proxy poll cards. One query per call (the arrangements of the
electors asked about, for that polling day); the deadlines per poll are cached per call.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from ems.elections.models import PollingDay

from . import selectors
from .models import Arrangement, Kind


def absent_votes(elector_ids: Sequence[int], polling_day) -> dict[int, str]:
    """{elector id: "postal" | "proxy"} for the electors who vote absent on that day."""
    if polling_day is None or not elector_ids:
        return {}
    if not isinstance(polling_day, PollingDay):
        return {}
    election = polling_day.elections.order_by("pk").first()
    if election is None:
        return {}
    rows = (
        selectors.applying_at(election)
        .filter(Q(elector_id__in=list(elector_ids)))
        .values_list("elector_id", "scope", "kind", "pk")
    )
    rows = list(rows)
    chosen = selectors.effective_kinds(rows)
    kinds = {pk: kind for _e, _s, kind, pk in rows}
    result = {}
    for elector_id, pk in chosen.items():
        result[elector_id] = "postal" if kinds[pk] == Kind.POSTAL else "proxy"
    return result


__all__ = ["absent_votes", "Arrangement"]
