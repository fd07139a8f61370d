import pytest

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.gazetteer.models import Property
from ems.gazetteer.selectors import reallocation_preview
from ems.gazetteer.services import properties_reallocate
from ems.register.models import Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory


@pytest.fixture
def area(db):
    na1 = PollingDistrictFactory(code="NA1")
    nb1 = PollingDistrictFactory(code="NB1")
    props = {
        "a2": PropertyFactory(
            uprn=2, street="Acacia Avenue", postcode="EX1 2AB", polling_district=na1
        ),
        "a4": PropertyFactory(
            uprn=4, street="Acacia Avenue", postcode="EX1 2AD", polling_district=nb1
        ),
        "m1": PropertyFactory(
            uprn=11, street="Mill Road", postcode="EX1 2AB", polling_district=None
        ),
        "old": PropertyFactory(
            uprn=12,
            street="Acacia Avenue",
            postcode="EX1 2AB",
            polling_district=na1,
            status="historic",
        ),
    }
    ElectorFactory(property=props["a2"])
    ElectorFactory(property=props["a2"])
    ElectorFactory(property=props["a2"], status=Elector.Status.DELETED)
    return {"NA1": na1, "NB1": nb1, **props}


def test_preview_by_street_counts_live_properties_and_their_electors(area):
    assert reallocation_preview(street="ACACIA  avenue", target_district=area["NB1"]) == {
        "selected": 2,
        "already_in_district": 1,
        "properties": 1,
        "electors": 2,
        "from_districts": {"NA1": 1},
    }


def test_preview_by_postcode_includes_unallocated_properties(area):
    preview = reallocation_preview(postcode="ex12ab", target_district=area["NB1"])
    assert preview["from_districts"] == {"NA1": 1, "unallocated": 1}
    assert preview["properties"] == 2


def test_preview_by_uprns_and_street_needs_both_to_match(area):
    preview = reallocation_preview(street="Mill Road", uprns=[2, 11], target_district=area["NA1"])
    assert preview["selected"] == 1 and preview["properties"] == 1


def test_preview_with_no_criteria_selects_nothing(area):
    assert reallocation_preview(target_district=area["NA1"])["selected"] == 0


def test_reallocate_moves_properties_and_audits_each(area, officer):
    moved = properties_reallocate(
        uprns=[2, 4, 11], district=area["NB1"], acting_user=officer, reason="Review 2026"
    )
    assert moved == 2
    assert set(
        Property.objects.filter(polling_district=area["NB1"]).values_list("uprn", flat=True)
    ) == {2, 4, 11}
    events = AuditEvent.objects.order_by("object_id", "action")
    assert [(e.action, e.object_id, e.before, e.after) for e in events] == [
        ("property.reallocated", "11", {"polling_district": ""}, {"polling_district": "NB1"}),
        ("property.reallocated", "2", {"polling_district": "NA1"}, {"polling_district": "NB1"}),
        ("properties.reallocated", "NB1", None, {"properties_moved": 2}),
    ]
    assert {e.reason for e in events} == {"Review 2026"}
    assert {e.actor for e in events} == {"officer"}


def test_reallocate_needs_properties_and_the_edit_role(area, reader):
    with pytest.raises(InvalidInput):
        properties_reallocate(uprns=[], district=area["NB1"], acting_user=None)
    with pytest.raises(NotPermitted):
        properties_reallocate(uprns=[2], district=area["NB1"], acting_user=reader)
    assert Property.objects.get(uprn=2).polling_district == area["NA1"]
    assert not AuditEvent.objects.exists()
