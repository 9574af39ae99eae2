"""`python -m core export-data|delete-account`: a user's data out, and the account gone.

    python -m core export-data --user USERNAME            (prints the zip path)
    python -m core delete-account --user USERNAME --yes   (prints what was removed, JSON)

The same functions the Reports page calls (`core.export`), so the CLI and the page delete
exactly the same derived copies.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from core.cli import UserError, print_json

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from core.config import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export-data", help="write USERNAME's data (JSON + recordings) to a zip")
    export.add_argument("--user", required=True, help="the account whose data is exported")
    export.set_defaults(handler=run_export)
    delete = subparsers.add_parser("delete-account",
                                   help="delete USERNAME and every copy of their data (rows, files, index)")
    delete.add_argument("--user", required=True, help="the account to delete")
    delete.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    delete.set_defaults(handler=run_delete)


def _user_id(username: str) -> tuple[int, Engine, Settings]:
    from sqlmodel import Session

    from core.config import get_settings
    from core.db import crud
    from core.db.engine import get_engine

    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    with Session(engine) as db:
        user = crud.get_user_by_username(db, username=username.strip())
    if user is None or user.id is None:
        raise UserError(f"no user named {username!r}")
    return user.id, engine, settings


def run_export(args: argparse.Namespace) -> int:
    from core.export import export_user_data

    user_id, engine, settings = _user_id(args.user)
    path = export_user_data(engine, settings, user_id=user_id)
    sys.stdout.write(f"{path}\n")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from core.export import delete_account

    if not args.yes:
        raise UserError("deleting an account cannot be undone: add --yes to confirm")
    user_id, engine, settings = _user_id(args.user)
    summary = delete_account(engine, settings, user_id=user_id)
    print_json({"deleted": args.user, "sessions": summary.sessions, "attempts": summary.attempts,
                "files": summary.files})
    return 0
