"""Benchmark: STV counts with ems.count against pyrankvote, and 1,000,000 synthetic ballots.

    .venv/bin/python bench/count.py                  # real wards + 1,000,000 ballots
    .venv/bin/python bench/count.py --ballots 200000 --no-pyrankvote-synthetic

1. The real ward files in tests/count/data (.blt): parse + count with ems.count (Scottish
   rules), and count the same ballots with pyrankvote.single_transferable_vote (one Ballot
   object per paper, as its API requires). Prints both times and the ratio.
2. N synthetic ballots (default 1,000,000) for 12 candidates and 4 seats, written to a .blt
   file with one line per paper: read + aggregate + count with ems.count (goal < 10 s), and,
   unless --no-pyrankvote-synthetic, with pyrankvote on a 100,000-paper sample (its time grows
   with papers; a full million takes minutes) with the ratio per paper.
pyrankvote counts by a different rule set (whole-vote surplus selection), so the elected
may differ; the comparison is of speed.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ems.count.formats.blt import read_blt  # noqa: E402
from ems.count.rules.stv_scottish import count  # noqa: E402


def pyrankvote_count(ballots):
    import pyrankvote
    from pyrankvote import Ballot, Candidate

    people = [Candidate(name) for name in ballots.candidates]
    papers = []
    for ranking, number in ballots.papers.items():
        ballot = Ballot(ranked_candidates=[people[c] for c in ranking])
        papers.extend([ballot] * number)
    start = time.perf_counter()
    result = pyrankvote.single_transferable_vote(people, papers, number_of_seats=ballots.seats)
    return time.perf_counter() - start, [c.name for c in result.get_winners()]


def timed_ems(path):
    start = time.perf_counter()
    ballots = read_blt(path)
    read = time.perf_counter() - start
    result = count(ballots)
    return ballots, read, time.perf_counter() - start, result


def synthetic_blt(path: Path, papers: int, candidates: int = 12, seats: int = 4, seed: int = 1):
    """Papers ranked by a popularity model: a few popular candidates, rankings of 1-8."""
    rng = random.Random(seed)
    weights = [1.0 / (i + 1) for i in range(candidates)]
    people = list(range(1, candidates + 1))
    with open(path, "w") as handle:
        handle.write(f"{candidates} {seats}\n")
        lines = []
        for _ in range(papers):
            length = rng.choice((1, 1, 2, 3, 3, 4, 5, 6, 8))
            ranking = []
            pool, pool_weights = people[:], weights[:]
            for _ in range(length):
                pick = rng.choices(range(len(pool)), pool_weights)[0]
                ranking.append(pool.pop(pick))
                pool_weights.pop(pick)
            lines.append("1 " + " ".join(map(str, ranking)) + " 0\n")
            if len(lines) >= 100_000:
                handle.writelines(lines)
                lines = []
        handle.writelines(lines)
        handle.write("0\n")
        for c in people:
            handle.write(f'"Candidate {c}"\n')
        handle.write('"Synthetic ward"\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--no-pyrankvote-synthetic", action="store_true")
    args = parser.parse_args()

    print("Real wards (tests/count/data):")
    for path in sorted((ROOT / "tests/count/data").glob("*.blt")):
        ballots, _read, total, result = timed_ems(path)
        # Repeat the read and the count to get stable figures for small wards (the first
        # read also pays for warming up the interpreter).
        runs = 20
        start = time.perf_counter()
        for _ in range(runs):
            read_blt(path)
        read = (time.perf_counter() - start) / runs
        start = time.perf_counter()
        for _ in range(runs):
            count(ballots)
        ems_count = (time.perf_counter() - start) / runs
        theirs, winners = pyrankvote_count(ballots)
        print(
            f"  {path.name}: {result.valid_ballots:,} papers, {len(ballots.papers):,} distinct; "
            f"ems read {read:.4f} s + count {ems_count:.4f} s; pyrankvote {theirs:.3f} s; "
            f"ratio {theirs / (read + ems_count):.0f}x (count alone {theirs / ems_count:.0f}x)"
        )
        ours = sorted(e.name for e in result.elected)
        print(f"    elected same as pyrankvote: {ours == sorted(winners)}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.blt"
        start = time.perf_counter()
        synthetic_blt(path, args.ballots)
        print(
            f"\nSynthetic: {args.ballots:,} papers, 12 candidates, 4 seats "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )
        ballots, read, total, result = timed_ems(path)
        print(
            f"  ems.count: read+aggregate {read:.2f} s ({len(ballots.papers):,} distinct rankings), "
            f"count {total - read:.2f} s, total {total:.2f} s, {len(result.stages)} stages "
            f"-> {'OK' if total < 10 else 'OVER'} the 10 s goal"
        )
        if not args.no_pyrankvote_synthetic:
            sample = 100_000
            sample_path = Path(folder) / "sample.blt"
            synthetic_blt(sample_path, sample)
            sample_ballots, s_read, s_total, _ = timed_ems(sample_path)
            theirs, _ = pyrankvote_count(sample_ballots)
            print(
                f"  sample of {sample:,}: ems read {s_read:.2f} s + count {s_total - s_read:.3f} s, "
                f"pyrankvote count {theirs:.2f} s; ratio {theirs / s_total:.1f}x "
                f"(count alone {theirs / (s_total - s_read):.0f}x)"
            )


if __name__ == "__main__":
    main()
