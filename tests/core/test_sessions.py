"""Server-side login sessions and the signing key (issue 16 items 1-3), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core import sessions
from core.accounts import create_account
from core.config import Settings, get_settings
from core.db.engine import make_engine, migrate
from core.db.models import AppSecret, AuthSession, User, utcnow
from core.export.account import delete_account

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_keys():
    sessions.forget_cached_keys()
    yield
    sessions.forget_cached_keys()


def _user(engine, name: str = "ana") -> User:
    return create_account(engine, username=name, password=PASSWORD, role="candidate")


def test_a_session_token_logs_in_until_logout_and_a_copy_is_refused_after(any_engine) -> None:
    settings = get_settings()
    user = _user(any_engine)
    token = sessions.create_session(any_engine, settings, user, user_agent="pytest")
    check = sessions.resolve_session(any_engine, settings, token)
    assert check.ok and check.user is not None and check.user.id == user.id
    copied = str(token)  # e.g. taken from the browser's cookie jar
    assert sessions.revoke_session(any_engine, settings, token)
    assert sessions.resolve_session(any_engine, settings, copied).reason == "revoked"
    with Session(any_engine) as session:  # only a keyed hash is stored, never the token
        row = session.exec(select(AuthSession)).one()
        assert token not in row.token_hash and row.revoke_reason == "logout"


def test_idle_and_absolute_timeouts_are_enforced_on_the_server(any_engine, monkeypatch) -> None:
    settings = get_settings()
    user = _user(any_engine)
    start = utcnow()
    idle = sessions.create_session(any_engine, settings, user, now=start)
    later = start + timedelta(minutes=settings.session_idle_minutes + 1)
    assert sessions.resolve_session(any_engine, settings, idle, now=later).reason == "idle"
    assert sessions.resolve_session(any_engine, settings, idle, now=start).reason == "revoked"  # gone for good

    busy = sessions.create_session(any_engine, settings, user, now=start)
    moment = start
    while moment < start + timedelta(days=settings.cookie_expiry_days) - timedelta(minutes=30):
        moment += timedelta(minutes=30)  # used every half hour: never idle...
        assert sessions.resolve_session(any_engine, settings, busy, now=moment).ok
    moment += timedelta(minutes=31)
    assert sessions.resolve_session(any_engine, settings, busy, now=moment).reason == "expired"  # ...but not forever


def test_log_out_everywhere_and_a_password_change_end_every_session(any_engine) -> None:
    from core.accounts import change_password

    settings = get_settings()
    user = _user(any_engine)
    tokens = [sessions.create_session(any_engine, settings, user) for _ in range(3)]
    other = sessions.create_session(any_engine, settings, _user(any_engine, "bob"))
    assert sessions.revoke_all_sessions(any_engine, user.id or 0) == 3
    assert not any(sessions.resolve_session(any_engine, settings, t).ok for t in tokens)
    assert sessions.resolve_session(any_engine, settings, other).ok  # other users are not touched

    again = sessions.create_session(any_engine, settings, user)
    change_password(any_engine, user_id=user.id or 0, current=PASSWORD, new="a brand new passphrase")
    assert sessions.resolve_session(any_engine, settings, again).reason == "revoked"


def test_a_deleted_users_session_never_becomes_the_next_sign_up(any_engine) -> None:
    settings = get_settings()
    first = _user(any_engine, "first")
    token = sessions.create_session(any_engine, settings, first)
    delete_account(any_engine, settings, user_id=first.id or 0)
    second = _user(any_engine, "second")
    assert second.id != first.id  # ids are never handed out again (SQLite AUTOINCREMENT, PG sequence)
    assert second.uid != first.uid
    check = sessions.resolve_session(any_engine, settings, token)
    assert check.reason == "unknown" and check.user is None
    with Session(any_engine) as session:  # the session rows went with the account
        assert session.exec(select(AuthSession)).all() == []


def test_a_session_is_bound_to_the_users_never_reused_uid(any_engine) -> None:
    settings = get_settings()
    user = _user(any_engine)
    token = sessions.create_session(any_engine, settings, user)
    with Session(any_engine) as session:  # a row whose user id now names someone else
        row = session.get(User, user.id)
        assert row is not None
        row.uid = "f" * 32
        session.add(row)
        session.commit()
    assert sessions.resolve_session(any_engine, settings, token).reason == "unknown"


def test_the_signing_key_is_generated_once_per_install_and_kept_in_the_database(data_dir, any_engine) -> None:
    settings = get_settings()
    assert settings.cookie_key is None
    key = sessions.signing_key(any_engine, settings)
    assert len(key) >= 48
    sessions.forget_cached_keys()
    assert sessions.signing_key(any_engine, settings) == key  # a restart (or another instance) reads it back
    with Session(any_engine) as session:
        assert session.get(AppSecret, sessions.SIGNING_KEY_NAME) is not None


def test_a_cookie_from_another_install_is_refused_even_in_demo_mode(data_dir) -> None:
    settings = get_settings()
    assert settings.demo_mode
    installs = []
    for name in ("laptop-a", "laptop-b"):
        engine = make_engine(f"sqlite:///{data_dir / name}.db")
        migrate(engine)
        installs.append(engine)
    keys = [sessions.signing_key(e, settings) for e in installs]
    assert keys[0] != keys[1]  # no shared demo key
    a, b = installs
    user_a, user_b = _user(a, "demo-user"), _user(b, "demo-user")
    assert (user_a.id, user_a.username) == (user_b.id, user_b.username)  # same id and name on both
    token = sessions.create_session(a, settings, user_a)
    assert sessions.resolve_session(a, settings, token).ok
    assert not sessions.resolve_session(b, settings, token).ok


def test_an_operator_key_replaces_the_generated_one(monkeypatch, db_engine) -> None:
    monkeypatch.setenv("ARES_COOKIE_KEY", "k" * 48)
    settings = Settings()
    assert sessions.signing_key(db_engine, settings) == b"k" * 48
    user = _user(db_engine)
    token = sessions.create_session(db_engine, settings, user)
    assert sessions.resolve_session(db_engine, settings, token).ok
    other = Settings(ARES_COOKIE_KEY="z" * 48)  # same database, another key: refused
    assert not sessions.resolve_session(db_engine, other, token).ok
