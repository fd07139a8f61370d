"""Read a ballot file and count it: the one entry point the command (and later the results
pages) call. Formats are chosen by file extension: .blt, or .csv (preference profile)."""

from __future__ import annotations

from pathlib import Path

from ems.core.errors import InvalidInput

from .formats.blt import read_blt
from .formats.preference_profile_csv import read_preference_profile
from .rules import fptp, stv_northern_ireland, stv_scottish
from .rules.stv_scottish import SCALE, Ballots, CountResult, Elected, Lot, Stage

METHODS = ("scottish-stv", "ni-stv", "fptp")


def read_ballots(path: Path | str, *, seats: int | None = None) -> Ballots:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".blt":
        ballots = read_blt(path)
        if seats is not None and seats != ballots.seats:
            if not 1 <= seats <= len(ballots.candidates):
                raise InvalidInput(f"--seats {seats}: expected 1 to {len(ballots.candidates)}")
            ballots = Ballots(
                ballots.candidates, seats, ballots.papers, ballots.title, ballots.withdrawn
            )
        return ballots
    if suffix in (".csv", ".txt", ".tsv"):
        if seats is None:
            raise InvalidInput(
                "a preference-profile CSV does not give the number of seats: use --seats N"
            )
        return read_preference_profile(path, seats=seats, title=path.stem)
    raise InvalidInput(f"{path.name}: unknown ballot file type (expected .blt or .csv)")


def count_file(
    path: Path | str, *, method: str, seats: int | None = None, seed: int = 0
) -> CountResult:
    if method not in METHODS:
        raise InvalidInput(f"unknown method {method!r} (expected one of {', '.join(METHODS)})")
    ballots = read_ballots(path, seats=seats)
    if method == "scottish-stv":
        return stv_scottish.count(ballots, seed=seed)
    if method == "ni-stv":
        return stv_northern_ireland.count(ballots, seed=seed)
    return count_fptp(ballots, seed=seed)


def count_fptp(ballots: Ballots, *, seed: int = 0) -> CountResult:
    """First past the post from ballot data: every candidate listed on a paper has a mark."""
    withdrawn = ballots.withdrawn
    names = [n for i, n in enumerate(ballots.candidates) if i not in withdrawn]
    index = {c: names.index(n) for c, n in enumerate(ballots.candidates) if c not in withdrawn}
    papers = (
        (tuple(index[c] for c in marks if c in index), number)
        for marks, number in ballots.papers.items()
    )
    votes, valid, rejected = fptp.count_papers(names, papers, ballots.seats)
    result = fptp.count(votes, ballots.seats)
    totals = {name: votes[name] * SCALE for name in names}
    stages = [Stage(1, "count", None, totals, dict(totals), 0, 0, result.elected)]
    elected = [Elected(name, 1) for name in result.elected]
    lots: list[Lot] = []
    if result.tie is not None:
        draw = fptp.decide_by_lot(result.tie.candidates, result.tie.seats, seed=seed)
        result = fptp.apply_draw(result, draw)
        for name in draw.chosen:
            stages.append(
                Stage(
                    len(stages) + 1,
                    "decided by lot",
                    name,
                    totals,
                    {n: 0 for n in names},
                    0,
                    0,
                    (name,),
                )
            )
            elected.append(Elected(name, len(stages)))
        lots.append(
            Lot(
                1,
                "equality of votes (RPA 1983 Sch 1 r49)",
                draw.among,
                ", ".join(draw.chosen),
                seed,
            )
        )
    return CountResult(
        method="fptp",
        title=ballots.title,
        candidates=tuple(names),
        seats=ballots.seats,
        valid_ballots=valid,
        quota=None,
        elected=tuple(elected),
        stages=tuple(stages),
        lots=tuple(lots),
        rejected=rejected,
    )


def result_json(result: CountResult) -> dict:
    """The published shape: seats, valid_ballots, quota, elected, stages (figures at the
    precision of the rules: five places for Scottish STV; whole hundredths for NI STV)."""
    return {
        "seats": result.seats,
        "valid_ballots": result.valid_ballots,
        "quota": result.quota,
        "elected": [{"name": item.name, "stage": item.stage} for item in result.elected],
        "stages": [
            {
                "number": stage.number,
                "action": stage.action,
                "candidate": stage.candidate,
                "totals": {
                    name: stv_scottish.units_to_votes(v) for name, v in stage.totals.items()
                },
                "non_transferable": stv_scottish.units_to_votes(stage.non_transferable),
            }
            for stage in result.stages
        ],
    }
