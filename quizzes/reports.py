"""Export every learner's problem reports as JSON, for whoever maintains the question bank.

    python -m quizzes.reports > reports.json        # the store at $LAMBDA_LAB_DB or the default path
    python -m quizzes.reports --db path/to/progress.sqlite3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessons.progress import ProgressStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the progress database (default: $LAMBDA_LAB_DB or the data dir)")
    arguments = parser.parse_args(argv)
    store = ProgressStore(arguments.db)
    if store.notice:
        print(store.notice, file=sys.stderr)
    print(store.export_problem_reports())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
