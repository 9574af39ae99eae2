"""The start-up migration check costs one query when the database is already at the newest
revision (issue 18, cold start), and still migrates a new or an older database (SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from core.db import engine as engine_module
from core.db.engine import MIGRATIONS_DIR, migrate, schema_at_head, script_head
from tests.core.db.test_migration_secauth import _raw_engine, _upgrade_to


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert script_head() == ScriptDirectory.from_config(cfg).get_current_head()


def test_a_chain_the_reader_does_not_understand_gives_no_head(tmp_path, monkeypatch) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n', encoding="utf-8")
    (versions / "b.py").write_text('revision = "b"\ndown_revision = ("a", "c")\n', encoding="utf-8")
    monkeypatch.setattr(engine_module, "MIGRATIONS_DIR", tmp_path)
    assert script_head() is None  # a merge: Alembic decides
    (versions / "b.py").write_text('revision = "b"\ndown_revision = "a"\n', encoding="utf-8")
    (versions / "c.py").write_text('revision: str = "c"\ndown_revision: str | None = "a"\n', encoding="utf-8")
    assert script_head() is None  # two heads


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_only_a_database_at_the_head_skips_alembic(request, kind: str, monkeypatch) -> None:
    engine = _raw_engine(request, kind)
    assert not schema_at_head(engine)  # new: no version table
    _upgrade_to(engine, "0004_practice")
    assert not schema_at_head(engine)  # older
    migrate(engine)
    assert schema_at_head(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == script_head()

    def no_alembic(*_args, **_kwargs):
        raise AssertionError("Alembic ran on a database at the head")

    monkeypatch.setattr("alembic.command.upgrade", no_alembic)
    migrate(engine)  # one query, no upgrade
