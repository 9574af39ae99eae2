"""`python -m core purge-media`: apply the media retention policy now."""

from __future__ import annotations

import argparse

from core.cli import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("purge-media",
                                   help="delete recordings older than ARES_MEDIA_RETENTION_DAYS (results stay)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.db.engine import get_engine
    from core.privacy import purge_expired_media

    settings = get_settings()
    result = purge_expired_media(get_engine(settings.sqlalchemy_url), settings)
    print_json({"retention_days": settings.media_retention_days, "attempts": result.attempts, "files": result.files})
    return 0
