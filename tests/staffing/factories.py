"""Factories for the staffing tests."""

import factory

from ems.staffing.models import Person, TrainingModule


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    status = Person.Status.ACTIVE
    first_names = factory.Sequence(lambda n: f"Pat{n}")
    surname = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda p: f"{p.first_names.lower()}@example.com")
    postcode = "EX1 2AB"
    address = "1 Example Street\nExampletown"


class TrainingModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingModule

    code = factory.Sequence(lambda n: f"MOD-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")
    roles = ["presiding_officer", "poll_clerk"]
