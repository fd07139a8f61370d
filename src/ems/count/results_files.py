"""Stage-by-stage result sheets from a count result, as CSV and as PDF (weasyprint).

CSV: one row per stage. Columns: Stage, Action, Candidate (whose surplus or exclusion the
stage deals with), one column per candidate with their total at the end of the stage,
Non-transferable (running total), Loss from truncation (running total), Elected at this
stage. Figures to 5 decimal places for STV (the precision of the rules), whole votes for
first past the post.

PDF: candidates down the side and stages across, each cell the change at that stage and the
running total, with the quota, valid papers, the elected and any decision by lot.
"""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path

from ems.core.csvwrite import safe_writer

from .rules.stv_scottish import SCALE, CountResult


def figure(units: int, *, whole: bool = False) -> str:
    if whole:
        return str(units // SCALE)
    sign = "-" if units < 0 else ""
    units = abs(units)
    return f"{sign}{units // SCALE}.{units % SCALE:05d}"


def _whole(result: CountResult) -> bool:
    return result.method == "fptp"


def write_csv(result: CountResult, path: Path | str) -> None:
    whole = _whole(result)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = safe_writer(handle)
        writer.writerow(
            [
                "Stage",
                "Action",
                "Candidate",
                *result.candidates,
                "Non-transferable",
                "Loss from truncation",
                "Elected at this stage",
            ]
        )
        for stage in result.stages:
            writer.writerow(
                [
                    stage.number,
                    stage.action,
                    stage.candidate or "",
                    *(
                        Decimal(figure(stage.totals.get(name, 0), whole=whole))
                        for name in result.candidates
                    ),
                    # Decimal, not text, so safe_writer leaves a negative figure a number.
                    Decimal(figure(stage.non_transferable, whole=whole)),
                    Decimal(figure(stage.loss_from_truncation, whole=whole)),
                    "; ".join(stage.elected),
                ]
            )


def sheet_html(result: CountResult) -> str:
    whole = _whole(result)
    e = html.escape
    stages = result.stages
    head = "".join(
        f'<th scope="col">Stage {s.number}<br><span class="sub">{e(s.action)}'
        f"{': ' + e(s.candidate) if s.candidate else ''}</span></th>"
        for s in stages
    )
    elected = {item.name: item.stage for item in result.elected}
    rows = []
    for name in result.candidates:
        cells = []
        for s in stages:
            change = s.changes.get(name, 0)
            total = s.totals.get(name, 0)
            change_text = (
                ""
                if s.number == 1 or change == 0
                else f"{'+' if change > 0 else ''}{figure(change, whole=whole)}<br>"
            )
            cells.append(f"<td>{change_text}<strong>{figure(total, whole=whole)}</strong></td>")
        mark = f" (elected, stage {elected[name]})" if name in elected else ""
        rows.append(f'<tr><th scope="row">{e(name)}{mark}</th>{"".join(cells)}</tr>')
    nt = "".join(f"<td>{figure(s.non_transferable, whole=whole)}</td>" for s in stages)
    loss = "".join(f"<td>{figure(s.loss_from_truncation, whole=whole)}</td>" for s in stages)
    rows.append(f'<tr><th scope="row">Non-transferable</th>{nt}</tr>')
    if not whole:
        rows.append(f'<tr><th scope="row">Loss from truncation</th>{loss}</tr>')
    lots = "".join(
        f"<li>Stage {lot.stage}: {e(lot.reason)} between {e(', '.join(lot.among))} decided by lot: "
        f"{e(lot.chosen)} (seed {lot.seed})</li>"
        for lot in result.lots
    )
    elected_items = "".join(
        f"<li>{e(item.name)} (stage {item.stage})</li>" for item in result.elected
    )
    quota = f"<p>Quota: {result.quota:,}</p>" if result.quota is not None else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{e(result.title or "Result")}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: sans-serif; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: 3px; text-align: right; vertical-align: top; }}
th[scope=row] {{ text-align: left; }}
.sub {{ font-weight: normal; font-size: 8pt; }}
</style></head><body>
<h1>{e(result.title or "Result of the count")}</h1>
<p>Method: {e(result.method)}. Seats: {result.seats}.
Valid ballot papers: {result.valid_ballots:,}.</p>
{quota}
<table><caption>Votes at each stage of the count</caption>
<thead><tr><th scope="col">Candidate</th>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Elected</h2><ol>{elected_items}</ol>
{"<h2>Decisions by lot</h2><ul>" + lots + "</ul>" if lots else ""}
</body></html>"""


def write_pdf(result: CountResult, path: Path | str) -> None:
    from weasyprint import HTML

    HTML(string=sheet_html(result)).write_pdf(str(path))
