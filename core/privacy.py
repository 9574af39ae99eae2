"""Media retention: recordings older than `ARES_MEDIA_RETENTION_DAYS` are deleted.

The analysis, transcript and scores stay (they are the user's results); only the audio
and video files go, and the attempt says so. 0 days means: keep until the user deletes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.config import Settings
from core.db.models import Attempt

MEDIA_DELETED_NOTE = "media deleted by the retention policy"


@dataclass(frozen=True)
class PurgeResult:
    attempts: int
    files: int


def _media_path(settings: Settings, stored: str) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else settings.media_dir / path


def purge_expired_media(engine: Engine, settings: Settings, *, now: datetime | None = None) -> PurgeResult:
    """Delete recordings of attempts that ended more than the retention period ago."""
    if settings.media_retention_days <= 0:
        return PurgeResult(attempts=0, files=0)
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.media_retention_days)
    attempts = files = 0
    with Session(engine) as session:
        rows = session.exec(select(Attempt).where(
            col(Attempt.started_at) < cutoff,
            (col(Attempt.audio_path) != "") | (col(Attempt.video_path) != ""),
        )).all()
        for attempt in rows:
            for stored in (attempt.audio_path, attempt.video_path):
                if stored:
                    path = _media_path(settings, stored)
                    if path.exists():
                        path.unlink()
                        files += 1
            attempt.audio_path = attempt.video_path = ""
            attempt.error = MEDIA_DELETED_NOTE
            session.add(attempt)
            attempts += 1
        session.commit()
    return PurgeResult(attempts=attempts, files=files)
