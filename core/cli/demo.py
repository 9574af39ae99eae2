"""`python -m core demo`: load the demo data into ARES_DATA_DIR (or DATABASE_URL)."""

from __future__ import annotations

import argparse
import sys

from core.cli import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="load demo users, sample companies and documents (idempotent)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.db.engine import get_engine
    from core.demo import load_demo_data

    settings = get_settings()

    def progress(message: str) -> None:
        sys.stderr.write(f"… {message}\n")

    result = load_demo_data(get_engine(settings.sqlalchemy_url), settings, progress=progress)
    if args.json:
        print_json({"candidate": result.candidate, "coach": result.coach, "steps": list(result.steps),
                    "problems": list(result.problems)})
    else:
        sys.stdout.write(result.summary() + "\n")
    return 1 if result.problems else 0
