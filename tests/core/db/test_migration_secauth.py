"""0002_secauth on a database that already has users and their rows (SQLite and PostgreSQL):
every user gets a distinct uid, nothing is lost, and on SQLite a deleted user's id is never
handed out again afterwards."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from core.db.engine import MIGRATIONS_DIR, migrate


def _upgrade_to(engine, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def _raw_engine(request, kind: str):
    """An engine whose schema is still empty (the fixtures migrate to head; here we need 0001)."""
    import uuid

    from sqlalchemy import create_engine

    from core.db.engine import make_engine

    if kind == "sqlite":
        data_dir = request.getfixturevalue("data_dir")
        return make_engine(f"sqlite:///{data_dir / 'old.db'}")
    from tests.conftest import PG_ADMIN_URL, require_pg

    require_pg()
    schema = f"m_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_engine(PG_ADMIN_URL + f"?options=-csearch_path%3D{schema}")


def _insert_user(conn, username: str, password_hash: str = "x") -> int:
    conn.execute(text(
        'INSERT INTO "user" (username, email, name, role, language, password_hash, failed_login_attempts, '
        "password_changed_at, created_at) VALUES (:u, '', '', 'candidate', 'en', :h, 0, :t, :t)"),
        {"u": username, "h": password_hash, "t": "2026-11-01 00:00:00+00:00"})
    return int(conn.execute(text('SELECT id FROM "user" WHERE username = :u'), {"u": username}).scalar_one())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_upgrading_a_database_with_users_keeps_them_and_never_reuses_ids(request, kind: str) -> None:
    engine = _raw_engine(request, kind)
    _upgrade_to(engine, "0001")
    with engine.begin() as conn:
        ids = [_insert_user(conn, name) for name in ("ana", "bob", "cy")]
        conn.execute(text("INSERT INTO company (name, language, description, owner_id, created_at) "
                          "VALUES ('Acme', 'en', '', :o, :t)"), {"o": ids[-1], "t": "2026-11-01 00:00:00+00:00"})
    migrate(engine)
    with engine.begin() as conn:
        rows = conn.execute(text('SELECT id, username, uid FROM "user" ORDER BY id')).all()
        assert [r.username for r in rows] == ["ana", "bob", "cy"] and [r.id for r in rows] == ids
        assert len({r.uid for r in rows}) == 3 and all(len(r.uid) == 32 for r in rows)
        assert conn.execute(text("SELECT owner_id FROM company")).scalar_one() == ids[-1]
        conn.execute(text("DELETE FROM company"))
        conn.execute(text('DELETE FROM "user" WHERE id = :i'), {"i": ids[-1]})  # the newest user goes
    with engine.begin() as conn:
        conn.execute(text(
            'INSERT INTO "user" (username, uid, email, name, role, language, password_hash, failed_login_attempts, '
            "password_changed_at, created_at) VALUES ('dee', :uid, '', '', 'candidate', 'en', 'x', 0, :t, :t)"),
            {"uid": "d" * 32, "t": "2026-11-02 00:00:00+00:00"})
        new_id = conn.execute(text("SELECT id FROM \"user\" WHERE username = 'dee'")).scalar_one()
    assert new_id > ids[-1]  # the deleted user's id is not handed to the next sign-up
    if kind == "sqlite":
        with engine.connect() as conn:  # foreign keys are back on after the migration
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_once_public_demo_passwords_stop_working_after_the_upgrade(request, kind: str) -> None:
    import bcrypt

    from core.passwords import verify_password

    engine = _raw_engine(request, kind)
    _upgrade_to(engine, "0001")
    hashed = {pw: bcrypt.hashpw(pw.encode(), bcrypt.gensalt(4)).decode() for pw in ("demo-password", "own pw 1234")}
    with engine.begin() as conn:
        _insert_user(conn, "demo", hashed["demo-password"])
        _insert_user(conn, "coach", hashed["own pw 1234"])  # a real user called coach keeps their password
    migrate(engine)
    with engine.begin() as conn:
        stored = dict(conn.execute(text('SELECT username, password_hash FROM "user"')).all())
    assert not verify_password("demo-password", stored["demo"])
    assert verify_password("own pw 1234", stored["coach"])
    engine.dispose()
