"""A user's data out (one zip: JSON of every row they own + their recordings) and gone
(a session, or the whole account, files included).

Deletion runs child tables first with one bulk statement per table, so foreign keys hold
on SQLite and PostgreSQL alike; files are removed after the rows commit (a crash in
between leaves orphan files, never rows pointing at missing files... except the media
directory, which is removed last and idempotently).
"""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching import records as coaching_records
from core.config import Settings
from core.db import crud
from core.db.models import (
    Analysis,
    Attempt,
    CoachComment,
    CoachLink,
    Company,
    Document,
    InterviewSession,
    ProfileItem,
    Question,
    Report,
    ScoreDispute,
    User,
    UserSetting,
)
from core.sessions import revoke_all_sessions
from core.storage import MediaStore, get_media_store, normalise_key

log = logging.getLogger(__name__)

EXPORT_FORMAT = 1
_USER_PRIVATE = {"password_hash", "failed_login_attempts", "locked_until"}


@dataclass(frozen=True)
class DeletionSummary:
    sessions: int
    attempts: int
    files: int


def _dump(rows: Any, exclude: set[str] | None = None) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json", exclude=exclude or set()) for row in rows]


def _media_keys(store: MediaStore, attempts: list[Attempt]) -> list[str]:
    """The stored recordings of these attempts (keys that name no object are skipped)."""
    keys = []
    for attempt in attempts:
        for key in (attempt.audio_path, attempt.video_path):
            if key and store.exists(key):
                keys.append(normalise_key(key))
    return keys


def export_user_data(engine: Engine, settings: Settings, *, user_id: int, out: Path | None = None) -> Path:
    """Write a zip with `data.json` (every row the user owns) and `media/...` (recordings)."""
    with Session(engine) as db:
        user = crud.get_user(db, user_id=user_id)
        if user is None:
            raise crud.AccessDenied("no such user")
        sessions = list(db.exec(select(InterviewSession).where(InterviewSession.user_id == user_id)).all())
        session_ids = [s.id for s in sessions]
        questions = list(db.exec(select(Question).where(col(Question.session_id).in_(session_ids))).all())
        attempts = list(db.exec(select(Attempt).where(Attempt.user_id == user_id)).all())
        attempt_ids = [a.id for a in attempts]
        companies = list(db.exec(select(Company).where(Company.owner_id == user_id)).all())
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": datetime.now(UTC).isoformat(),
            "user": user.model_dump(mode="json", exclude=_USER_PRIVATE),
            "profile_items": _dump(db.exec(select(ProfileItem).where(ProfileItem.user_id == user_id)).all()),
            "companies": _dump(companies),
            "documents": _dump(db.exec(select(Document).where(or_(
                col(Document.owner_id) == user_id, col(Document.company_id).in_([c.id for c in companies])))).all()),
            "sessions": _dump(sessions),
            "questions": _dump(questions),
            "attempts": _dump(attempts),
            "analyses": _dump(db.exec(select(Analysis).where(col(Analysis.attempt_id).in_(attempt_ids))).all()),
            "reports": _dump(db.exec(select(Report).where(Report.user_id == user_id)).all()),
            "coach_links": _dump(db.exec(select(CoachLink).where(or_(col(CoachLink.coach_id) == user_id,
                                                                      col(CoachLink.candidate_id) == user_id))).all()),
            "comments_on_my_answers": _dump(db.exec(select(CoachComment).where(
                col(CoachComment.attempt_id).in_(attempt_ids))).all()),
            "comments_i_wrote": _dump(db.exec(select(CoachComment).where(CoachComment.coach_id == user_id)).all()),
            "score_disputes": _dump(db.exec(select(ScoreDispute).where(ScoreDispute.user_id == user_id)).all()),
            "disputes_i_answered": _dump(db.exec(select(ScoreDispute).where(ScoreDispute.coach_id == user_id)).all()),
            "settings": _dump(db.exec(select(UserSetting).where(UserSetting.user_id == user_id)).all()),
            **coaching_records.export_rows(db, user_id=user_id, attempt_ids=[a for a in attempt_ids if a]),
        }
    store = get_media_store(settings)
    keys = _media_keys(store, attempts)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = out or exports_dir(settings, user_id) / f"ares-export-{user.username}-{stamp}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=1, default=str))
        for key in keys:  # read from the store: a local file or an object in the bucket
            archive.writestr(f"media/{key}", store.read_bytes(key))
    return out


