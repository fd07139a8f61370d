"""Benchmark: STV counts with ems.count against pyrankvote, and 1,000,000 synthetic ballots.

    .venv/bin/python bench/count.py                  # real wards + 1,000,000 ballots
    .venv/bin/python bench/count.py --ballots 200000 --runs 5

Every figure is the best of --runs timed runs (the same number for both programs), after
one untimed warm-up run, on the same ballots:

- "count": the count alone, each from ballots already in its own input form: ems.count's
  `Ballots` (a ranking -> number of papers mapping, as its readers return it) and
  pyrankvote's list of `Ballot` objects (one per paper, as its API requires; papers marked
  alike share one object, which only helps pyrankvote). Because ems.count's input is already
  aggregated, "ems from papers" also times ems.count from one ranking tuple per paper
  (aggregating them first with collections.Counter, then counting).
- "end to end": from the .blt file to the result. ems.count: read_blt + count. pyrankvote has
  no .blt reader, so it is given the best one available, ems.count's read_blt, then builds
  its Ballot list and counts (so the read time is the same on both sides).

1. The real ward files in tests/count/data (.blt).
2. N synthetic papers (default 1,000,000) for 12 candidates and 4 seats, written to a .blt
   file with one line per paper (goal: ems.count end to end < 10 s).

pyrankvote counts by a different rule set (whole-vote surplus selection, several candidates
elected or excluded per round), so the elected may differ; the comparison is of speed.
"""

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ems.count.formats.blt import read_blt  # noqa: E402
from ems.count.rules.stv_scottish import Ballots, count  # noqa: E402


def best(function, runs):
    """The best of `runs` timed calls after one untimed warm-up; returns (seconds, result)."""
    result = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), result


def pyrankvote_input(ballots):
    from pyrankvote import Ballot, Candidate

    people = [Candidate(name) for name in ballots.candidates]
    papers = []
    for ranking, number in ballots.papers.items():
        papers.extend([Ballot(ranked_candidates=[people[c] for c in ranking])] * number)
    return people, papers


def pyrankvote_count(people, papers, seats):
    import pyrankvote

    result = pyrankvote.single_transferable_vote(people, papers, number_of_seats=seats)
    return [c.name for c in result.get_winners()]


def pyrankvote_end_to_end(path):
    ballots = read_blt(path)
    people, papers = pyrankvote_input(ballots)
    return pyrankvote_count(people, papers, ballots.seats)


def ems_from_papers(ballots, per_paper):
    aggregated = Ballots(ballots.candidates, ballots.seats, Counter(per_paper), ballots.title)
    return count(aggregated)


def compare(path, runs):
    """Time both programs on one .blt file; returns the figures as a dict."""
    read, ballots = best(lambda: read_blt(path), runs)
    ours, result = best(lambda: count(ballots), runs)
    per_paper = [ranking for ranking, number in ballots.papers.items() for _ in range(number)]
    from_papers, _ = best(lambda: ems_from_papers(ballots, per_paper), runs)
    ours_e2e, _ = best(lambda: count(read_blt(path)), runs)
    people, papers = pyrankvote_input(ballots)
    theirs, winners = best(lambda: pyrankvote_count(people, papers, ballots.seats), runs)
    theirs_e2e, _ = best(lambda: pyrankvote_end_to_end(path), runs)
    return {
        "ballots": ballots,
        "result": result,
        "read": read,
        "count": ours,
        "from_papers": from_papers,
        "e2e": ours_e2e,
        "theirs": theirs,
        "theirs_e2e": theirs_e2e,
        "same_elected": sorted(e.name for e in result.elected) == sorted(winners),
    }


def report(figures):
    ballots, result = figures["ballots"], figures["result"]
    print(
        f"    {result.valid_ballots:,} papers, {len(ballots.papers):,} distinct rankings, "
        f"{len(result.stages)} stages"
    )
    print(
        f"    count:      ems {figures['count']:.4f} s, pyrankvote {figures['theirs']:.4f} s "
        f"-> {figures['theirs'] / figures['count']:.1f}x"
    )
    print(
        f"    ems from papers (aggregate + count) {figures['from_papers']:.4f} s "
        f"-> {figures['theirs'] / figures['from_papers']:.1f}x"
    )
    print(
        f"    end to end: ems {figures['e2e']:.4f} s (read {figures['read']:.4f} s), "
        f"pyrankvote {figures['theirs_e2e']:.4f} s "
        f"-> {figures['theirs_e2e'] / figures['e2e']:.1f}x"
    )
    print(f"    elected same as pyrankvote: {figures['same_elected']}")


def synthetic_blt(path: Path, papers: int, candidates: int = 12, seats: int = 4, seed: int = 1):
    """Papers ranked by a popularity model: a few popular candidates, rankings of 1-8.

    Each ranking is a weighted random order without replacement (candidate i drawn with
    weight 1/i among those left), made for all papers at once with Gumbel keys; each
    distinct ranking is formatted once. One line per paper, weight 1.
    """
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, candidates + 1)
    lengths = rng.choice(np.array([1, 1, 2, 3, 3, 4, 5, 6, 8]), size=papers)
    keys = np.log(weights) + rng.gumbel(size=(papers, candidates))
    order = np.argsort(-keys, axis=1)[:, :8] + 1  # candidate numbers, most preferred first
    order[np.arange(8) >= lengths[:, None]] = 0
    code = (order * (candidates + 1) ** np.arange(8)).sum(axis=1)
    distinct, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [
        ("1 " + " ".join(str(c) for c in row if c) + " 0\n").encode()
        for row in order[first].tolist()
    ]
    names = "".join(f'"Candidate {c}"\n' for c in range(1, candidates + 1))
    with open(path, "wb") as handle:
        handle.write(f"{candidates} {seats}\n".encode())
        handle.write(b"".join(texts[inverse].tolist()))
        handle.write(f'0\n{names}"Synthetic ward"\n'.encode())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (best kept)")
    parser.add_argument("--no-pyrankvote-synthetic", action="store_true")
    args = parser.parse_args()

    print(f"Best of {args.runs} runs after a warm-up, the same for both programs.")
    print("Real wards (tests/count/data):")
    for path in sorted((ROOT / "tests/count/data").glob("*.blt")):
        print(f"  {path.name}:")
        report(compare(path, max(args.runs, 20)))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.blt"
        start = time.perf_counter()
        synthetic_blt(path, args.ballots)
        print(
            f"\nSynthetic: {args.ballots:,} papers, 12 candidates, 4 seats "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )
        start = time.perf_counter()
        result = count(read_blt(path))
        cold = time.perf_counter() - start
        print(
            f"  ems first run, end to end: {cold:.2f} s -> "
            f"{'OK' if cold < 10 else 'OVER'} the 10 s goal"
        )
        if args.no_pyrankvote_synthetic:
            read, ballots = best(lambda: read_blt(path), args.runs)
            ours, result = best(lambda: count(ballots), args.runs)
            print(f"  ems read {read:.3f} s + count {ours:.3f} s")
        else:
            report(compare(path, args.runs))


if __name__ == "__main__":
    main()
