"""kill -9 during a stream of saves, many times, on SQLite and (given a URL) PostgreSQL.

    .venv/bin/python bench/crash_saves.py [--kills 30] [--database postgresql+psycopg://... | --postgres]

``--postgres`` starts a throwaway PostgreSQL cluster (as the tests do, from /usr/lib/postgresql).

Uses tests/web/crash_support.py (loopback server, bounded in kills and time). Prints the counts as
JSON: kills, acknowledged saves, lost (must be 0), saves committed whose answer was cut off, the
restart times. The figures are in docs/security.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "web"))

from crash_support import crash_run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--database", default=None)
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL cluster for the run")
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args()
    if not 1 <= args.kills <= 500:
        parser.error("kills: 1 to 500")
    cluster = None
    if args.postgres:
        from conftest import PostgresCluster

        cluster = PostgresCluster()
        cluster.start()
        args.database = cluster.new_database()
    try:
        with tempfile.TemporaryDirectory(prefix="spouse-relief-crash-") as folder:
            report = crash_run(Path(folder), args.database, kills=args.kills, max_seconds=args.max_seconds)
    finally:
        if cluster is not None:
            cluster.stop()
    print(json.dumps(report.as_dict(), indent=1))
    return 0 if report.lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
