"""Manual pay adjustments (miles claimed, extras, deductions with reasons) feed the pay
calculation; approval stays a manager's; the payroll file balances to the pay table."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from ems.core.errors import InvalidInput, NotPermitted
from ems.core.models import AuditEvent
from ems.staffing import services
from ems.staffing.formats.payroll_csv import MONEY
from ems.staffing.models import Appointment, PayAdjustment, Position
from tests.staffing.factories import PersonFactory, TrainingModuleFactory
from tests.staffing.test_services import complete

RATES = {  # role: (fee, training fee, pence per mile, extras)
    "presiding_officer": ("250", "40", "0.45", "15"),
    "poll_clerk": ("180", "30", "0.45", "0"),
    "inspector": ("300", "0", "0.50", "0"),
}


@pytest.fixture
def appointed(scheme, manager, officer):
    """Three people appointed (accepted, compliance complete, confirmed)."""
    services.positions_derive(polling_day=scheme.day, acting_user=manager)
    for role, (fee, training, mile, extras) in RATES.items():
        services.pay_rate_save(
            election_type="local", role=role, fee=Decimal(fee), training_fee=Decimal(training),
            mileage_rate=Decimal(mile), extras=Decimal(extras), acting_user=manager,
        )  # fmt: skip
    places = [
        Position.objects.get(role="presiding_officer", station=scheme.station1),
        Position.objects.get(role="poll_clerk", station=scheme.station1),
        Position.objects.get(role="inspector"),
    ]
    result = []
    for position, person in zip(places, PersonFactory.create_batch(3), strict=True):
        a = services.appointment_propose(position=position, person=person, acting_user=officer)
        complete(person, officer)
        Appointment.objects.filter(pk=a.pk).update(status="accepted")
        a.refresh_from_db()
        services.appointment_confirm(appointment=a, acting_user=officer)
        result.append(a)
    return result


def adjust(a, kind, amount, user, reason="claimed"):
    return services.pay_adjustment_add(
        appointment=a, kind=kind, amount=Decimal(amount), reason=reason, acting_user=user
    )


def test_adjustments_feed_the_calculation_and_are_audited(scheme, officer, reader, appointed):
    po, clerk, _inspector = appointed
    with pytest.raises(NotPermitted):
        adjust(po, "extra", "10", reader)
    with pytest.raises(InvalidInput, match="reason"):
        adjust(po, "extra", "10", officer, reason=" ")
    with pytest.raises(InvalidInput, match="more than 0"):
        adjust(po, "deduction", "0", officer)
    adjust(po, "miles", "20", officer, "return trip to the count")
    adjust(po, "miles", "24", officer, "corrected: via the depot")  # the latest claim counts
    adjust(po, "extra", "12.50", officer, "collected keys")
    adjust(clerk, "deduction", "30", officer, "left at 6pm")
    services.payments_calculate(polling_day=scheme.day, acting_user=officer)
    po.refresh_from_db()
    clerk.refresh_from_db()
    assert (po.payment.miles, po.payment.mileage, po.payment.extras) == (
        Decimal("24.0"), Decimal("10.80"), Decimal("27.50"),
    )  # fmt: skip
    assert po.payment.total == Decimal("250") + Decimal("10.80") + Decimal("27.50")
    assert (clerk.payment.deductions, clerk.payment.total) == (Decimal("30.00"), Decimal("150.00"))
    # An adjustment after calculation recalculates that person's pay at once.
    adjust(clerk, "extra", "5", officer, "meal")
    clerk.payment.refresh_from_db()
    assert clerk.payment.total == Decimal("155.00")
    services.pay_adjustment_remove(adjustment=PayAdjustment.objects.get(kind="extra", amount=5),
                                   acting_user=officer, reason="entered twice")  # fmt: skip
    clerk.payment.refresh_from_db()
    assert clerk.payment.total == Decimal("150.00")
    events = list(
        AuditEvent.objects.filter(action__startswith="staffing.pay_adjustment")
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert events[0] == ("staffing.pay_adjustment.add", "return trip to the count")
    assert events[-1] == ("staffing.pay_adjustment.remove", "entered twice")


def test_approved_pay_cannot_be_adjusted(scheme, manager, officer, appointed):
    po = appointed[0]
    services.payments_calculate(polling_day=scheme.day, acting_user=officer)
    with pytest.raises(NotPermitted):
        services.payments_approve(polling_day=scheme.day, acting_user=officer)
    services.payments_approve(polling_day=scheme.day, acting_user=manager)
    with pytest.raises(InvalidInput, match="has been approved"):
        adjust(po, "extra", "10", officer)


def test_payroll_total_row_balances_to_the_pay_table(scheme, manager, officer, finance, appointed):
    po, clerk, inspector = appointed
    module = TrainingModuleFactory(roles=["presiding_officer"])
    services.training_completion_record(
        person=po.person, module=module, completed_on=scheme.day.date, acting_user=officer
    )
    adjust(po, "miles", "12.5", officer)
    adjust(po, "extra", "8.25", officer, "keys")
    adjust(clerk, "miles", "7", officer)
    adjust(clerk, "deduction", "20", officer, "late")
    adjust(inspector, "miles", "55.3", officer)
    adjust(inspector, "extra", "10", officer, "second round")
    adjust(inspector, "deduction", "2.40", officer, "parking fine reclaimed")
    services.payments_calculate(polling_day=scheme.day, acting_user=officer)
    services.payments_approve(polling_day=scheme.day, acting_user=manager)
    text = services.payroll_export(polling_day=scheme.day, acting_user=finance)
    rows = list(csv.DictReader(io.StringIO(text)))
    total_row = rows.pop()
    assert total_row["staff_id"] == "TOTAL" and len(rows) == 3
    # The total row equals the sum of the rows, column by column.
    for column in MONEY:
        assert Decimal(total_row[column]) == sum(Decimal(r[column]) for r in rows), column
    for r in rows:
        assert Decimal(r["total"]) == (
            Decimal(r["fee"]) + Decimal(r["training"]) + Decimal(r["mileage"])
            + Decimal(r["extras"]) - Decimal(r["deductions"])
        )  # fmt: skip
    # And it equals the pay table's fees, training, mileage and extras, plus the extras and
    # less the deductions recorded as adjustments, worked out here independently.
    expected = Decimal(0)
    trained = {"presiding_officer"}
    for a in appointed:
        fee, training, per_mile, extras = (Decimal(v) for v in RATES[a.position.role])
        lines = list(a.pay_adjustments.all())
        miles = [x.amount for x in lines if x.kind == "miles"][-1]
        expected += (
            fee + (training if a.position.role in trained else 0)
            + (miles * per_mile).quantize(Decimal("0.01"), ROUND_HALF_UP) + extras
            + sum(x.amount for x in lines if x.kind == "extra")
            - sum(x.amount for x in lines if x.kind == "deduction")
        )  # fmt: skip
    assert (
        Decimal(total_row["total"])
        == expected
        == Decimal("250")
        + 40
        + Decimal("5.63")
        + 15
        + Decimal("8.25")
        + 180
        + Decimal("3.15")
        - 20
        + 300
        + Decimal("27.65")
        + 10
        - Decimal("2.40")
    )


def test_pay_adjustment_page(scheme, officer, officer_client, appointed):
    po = appointed[0]
    services.payments_calculate(polling_day=scheme.day, acting_user=officer)
    page = officer_client.get(reverse("staffing:payments", args=[scheme.day.pk])).content.decode()
    url = reverse("staffing:appointment_pay", args=[po.pk])
    assert url in page
    response = officer_client.post(url, {"add": "1", "kind": "extra", "amount": "12.50",
                                         "reason": "collected keys"}, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "The adjustment was recorded." in page
    assert "collected keys" in page and "£277.50" in page  # 250 + 15 + 12.50
    response = officer_client.post(url, {"add": "1", "kind": "deduction", "amount": "5",
                                         "reason": ""})  # fmt: skip
    page = response.content.decode()
    assert "<title>Error: " in page and "This field is required" in page
