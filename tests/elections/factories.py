"""Factories for elections (factory-boy)."""

import datetime

import factory

from ems.elections.models import Election, PollingDay


class PollingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingDay
        django_get_or_create = ("date",)

    date = datetime.date(2026, 5, 7)


class ElectionFactory(factory.django.DjangoModelFactory):
    """An election row only; use services.election_create to get areas, plan and audit."""

    class Meta:
        model = Election

    election_id = factory.Sequence(lambda n: f"local.council-{n}.2026-05-07")
    title = factory.Sequence(lambda n: f"Council {n} election")
    election_type = "local"
    polling_day = factory.SubFactory(PollingDayFactory)
    country = "england"


# --- Nominations (appended) -------------------------------------------------------------

from ems.elections.models import PartyDescription, PartyEmblem, RegisteredParty  # noqa: E402


class RegisteredPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisteredParty
        django_get_or_create = ("ec_ref",)

    ec_ref = factory.Sequence(lambda n: f"PP{9000 + n}")
    name = factory.Sequence(lambda n: f"Example Party {n}")
    register = "Great Britain"
    status = "Registered"


class PartyDescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyDescription

    party = factory.SubFactory(RegisteredPartyFactory)
    description = factory.Sequence(lambda n: f"Example Party Description {n}")


class PartyEmblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyEmblem

    party = factory.SubFactory(RegisteredPartyFactory)
    emblem_id = factory.Sequence(lambda n: str(5000 + n))
    description = "A tree in a circle"
