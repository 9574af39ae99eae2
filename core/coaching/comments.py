"""Time-stamped comments: a coach pins a comment to a moment of an answer; the candidate
sees it on the answer's timeline and at that word of the transcript, and either side replies.

Who sees what: the candidate sees every thread on their answers; a coach sees the threads
they started (another coach's notes are that coach's own). Both only while they may read
the answer at all (`core.db.crud.get_attempt`: link accepted, session shared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.errors import WorkspaceError
from core.db import crud
from core.db.models import Attempt, TimedComment, User
from core.feedback.types import TimedWord

MAX_COMMENT_CHARS = 2000
END_SLACK_S = 1.0  # a moment up to 1 s past the recorded length is the last word, not an error


@dataclass(frozen=True)
class CommentView:
    id: int
    attempt_id: int
    author: str
    by_coach: bool  # written by a coach (not by the answer's owner)
    at_s: float | None
    text: str
    created_at: datetime
    replies: tuple[CommentView, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "attempt_id": self.attempt_id, "author": self.author, "by_coach": self.by_coach,
                "at_s": self.at_s, "text": self.text, "created_at": self.created_at.isoformat(),
                "replies": [r.to_dict() for r in self.replies]}


def _clean(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise WorkspaceError("coaching.error.empty_comment")
    if len(cleaned) > MAX_COMMENT_CHARS:
        raise WorkspaceError("coaching.error.long_comment", str(MAX_COMMENT_CHARS))
    return cleaned


def pin_comment(engine: Engine, *, coach_id: int, attempt_id: int, at_s: float, text: str) -> int:
    """A coach's comment at `at_s` seconds of the answer; returns its id. The coach must be
    linked and see the answer (AccessDenied); the moment must lie within the recording."""
    body = _clean(text)
    with Session(engine) as db:
        attempt = crud.get_attempt(db, viewer_id=coach_id, attempt_id=attempt_id)
        if attempt.user_id == coach_id:
            raise WorkspaceError("coaching.error.own_answer")
        length = attempt.duration_s
        if at_s < 0 or (length is not None and at_s > length + END_SLACK_S):
            raise WorkspaceError("coaching.error.moment", f"{length or 0:.0f}")
        row = TimedComment(attempt_id=attempt_id, author_id=coach_id, at_s=round(float(at_s), 2), text=body)
        db.add(row)
        db.commit()
        db.refresh(row)
        return int(row.id or 0)


def reply(engine: Engine, *, user_id: int, comment_id: int, text: str) -> int:
    """A reply in a thread, by the answer's owner or the coach who started the thread."""
    body = _clean(text)
    with Session(engine) as db:
        parent = db.get(TimedComment, comment_id)
        if parent is None:
            raise crud.AccessDenied("no such comment")
        if parent.parent_id is not None:  # replies hang from the thread's first comment
            parent = db.get(TimedComment, parent.parent_id)
            if parent is None:
                raise crud.AccessDenied("no such comment")
        attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=parent.attempt_id)
        if user_id not in (attempt.user_id, parent.author_id):
            raise crud.AccessDenied("not your thread")
        row = TimedComment(attempt_id=parent.attempt_id, author_id=user_id, parent_id=parent.id, text=body)
        db.add(row)
        db.commit()
        db.refresh(row)
        return int(row.id or 0)


def list_threads(engine: Engine, *, viewer_id: int, attempt_id: int) -> list[CommentView]:
    """The threads on one answer the viewer may read, in time order of their moments."""
    with Session(engine) as db:
        attempt = crud.get_attempt(db, viewer_id=viewer_id, attempt_id=attempt_id)
        rows = db.exec(select(TimedComment).where(TimedComment.attempt_id == attempt_id)
                       .order_by(col(TimedComment.id))).all()
        authors = {u.id: u.username for u in db.exec(select(User).where(
            col(User.id).in_({r.author_id for r in rows}))).all()} if rows else {}
    tops = [r for r in rows if r.parent_id is None and (viewer_id == attempt.user_id or r.author_id == viewer_id)]

    def view(row: TimedComment, replies: Sequence[CommentView] = ()) -> CommentView:
        return CommentView(id=row.id or 0, attempt_id=row.attempt_id, author=authors.get(row.author_id, "?"),
                           by_coach=row.author_id != attempt.user_id, at_s=row.at_s, text=row.text,
                           created_at=row.created_at, replies=tuple(replies))

    threads = [view(top, [view(r) for r in rows if r.parent_id == top.id]) for top in tops]
    return sorted(threads, key=lambda c: (c.at_s if c.at_s is not None else float("inf"), c.id))


def attempts_with_comments(engine: Engine, *, viewer_id: int, attempt_ids: Sequence[int]) -> dict[int, int]:
    """How many threads the viewer can read on each of these (visible) answers."""
    out: dict[int, int] = {}
    for attempt_id in attempt_ids:
        out[attempt_id] = len(list_threads(engine, viewer_id=viewer_id, attempt_id=attempt_id))
    return out


@dataclass(frozen=True)
class TranscriptPiece:
    text: str
    comment_ids: tuple[int, ...] = ()  # comments pinned to the moment this piece starts


def place_in_transcript(transcript: str, words: Sequence[TimedWord],
                        comments: Sequence[CommentView]) -> list[TranscriptPiece]:
    """Split the transcript where comments were pinned: each comment goes before the first
    word starting at or after its moment (word timings from the stored speech analysis).
    Without word timings the comments go at the end, still in time order (pure)."""
    pinned = [c for c in comments if c.at_s is not None]
    if not pinned:
        return [TranscriptPiece(transcript)]
    timed = [(w.start_s, w.word) for w in words]
    if not timed:
        return [TranscriptPiece(transcript), TranscriptPiece("", tuple(c.id for c in pinned))]
    pieces: list[TranscriptPiece] = []
    index = 0
    current: list[str] = []
    marks: tuple[int, ...] = ()
    for start, word in timed:
        due = []
        while index < len(pinned) and (pinned[index].at_s or 0.0) <= start:
            due.append(pinned[index].id)
            index += 1
        if due:
            if current or marks:
                pieces.append(TranscriptPiece(" ".join(current).strip(), marks))
            current, marks = [], tuple(due)
        current.append(word.strip())
    pieces.append(TranscriptPiece(" ".join(current).strip(), marks))
    if index < len(pinned):
        pieces.append(TranscriptPiece("", tuple(c.id for c in pinned[index:])))
    return pieces


def attempt_length(engine: Engine, *, viewer_id: int, attempt_id: int) -> float | None:
    with Session(engine) as db:
        attempt: Attempt = crud.get_attempt(db, viewer_id=viewer_id, attempt_id=attempt_id)
        return attempt.duration_s
