import json

import pytest
from django.core.management import call_command

from ems.register.models import Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory


@pytest.mark.django_db
def test_electorate_json_counts_live_electors_by_district(capsys):
    north = PollingDistrictFactory(code="NA1")
    south = PollingDistrictFactory(code="NA2")
    PollingDistrictFactory(code="NA3")
    home = PropertyFactory(polling_district=north)
    ElectorFactory.create_batch(3, property=home)
    ElectorFactory(property=home, status=Elector.Status.DELETED)
    ElectorFactory(property=home, status=Elector.Status.PENDING_ADDITION)
    ElectorFactory(property=PropertyFactory(polling_district=south))
    PropertyFactory(polling_district=south, status="historic")

    call_command("electorate", "--json")

    assert json.loads(capsys.readouterr().out) == {
        "total": 4,
        "properties": 2,
        "polling_districts": 3,
        "by_polling_district": {"NA1": 3, "NA2": 1, "NA3": 0},
    }
