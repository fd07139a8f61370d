"""Factories for gazetteer records (factory-boy). Valid-format synthetic data only."""

import factory

from ems.gazetteer.models import PollingDistrict, PollingPlace, Property, Ward


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E0500{n:04d}")
    name = factory.Sequence(lambda n: f"Ward {n}")


class PollingPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingPlace

    name = factory.Sequence(lambda n: f"Church Hall {n}")
    postcode = "EX1 3CD"


class PollingDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingDistrict
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PD{n}")
    name = factory.Sequence(lambda n: f"District {n}")
    ward = factory.SubFactory(WardFactory)


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    uprn = factory.Sequence(lambda n: 100000000 + n)
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} Acacia Avenue")
    town = "Exampleton"
    postcode = "EX1 2AB"
    polling_district = factory.SubFactory(PollingDistrictFactory)
    street = "Acacia Avenue"
    sort_key = factory.Sequence(lambda n: f"{n + 1:06d}")
