"""Database engine creation and migrations (applied at start)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

# Registers the length guard on every session (same limits on SQLite and PostgreSQL).
from core.db import limits as _limits  # noqa: F401

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|'[^']*'|\"[^\"]*\")\s*$", re.MULTILINE)


def make_engine(url: str) -> Engine:
    """A new engine for `url`. SQLite gets thread-safe settings and foreign keys on."""
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and ":memory:" not in url:
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # Streamlit runs each script on its own thread, so one SQLite connection may be
        # used from several threads (never concurrently: a Session is per unit of work).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            # Deleted rows are overwritten, not left in free pages: "delete my account" must
            # leave no copy of the user's text in the database file (core.export).
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        return engine
    # pool_pre_ping: a PostgreSQL restart must not leave dead pooled connections behind.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def script_head() -> str | None:
    """The newest revision in `migrations/versions`, read from the files' `revision =` and
    `down_revision =` lines without Alembic; None when that is not one plain chain (a merge,
    a branch, a line this does not understand): then `migrate` asks Alembic."""
    parents: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((key, None if value == "None" else value[1:-1])
                     for key, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None
        parents[str(found["revision"])] = found["down_revision"]
    heads = set(parents) - {parent for parent in parents.values() if parent}
    return heads.pop() if len(heads) == 1 else None


def schema_at_head(engine: Engine) -> bool:
    """True when the database records exactly the newest revision (one query, no Alembic).

    `migrate` returns on this: loading Alembic and every migration script to find nothing to
    do took 0.4 s of each restart on a quiet machine and over 1 s on a busy one (issue 18,
    cold start). A new database (no `alembic_version` table), an older or a branched one
    gives False."""
    head = script_head()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no version table yet: a new database
        return False
    return [row[0] for row in rows] == [head]


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent; a database already there
    costs one query)."""
    if schema_at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite rebuilds a table to alter it (batch mode); with foreign keys on, dropping
            # the old copy of a referenced table fails. Off for the migration only (a PRAGMA
            # that works outside a transaction), then every reference is checked before commit.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


@lru_cache(maxsize=4)
def get_engine(url: str) -> Engine:
    """The process-wide engine for `url`, migrated on first use."""
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
