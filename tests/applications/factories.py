"""Payload builders for application tests. Synthetic people only."""

import json
from datetime import date


def item(n: int = 1, **overrides) -> dict:
    """One IER DS application; override top-level keys or use 'applicant'/'address' dicts."""
    applicant = {
        "title": "Ms",
        "first_names": "Alice",
        "surname": f"Example{n}",
        "date_of_birth": "1990-04-01",
        "nationalities": ["GB"],
        "nino": "AB123456C",
    }
    applicant.update(overrides.pop("applicant", {}))
    address = {"lines": ["1 Acacia Avenue"], "town": "Exampleton", "postcode": "EX1 2AB"}
    address.update(overrides.pop("address", {}))
    data = {
        "application_id": f"IER-{n:06d}",
        "submitted_at": "2025-06-02T09:30:00Z",
        "route": "ordinary",
        "applicant": applicant,
        "address": address,
        "open_register_opt_out": False,
        "contact": {"email": "alice@example.com"},
        "postal_vote_interest": False,
        "dwp_result": "match",
    }
    data.update(overrides)
    return data


def batch(items: list[dict], batch_id: str = "B-1") -> dict:
    return {
        "format": "ier-ds-batch",
        "version": 1,
        "batch_id": batch_id,
        "gss_code": "E07000041",
        "created_at": "2025-06-03T06:00:00Z",
        "applications": items,
    }


def write_batch(tmp_path, items: list[dict], batch_id: str = "B-1", name: str = "batch.json"):
    path = tmp_path / name
    path.write_text(json.dumps(batch(items, batch_id)))
    return path


DOB = date(1990, 4, 1)
