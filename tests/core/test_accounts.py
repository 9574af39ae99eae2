"""Account rules (issue 16 items 8, 9, 11): the failed-login counter under parallel attempts,
one password policy for the app and the CLI, and throw-away demo visitor accounts."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from core import accounts, passwords, sessions
from core.config import Settings, get_settings
from core.db import crud
from core.db.models import AuthSession, Document, User, utcnow

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a calm river at dawn"


# ----------------------------------------------------------------------------- lockout counter
@pytest.mark.parametrize("attempts", [18])
def test_parallel_failed_logins_are_all_counted(any_engine, monkeypatch, attempts: int) -> None:
    monkeypatch.setenv("ARES_MAX_LOGIN_ATTEMPTS", "1000")  # count only, never lock
    settings = Settings()
    accounts.create_account(any_engine, username="ana", password=PASSWORD, role="candidate")
    with ThreadPoolExecutor(max_workers=6) as pool:  # six browser sessions guessing at once
        results = list(pool.map(lambda _i: accounts.authenticate(any_engine, settings, "ana", "wrong guess 123"),
                                range(attempts)))
    assert all(r.outcome == "wrong" for r in results)
    assert accounts.failed_attempts(any_engine, "ana") == attempts


def test_parallel_guessing_locks_the_account_and_the_right_password_is_refused_then(any_engine) -> None:
    settings = get_settings()
    accounts.create_account(any_engine, username="ana", password=PASSWORD, role="candidate")
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _i: accounts.authenticate(any_engine, settings, "ana", "wrong guess 123"), range(12)))
    assert accounts.is_locked(any_engine, "ana")
    assert accounts.authenticate(any_engine, settings, "ana", PASSWORD).outcome == "locked"
    later = utcnow() + timedelta(minutes=settings.lockout_minutes + 1)
    result = accounts.authenticate(any_engine, settings, "ana", PASSWORD, now=later)
    assert result.outcome == "ok" and result.user is not None
    assert accounts.failed_attempts(any_engine, "ana") == 0


def test_an_unknown_username_is_just_a_wrong_login(db_engine) -> None:
    assert accounts.authenticate(db_engine, get_settings(), "nobody", PASSWORD).outcome == "wrong"


# ----------------------------------------------------------------------------- password policy
@pytest.mark.parametrize("password, problem", [
    ("Password1!", "too_short"),  # composition rules satisfied, still refused: too short
    ("12345678", "too_short"),
    ("password1234", "common"),
    ("QWERTY123456", "common"),  # case does not hide a common password
    ("x" * 129, "too_long"),
    ("correct horse battery staple", None),  # a passphrase with spaces, no digits or capitals
    ("아주 조용한 새벽의 강가", None),  # Korean, 12 characters (36 bytes)
    ("한" * 64, None),  # 64 Korean characters: 192 bytes, well past bcrypt's 72
    ("a" * 64 + "ÄÖÜ", None),
])
def test_one_password_policy(password: str, problem: str | None) -> None:
    assert passwords.check_password(password).problem == problem


def test_every_character_of_a_long_passphrase_counts() -> None:
    long_korean = "한" * 40 + "국어 비밀번호"
    stored = passwords.hash_password(long_korean)
    assert passwords.verify_password(long_korean, stored)
    assert not passwords.verify_password("한" * 40 + "국어 비밀번호!", stored)  # differs after byte 72
    assert not passwords.verify_password("한" * 40, stored)


def test_composed_and_decomposed_korean_are_the_same_password() -> None:
    import unicodedata

    typed = "새벽의 조용한 강가에서"
    stored = passwords.hash_password(typed)
    assert passwords.verify_password(unicodedata.normalize("NFD", typed), stored)


def test_hashes_written_before_the_new_scheme_still_verify() -> None:
    import bcrypt

    legacy = bcrypt.hashpw(b"demo-password", bcrypt.gensalt()).decode()
    assert passwords.verify_password("demo-password", legacy)
    assert not passwords.verify_password("demo-passwort", legacy)


def test_registration_and_password_change_apply_the_policy(any_engine) -> None:
    with pytest.raises(accounts.AccountError) as short:
        accounts.create_account(any_engine, username="ana", password="Password1!", role="candidate")
    assert short.value.code == "password_too_short"
    with pytest.raises(accounts.AccountError) as mismatch:
        accounts.create_account(any_engine, username="ana", password=PASSWORD, repeat=PASSWORD + "x", role="coach")
    assert mismatch.value.code == "password_mismatch"
    user = accounts.create_account(any_engine, username="ana", password=PASSWORD, role="candidate")
    with pytest.raises(accounts.AccountError) as taken:
        accounts.create_account(any_engine, username="ana", password=PASSWORD, role="candidate")
    assert taken.value.code == "username_taken"
    with pytest.raises(accounts.AccountError) as common:
        accounts.change_password(any_engine, user_id=user.id or 0, current=PASSWORD, new="1q2w3e4r5t6y")
    assert common.value.code == "password_common"
    with pytest.raises(accounts.AccountError) as wrong:
        accounts.change_password(any_engine, user_id=user.id or 0, current="not it at all",
                                 new="새벽의 조용한 강가에서")
    assert wrong.value.code == "current_password"
    accounts.change_password(any_engine, user_id=user.id or 0, current=PASSWORD, new="새벽의 조용한 강가에서")
    assert accounts.authenticate(any_engine, get_settings(), "ana", "새벽의 조용한 강가에서").outcome == "ok"


def _cli(data_dir: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", "--data-dir", str(data_dir), *args], input=stdin,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_cli_user_add_uses_the_same_policy(data_dir: Path, db_engine) -> None:
    weak = _cli(data_dir, "user", "add", "ana", "--role", "coach", "--password-stdin", stdin="12345678\n")
    assert weak.returncode == 2 and "at least 12 characters" in weak.stderr
    common = _cli(data_dir, "user", "add", "ana", "--role", "coach", "--password-stdin", stdin="password1234\n")
    assert common.returncode == 2 and "common" in common.stderr
    made = _cli(data_dir, "user", "add", "ana", "--role", "coach", "--password-stdin",
                stdin="아주 조용한 새벽의 강가\n")
    assert made.returncode == 0, made.stderr
    import json

    assert json.loads(made.stdout)["username"] == "ana" and json.loads(made.stdout)["role"] == "coach"
    from core.db.engine import get_engine

    engine = get_engine(get_settings().sqlalchemy_url)
    assert accounts.authenticate(engine, get_settings(), "ana", "아주 조용한 새벽의 강가").outcome == "ok"


# ----------------------------------------------------------------------------- demo accounts
def test_the_demo_accounts_have_no_password_in_the_source(any_engine) -> None:
    candidate, coach = accounts.ensure_demo_users(any_engine)
    settings = get_settings()
    for user, guess in ((candidate, "demo-password"), (coach, "coach-password"), (coach, "")):
        assert accounts.authenticate(any_engine, settings, user.username, guess).outcome != "ok"
    assert not hasattr(accounts, "DEMO_PASSWORD") and not hasattr(accounts, "DEMO_COACH_PASSWORD")


def test_each_demo_visitor_gets_a_fresh_account_that_is_deleted_with_its_data(any_engine, monkeypatch) -> None:
    monkeypatch.setattr("core.resume.demo.load_demo_candidate_documents",
                        lambda engine, user_id: _one_document(engine, user_id))
    settings = get_settings()
    first = accounts.create_demo_guest(any_engine, settings)
    second = accounts.create_demo_guest(any_engine, settings)
    assert first.id != second.id and first.username != second.username
    with Session(any_engine) as session:  # the visitors never see each other's documents
        assert [d.owner_id for d in crud.list_documents(session, viewer_id=first.id or 0)] == [first.id]
    token = sessions.create_session(any_engine, settings, first)
    assert accounts.purge_expired_guests(any_engine, settings) == 0  # not yet
    later = utcnow() + timedelta(hours=settings.demo_guest_hours, minutes=1)
    assert not sessions.resolve_session(any_engine, settings, token, now=later).ok  # its login ends on time
    assert accounts.purge_expired_guests(any_engine, settings, now=later) == 2
    with Session(any_engine) as session:
        assert session.exec(select(User).where(User.id.in_([first.id, second.id]))).all() == []  # type: ignore[union-attr]
        assert session.exec(select(Document)).all() == []
        assert session.exec(select(AuthSession)).all() == []


def _one_document(engine, user_id: int) -> str:
    with Session(engine) as session:
        crud.add_document(session, owner_id=user_id, kind="resume", title="Resume", text="Jordan Lee, engineer")
    return "1 document"
