"""Pay for polling and count staff, and the split of a combined poll's cost.

Fees are set by the Returning Officer within the scale for each poll: for UK Parliamentary
elections the Returning Officers' Charges Order sets the maximum recoverable, for local polls
the council's scale of fees (RPA 1983 s29 and s36(4)). When polls are combined, the costs of
shared staff are apportioned between the polls by an agreed share (RPA 1985 s16 and the
combination of polls regulations; the Cabinet Office's Elections Claims Unit checks the
split). Mileage is paid at the council's rate per mile (HMRC approved mileage allowance
payments are 45p a mile for the first 10,000 miles). Plain Python with Decimal pence.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Pay:
    fee: Decimal
    training: Decimal
    miles: Decimal
    mileage: Decimal
    extras: Decimal
    deductions: Decimal

    @property
    def total(self) -> Decimal:
        return money(self.fee + self.training + self.mileage + self.extras - self.deductions)


def calculate(
    *,
    fee: Decimal,
    training_fee: Decimal,
    trained: bool,
    miles: Decimal,
    mileage_rate: Decimal,
    extras: Decimal = Decimal(0),
    deductions: Decimal = Decimal(0),
) -> Pay:
    """The training fee is paid only to those who completed their training."""
    if deductions < 0 or miles < 0:
        raise ValueError("deductions and miles cannot be negative")
    return Pay(
        fee=money(fee),
        training=money(training_fee if trained else 0),
        miles=Decimal(miles).quantize(Decimal("0.1")),
        mileage=money(Decimal(miles) * mileage_rate),
        extras=money(extras),
        deductions=money(deductions),
    )


def apportion(total: Decimal, shares: dict[str, Decimal]) -> dict[str, Decimal]:
    """Split `total` between polls by percentage shares, to the penny, so the parts add up
    exactly to the total (the largest remainders take the odd pennies).

    Shares must add up to 100.
    """
    if not shares:
        return {}
    if sum(shares.values()) != 100:
        raise ValueError("the shares must add up to 100%")
    pennies = int(money(total) * 100)
    exact = {k: Decimal(pennies) * v / 100 for k, v in shares.items()}
    parts = {k: int(v) for k, v in exact.items()}
    left = pennies - sum(parts.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - parts[k]), k))[:left]:
        parts[key] += 1
    return {k: (Decimal(v) / 100).quantize(PENNY) for k, v in parts.items()}
