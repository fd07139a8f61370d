import datetime

import pytest

from ems.core.errors import EditConflict, InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.register import services
from ems.register.models import Alteration, Elector
from tests.gazetteer.factories import PollingDistrictFactory, PropertyFactory
from tests.register.factories import ElectorFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def actions(elector=None):
    events = AuditEvent.objects.order_by("id")
    if elector is not None:
        events = events.filter(object_type="elector", object_id=str(elector.pk))
    return list(events.values_list("action", flat=True))


def alterations(elector):
    return list(
        Alteration.objects.filter(elector=elector).order_by("id").values_list("kind", flat=True)
    )


@pytest.fixture
def district():
    return PollingDistrictFactory(code="NA1")


def house(district, sort_key, street="High Street"):
    return PropertyFactory(polling_district=district, street=street, sort_key=sort_key)


def add(user, prop, first="Ann", surname="Smith", **extra):
    return services.elector_add(
        acting_user=user, property=prop, first_names=first, surname=surname, **extra
    )


def test_add_allocates_a_suffixed_number_after_the_entry_before(officer, district):
    e1 = ElectorFactory(property=house(district, "000001"), number=1)
    ElectorFactory(property=house(district, "000003"), number=2)
    new = add(officer, house(district, "000002"), reason="Application received")
    assert new.elector_number == "NA1-1/1"
    assert new.status == Elector.Status.LIVE
    assert (new.search_surname, new.surname_code) == ("smith", "S530")
    assert actions(new) == ["elector.added"]
    alteration = Alteration.objects.get(elector=new)
    assert alteration.kind == Alteration.Kind.ADDITION
    assert alteration.elector_number == "NA1-1/1"
    assert alteration.reason == "Application received"
    assert alteration.created_by == officer
    assert alteration.after["surname"] == "Smith"
    again = add(officer, house(district, "000002"), surname="Taylor")
    assert again.elector_number == "NA1-1/2"
    assert e1.number == 1


def test_add_before_the_first_entry_takes_number_0(officer, district):
    ElectorFactory(property=house(district, "000005"), number=1)
    assert add(officer, house(district, "000001")).elector_number == "NA1-0/1"


def test_add_in_future_is_pending_and_anonymous_gets_marker_n(officer, district):
    later = TODAY + datetime.timedelta(days=10)
    e = add(officer, house(district, "1"), effective_date=later, anonymous=True, markers="g")
    assert e.status == Elector.Status.PENDING_ADDITION
    assert e.markers == "GN"
    assert Alteration.objects.get(elector=e).effective_date == later


def test_overseas_elector_without_property_gets_f(officer, district):
    e = services.elector_add(
        acting_user=officer,
        polling_district=district,
        first_names="Bea",
        surname="Abroad",
        special_category=Elector.SpecialCategory.OVERSEAS,
    )
    assert e.markers == "F" and e.property is None


def test_attainer_gets_date_of_attainment(officer, district):
    dob = TODAY.replace(year=TODAY.year - 17) - datetime.timedelta(days=1)
    if dob.month == 2 and dob.day == 29:
        dob = dob - datetime.timedelta(days=1)
    e = add(officer, house(district, "1"), date_of_birth=dob)
    assert e.date_of_attainment == dob.replace(year=dob.year + 18)


def test_add_refuses_bad_input(officer, district):
    with pytest.raises(InvalidInput, match="surname"):
        add(officer, house(district, "1"), surname=" ")
    with pytest.raises(InvalidInput, match="Q is not a franchise marker"):
        add(officer, house(district, "1"), markers="Q")
    with pytest.raises(InvalidInput, match="polling district"):
        services.elector_add(acting_user=officer, first_names="A", surname="B")
    assert Elector.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_read_only_user_is_refused_everything(reader, district):
    e = ElectorFactory(property=house(district, "1"))
    with pytest.raises(NotPermitted):
        add(reader, house(district, "2"))
    with pytest.raises(NotPermitted):
        services.elector_delete(elector=e, acting_user=reader)
    with pytest.raises(NotPermitted):
        services.elector_update(
            elector=e, expected_version=1, changes={"surname": "X"}, acting_user=reader
        )
    with pytest.raises(NotPermitted):
        services.elector_change_markers(elector=e, markers="G", acting_user=reader)
    with pytest.raises(NotPermitted):
        services.register_renumber(acting_user=reader)
    assert AuditEvent.objects.count() == 0 and Alteration.objects.count() == 0


def test_officer_may_not_renumber_or_import(officer, tmp_path):
    with pytest.raises(NotPermitted, match="renumber"):
        services.register_renumber(acting_user=officer)
    with pytest.raises(NotPermitted, match="import"):
        services.register_import(path=tmp_path / "x.csv", acting_user=officer)


def test_delete_now_frees_the_number_and_future_is_pending(officer, district):
    e = ElectorFactory(property=house(district, "1"), number=7)
    later = TODAY + datetime.timedelta(days=3)
    services.elector_delete(elector=e, acting_user=officer, effective_date=later, reason="Moved")
    assert e.status == Elector.Status.PENDING_DELETION and e.version == 2
    services.elector_delete(elector=e, acting_user=officer, reason="Died")
    assert e.status == Elector.Status.DELETED and e.version == 3
    assert alterations(e) == ["deletion", "deletion"]
    assert actions(e) == ["elector.deleted", "elector.deleted"]
    ElectorFactory(property=house(district, "2"), number=7)  # the number is free again
    with pytest.raises(InvalidInput, match="deleted"):
        services.elector_delete(elector=e, acting_user=officer)


