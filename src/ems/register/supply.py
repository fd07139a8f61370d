"""The supply log: who was given which edition of the register, and under which regulation.

RPR 2001 Part VI (regs 97-114) names who may be supplied the full register
(for example the British Library, registered political parties, candidates,
and by sale government departments and credit reference agencies), each with
restrictions on use; anyone may buy the open (edited) register (reg 93 and the
sale provisions of Part VI). Each recipient is recorded with the regulation that
entitles them, and one entitled to the open register only is refused the full
register.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ems.core.audit import audit
from ems.core.errors import EmsError, InvalidInput
from ems.core.roles import EDIT_DATA, MANAGE, require_role

from .models import Edition, Recipient, Supply


def recipient_create(
    *,
    name: str,
    legal_basis: str,
    open_register_only: bool = False,
    contact: str = "",
    acting_user,
    reason: str = "",
) -> Recipient:
    """Add someone entitled to a supply, with the regulation that entitles them."""
    require_role(acting_user, MANAGE, "add a recipient of the register")
    name = (name or "").strip()
    legal_basis = (legal_basis or "").strip()
    if not name:
        raise InvalidInput("Enter the recipient's name.")
    if not legal_basis:
        raise InvalidInput("Enter the regulation that entitles the recipient to a supply.")
    with transaction.atomic():
        recipient = Recipient.objects.create(
            name=name,
            legal_basis=legal_basis,
            open_register_only=open_register_only,
            contact=contact.strip(),
        )
        audit(
            acting_user=acting_user,
            action="recipient.create",
            object_type="recipient",
            object_id=recipient.pk,
            object_repr=recipient.name,
            after={
                "name": recipient.name,
                "legal_basis": recipient.legal_basis,
                "open_register_only": recipient.open_register_only,
            },
            reason=reason,
        )
    return recipient


def register_supply(
    *,
    recipient: Recipient,
    edition: Edition,
    acting_user,
    supplied_on: datetime.date | None = None,
    legal_basis: str = "",
    reason: str = "",
) -> Supply:
    """Record that an edition was supplied to a recipient.

    Refuses the full register to a recipient entitled to the open register only
    (RPR 2001 Part VI: the full register may be supplied only to those the
    regulations name).
    """
    require_role(acting_user, EDIT_DATA, "record a supply of the register")
    if edition.kind == Edition.Kind.FULL and recipient.open_register_only:
        raise EmsError(
            f"{recipient.name} may be supplied the open register only, not the full register."
        )
    basis = (legal_basis or recipient.legal_basis).strip()
    if not basis:
        raise InvalidInput("Enter the regulation under which the register is supplied.")
    with transaction.atomic():
        supply = Supply.objects.create(
            recipient=recipient,
            edition=edition,
            supplied_on=supplied_on or timezone.localdate(),
            file_format=edition.file_format,
            legal_basis=basis,
            created_by=acting_user,
        )
        audit(
            acting_user=acting_user,
            action="supply.record",
            object_type="supply",
            object_id=supply.pk,
            object_repr=f"{recipient.name}: {edition}",
            after={
                "recipient": recipient.pk,
                "edition": edition.pk,
                "edition_kind": edition.kind,
                "file_format": edition.file_format,
                "legal_basis": basis,
                "supplied_on": supply.supplied_on.isoformat(),
                "file_sha256": edition.file_sha256,
            },
            reason=reason,
        )
    return supply


def recipients_with_supplies() -> QuerySet[Recipient]:
    return Recipient.objects.prefetch_related(
        Prefetch("supplies", queryset=Supply.objects.select_related("edition"))
    )
