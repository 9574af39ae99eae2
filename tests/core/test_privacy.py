from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from core.config import Settings
from core.db import crud
from core.db.models import Question, UserCreate
from core.privacy import MEDIA_DELETED_NOTE, purge_expired_media
from core.storage import get_media_store
from core.storage.keys import attempt_key


def _attempt_with_media(engine, settings, started_at):
    with Session(engine, expire_on_commit=False) as session:
        user = crud.get_user_by_username(session, username="u") or crud.create_user(
            session, user_in=UserCreate(username="u", password="password-123"))
        row = crud.create_session(session, owner_id=user.id)
        question = crud.add_question(session, owner_id=user.id, question=Question(session_id=row.id, text="Q"))
        attempt = crud.create_attempt(session, owner_id=user.id, question_id=question.id, mode="audio",
                                      started_at=started_at)
        key = attempt_key(user.id, row.id, attempt.id)
        get_media_store(settings).write_bytes(key, b"RIFF....WAVE")
        crud.update_attempt(session, owner_id=user.id, attempt_id=attempt.id, audio_path=key)
        return attempt.id, key


def test_retention_deletes_only_old_recordings_and_keeps_results(db_engine, monkeypatch) -> None:
    monkeypatch.setenv("ARES_MEDIA_RETENTION_DAYS", "30")
    settings = Settings()
    now = datetime.now(UTC)
    old_id, old_key = _attempt_with_media(db_engine, settings, now - timedelta(days=31))
    new_id, new_key = _attempt_with_media(db_engine, settings, now - timedelta(days=2))
    result = purge_expired_media(db_engine, settings, now=now)
    assert (result.attempts, result.files) == (1, 1)
    media = get_media_store(settings)
    assert not media.exists(old_key) and media.exists(new_key)
    with Session(db_engine) as session:
        from core.db.models import Attempt

        assert session.get(Attempt, old_id).error == MEDIA_DELETED_NOTE
        assert session.get(Attempt, old_id).audio_path == ""
        assert session.get(Attempt, new_id).audio_path != ""


def test_retention_zero_keeps_everything(db_engine) -> None:
    settings = Settings()
    _id, key = _attempt_with_media(db_engine, settings, datetime.now(UTC) - timedelta(days=3650))
    assert purge_expired_media(db_engine, settings).files == 0
    assert get_media_store(settings).exists(key)
