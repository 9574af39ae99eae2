"""What the Review page needs about answers: the ones the viewer may open, and one answer's
recording key, length, transcript and word timings (from the stored analysis)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.visibility import shows, visible_measures_by_session
from core.db import crud
from core.db.models import Analysis, Attempt, InterviewSession, Question
from core.feedback.types import AnswerAnalysis, TimedWord
from core.report.labels import join_label
from core.report.types import VisionFrame


@dataclass(frozen=True)
class AnswerChoice:
    attempt_id: int
    session_id: int
    label: str  # "#12 · Acme · Tell me about…" (no company: "#12 · Tell me about…")


@dataclass(frozen=True)
class AnswerDetail:
    attempt_id: int
    owner_id: int
    question: str
    media_key: str  # the recording in the media store ("" for a typed answer)
    duration_s: float | None
    transcript: str
    words: tuple[TimedWord, ...] = ()  # the speech analysis's word timings (() for a typed answer)
    # The camera timeline (seconds from the answer's start): live answers and recorded videos.
    vision_timeline: tuple[VisionFrame, ...] = ()


def answer_choices(engine: Engine, *, viewer_id: int, owner_id: int, limit: int = 200) -> list[AnswerChoice]:
    """The owner's analysed answers the viewer may read (a coach: only shared sessions), newest first."""
    with Session(engine) as db:
        sessions = {s.id: s for s in crud.list_sessions(db, viewer_id=viewer_id, owner_id=owner_id, limit=limit)}
        if not sessions:
            return []
        rows = db.exec(select(Attempt, Question).join(Question, col(Question.id) == col(Attempt.question_id))
                       .join(Analysis, col(Analysis.attempt_id) == col(Attempt.id))
                       .where(col(Attempt.session_id).in_(list(sessions)))
                       .order_by(col(Attempt.id).desc()).limit(limit)).all()
    out = []
    for attempt, question in rows:
        session: InterviewSession = sessions[attempt.session_id]
        company = str((session.options or {}).get("company_name", ""))
        out.append(AnswerChoice(attempt_id=attempt.id or 0, session_id=attempt.session_id,
                                label=join_label([f"#{attempt.session_id}", company, question.text[:70]])))
    return out


def answer_detail(engine: Engine, *, viewer_id: int, attempt_id: int) -> AnswerDetail:
    """One answer as the viewer may see it (AccessDenied otherwise)."""
    with Session(engine) as db:
        attempt = crud.get_attempt(db, viewer_id=viewer_id, attempt_id=attempt_id)
        question = crud.get_question(db, viewer_id=viewer_id, question_id=attempt.question_id)
        analysis = crud.get_analysis(db, viewer_id=viewer_id, attempt_id=attempt_id)
        # The candidate's own view leaves out the camera if a coach's assignment hides it.
        shown = visible_measures_by_session(db, owner_id=viewer_id).get(attempt.session_id, ()) \
            if attempt.user_id == viewer_id else ()
    frames = tuple(VisionFrame.from_dict(f) for f in attempt.vision_timeline or []
                   if isinstance(f, Mapping)) if shows(shown, "camera") else ()
    stored = AnswerAnalysis.from_dict(analysis.payload if analysis is not None else None)
    speech = stored.speech
    duration = attempt.duration_s if attempt.duration_s is not None else speech.duration_s if speech else None
    return AnswerDetail(attempt_id=attempt_id, owner_id=attempt.user_id, question=question.text,
                        media_key=attempt.video_path or attempt.audio_path, duration_s=duration,
                        transcript=stored.transcript or attempt.transcript or attempt.text_answer,
                        words=speech.words if speech else (), vision_timeline=frames)
