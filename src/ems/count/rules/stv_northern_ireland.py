"""Northern Ireland STV: how its counting rules differ from the Scottish ones. NOT IMPLEMENTED.

Local elections in Northern Ireland are counted under the Electoral Law Act (NI) 1962 Sch 5
as substituted by the Local Elections (Northern Ireland) Order 1985 (rules for the count).
Assembly elections use the same rules via the Northern Ireland Assembly (Elections) Order.
Compared with `stv_scottish` (weighted inclusive Gregory, five decimal places):

1. Surplus on first preferences: all the candidate's papers are sorted by next available
   preference, but each sub-parcel is transferred at a transfer value of surplus divided by
   the number of transferable papers (non-transferable papers are set aside, not valued),
   "calculated to two decimal places (ignoring the remainder if any)", and only so that the
   total transferred does not exceed the surplus.
2. Surplus arising from a transfer: ONLY the sub-parcel last received by the candidate is
   examined and transferred (the "last parcel" rule), at surplus / papers in that
   sub-parcel (two decimal places), never more than the value at which they were received.
   Scotland instead re-transfers every paper of the candidate.
3. Order of surpluses: a surplus arising at an earlier stage is dealt with before one at a
   later stage; among surpluses of the same stage the largest first (in `stv_scottish` the
   internal option `older_surpluses_first=True` already gives this order).
4. Deferral: a surplus is not transferred if it could not save the lowest continuing
   candidate from exclusion or change the order of the lowest; Scotland always transfers.
5. Exclusion: the excluded candidate's papers are transferred in sub-parcels in order of
   value (first preferences, then each value received, highest first), each a separate
   stage; Scotland transfers them all in one stage. Candidates may be excluded together
   where their combined votes are below the next candidate's (bulk exclusion).
6. Last vacancy: a candidate whose votes exceed the total of all other continuing
   candidates plus untransferred surpluses is deemed elected.
7. Ties are broken by the votes at the LAST stage at which the candidates differed
   (Scotland: the earliest), then by lot.

Points 1-2 were checked against the rule text; points 3-7 are from secondary sources and
must be confirmed against the Order before implementing.

To implement: reuse `stv_scottish._Count` with a parcel-tracking transfer (keep the last
received sub-parcel per candidate), two-decimal transfer values (SCALE stays 1/100,000, TVs
truncated to multiples of 1,000), per-value exclusion stages and deferral.
"""
