"""Retention, export, session and account deletion reach the recordings on both backends."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from core.config import Settings, get_settings
from core.db import crud
from core.db.models import Question, UserCreate
from core.export import delete_account, delete_session, export_user_data
from core.privacy import purge_expired_media
from core.storage import get_media_store


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "s3":
        request.getfixturevalue("s3_env")
    get_settings.cache_clear()
    return str(request.param)


def _answer(engine, settings: Settings, username: str, started_at: datetime) -> tuple[int, int, str]:
    """One answered question with a committed recording; (user id, session id, key)."""
    with Session(engine, expire_on_commit=False) as db:
        user = crud.get_user_by_username(db, username=username) or crud.create_user(
            db, user_in=UserCreate(username=username, password="password-123"))
        row = crud.create_session(db, owner_id=user.id)
        question = crud.add_question(db, owner_id=user.id, question=Question(session_id=row.id, text="Q"))
        attempt = crud.create_attempt(db, owner_id=user.id, question_id=question.id, mode="audio",
                                      started_at=started_at)
        key = f"{user.id}/{row.id}/attempt-{attempt.id}.wav"
        store = get_media_store(settings)
        store.local_path(key).write_bytes(b"RIFF....WAVE" + key.encode())
        store.commit(key)
        crud.update_attempt(db, owner_id=user.id, attempt_id=attempt.id, audio_path=key)
        return int(user.id), int(row.id), key


def test_retention_deletes_old_recordings_from_the_store(backend: str, db_engine, monkeypatch) -> None:
    monkeypatch.setenv("ARES_MEDIA_RETENTION_DAYS", "30")
    settings = Settings()
    now = datetime.now(UTC)
    _, _, old = _answer(db_engine, settings, "u", now - timedelta(days=31))
    _, _, new = _answer(db_engine, settings, "u", now - timedelta(days=2))
    result = purge_expired_media(db_engine, settings, now=now)
    store = get_media_store(settings)
    assert (result.attempts, result.files) == (1, 1)
    assert not store.exists(old) and store.exists(new)


def test_export_carries_the_recordings_from_the_store(backend: str, db_engine, tmp_path: Path) -> None:
    settings = Settings()
    user, _, key = _answer(db_engine, settings, "alice", datetime.now(UTC))
    out = export_user_data(db_engine, settings, user_id=user, out=tmp_path / "export.zip")
    with zipfile.ZipFile(out) as archive:
        assert archive.read(f"media/{key}") == b"RIFF....WAVE" + key.encode()


def test_deleting_a_session_and_an_account_empties_the_store(backend: str, db_engine) -> None:
    settings = Settings()
    now = datetime.now(UTC)
    alice, first, _ = _answer(db_engine, settings, "alice", now)
    _, second, _ = _answer(db_engine, settings, "alice", now)
    bob, _, bobs = _answer(db_engine, settings, "bob", now)
    store = get_media_store(settings)
    # An answer cut off before commit leaves a working copy no row points at: it goes too.
    store.local_path(f"{alice}/{second}/attempt-999.wav").write_bytes(b"partial")
    assert delete_session(db_engine, settings, user_id=alice, session_id=first).files == 1
    assert list(store.keys(str(alice))) == sorted(store.keys(f"{alice}/{second}"))
    assert delete_account(db_engine, settings, user_id=alice).files == 2
    assert list(store.keys()) == [bobs] and bob != alice