def test_change_name_keeps_previous_name_and_search_keys(officer, district):
    e = ElectorFactory(property=house(district, "1"), first_names="Ann", surname="Smith")
    services.elector_change_name(
        elector=e, acting_user=officer, first_names="Ann", surname="Smyth", reason="Marriage"
    )
    assert e.surname == "Smyth" and e.previous_names == "Ann Smith"
    assert e.search_surname == "smyth" and e.version == 2
    alteration = Alteration.objects.get(elector=e)
    assert alteration.kind == "name"
    assert alteration.before["surname"] == "Smith" and alteration.after["surname"] == "Smyth"
    event = AuditEvent.objects.get(action="elector.name_changed")
    assert event.before["surname"] == "Smith" and event.reason == "Marriage"


def test_change_markers_and_opt_out(officer, district):
    e = ElectorFactory(property=house(district, "1"))
    services.elector_change_markers(elector=e, markers="g", acting_user=officer)
    services.elector_set_open_register_opt_out(elector=e, opt_out=True, acting_user=officer)
    assert (e.markers, e.open_register_opt_out, e.version) == ("G", True, 3)
    assert alterations(e) == ["marker", "opt_out"]
    assert actions(e) == ["elector.markers_changed", "elector.open_register_changed"]
    # Nothing changed: nothing written.
    services.elector_set_open_register_opt_out(elector=e, opt_out=True, acting_user=officer)
    assert e.version == 3 and len(actions(e)) == 2


def test_change_address_in_district_keeps_number_across_districts_renumbers(officer, district):
    e = ElectorFactory(property=house(district, "1"), number=1)
    services.elector_change_address(elector=e, property=house(district, "9"), acting_user=officer)
    assert e.elector_number == "NA1-1"
    other = PollingDistrictFactory(code="NB2")
    ElectorFactory(property=house(other, "000001"), number=1)
    services.elector_change_address(
        elector=e, property=house(other, "000002"), acting_user=officer, reason="Moved"
    )
    assert e.elector_number == "NB2-1/1" and e.version == 3
    moved = Alteration.objects.filter(elector=e).last()
    assert moved.kind == "address" and moved.elector_number == "NB2-1/1"
    assert moved.before["elector_number"] == "NA1-1"
    assert actions(e) == ["elector.address_changed", "elector.address_changed"]


def test_update_writes_one_alteration_per_kind_and_bumps_version(officer, district):
    e = ElectorFactory(property=house(district, "1"))
    services.elector_update(
        elector=e,
        expected_version=1,
        changes={"surname": "Jones", "markers": "L", "email": "a@example.com"},
        acting_user=officer,
        reason="Form",
    )
    assert e.version == 2 and e.surname == "Jones" and e.markers == "L"
    assert alterations(e) == ["name", "marker"]  # email is not in the register
    assert actions(e) == ["elector.updated"]


def test_stale_version_is_an_edit_conflict_naming_who(officer, manager, district):
    e = ElectorFactory(property=house(district, "1"))
    services.elector_update(
        elector=e, expected_version=1, changes={"title": "Dr"}, acting_user=manager
    )
    with pytest.raises(EditConflict, match="changed by manager on"):
        services.elector_update(
            elector=e, expected_version=1, changes={"title": "Ms"}, acting_user=officer
        )
    e.refresh_from_db()
    assert e.title == "Dr" and e.version == 2
    with pytest.raises(EditConflict):
        services.elector_delete(elector=e, acting_user=officer, expected_version=1)


def test_update_refuses_unknown_fields(officer, district):
    e = ElectorFactory(property=house(district, "1"))
    with pytest.raises(InvalidInput, match="number"):
        services.elector_update(
            elector=e, expected_version=1, changes={"number": 5}, acting_user=officer
        )


def test_renumber_is_gap_free_in_street_order_and_stable(manager, district):
    a = ElectorFactory(property=house(district, "000002", "Acacia Avenue"), number=5)
    b = ElectorFactory(property=house(district, "000001", "Zebra Road"), number=1, suffix=1)
    c = ElectorFactory(property=house(district, "000001", "Acacia Avenue"), number=1)
    d = ElectorFactory(property=None, polling_district=district, number=0, suffix=1)
    gone = ElectorFactory(property=house(district, "3"), number=2, status="deleted")
    other = ElectorFactory(property=house(PollingDistrictFactory(code="NB2"), "1"), number=9)
    result = services.register_renumber(acting_user=manager, reason="Revised register")
    assert result == {"districts": 2, "electors": 5, "renumbered": 4}  # NA1-1 stays
    for x in (a, b, c, d, gone, other):
        x.refresh_from_db()
    assert [x.elector_number for x in (c, a, b, d)] == ["NA1-1", "NA1-2", "NA1-3", "NA1-4"]
    assert gone.number == 2 and other.elector_number == "NB2-1"
    assert a.version == 1
    again = services.register_renumber(acting_user=manager)
    assert again["renumbered"] == 0
    assert actions() == ["register.renumbered", "register.renumbered"]


def test_renumber_one_district_only(manager, district):
    a = ElectorFactory(property=house(district, "1"), number=3)
    other = ElectorFactory(property=house(PollingDistrictFactory(code="NB2"), "1"), number=9)
    services.register_renumber(acting_user=manager, polling_district=district)
    a.refresh_from_db()
    other.refresh_from_db()
    assert (a.number, other.number) == (1, 9)
