"""What must be in place before someone is appointed to work at a poll.

- National Insurance number (HMRC format, NIM39110) and a tax declaration (HMRC starter
  checklist statement A, B or C) so that fees can be paid through payroll (ITEPA 2003 s7;
  fees to polling staff are employment income).
- Right to work in the UK checked (Immigration, Asylum and Nationality Act 2006 s15).
- Bank details for payment.
- A declaration of political activity: a person who has been employed by or on behalf of a
  candidate in or about the election may not act as presiding officer or clerk (RPA 1983
  Sch 1 r26(2); Local Elections Rules r26(2)).
- A declaration of any conflict of interest (Electoral Commission guidance for ROs on
  appointing staff).
Plain Python: no Django.
"""

from dataclasses import dataclass
from datetime import date

REQUIREMENTS = (
    ("ni_number", "National Insurance number"),
    ("bank_details", "Bank details"),
    ("right_to_work", "Right to work check"),
    ("tax_code", "Tax declaration"),
    ("political_declaration", "Political activity declaration"),
    ("conflict_declaration", "Conflict of interest declaration"),
)


@dataclass(frozen=True)
class Record:
    ni_number: str = ""
    has_bank_details: bool = False
    right_to_work_checked_on: date | None = None
    tax_code: str = ""
    political_declaration_on: date | None = None
    conflict_declaration_on: date | None = None


def missing(record: Record) -> list[str]:
    """The labels of every requirement not yet met, in a fixed order."""
    met = {
        "ni_number": bool(record.ni_number),
        "bank_details": record.has_bank_details,
        "right_to_work": record.right_to_work_checked_on is not None,
        "tax_code": record.tax_code in {"A", "B", "C"},
        "political_declaration": record.political_declaration_on is not None,
        "conflict_declaration": record.conflict_declaration_on is not None,
    }
    return [label for key, label in REQUIREMENTS if not met[key]]
