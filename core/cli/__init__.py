"""`python -m core`: the command-line interface.

Each module in this package that defines `register(subparsers)` adds its subcommands;
they are discovered automatically, so a feature adds a file here and nothing else.
A subcommand's handler takes the parsed args and returns an exit code. A `UserError`
prints one clear line to stderr and exits 2 — never a traceback for a user mistake.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from collections.abc import Callable, Sequence
from typing import Any


class UserError(Exception):
    """A mistake the user can fix (bad path, unknown company, empty recording...)."""


Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core",
        description="ARES Interview Coach: the same core the app uses, without a browser.",
    )
    parser.add_argument("--data-dir", help="where data lives (overrides ARES_DATA_DIR)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(subparsers)
    return parser


def print_json(payload: Any) -> None:
    """JSON on stdout, UTF-8 (Korean stays readable)."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir:
        import os

        from core.config import get_settings

        os.environ["ARES_DATA_DIR"] = args.data_dir
        get_settings.cache_clear()
    from core.logs import configure_logging, redact_text

    configure_logging()
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    from core.db.limits import TooLong

    try:
        return handler(args)
    except (UserError, TooLong) as exc:
        sys.stderr.write(redact_text(f"error: {exc}") + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except Exception as exc:
        from core.config import get_settings

        if get_settings().log_level.upper() == "DEBUG":
            raise
        # the message of a library error can quote a key or a URL with credentials
        message = redact_text(f"error: {type(exc).__name__}: {exc}")
        sys.stderr.write(f"{message} (set ARES_LOG_LEVEL=DEBUG for details)\n")
        return 1
