"""UK bank details as payroll needs them (Bacs): a sort code of six digits and an account
number of eight (seven- and six-digit numbers are padded with leading zeros as the Bacs
standard allows; ten-digit building society numbers are not accepted here). Plain Python.
"""

import re


def normalise_sort_code(value: str) -> str | None:
    """ "20-00-00" -> "200000"; anything that is not six digits -> None."""
    digits = re.sub(r"[\s-]", "", value or "")
    return digits if re.fullmatch(r"\d{6}", digits) else None


def normalise_account_number(value: str) -> str | None:
    """ "1234567" -> "01234567"; 6 to 8 digits allowed."""
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{6,8}", digits):
        return None
    return digits.zfill(8)


def mask(account_number: str) -> str:
    """Only the last four digits: "****5678"."""
    return "****" + account_number[-4:] if account_number else ""
