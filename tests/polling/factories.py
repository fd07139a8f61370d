"""Factories and a small polling scheme for the polling tests."""

import datetime

import factory

from ems.elections.models import ContestedArea
from ems.polling import services
from ems.polling.models import PollingStation
from tests.elections.factories import ElectionFactory, PollingDayFactory
from tests.gazetteer.factories import (
    PollingDistrictFactory,
    PollingPlaceFactory,
    PropertyFactory,
    WardFactory,
)
from tests.register.factories import ElectorFactory

POLL_DATE = datetime.date(2026, 5, 7)


class PollingStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingStation

    polling_day = factory.SubFactory(PollingDayFactory)
    polling_place = factory.SubFactory(PollingPlaceFactory)
    number = factory.Sequence(lambda n: n + 1)


class Scheme:
    """Two wards; a local election in ward North only, combined with a PCC election over
    the whole area. North has district NA1 (split between two stations in one hall by
    elector number) and NA2; South has SA1."""

    def __init__(self):
        self.day = PollingDayFactory(date=POLL_DATE)
        self.north = WardFactory(code="E05000001", name="North")
        self.south = WardFactory(code="E05000002", name="South")
        self.hall = PollingPlaceFactory(
            name="St Mark's Church Hall", address="Church Lane\nNorthfield", postcode="EX1 3CD",
            easting=451234.4, northing=112345.0, uprn=100099000500,
        )  # fmt: skip
        self.hut = PollingPlaceFactory(name="Scout Hut", address="Park Road", postcode="EX1 5GH")
        self.na1 = PollingDistrictFactory(code="NA1", ward=self.north, polling_place=self.hall)
        self.na2 = PollingDistrictFactory(code="NA2", ward=self.north, polling_place=self.hut)
        self.sa1 = PollingDistrictFactory(code="SA1", ward=self.south, polling_place=self.hut)
        self.local = ElectionFactory(
            election_id="local.exampleshire.2026-05-07",
            title="Exampleshire District Council election",
            election_type="local",
            polling_day=self.day,
        )
        ContestedArea.objects.create(
            election=self.local, ward=self.north, ballot_id="local.exampleshire.north.2026-05-07"
        )
        self.pcc = ElectionFactory(
            election_id="pcc.exampleshire.2026-05-07",
            title="Exampleshire Police and Crime Commissioner election",
            election_type="pcc",
            polling_day=self.day,
        )
        ContestedArea.objects.create(
            election=self.pcc, division_name="Exampleshire", ballot_id="pcc.exampleshire.2026-05-07"
        )
        self.station1 = services.station_add(
            polling_day=self.day, polling_place=self.hall, number=1, name="Main hall",
            acting_user=None,
        )  # fmt: skip
        self.station2 = services.station_add(
            polling_day=self.day, polling_place=self.hall, number=2, name="Side room",
            acting_user=None,
        )  # fmt: skip
        self.station3 = services.station_add(
            polling_day=self.day, polling_place=self.hut, number=3, acting_user=None,
            districts=[self.na2, self.sa1],
        )  # fmt: skip
        services.station_district_assign(
            station=self.station1, polling_district=self.na1, number_to=3, acting_user=None
        )
        services.station_district_assign(
            station=self.station2, polling_district=self.na1, number_from=4, acting_user=None
        )
        self.prop_a = PropertyFactory(
            uprn=200001,
            address_line_1="1 Acacia Avenue",
            postcode="EX1 2AB",
            polling_district=self.na1,
        )
        self.prop_b = PropertyFactory(
            uprn=200002,
            address_line_1="2 Acacia Avenue",
            postcode="EX1 2AB",
            polling_district=self.na1,
        )
        self.prop_c = PropertyFactory(
            uprn=200003, address_line_1="1 Mill Road", postcode="EX1 2AB", polling_district=self.na2
        )
        self.prop_d = PropertyFactory(uprn=200004, address_line_1="9 South Street",
                                      postcode="EX2 1AA", polling_district=self.sa1)  # fmt: skip
        e = ElectorFactory
        self.electors = [
            e(property=self.prop_a, number=1, first_names="Alice", surname="Archer"),
            e(property=self.prop_a, number=2, first_names="Bob", surname="Archer"),
            e(property=self.prop_a, number=3, first_names="Cara", surname="Archer", markers="G"),
            e(property=self.prop_b, number=4, first_names="Dan", surname="Baker"),
            e(property=self.prop_b, number=5, first_names="Hidden", surname="Person",
              anonymous=True, markers="N"),
            e(property=self.prop_c, number=1, first_names="Fay", surname="Cole"),
            e(property=None, polling_district=self.na2, number=2, first_names="Gil",
              surname="Abroad", markers="F", correspondence_address="1 Rue de Paris\nParis"),
            e(property=self.prop_d, number=1, first_names="Hal", surname="South"),
            e(property=self.prop_d, number=2, first_names="Ivy", surname="Deleted",
              status="deleted"),
        ]  # fmt: skip