def exports_dir(settings: Settings, user_id: int) -> Path:
    """Where the user's export zips are written: one directory per account, so that deleting
    the account removes every copy (`delete_account`)."""
    return settings.ares_data_dir / "exports" / str(user_id)


def export_user_data_bytes(engine: Engine, settings: Settings, *, user_id: int) -> bytes:
    """The export zip's bytes, for a download button: no copy stays on disk."""
    path = export_user_data(engine, settings, user_id=user_id)
    try:
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def _delete_session_rows(db: Session, session_ids: list[int]) -> tuple[int, list[Attempt]]:
    if not session_ids:
        return 0, []
    attempts = list(db.exec(select(Attempt).where(col(Attempt.session_id).in_(session_ids))).all())
    attempt_ids = [a.id for a in attempts]
    coaching_records.delete_for_sessions(db, session_ids=session_ids, attempt_ids=[a for a in attempt_ids if a])
    if attempt_ids:
        db.exec(delete(ScoreDispute).where(col(ScoreDispute.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        db.exec(delete(CoachComment).where(col(CoachComment.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        db.exec(delete(Analysis).where(col(Analysis.attempt_id).in_(attempt_ids)))  # type: ignore[call-overload]
        db.exec(delete(Attempt).where(col(Attempt.id).in_(attempt_ids)))  # type: ignore[call-overload]
    db.exec(delete(Report).where(col(Report.session_id).in_(session_ids)))  # type: ignore[call-overload]
    # Follow-ups point at their parent question: cut the links, then delete in one go.
    db.exec(update(Question).where(col(Question.session_id).in_(session_ids)).values(parent_id=None))  # type: ignore[call-overload]
    db.exec(delete(Question).where(col(Question.session_id).in_(session_ids)))  # type: ignore[call-overload]
    db.exec(delete(InterviewSession).where(col(InterviewSession.id).in_(session_ids)))  # type: ignore[call-overload]
    return len(session_ids), attempts


def _remove_files(settings: Settings, attempts: list[Attempt], folder: str) -> int:
    """Delete the attempts' recordings and then their whole folder (`user` or `user/session`),
    which also catches files no row points at (an answer cut off mid-recording)."""
    store = get_media_store(settings)
    removed = sum(store.delete(key) for key in _media_keys(store, attempts))
    return removed + store.delete(folder)


def delete_session(engine: Engine, settings: Settings, *, user_id: int, session_id: int) -> DeletionSummary:
    """Delete one of the user's sessions with its questions, answers, analyses, report,
    coach comments and recordings."""
    with Session(engine) as db:
        row = crud.get_session(db, viewer_id=user_id, session_id=session_id)
        if row.user_id != user_id:
            raise crud.AccessDenied("not yours")
        count, attempts = _delete_session_rows(db, [session_id])
        db.commit()
    files = _remove_files(settings, attempts, f"{user_id}/{session_id}")
    return DeletionSummary(sessions=count, attempts=len(attempts), files=files)


def delete_account(engine: Engine, settings: Settings, *, user_id: int) -> DeletionSummary:
    """Delete the user and everything they own: sessions, answers, recordings, documents,
    companies (with their library passages), profile, coach links and comments."""
    # Every login ends first (the rows also go with the user by ON DELETE CASCADE; revoking
    # first does not depend on the database's foreign-key support).
    revoke_all_sessions(engine, user_id, reason="account deleted")
    with Session(engine) as db:
        user = db.get(User, user_id)
        if user is None:
            raise crud.AccessDenied("no such user")
        username = user.username
        session_ids = [s for s in db.exec(select(InterviewSession.id).where(InterviewSession.user_id == user_id)).all()
                       if s is not None]
        count, attempts = _delete_session_rows(db, session_ids)
        company_ids = [c for c in db.exec(select(Company.id).where(Company.owner_id == user_id)).all() if c is not None]
        indexed = bool(company_ids) and db.exec(
            select(Document.id).where(col(Document.company_id).in_(company_ids))).first() is not None
        # A deleted coach's replies go with their comments; the candidate's dispute reopens.
        db.exec(update(ScoreDispute).where(col(ScoreDispute.coach_id) == user_id).values(  # type: ignore[call-overload]
            coach_id=None, comment_id=None, reply="", status="open", answered_at=None))
        db.exec(delete(CoachComment).where(col(CoachComment.coach_id) == user_id))  # type: ignore[call-overload]
        db.exec(delete(UserSetting).where(col(UserSetting.user_id) == user_id))  # type: ignore[call-overload]
        coaching_records.delete_for_user(db, user_id=user_id)
        db.exec(delete(CoachLink).where(or_(col(CoachLink.coach_id) == user_id,  # type: ignore[call-overload]
                                            col(CoachLink.candidate_id) == user_id)))
        db.exec(update(CoachLink).where(col(CoachLink.invited_by) == user_id).values(invited_by=None))  # type: ignore[call-overload]
        db.exec(delete(ProfileItem).where(col(ProfileItem.user_id) == user_id))  # type: ignore[call-overload]
        db.exec(update(ProfileItem).where(col(ProfileItem.prepared_by) == user_id).values(prepared_by=None))  # type: ignore[call-overload]
        db.exec(delete(Document).where(or_(col(Document.owner_id) == user_id,  # type: ignore[call-overload]
                                           col(Document.company_id).in_(company_ids))))
        db.exec(delete(Company).where(col(Company.id).in_(company_ids)))  # type: ignore[call-overload]
        db.exec(delete(User).where(col(User.id) == user_id))  # type: ignore[call-overload]
        db.commit()
    if indexed:
        _forget_library(settings, company_ids)
    files = _remove_files(settings, attempts, str(user_id))
    files += _remove_exports(settings, user_id, username)
    _scrub_database_files(engine)
    return DeletionSummary(sessions=count, attempts=len(attempts), files=files)


def _remove_exports(settings: Settings, user_id: int, username: str) -> int:
    """The account's export zips: its directory, and zips written before exports had a
    directory per account (named after the user)."""
    folder = exports_dir(settings, user_id)
    paths = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    paths += list((settings.ares_data_dir / "exports").glob(f"ares-export-{username}-*.zip"))
    for path in paths:
        path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    return len(paths)


def _scrub_database_files(engine: Engine) -> None:
    """SQLite keeps deleted rows in free pages and in the write-ahead log until they are
    reused: with `secure_delete` on (set per connection in `core.db.engine`) the pages are
    zeroed, and a truncating checkpoint empties the log, so no copy of the user's text is
    left in `ares.db*`. PostgreSQL's dead tuples live outside the data directory and are
    reclaimed by autovacuum."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _forget_library(settings: Settings, company_ids: list[int]) -> None:
    """Remove the deleted companies' passages from the vector index (RAG feature, if present)."""
    from core.rag.service import get_index
    from core.rag.store import scrub_deleted_text

    try:
        index = get_index(settings)
        for company_id in company_ids:
            index.delete_company(company_id)
        scrub_deleted_text(settings)  # the store's log and free pages held the passages too
    except Exception as exc:  # noqa: BLE001 - rows are gone; a stale index entry is unreachable without them
        log.warning("company passages not removed from the index: %s", exc)


__all__ = ["DeletionSummary", "delete_account", "delete_session", "export_user_data", "export_user_data_bytes",
           "exports_dir"]
