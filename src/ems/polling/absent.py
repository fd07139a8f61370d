"""Which electors vote by post or by proxy: a hook for the absent voting app.

Every elector is an ordinary (in person) voter unless a provider says otherwise. The
absent voting app registers one function when it is ready:

    from ems.polling.absent import register_provider

    @register_provider
    def absent_votes(elector_ids: list[int], polling_day) -> dict[int, str | dict]:
        return {elector_id: "postal" or "proxy", ...}  # only those who vote absent

Each value is either the kind as a string ("postal" or "proxy": the original form, still
accepted) or, so that a proxy's own poll card can be addressed to the proxy, a dict:

    {"kind": "proxy",
     "proxy_name": "Mx Pat Proxy",                     # as the card should name them
     "proxy_address": ["1 High Street", "Exampletown"],  # lines (or one string with
                                                          # newlines), up to 5 are used
     "proxy_postcode": "EX1 1AA"}                      # optional

(an `AbsentVote` is accepted too). With a proxy's name and address the poll card files
get two cards for that elector: the elector's proxy poll card, to the elector, and the
proxy's poll card, to the proxy (RPA 1983 Sch 1 r28(2); the supplier file's `send_to`
columns say where each card goes). With only the kind, the elector's card is written and
the proxy's card is left to the absent voting app's own letters. Proxy details of
anonymous electors are never sent to the print supplier.

Poll card production calls the providers once per chunk of a few thousand electors
(never per row), so a provider should answer with one query per call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .rules.poll_cards import POSTAL, PROXY

Provider = Callable[[Sequence[int], object], Mapping[int, object]]
_PROVIDERS: list[Provider] = []


@dataclass(frozen=True)
class AbsentVote:
    """How one elector votes absent, with the proxy's name and address when known."""

    kind: str
    proxy_name: str = ""
    proxy_address: tuple[str, ...] = ()
    proxy_postcode: str = ""

    @property
    def proxy_card_addressable(self) -> bool:
        """A proxy vote whose proxy can be sent their own poll card."""
        return self.kind == PROXY and bool(self.proxy_name.strip() and self.proxy_address)


def register_provider(function: Provider) -> Provider:
    _PROVIDERS.append(function)
    return function


def unregister_provider(function: Provider) -> None:
    if function in _PROVIDERS:
        _PROVIDERS.remove(function)


def has_providers() -> bool:
    return bool(_PROVIDERS)


def _as_vote(value: object) -> AbsentVote:
    if isinstance(value, AbsentVote):
        vote = value
    elif isinstance(value, str):
        vote = AbsentVote(value)
    elif isinstance(value, Mapping):
        address = value.get("proxy_address") or ()
        if isinstance(address, str):
            address = address.splitlines()
        vote = AbsentVote(
            kind=str(value.get("kind", "")),
            proxy_name=str(value.get("proxy_name") or "").strip(),
            proxy_address=tuple(str(line).strip() for line in address if str(line).strip()),
            proxy_postcode=str(value.get("proxy_postcode") or "").strip(),
        )
    else:
        raise ValueError(f"An absent vote is a kind or a dict with one, not {value!r}")
    if vote.kind not in (POSTAL, PROXY):
        raise ValueError(f"An absent vote is postal or proxy, not {vote.kind!r}")
    return vote


def absent_votes(elector_ids: Sequence[int], polling_day=None) -> dict[int, AbsentVote]:
    """{elector id: AbsentVote} for electors who vote absent; the rest are ordinary.
    A later provider's answer for an elector replaces an earlier one."""
    votes: dict[int, AbsentVote] = {}
    for provider in _PROVIDERS:
        for elector_id, value in provider(elector_ids, polling_day).items():
            votes[elector_id] = _as_vote(value)
    return votes


def absent_vote_kind(elector_ids: Sequence[int], polling_day=None) -> dict[int, str]:
    """{elector id: "postal" | "proxy"} for electors who vote absent; the rest are ordinary."""
    return {pk: vote.kind for pk, vote in absent_votes(elector_ids, polling_day).items()}
