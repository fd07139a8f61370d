"""Benchmark: `register_publish` of the full and open registers as CSV (goal < 15 s for 1,000,000).

    .venv/bin/python bench/publication.py                     # 1,000,000 electors, SQLite
    .venv/bin/python bench/publication.py --electors 200000 --database-url postgres://...

Loads a synthetic register with the raw bulk loader of bench/register.py (not timed),
then times register_publish for the full and open editions against a plain SELECT
written with csv.writer (the baseline). With --keep-sqlite PATH the SQLite database is
kept for profiling and reused by a later run with --reuse.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--electors", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep-sqlite", default="")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ems-bench-publication-"))
    url = args.database_url or f"sqlite:///{args.keep_sqlite or folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ["EMS_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ems.settings")
    import django

    django.setup()
    from register import Bench  # bench/register.py

    backend = "sqlite" if url.startswith("sqlite") else "postgres"
    bench = Bench(backend, args.electors, 0, folder)
    if not args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        bench.setup_geography()
        columns, rows, _ = bench.elector_rows()
        from ems.register.models import Elector

        bench.bulk_load(Elector, columns, rows)
        del rows
    start = time.perf_counter()
    bench.step_publish()
    total = time.perf_counter() - start
    r = bench.result
    for kind in ("full", "open"):
        print(
            f"{backend} {args.electors:,} electors: register_publish {kind} CSV "
            f"{r[f'publish_{kind}_seconds']:.2f} s ({r[f'publish_{kind}_rows']:,} rows); "
            f"plain SELECT + csv.writer {r[f'publish_{kind}_baseline']:.2f} s"
        )
    print(f"total {total:.1f} s")


if __name__ == "__main__":
    main()
