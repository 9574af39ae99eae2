"""Shared fixtures: a private data directory per test, and real databases.

`db_engine` is a real SQLite database in a temporary directory; `pg_engine` is a fresh
schema on the PostgreSQL server every development and CI machine runs (127.0.0.1:5432,
trust auth, database `test`). Data-layer tests use `any_engine`, parametrised over both.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from core.config import get_settings
from core.db.engine import make_engine, migrate

PG_ADMIN_URL = os.environ.get("ARES_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own ARES_DATA_DIR and default (offline, demo) settings."""
    directory = tmp_path / "ares-data"
    monkeypatch.setenv("ARES_DATA_DIR", str(directory))
    monkeypatch.setenv("ARES_WARM_UP", "false")  # no background model loading in tests (tests/core/practice warm it)
    # One numba cache for every test and test run (compiling librosa costs seconds to minutes;
    # core.numba_cache locks it, so parallel runs share it safely).
    monkeypatch.setenv("ARES_NUMBA_CACHE_DIR", os.environ.get("ARES_TEST_NUMBA_CACHE_DIR")
                       or str(Path(tempfile.gettempdir()) / "ares-tests-numba"))
    for name in ("DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_PROVIDER", "CHROMA_HOST",
                 "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "ARES_COOKIE_KEY", "ARES_DEMO_MODE",
                 "ARES_MEDIA_DIR", "ARES_LOG_LEVEL", "ARES_MEDIA_BACKEND", "ARES_S3_ENDPOINT_URL", "ARES_S3_BUCKET",
                 "ARES_S3_ACCESS_KEY_ID", "ARES_S3_SECRET_ACCESS_KEY", "ARES_S3_REGION", "ARES_S3_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield directory
    get_settings.cache_clear()


@pytest.fixture
def db_engine(data_dir: Path) -> Engine:
    engine = make_engine(f"sqlite:///{data_dir / 'test.db'}")
    migrate(engine)
    return engine


def _pg_available() -> bool:
    try:
        with create_engine(PG_ADMIN_URL).connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001
        return False


def require_pg() -> None:
    """Skip the calling test when PostgreSQL is not reachable — or fail it where PostgreSQL is
    required (CI, REQUIRE_PG=1), so a data-layer test can never pass there by skipping."""
    if not _pg_available():
        if os.environ.get("REQUIRE_PG") == "1" or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required but not reachable at {PG_ADMIN_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A fresh PostgreSQL schema, dropped afterwards. Required in CI (REQUIRE_PG=1)."""
    require_pg()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, pool_pre_ping=True)  # survives fault tests that kill connections
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_ADMIN_URL + f"?options=-csearch_path%3D{schema}")
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on SQLite and on PostgreSQL."""
    name = "db_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)
