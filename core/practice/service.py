"""The practice service: one path for the Practice page and `python -m core run-session`.

The walk of one interview:
    start_session -> next_question -> begin_attempt -> (media written) -> submit_answer
    -> next_question (a follow-up when the interviewer asks for one) ... -> finish_session

Rules kept here so that the page and the CLI cannot drift apart:
- The attempt row exists before anything is recorded ("recording"), and is marked "saved"
  before any analysis starts: a crash during analysis never loses the answer.
- An answer is analysed once; the payload is stored in `Analysis` and re-reads return it.
- A failed analysis marks the attempt "failed" with a reason and keeps the media, so
  `reanalyze` can try again later.
- After a browser reload, `resume(user_id)` rebuilds where the user was from the database.

Threading: a service instance holds no per-user state; each call opens its own database
session, so one instance may be shared (e.g. cached by the page) across reruns.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.config import Settings
from core.db import crud
from core.db.limits import require_fits
from core.db.models import Analysis, Attempt, Company, InterviewSession, Question, utcnow
from core.feedback.analyze import AnswerInput, analyze_answer
from core.interview import InterviewContext, QuestionDraft
from core.practice import integration
from core.preferences import BLIND_CHECK, DEFAULTS

log = logging.getLogger(__name__)

ANSWERED_STATUSES = ("saved", "analyzing", "analyzed", "failed")  # a question with one of these is done
SESSION_MODES = ("practice", "exam")
MAIN_POSITION_STEP = 100  # main questions at 0, 100, 200...; follow-ups right after their parent
MODES = ("live", "audio", "upload", "text")
TIMED_ANSWER_S = 50.0  # s; the AI역량검사 format answers in 50 s (FEEDBACK_EVIDENCE.md)


def _failure_reason(exc: Exception, language: str) -> str:
    """Why an answer could not be analysed, for the user in the session's language when the
    failure is one they can act on (no speech, a silent or undecodable recording), else the
    technical reason (max 500 characters)."""
    from core.i18n import t
    from core.media.audio import AudioError

    if isinstance(exc, PracticeError) and exc.key != "practice.error":
        return t(exc.key, language)[:500]
    if isinstance(exc, AudioError):
        return t(exc.message_key, language, **exc.values)[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


class PracticeError(Exception):
    """A practice step that cannot go on (unknown company, no questions, nothing to analyse).

    `key` is an i18n message key for the page; the message is for logs and the CLI."""

    def __init__(self, message: str, key: str = "practice.error") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class FollowUp:
    question_id: int
    text: str
    reason: str
    kind: str


@dataclass(frozen=True)
class AnswerResult:
    """What the page shows right after an answer, and what the CLI prints."""

    attempt_id: int
    question_id: int
    status: str  # analyzed | failed
    score: float | None
    transcript: str
    feedback: list[dict[str, Any]]
    payload: dict[str, Any]
    follow_up: FollowUp | None = None
    error: str = ""
    analysis_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"attempt_id": self.attempt_id, "question_id": self.question_id, "status": self.status,
                "score": self.score, "transcript": self.transcript, "feedback": self.feedback,
                "grades": self.payload.get("grades", {}), "scores": self.payload.get("scores", {}),
                "follow_up": None if self.follow_up is None else self.follow_up.__dict__,
                "error": self.error, "analysis_s": self.analysis_s}


@dataclass(frozen=True)
class SessionState:
    """Where a user is in their active session (rebuilt from the database after a reload)."""

    session_id: int
    status: str
    language: str
    company: str
    role: str
    persona: str
    questions: list[Question]
    current: Question | None
    open_attempt: Attempt | None  # a "recording" attempt of the current question (interrupted)
    answered: int
    # failed, or saved but never analysed (the process stopped mid-analysis): offer re-analysis
    failed_attempt_ids: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # interviewer notices (e.g. LLM fell back)

    @property
    def total(self) -> int:
        return len(self.questions)


class PracticeService:
    """Runs interviews: plans questions, records attempts, analyses answers, builds reports."""

    def __init__(self, engine: Engine, settings: Settings, *, interviewer: Any = None, retriever: Any = None,
                 transcribe: Callable[..., dict[str, Any]] | None = None,
                 clock: Callable[[], datetime] | None = None, refine: Any = None,
                 use_default_retriever: bool = True) -> None:
        self.engine = engine
        self.settings = settings
        self._interviewer = interviewer
        self._retriever = retriever
        # Without an injected retriever, each request gets the library retriever scoped to the
        # acting user (shared sample companies + that user's own companies).
        self._use_default_retriever = retriever is None and use_default_retriever
        self._transcribe = transcribe
        self.clock = clock or utcnow
        self._refine = refine
        self._refine_loaded = refine is not None

    # ------------------------------------------------------------------ collaborators (lazy)
    def retriever_for(self, user_id: int | None) -> Any | None:
        """The injected retriever, or the company library as `user_id` may see it."""
        if not self._use_default_retriever:
            return self._retriever
        return integration.default_retriever(self.settings, user_id=user_id)

    def interviewer_for(self, user_id: int | None) -> Any:
        """The injected interviewer, or a new one for this request: cheap to build, and its
        notices and LLM failure count then belong to this user, not to everyone."""
        if self._interviewer is not None:
            return self._interviewer
        return integration.default_interviewer(self.settings, self.retriever_for(user_id))

    @property
    def transcribe(self) -> Callable[..., dict[str, Any]]:
        if self._transcribe is None:
            self._transcribe = integration.default_speech(self.settings)
        return self._transcribe

    def warm_up(self) -> None:
        """Load the interviewer, the company library and the acoustic measures now (they cost
        seconds on first use), so the first answer's feedback is as fast as later ones.
        Safe to call from a background thread while the user checks their devices."""
        self.interviewer_for(None)
        integration.warm_speech()

    @property
    def refine(self) -> Any:
        """The optional LLM feedback pass (None offline: rules only)."""
        if not self._refine_loaded:
            from core.feedback.llm import default_refiner

            self._refine = default_refiner(self.settings)
            self._refine_loaded = True
        return self._refine

    def _db(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # ------------------------------------------------------------------ paths
    def media_path(self, attempt: Attempt) -> Path:
        """Absolute path of the attempt's recording (`media_dir/<user>/<session>/attempt-<id>.wav`)."""
        return self.settings.media_dir / attempt.audio_path

    @staticmethod
    def _relative_media(user_id: int, session_id: int, attempt_id: int, suffix: str = ".wav") -> str:
        return f"{user_id}/{session_id}/attempt-{attempt_id}{suffix}"

    # ------------------------------------------------------------------ sessions
    def start_session(self, user_id: int, *, company_id: int | None = None, company: str | None = None,
                      role: str = "", persona: str = "lead", language: str = "en", format: str = "standard",
                      stages: Sequence[int] = (1, 2, 3), questions_per_stage: int = 2, max_followup_depth: int = 1,
                      resume_document_id: int | None = None, job_document_id: int | None = None,
                      options: dict[str, Any] | None = None, mode: str = "practice") -> int:
        """Create an interview session and return its id (questions are planned on the first
        `next_question`, so starting is instant). `mode`: "practice" (summary, hints and
        "Answer again" after each answer) or "exam" (one take per question, feedback at the end)."""
        if mode not in SESSION_MODES:
            raise PracticeError(f"unknown mode {mode!r}", "practice_loop.error.mode")
        if persona not in ("lead", "executive"):
            raise PracticeError(f"unknown persona {persona!r}", "practice.error.persona")
        stage_list = sorted({int(s) for s in stages if int(s) in (1, 2, 3)})
        if not stage_list:
            raise PracticeError("choose at least one stage (1, 2, 3)", "practice.error.stages")
        # Refused before anything is written (the same on SQLite and PostgreSQL).
        role = require_fits(InterviewSession, "role", role)
        if company:
            require_fits(Company, "name", company)
        with self._db() as db:
            company_row = self._resolve_company(db, user_id, company_id, company)
            for doc_id in (resume_document_id, job_document_id):
                if doc_id is not None:
                    crud.get_document(db, viewer_id=user_id, document_id=doc_id)
            opts = dict(options or {})
            opts.setdefault("company_name", company_row.name if company_row else (company or "").strip())
            row = crud.create_session(
                db, owner_id=user_id, role=role.strip(), persona=persona, language="ko" if language == "ko" else "en",
                format=format, stages=stage_list, questions_per_stage=max(1, int(questions_per_stage)),
                max_followup_depth=max(0, int(max_followup_depth)),
                company_id=company_row.id if company_row else None, resume_document_id=resume_document_id,
                job_document_id=job_document_id, options=opts, created_at=self.clock(), mode=mode)
            assert row.id is not None
            return row.id

    @staticmethod
    def _resolve_company(db: Session, user_id: int, company_id: int | None, name: str | None) -> Company | None:
        if company_id is not None:
            return crud.get_company(db, viewer_id=user_id, company_id=company_id)
        if name and name.strip():
            found = crud.find_company(db, viewer_id=user_id, name=name)
            # An unknown company is still a valid practice target: it simply has no library yet.
            return found or crud.create_company(db, owner_id=user_id, name=name.strip())
        return None

    def _owned_session(self, db: Session, user_id: int, session_id: int) -> InterviewSession:
        row = crud.get_session(db, viewer_id=user_id, session_id=session_id)
        if row.user_id != user_id:
            raise crud.AccessDenied("not yours")
        return row

    def _context(self, db: Session, row: InterviewSession) -> InterviewContext:
        """The interviewer's `InterviewContext` for a stored session (rebuilt on every call)."""
        resume_text, claims, job_text = "", [], ""
        if row.resume_document_id:
            doc = crud.get_document(db, viewer_id=row.user_id, document_id=row.resume_document_id)
            resume_text = doc.text
            claims = list(((doc.structured or {}).get("analysis") or {}).get("claims") or [])
        if row.job_document_id:
            job_text = crud.get_document(db, viewer_id=row.user_id, document_id=row.job_document_id).text
        company = str((row.options or {}).get("company_name", ""))
        return InterviewContext(
            company=company, role=row.role, persona=row.persona, language=row.language, format=row.format,
            stages=tuple(row.stages), questions_per_stage=row.questions_per_stage, resume_text=resume_text,
            resume_claims=tuple(claims), job_text=job_text, retriever=self.retriever_for(row.user_id),
            seed=row.id or 0, max_followup_depth=row.max_followup_depth,
            avoid_bank_ids=frozenset(self._asked_bank_ids(db, row)))

    @staticmethod
    def _asked_bank_ids(db: Session, row: InterviewSession) -> set[str]:
        """Bank questions the user was asked in earlier sessions (the interviewer prefers new ones)."""
        earlier = db.exec(select(Question.bank_id).join(InterviewSession,
                                                        col(Question.session_id) == col(InterviewSession.id))
                          .where(InterviewSession.user_id == row.user_id, InterviewSession.id != row.id,
                                 Question.bank_id != "")).all()
        return {str(b) for b in earlier}

    # ------------------------------------------------------------------ questions
    def next_question(self, user_id: int, session_id: int) -> Question | None:
        """The next question to answer (planning the interview on the first call); None when done."""
        with self._db() as db:
            row = self._owned_session(db, user_id, session_id)
            questions = crud.list_questions(db, viewer_id=user_id, session_id=session_id)
            if not questions and not (row.options or {}).get("planned"):
                # Two reruns of the page may ask at once: plan once per session in this process.
                with _plan_lock(session_id):
                    questions = crud.list_questions(db, viewer_id=user_id, session_id=session_id)
                    if not questions:
                        questions = self._plan(db, row)
            return self._first_unanswered(db, questions)

    def _plan(self, db: Session, row: InterviewSession) -> list[Question]:
        started = time.perf_counter()
        interviewer = self.interviewer_for(row.user_id)
        drafts = list(interviewer.plan(self._context(db, row)))
        notices = _take_notices(interviewer)
        if not drafts:
            raise PracticeError("the interviewer produced no questions", "practice.error.no_questions")
        out = []
        for i, draft in enumerate(drafts):
            question = self._question_from_draft(draft, session_id=row.id or 0, position=i * MAIN_POSITION_STEP,
                                                 persona=row.persona)
            out.append(crud.add_question(db, owner_id=row.user_id, question=question))
        options = dict(row.options or {})
        options["planned"] = True
        options["plan_s"] = round(time.perf_counter() - started, 3)
        if notices:
            options["notices"] = list(dict.fromkeys([*options.get("notices", []), *notices]))[-5:]
        crud.update_session(db, owner_id=row.user_id, session_id=row.id or 0, options=options)
        return out

    @staticmethod
    def _question_from_draft(draft: Any, *, session_id: int, position: int, persona: str,
                             parent: Question | None = None) -> Question:
        sources = [integration.to_dict(s) for s in (getattr(draft, "sources", None) or [])]
        return Question(session_id=session_id, position=position, stage=int(getattr(draft, "stage", 1) or 1),
                        persona=str(getattr(draft, "persona", "") or persona), text=str(draft.text),
                        competency=str(getattr(draft, "competency", "") or "")[:64], sources=sources,
                        origin=str(getattr(draft, "origin", "") or "bank")[:16],
                        reason=str(getattr(draft, "reason", "") or ""),
                        strong_answer=str(getattr(draft, "strong_answer", "") or ""),
                        bank_id=str(getattr(draft, "bank_id", "") or "")[:64],
                        parent_id=parent.id if parent else None, depth=(parent.depth + 1) if parent else 0)

    @staticmethod
    def _answered_ids(db: Session, question_ids: list[int]) -> set[int]:
        if not question_ids:
            return set()
        rows = db.exec(select(Attempt.question_id).where(col(Attempt.question_id).in_(question_ids),
                                                         col(Attempt.status).in_(ANSWERED_STATUSES))).all()
        return set(rows)

    def _first_unanswered(self, db: Session, questions: list[Question]) -> Question | None:
        answered = self._answered_ids(db, [q.id for q in questions if q.id is not None])
        for question in sorted(questions, key=lambda q: (q.position, q.id or 0)):
            if question.id not in answered:
                return question
        return None

    # ------------------------------------------------------------------ attempts
    def begin_attempt(self, user_id: int, question_id: int, mode: str = "live") -> Attempt:
        """Create the attempt row (status "recording") before anything is recorded, with the
        path where its audio goes. An earlier interrupted recording of the question is "lost"."""
        if mode not in MODES:
            raise PracticeError(f"unknown mode {mode!r}", "practice.error.mode")
        with self._db() as db:
            question = crud.get_question(db, viewer_id=user_id, question_id=question_id)
            self._owned_session(db, user_id, question.session_id)
            stale = db.exec(select(Attempt).where(Attempt.question_id == question_id, Attempt.user_id == user_id,
                                                  Attempt.status == "recording")).all()
            for old in stale:
                crud.update_attempt(db, owner_id=user_id, attempt_id=old.id or 0, status="lost",
                                    error="interrupted before it was saved")
            attempt = crud.create_attempt(db, owner_id=user_id, question_id=question_id, mode=mode,
                                          status="recording", started_at=self.clock())
            rel = self._relative_media(user_id, question.session_id, attempt.id or 0)
            attempt = crud.update_attempt(db, owner_id=user_id, attempt_id=attempt.id or 0, audio_path=rel)
            self.media_path(attempt).parent.mkdir(parents=True, exist_ok=True)
            return attempt

    def submit_answer(self, user_id: int, attempt_id: int, *, audio_path: str | Path | None = None,
                      text: str | None = None, vision_timeline: list[dict[str, Any]] | None = None,
                      transcript: Any = None) -> AnswerResult:
        """Save the answer, analyse it once (speech + vision + content), store the analysis and
        let the interviewer decide on a follow-up.

        `audio_path`: a recording to copy into the attempt's media path (the live recorder writes
        there directly and passes nothing). `transcript`: the `core.speech` Transcript made during
        the answer by the ChunkedTranscriber (skips a second transcription; a plain string is
        stored as the text but the recording is still transcribed for word timings).
        `text`: a typed answer.
        """
        transcript_text = str(getattr(transcript, "text", transcript) or "")
        with self._db() as db:
            attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=attempt_id)
            if attempt.user_id != user_id:
                raise crud.AccessDenied("not yours")
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()
            if stored is not None:
                return self._result(attempt, stored.payload, stored.score)
            target = self.media_path(attempt) if attempt.audio_path else None
            has_audio = False
            if audio_path is not None and target is not None:
                source = Path(audio_path)
                if not source.is_file():
                    raise PracticeError(f"recording not found: {source}", "practice.error.no_recording")
                if source.suffix.lower() != target.suffix:
                    target = target.with_suffix(source.suffix.lower())
                target.parent.mkdir(parents=True, exist_ok=True)
                if source.resolve() != target.resolve():
                    shutil.copyfile(source, target)
                has_audio = True
            elif target is not None and target.is_file() and target.stat().st_size > 0:
                has_audio = True
            rel_audio = str(target.relative_to(self.settings.media_dir)) if has_audio and target else ""
            if not has_audio and not (text or "").strip() and not transcript_text.strip():
                raise PracticeError("nothing to analyse: no recording and no text", "practice.error.empty_answer")
            # Saved first: from here on the answer survives any failure of the analysis.
            attempt = crud.update_attempt(
                db, owner_id=user_id, attempt_id=attempt_id, status="saved", audio_path=rel_audio,
                text_answer=(text or "").strip(), transcript=transcript_text.strip(),
                vision_timeline=list(vision_timeline or []), ended_at=self.clock())
        result = self._analyze(user_id, attempt_id, live_transcript=transcript if hasattr(transcript, "words")
                               else None)
        if result.status == "analyzed":
            follow = self._decide_follow_up(user_id, attempt_id, result.transcript)
            if follow is not None:
                result = AnswerResult(**{**result.__dict__, "follow_up": follow})
        return result

    def reanalyze(self, user_id: int, attempt_id: int) -> AnswerResult:
        """Analyse a saved or failed attempt again (its media were kept). Analysed ones are
        returned as stored: an analysis is never recomputed."""
        return self._analyze(user_id, attempt_id)

    def get_result(self, user_id: int, attempt_id: int) -> AnswerResult | None:
        """The stored result of an attempt (None before it was analysed)."""
        with self._db() as db:
            attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=attempt_id)
            stored = crud.get_analysis(db, viewer_id=user_id, attempt_id=attempt_id)
            return None if stored is None else self._result(attempt, stored.payload, stored.score)

    def _result(self, attempt: Attempt, payload: dict[str, Any], score: float | None,
                status: str = "analyzed") -> AnswerResult:
        return AnswerResult(attempt_id=attempt.id or 0, question_id=attempt.question_id, status=status,
                            score=score, transcript=str(payload.get("transcript", "")),
                            feedback=list(payload.get("feedback", [])), payload=payload,
                            analysis_s=(payload.get("timings") or {}).get("total_s"))

    def _analyze(self, user_id: int, attempt_id: int, live_transcript: Any = None) -> AnswerResult:
        started = time.perf_counter()
        with self._db() as db:
            attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=attempt_id)
            if attempt.user_id != user_id:
                raise crud.AccessDenied("not yours")
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()
            if stored is not None:
                return self._result(attempt, stored.payload, stored.score)
            if attempt.status == "recording":
                raise PracticeError("the answer was not submitted yet", "practice.error.not_saved")
            question = crud.get_question(db, viewer_id=user_id, question_id=attempt.question_id)
            row = self._owned_session(db, user_id, attempt.session_id)
            crud.update_attempt(db, owner_id=user_id, attempt_id=attempt_id, status="analyzing", error="")
            try:
                speech: dict[str, Any] | None = None
                timings: dict[str, float] = {}
                transcript = attempt.transcript or attempt.text_answer
                if attempt.audio_path and self.media_path(attempt).is_file():
                    t0 = time.perf_counter()
                    target = TIMED_ANSWER_S if row.format == "timed" else None
                    speech = self.transcribe(self.media_path(attempt), row.language, live_transcript,
                                             question=question.text, target_s=target)
                    timings["speech_s"] = round(time.perf_counter() - t0, 3)
                    transcript = str(speech.get("transcript") or transcript or "")
                if not transcript.strip():
                    raise PracticeError("no speech was recognised in the recording", "practice.error.no_speech")
                t0 = time.perf_counter()
                vision = integration.summarize_vision(list(attempt.vision_timeline or []))
                timings["vision_s"] = round(time.perf_counter() - t0, 3)
                claims = self._claims(db, row)
                payload = analyze_answer(
                    AnswerInput(answer_text=transcript, question_text=question.text, language=row.language,
                                persona=question.persona or row.persona, stage=question.stage,
                                competency=question.competency,
                                company=str((row.options or {}).get("company_name", "")), speech=speech,
                                vision=vision, claims=claims, earlier=self._earlier_answers(db, question),
                                blind_check=bool(crud.get_user_setting(db, user_id=user_id, key=BLIND_CHECK,
                                                                       default=DEFAULTS[BLIND_CHECK]))),
                    retriever=self.retriever_for(row.user_id), refine=self.refine)
                payload["question_id"] = question.id
                payload["attempt_id"] = attempt_id
                payload["timings"] = {**payload.get("timings", {}), **timings,
                                      "total_s": round(time.perf_counter() - started, 3)}
                duration = (speech or {}).get("duration_s")
                crud.update_attempt(db, owner_id=user_id, attempt_id=attempt_id, transcript=transcript,
                                    duration_s=float(duration) if isinstance(duration, int | float) else None)
                analysis = crud.save_analysis(db, owner_id=user_id, attempt_id=attempt_id, payload=payload,
                                              score=payload.get("score"))
                attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=attempt_id)
                return self._result(attempt, analysis.payload, analysis.score)
            except Exception as exc:  # noqa: BLE001 - any failure: keep the media, mark failed, say why
                db.rollback()
                reason = _failure_reason(exc, row.language)
                log.warning("analysis of attempt %s failed: %s", attempt_id, reason)
                attempt = crud.update_attempt(db, owner_id=user_id, attempt_id=attempt_id, status="failed",
                                              error=reason)
                return AnswerResult(attempt_id=attempt_id, question_id=attempt.question_id, status="failed",
                                    score=None, transcript=attempt.transcript or attempt.text_answer, feedback=[],
                                    payload={}, error=reason)

    @staticmethod
    def _earlier_answers(db: Session, question: Question) -> str:
        """The transcripts of the questions a follow-up hangs from (closest last)."""
        texts: list[str] = []
        parent_id = question.parent_id
        while parent_id is not None:
            parent = db.get(Question, parent_id)
            if parent is None:
                break
            attempt = db.exec(select(Attempt).where(Attempt.question_id == parent_id, Attempt.status == "analyzed")
                              .order_by(col(Attempt.id).desc())).first()
            if attempt is not None:
                texts.insert(0, attempt.transcript or attempt.text_answer)
            parent_id = parent.parent_id
        return "\n".join(texts)

    @staticmethod
    def _claims(db: Session, row: InterviewSession) -> list[dict[str, Any]]:
        if not row.resume_document_id:
            return []
        doc = crud.get_document(db, viewer_id=row.user_id, document_id=row.resume_document_id)
        return list(((doc.structured or {}).get("analysis") or {}).get("claims") or [])

    def _decide_follow_up(self, user_id: int, attempt_id: int, answer_text: str) -> FollowUp | None:
        with self._db() as db:
            attempt = crud.get_attempt(db, viewer_id=user_id, attempt_id=attempt_id)
            question = crud.get_question(db, viewer_id=user_id, question_id=attempt.question_id)
            row = self._owned_session(db, user_id, attempt.session_id)
            if question.depth >= row.max_followup_depth:
                return None
            existing = db.exec(select(Question).where(Question.parent_id == question.id)).first()
            if existing is not None:  # a retake of a question that already has its follow-up
                return None
            interviewer = self.interviewer_for(user_id)
            try:
                decision = interviewer.follow_up(self._context(db, row), self._draft(question), answer_text,
                                                 question.depth)
            except Exception as exc:  # noqa: BLE001 - no follow-up is better than a lost answer
                log.warning("follow-up decision failed: %s", exc)
                return None
            notices = _take_notices(interviewer)
            if notices:
                options = dict(row.options or {})
                options["notices"] = list(dict.fromkeys([*options.get("notices", []), *notices]))[-5:]
                crud.update_session(db, owner_id=user_id, session_id=row.id or 0, options=options)
            if not getattr(decision, "ask", False) or not str(getattr(decision, "text", "")).strip():
                return None
            draft = QuestionDraft(text=str(decision.text), stage=question.stage, persona=question.persona,
                                  competency=question.competency, origin="followup",
                                  reason=str(getattr(decision, "reason", "") or ""), language=row.language)
            new = self._question_from_draft(draft, session_id=question.session_id, position=question.position + 1,
                                            persona=question.persona, parent=question)
            new = crud.add_question(db, owner_id=user_id, question=new)
            return FollowUp(question_id=new.id or 0, text=new.text, reason=new.reason,
                            kind=str(getattr(decision, "kind", "") or ""))

    @staticmethod
    def _draft(question: Question) -> QuestionDraft:
        return QuestionDraft(text=question.text, stage=question.stage, persona=question.persona,
                             competency=question.competency, sources=tuple(question.sources or ()),
                             origin=question.origin, reason=question.reason, strong_answer=question.strong_answer,
                             bank_id=question.bank_id)

    # ------------------------------------------------------------------ resume and finish
    def active_session_id(self, user_id: int) -> int | None:
        with self._db() as db:
            row = db.exec(select(InterviewSession).where(InterviewSession.user_id == user_id,
                                                         InterviewSession.status == "active")
                          .order_by(col(InterviewSession.created_at).desc(), col(InterviewSession.id).desc())).first()
            return row.id if row else None

    def resume(self, user_id: int, session_id: int | None = None) -> SessionState | None:
        """The user's active session (or `session_id`) and where they were in it."""
        session_id = session_id or self.active_session_id(user_id)
        if session_id is None:
            return None
        with self._db() as db:
            row = self._owned_session(db, user_id, session_id)
            questions = crud.list_questions(db, viewer_id=user_id, session_id=session_id)
            current = self._first_unanswered(db, questions) if row.status == "active" else None
            attempts = crud.list_attempts(db, viewer_id=user_id, session_id=session_id)
            open_attempt = next((a for a in reversed(attempts)
                                 if current is not None and a.question_id == current.id and a.status == "recording"),
                                None)
            answered = len(self._answered_ids(db, [q.id for q in questions if q.id is not None]))
            return SessionState(session_id=session_id, status=row.status, language=row.language,
                                company=str((row.options or {}).get("company_name", "")), role=row.role,
                                persona=row.persona, questions=questions, current=current,
                                open_attempt=open_attempt, answered=answered,
                                failed_attempt_ids=self._unfinished_analyses(db, attempts),
                                notices=list((row.options or {}).get("notices", [])))

    @staticmethod
    def _unfinished_analyses(db: Session, attempts: Sequence[Attempt]) -> list[int]:
        """Failed attempts, and saved ones with no analysis (the process died mid-analysis)."""
        ids = [a.id for a in attempts if a.id is not None]
        analysed = set(db.exec(select(Analysis.attempt_id).where(col(Analysis.attempt_id).in_(ids))).all()) if ids \
            else set()
        return [a.id or 0 for a in attempts
                if a.status == "failed" or (a.status in ("saved", "analyzing") and a.id not in analysed)]

    def abandon_session(self, user_id: int, session_id: int) -> None:
        with self._db() as db:
            self._owned_session(db, user_id, session_id)
            crud.update_session(db, owner_id=user_id, session_id=session_id, status="abandoned")

    def finish_session(self, user_id: int, session_id: int) -> dict[str, Any]:
        """Build the session report, store it, mark the session finished; returns the report."""
        from core.report.build import build_report

        with self._db() as db:
            self._owned_session(db, user_id, session_id)
        report = build_report(self.engine, viewer_id=user_id, session_id=session_id,
                              competencies=None, retriever=None)
        with self._db() as db:
            crud.save_report(db, owner_id=user_id, session_id=session_id, payload=report,
                             overall=(report.get("overall") or {}).get("value"))
            crud.update_session(db, owner_id=user_id, session_id=session_id, status="finished",
                                finished_at=self.clock())
        return report


_PLAN_LOCKS: dict[int, threading.Lock] = {}
_PLAN_LOCKS_GUARD = threading.Lock()


def _plan_lock(session_id: int) -> threading.Lock:
    with _PLAN_LOCKS_GUARD:
        return _PLAN_LOCKS.setdefault(session_id, threading.Lock())


def _take_notices(interviewer: Any) -> list[str]:
    """One-sentence user notices the interviewer raised (e.g. the LLM step fell back offline)."""
    take = getattr(interviewer, "take_notices", None)
    return [str(n) for n in take()] if callable(take) else []
