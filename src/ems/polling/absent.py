"""Which electors vote by post or by proxy: a hook for the absent voting app.

There is no absent voting app yet, so every elector is an ordinary (in person)
voter unless a provider says otherwise. The absent voting app, when it exists,
registers one function:

    from ems.polling.absent import register_provider

    @register_provider
    def absent_votes(elector_ids: list[int], polling_day) -> dict[int, str]:
        return {elector_id: "postal" or "proxy", ...}  # only those who vote absent

Poll card production calls `absent_vote_kind` once per chunk of a few thousand
electors (never per row), so a provider should answer with one query per call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .rules.poll_cards import POSTAL, PROXY

Provider = Callable[[Sequence[int], object], dict[int, str]]
_PROVIDERS: list[Provider] = []


def register_provider(function: Provider) -> Provider:
    _PROVIDERS.append(function)
    return function


def unregister_provider(function: Provider) -> None:
    if function in _PROVIDERS:
        _PROVIDERS.remove(function)


def has_providers() -> bool:
    return bool(_PROVIDERS)


def absent_vote_kind(elector_ids: Sequence[int], polling_day=None) -> dict[int, str]:
    """{elector id: "postal" | "proxy"} for electors who vote absent; the rest are ordinary."""
    kinds: dict[int, str] = {}
    for provider in _PROVIDERS:
        for elector_id, kind in provider(elector_ids, polling_day).items():
            if kind not in (POSTAL, PROXY):
                raise ValueError(f"An absent vote is postal or proxy, not {kind!r}")
            kinds[elector_id] = kind
    return kinds
