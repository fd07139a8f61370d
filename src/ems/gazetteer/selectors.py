"""Reads for the gazetteer and electoral geography.

Electors are reached through the reverse relations `Property.electors` and
`PollingDistrict.electors`, so this app never imports the register's code.
An elector whose status is "deleted" no longer counts.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ems.core.postcodes import normalise_postcode

from .models import PollingDistrict, Property

NOT_DELETED = ~Q(status="deleted")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_UPRN = re.compile(r"^\d{1,12}$")


def dashboard_counts() -> dict[str, int]:
    live = Property.objects.filter(status=Property.Status.LIVE)
    return {
        "live_properties": live.count(),
        "polling_districts": PollingDistrict.objects.count(),
        "unallocated_residential": live.filter(
            classification=Property.Classification.RESIDENTIAL, polling_district__isnull=True
        ).count(),
    }


def property_search(query: str) -> QuerySet[Property]:
    """Properties matching a UPRN, a postcode (full or outward part) or address words.

    UPRNs and postcodes use indexes. Address words must each appear in the
    address lines or town, in any order.
    """
    text = " ".join((query or "").split())
    properties = Property.objects.select_related("polling_district")
    if not text:
        return properties.none()
    if _UPRN.match(text):
        return properties.filter(uprn=int(text))
    postcode = normalise_postcode(text)
    if postcode:
        return properties.filter(postcode=postcode).order_by("street", "sort_key")
    if _OUTWARD.match(text.upper()):
        return properties.filter(postcode__startswith=text.upper() + " ").order_by(
            "postcode", "street", "sort_key"
        )
    condition = Q()
    for word in text.split():
        condition &= (
            Q(address_line_1__icontains=word)
            | Q(address_line_2__icontains=word)
            | Q(address_line_3__icontains=word)
            | Q(address_line_4__icontains=word)
            | Q(town__icontains=word)
        )
    return properties.filter(condition).order_by("street", "sort_key", "uprn")


def property_get(uprn: int) -> Property:
    return Property.objects.select_related(
        "polling_district", "polling_district__ward", "polling_district__polling_place"
    ).get(uprn=uprn)


def property_electors(prop: Property) -> QuerySet:
    """The electors registered at a property who are not deleted, in elector number order."""
    return (
        prop.electors.filter(NOT_DELETED)
        .select_related("polling_district")
        .order_by("polling_district__code", "number", "suffix")
    )


def _count_of(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated subquery counting rows of `queryset` per `field` = outer primary key."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def districts_with_counts() -> QuerySet[PollingDistrict]:
    """Every polling district with live property and elector counts, in one query."""
    electors = PollingDistrict._meta.get_field("electors").related_model.objects
    return PollingDistrict.objects.select_related("ward", "parish", "polling_place").annotate(
        property_count=_count_of(
            Property.objects.filter(status=Property.Status.LIVE), "polling_district"
        ),
        elector_count=_count_of(electors.filter(NOT_DELETED), "polling_district"),
    )


def district_get(code: str) -> PollingDistrict:
    return districts_with_counts().get(code=code)


def district_properties(district: PollingDistrict) -> QuerySet[Property]:
    return Property.objects.filter(polling_district=district, status=Property.Status.LIVE).order_by(
        "street", "sort_key", "uprn"
    )


def unallocated_residential() -> QuerySet[Property]:
    """Live residential properties in no polling district: electors there cannot be numbered."""
    return Property.objects.filter(
        status=Property.Status.LIVE,
        classification=Property.Classification.RESIDENTIAL,
        polling_district__isnull=True,
    ).order_by("postcode", "street", "sort_key")


def historic_with_electors(*, include_anonymous: bool = True) -> QuerySet[Property]:
    """Historic properties that still have electors: each needs an officer to resolve it.

    `include_anonymous=False` leaves anonymous entries out of the counts (for users who do not
    handle them: a property counted only for its anonymous elector would point at them).
    """
    counted = ~Q(electors__status="deleted")
    if not include_anonymous:
        counted &= ~Q(electors__anonymous=True) & ~Q(electors__markers__contains="N")
    return (
        Property.objects.filter(status=Property.Status.HISTORIC)
        .select_related("polling_district")
        .annotate(elector_count=Count("electors", filter=counted))
        .filter(elector_count__gt=0)
        .order_by("historic_since", "street", "sort_key")
    )


def reallocation_selection(
    *,
    street: str | None = None,
    postcode: str | None = None,
    uprns: Iterable[int] | None = None,
) -> QuerySet[Property]:
    """Live properties matching every criterion given (street, postcode, UPRN list)."""
    properties = Property.objects.filter(status=Property.Status.LIVE)
    if not (street or postcode or uprns):
        return properties.none()
    if street:
        properties = properties.filter(street__iexact=" ".join(street.split()))
    if postcode:
        properties = properties.filter(postcode=normalise_postcode(postcode) or postcode)
    if uprns:
        properties = properties.filter(uprn__in=list(uprns))
    return properties


def reallocation_preview(
    *,
    street: str | None = None,
    postcode: str | None = None,
    uprns: Iterable[int] | None = None,
    target_district: PollingDistrict,
) -> dict[str, Any]:
    """How many properties and electors a reallocation would move, and from where."""
    selected = reallocation_selection(street=street, postcode=postcode, uprns=uprns)
    moving = selected.exclude(polling_district=target_district)
    by_district = dict(
        moving.order_by()
        .values_list("polling_district__code")
        .annotate(n=Count("uprn"))
        .values_list("polling_district__code", "n")
    )
    electors = moving.aggregate(n=Count("electors", filter=~Q(electors__status="deleted")))["n"]
    return {
        "selected": selected.count(),
        "already_in_district": selected.filter(polling_district=target_district).count(),
        "properties": sum(by_district.values()),
        "electors": electors or 0,
        "from_districts": {
            code or "unallocated": n
            for code, n in sorted(by_district.items(), key=lambda item: item[0] or "")
        },
    }
