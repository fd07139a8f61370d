"""The verification statement (RPA 1983 Sch 1 r45(4)) and the declaration of result
(r50; rejected papers by head, r47(4)) for one contest, as HTML and PDF (weasyprint)."""

from __future__ import annotations

import html

from ..rules.declaration import REJECTED_HEADS, turnout_percent
from ..selectors import result_rows

STYLE = """
@page { size: A4; margin: 18mm; }
body { font-family: sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 12pt; }
th, td { border: 1px solid #999; padding: 4px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.sign { margin-top: 30pt; }
"""


def _page(title: str, body: str) -> str:
    e = html.escape
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def verification_html(contest, accounts, totals) -> str:
    e = html.escape
    rows = []
    for a in accounts:
        found = "" if a.verified_count is None else f"{a.verified_count:,}"
        diff = "" if a.difference is None else f"{a.difference:+,}"
        rows.append(
            f"<tr><td>{e(a.station)}</td><td>{e(a.get_kind_display())}</td>"
            f'<td class="n">{a.issued:,}</td><td class="n">{a.spoilt:,}</td>'
            f'<td class="n">{a.unused:,}</td><td class="n">{a.tendered:,}</td>'
            f'<td class="n">{found}</td><td class="n">{diff}</td>'
            f"<td>{e(a.discrepancy_explanation)}</td></tr>"
        )
    election = contest.election
    body = f"""
<h1>Statement of the verification of ballot paper accounts</h1>
<p>{e(election.title)}, {election.poll_date:%-d %B %Y}<br>Contest: {e(contest.name)}
({e(contest.ballot_id)})</p>
<table><caption>Ballot paper accounts and papers found at verification</caption>
<thead><tr><th scope="col">Polling station or postal session</th><th scope="col">Kind</th>
<th scope="col" class="n">Issued</th><th scope="col" class="n">Spoilt</th>
<th scope="col" class="n">Unused</th><th scope="col" class="n">Tendered</th>
<th scope="col" class="n">Papers found</th><th scope="col" class="n">Difference</th>
<th scope="col">Explanation</th></tr></thead>
<tbody>{"".join(rows)}</tbody>
<tfoot><tr><th scope="row" colspan="2">Total</th><td class="n">{totals.issued:,}</td>
<td></td><td></td><td class="n">{totals.tendered:,}</td><td class="n">{totals.found:,}</td>
<td class="n">{totals.difference:+,}</td><td></td></tr></tfoot></table>
<p>Accounts verified: {totals.verified} of {totals.accounts}.
Of the papers issued, {totals.postal_issued:,} were postal ballot papers.</p>
<p>Made under rule 45(4) of Schedule 1 to the Representation of the People Act 1983 (and the
corresponding rule of the local elections rules).</p>
<p class="sign">Signed ............................................ Returning Officer</p>
"""
    return _page(f"Verification statement: {contest.name}", body)


def declaration_html(contest, result) -> str:
    e = html.escape
    election = contest.election

    def outcome(row: dict) -> str:
        if not row["elected"]:
            return ""
        return "Elected (decided by lot)" if row["elected_by_lot"] else "Elected"

    rows = "".join(
        f"<tr><td>{e(r['candidate'])}</td><td>{e(r['party'])}</td>"
        f'<td class="n">{r["votes"]:,}</td><td>{outcome(r)}</td></tr>'
        for r in result_rows(result)
    )
    rejected = "".join(
        f'<tr><td>{e(label)}</td><td class="n">{getattr(result, name):,}</td></tr>'
        for name, label in REJECTED_HEADS
    )
    turnout = turnout_percent(result.ballot_papers, result.electorate)
    turnout_text = f"{turnout}%" if turnout is not None else "not known"
    lot = ""
    if result.lot and result.method == "fptp":
        lot = (
            f"<p>There was an equality of votes between {e(', '.join(result.lot['among']))}; "
            f"the Returning Officer decided by lot (rule 49) in favour of "
            f"{e(', '.join(result.lot['chosen']))}.</p>"
        )
    votes_label = "First preference votes" if result.method == "scottish-stv" else "Votes"
    quota = f"<p>Quota: {result.quota:,}</p>" if result.quota else ""
    body = f"""
<h1>Declaration of result of poll</h1>
<p>{e(election.title)}, {election.poll_date:%-d %B %Y}</p>
<p>I, the undersigned, being the Returning Officer at the above election, do hereby give
notice that the number of votes recorded for each candidate in {e(contest.name)}
({contest.seats} to be elected) was as follows:</p>
<table><caption>Votes for each candidate</caption>
<thead><tr><th scope="col">Candidate</th><th scope="col">Description</th>
<th scope="col" class="n">{votes_label}</th><th scope="col"></th></tr></thead>
<tbody>{rows}</tbody></table>
{quota}
{lot}
<table><caption>Ballot papers rejected (rule 47)</caption><tbody>{rejected}
<tr><th scope="row">Total rejected</th><td class="n">{result.rejected:,}</td></tr></tbody></table>
<p>Valid ballot papers: {result.valid_papers:,}. Ballot papers counted: {result.ballot_papers:,}.
Electorate: {result.electorate:,}. Turnout: {turnout_text}.</p>
<p>Result version {result.version}.</p>
<p class="sign">Returning Officer</p>
"""
    return _page(f"Declaration of result: {contest.name}", body)


def pdf_bytes(page: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to load

    return HTML(string=page).write_pdf()
