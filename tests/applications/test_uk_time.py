"""Online applications are dated by the UK day they arrived, not the UTC day."""

import pytest

from ems.applications.formats.ier_ds_json import read_batch

from .factories import item, write_batch


@pytest.mark.parametrize(
    ("submitted", "received_on"),
    [
        ("2026-06-14T23:30:00Z", "2026-06-15"),  # 00:30 BST
        ("2026-06-14T23:30:00+01:00", "2026-06-14"),
        ("2026-12-14T23:30:00Z", "2026-12-14"),  # 23:30 GMT
        ("2026-03-28T23:30:00Z", "2026-03-28"),  # the night before the clocks go forward
        ("2026-10-24T23:30:00Z", "2026-10-25"),  # 00:30 BST on the night they go back
    ],
)
def test_received_on_is_the_uk_day(tmp_path, submitted, received_on):
    parsed = read_batch(write_batch(tmp_path, [item(submitted_at=submitted)]))
    assert parsed.errors == []
    assert parsed.records[0].values["received_on"].isoformat() == received_on
