"""Media retention: recordings older than `ARES_MEDIA_RETENTION_DAYS` are deleted.

The analysis, transcript and scores stay (they are the user's results); only the audio
and video files go — from the directory or the S3 bucket, whichever `ARES_MEDIA_BACKEND`
selects — and the attempt says so. 0 days means: keep until the user deletes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.config import Settings
from core.db.models import Attempt
from core.storage import MediaStore, get_media_store

MEDIA_DELETED_NOTE = "media deleted by the retention policy"


@dataclass(frozen=True)
class PurgeResult:
    attempts: int
    files: int


def _delete_media(store: MediaStore, stored: str) -> int:
    """Delete one stored recording; how many files went (0 when it was already gone)."""
    if Path(stored).is_absolute():  # rows written before recordings were store keys
        path = Path(stored)
        if path.exists():
            path.unlink()
            return 1
        return 0
    return store.delete(stored)


def purge_expired_media(engine: Engine, settings: Settings, *, now: datetime | None = None) -> PurgeResult:
    """Delete recordings of attempts that ended more than the retention period ago."""
    if settings.media_retention_days <= 0:
        return PurgeResult(attempts=0, files=0)
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.media_retention_days)
    attempts = files = 0
    store = get_media_store(settings)
    with Session(engine) as session:
        rows = session.exec(select(Attempt).where(
            col(Attempt.started_at) < cutoff,
            (col(Attempt.audio_path) != "") | (col(Attempt.video_path) != ""),
        )).all()
        for attempt in rows:
            for stored in (attempt.audio_path, attempt.video_path):
                if stored:
                    files += _delete_media(store, stored)
            attempt.audio_path = attempt.video_path = ""
            attempt.error = MEDIA_DELETED_NOTE
            session.add(attempt)
            attempts += 1
        session.commit()
    return PurgeResult(attempts=attempts, files=files)
