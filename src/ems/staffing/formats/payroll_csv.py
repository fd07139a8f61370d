"""The payroll file: one row per approved payment of a polling day, for the council's payroll.

Columns (in this order):
- staff_id: the EMS person number
- surname, first_names
- ni_number: National Insurance number (no spaces)
- tax_code: the HMRC starter checklist statement (A, B or C)
- sort_code, account_number, account_name: bank details in full (this file is produced only
  for the Finance role; keep it on the finance system, not in email)
- role, place: the position worked (station number or session)
- fee, training, mileage, extras, deductions, total: pounds and pence; total = fee + training
  + mileage + extras - deductions
- miles: miles claimed
The last row is a TOTAL row with the sum of each money column; the totals balance to the pay
table (fee etc. per role) for the payments listed.
"""

import io
from decimal import Decimal

from ems.core import crypto
from ems.core.csvwrite import safe_writer

COLUMNS = [
    "staff_id", "surname", "first_names", "ni_number", "tax_code", "sort_code",
    "account_number", "account_name", "role", "place", "fee", "training", "miles", "mileage",
    "extras", "deductions", "total",
]  # fmt: skip
MONEY = ["fee", "training", "mileage", "extras", "deductions", "total"]


def payroll_csv(payments) -> str:
    out = io.StringIO()
    writer = safe_writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    sums = {k: Decimal(0) for k in MONEY}
    for p in payments:
        person = p.appointment.person
        bank = crypto.decrypt(person.bank_details)
        writer.writerow(
            [
                person.pk,
                person.surname,
                person.first_names,
                person.ni_number,
                person.tax_code,
                bank.get("sort_code", ""),
                bank.get("account_number", ""),
                bank.get("account_name", ""),
                p.appointment.position.get_role_display(),
                p.appointment.position.place_name,
                p.fee,
                p.training,
                p.miles,
                p.mileage,
                p.extras,
                p.deductions,
                p.total,
            ]  # fmt: skip
        )
        for key in MONEY:
            sums[key] += getattr(p, key)
    money = [sums["fee"], sums["training"], "", sums["mileage"], sums["extras"]]
    total_row = ["TOTAL"] + [""] * 9 + money + [sums["deductions"], sums["total"]]
    writer.writerow(total_row)
    return out.getvalue()
