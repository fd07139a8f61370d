"""Factories for register records (factory-boy). Synthetic people only."""

import datetime

import factory

from ems.register.models import Elector
from ems.register.search_keys import name_keys
from tests.gazetteer.factories import PropertyFactory


class ElectorFactory(factory.django.DjangoModelFactory):
    """A live elector at a property; the number follows the property's district."""

    class Meta:
        model = Elector

    property = factory.SubFactory(PropertyFactory)
    polling_district = factory.SelfAttribute("property.polling_district")
    number = factory.Sequence(lambda n: n + 1)
    suffix = 0
    title = "Mx"
    first_names = factory.Faker("first_name", locale="en_GB")
    surname = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(1980, 1, 1)
    nationality = "British"
    status = Elector.Status.LIVE

    @factory.lazy_attribute
    def search_first(self):
        return name_keys(self.first_names, self.surname)["search_first"]

    @factory.lazy_attribute
    def search_surname(self):
        return name_keys(self.first_names, self.surname)["search_surname"]

    @factory.lazy_attribute
    def surname_code(self):
        return name_keys(self.first_names, self.surname)["surname_code"]
