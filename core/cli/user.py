"""`python -m core user add USERNAME --role candidate|coach --password-stdin`: create an
account from a terminal (how accounts are made when registration is closed, the default
outside demo mode). The password is read from standard input, never from an argument
(arguments show up in `ps` and shell history), and meets the same policy as the app's forms.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from core.cli import UserError, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("user", help="manage accounts (user add)")
    commands = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = commands.add_parser("add", help="create an account; the password is read from standard input",
                              description="Create an account. Pipe the password in, e.g. "
                                          "`printf '%%s' \"$PW\" | python -m core user add ana --role coach "
                                          "--password-stdin`. Prints {id, username, role} as JSON.")
    add.add_argument("username")
    add.add_argument("--role", choices=["candidate", "coach"], required=True)
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from the first line of standard input")
    add.set_defaults(handler=run_add)


def read_password(stream: TextIO | None = None) -> str:
    """The first line of stdin without its line ending (spaces inside are kept)."""
    return (stream or sys.stdin).readline().rstrip("\r\n")


def run_add(args: argparse.Namespace) -> int:
    from core.accounts import AccountError, create_account
    from core.config import get_settings
    from core.db.engine import get_engine
    from core.i18n import t

    password = read_password()
    settings = get_settings()
    try:
        user = create_account(get_engine(settings.sqlalchemy_url), username=args.username, password=password,
                              role=args.role, language=settings.default_language)
    except AccountError as exc:
        raise UserError(t(f"auth.error.{exc.code}", "en", **exc.values)) from exc
    print_json({"id": user.id, "username": user.username, "role": user.role})
    return 0
