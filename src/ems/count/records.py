"""A count result (ems.count.rules.stv_scottish.CountResult) to and from JSON-safe data, so
that a stored STV count can give its stage sheets again without recounting."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .rules.stv_scottish import CountResult, Elected, Lot, Stage


def result_to_record(result: CountResult) -> dict[str, Any]:
    return asdict(result)


def result_from_record(record: dict[str, Any]) -> CountResult:
    return CountResult(
        method=record["method"],
        title=record["title"],
        candidates=tuple(record["candidates"]),
        seats=record["seats"],
        valid_ballots=record["valid_ballots"],
        quota=record["quota"],
        elected=tuple(Elected(**item) for item in record["elected"]),
        stages=tuple(
            Stage(
                number=s["number"],
                action=s["action"],
                candidate=s["candidate"],
                totals=dict(s["totals"]),
                changes=dict(s["changes"]),
                non_transferable=s["non_transferable"],
                loss_from_truncation=s["loss_from_truncation"],
                elected=tuple(s["elected"]),
                transfer_values=tuple(s["transfer_values"]),
            )
            for s in record["stages"]
        ),
        lots=tuple(
            Lot(
                stage=lot["stage"],
                reason=lot["reason"],
                among=tuple(lot["among"]),
                chosen=lot["chosen"],
                seed=lot["seed"],
            )
            for lot in record["lots"]
        ),
        rejected=record.get("rejected", 0),
        notes=tuple(record.get("notes", ())),
    )
