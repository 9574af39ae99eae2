"""The practice service: one path for the Practice page and `python -m core run-session`.

The walk of one interview:
    start_session -> next_question -> begin_attempt -> (media written) -> submit_answer
    -> next_question (a follow-up when the interviewer asks for one) ... -> finish_session

This service owns every database write of the answer path (the page and the CLI never call
`crud` for practice), and every media key comes from `core.storage`:
- The attempt row exists before anything is recorded ("recording"); `submit_answer` stores
  the media and moves it to "analyzing" in one unit of work before any analysis starts, so
  a crash during analysis never loses the answer.
- An answer is analysed once (`AnswerAnalysis`); its dict form is stored in `Analysis` and
  re-reads return it. The analysis, the transcript, the follow-up question and the
  interviewer's notices are written together in one unit of work.
- A failed analysis marks the attempt "failed" with a reason and keeps the media, so
  `reanalyze` can try again later. `ATTEMPT_TRANSITIONS` lists every allowed status change.
- After a browser reload, `resume(user_id)` rebuilds where the user was from the database.

Threading: a service instance holds no per-user state; each step opens its own database
session (`session_scope`), so one instance may be shared (cached by the page) across reruns.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.capture.recorder import RecordingInfo, repair_wav
from core.coaching.visibility import hide_in_diff, visible_measures_by_session
from core.config import Settings
from core.db import crud
from core.db.engine import session_scope
from core.db.limits import require_fits
from core.db.models import Analysis, Attempt, Company, InterviewSession, Question, utcnow
from core.feedback.analyze import AnswerInput, Refiner, analyze_answer, with_context
from core.feedback.outline import Outliner
from core.feedback.retry import AttemptDiff, diff_attempts
from core.feedback.types import AnswerAnalysis, FeedbackItem, SpeechPart, Timings
from core.interview import InterviewContext, Interviewer, QuestionDraft
from core.interview.types import TIMED_ANSWER_SECONDS
from core.practice import integration
from core.practice.documents import DocumentOption, default_document, document_language
from core.practice.integration import SpeechAnalyzer, VideoVision
from core.practice.numbering import MAIN_POSITION_STEP
from core.preferences import BLIND_CHECK, DEFAULTS
from core.rag.types import Retriever
from core.resume.claims import Claim
from core.speech.types import Transcript
from core.storage import MediaStore, get_media_store
from core.storage.keys import attempt_key, with_suffix

if TYPE_CHECKING:  # built lazily in finish_session
    from core.report.types import SessionReport

log = logging.getLogger(__name__)

AttemptStatus = Literal["recording", "saved", "analyzing", "analyzed", "failed", "lost"]
# Every status change an attempt may make, in one place (anything else is a bug).
# "analyzing" -> "analyzing": the process stopped mid-analysis and `reanalyze` claims it again.
ATTEMPT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "recording": frozenset({"saved", "analyzing", "lost"}),
    "saved": frozenset({"analyzing", "failed"}),
    "analyzing": frozenset({"analyzing", "analyzed", "failed"}),
    "failed": frozenset({"analyzing"}),
    "analyzed": frozenset(),
    "lost": frozenset(),
}
# One short answer per language, analysed once by `PracticeService.warm_up` (never stored).
_WARM_ANSWERS = {
    "en": ("Tell me about a project you led.",
           "Last year I led the move of our payment service to a new database. I planned the migration "
           "with the operations team and tested every script on a copy of the data."),
    "ko": ("이끌었던 프로젝트에 대해 말씀해 주세요.",
           "작년에 저는 결제 서비스를 새 데이터베이스로 옮기는 일을 이끌었습니다. 운영팀과 함께 계획을 세우고 "
           "모든 스크립트를 데이터 사본으로 시험했습니다."),
}
ANSWERED_STATUSES = ("saved", "analyzing", "analyzed", "failed")  # a question with one of these is done
SESSION_MODES = ("practice", "exam")
MODES = ("live", "audio", "upload", "text")
MIN_RECOVERED_S = 1.0  # s: a shorter interrupted recording is not worth analysing
MAX_NOTICES = 5  # interviewer notices kept per session (the newest)


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


def move_attempt(attempt: Attempt, status: AttemptStatus, *, error: str = "") -> None:
    """Change an attempt's status if `ATTEMPT_TRANSITIONS` allows it (raises PracticeError if not)."""
    if status not in ATTEMPT_TRANSITIONS.get(attempt.status, frozenset()):
        raise PracticeError(f"attempt {attempt.id}: {attempt.status} -> {status} is not allowed",
                            "practice.error.not_saved" if attempt.status == "recording" else "practice.error")
    attempt.status = status
    attempt.error = error[:500]


def reuse_live_transcript(transcript: Transcript | None) -> bool:
    """Whether the transcript made during the answer stands for the recording.

    The one place this is decided: a live transcript with words is used as is (the
    recording is then only measured, not transcribed again); no transcript, one without
    words (the live transcriber failed or heard nothing yet), or one caught in Whisper's
    repetition loop (`Transcript.has_decoding_loop`: the live chunks were misheard) means
    transcribing the whole file."""
    return transcript is not None and bool(transcript.words) and not transcript.has_decoding_loop()


@dataclass(frozen=True)
class FollowUp:
    question_id: int
    text: str
    reason: str
    kind: str


@dataclass(frozen=True)
class AttemptStart:
    """A new attempt: its id and where the live recorder writes (a local path from the store)."""

    attempt_id: int
    question_id: int
    audio_path: Path
    video_path: Path | None = None


@dataclass(frozen=True)
class QuestionClock:
    """How long a question has been on screen, by its stored first-shown time
    (`Question.shown_at`), for the timed format's clock after a reload."""

    shown_at: datetime  # when the question first appeared (UTC); the service's now if it never had
    elapsed_s: float  # s from `shown_at` to the service's clock (>= 0)
    # It had appeared before at a time nobody kept (a session from before migration 0006):
    # its clock starts now, and the page says so.
    restarted: bool = False


@dataclass(frozen=True)
class AnswerResult:
    """What the page shows right after an answer, and what the CLI prints."""

    attempt_id: int
    question_id: int
    status: str  # analyzed | failed
    transcript: str
    analysis: AnswerAnalysis | None = None
    follow_up: FollowUp | None = None
    error: str = ""

    @property
    def score(self) -> float | None:
        return None if self.analysis is None else self.analysis.score

    @property
    def feedback(self) -> tuple[FeedbackItem, ...]:
        return () if self.analysis is None else self.analysis.feedback

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON shape."""
        data = self.analysis.to_dict() if self.analysis is not None else {}
        return {"attempt_id": self.attempt_id, "question_id": self.question_id, "status": self.status,
                "score": self.score, "transcript": self.transcript, "feedback": data.get("feedback", []),
                "grades": data.get("grades", {}), "scores": data.get("scores", {}),
                "follow_up": None if self.follow_up is None else self.follow_up.__dict__,
                "error": self.error, "analysis_s": None if self.analysis is None else self.analysis.timings.total_s}


@dataclass(frozen=True)
class SessionState:
    """Where a user is in their active session (rebuilt from the database after a reload)."""

    session_id: int
    status: str
    language: str
    format: str
    company: str
    role: str
    persona: str
    options: Mapping[str, Any]
    questions: list[Question]
    current: Question | None
    open_attempt: Attempt | None  # a "recording" attempt of the current question (interrupted)
    answered: int
    # failed, or saved but never analysed (the process stopped mid-analysis): offer re-analysis
    failed_attempt_ids: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # interviewer notices (e.g. LLM fell back)
    mode: str = "practice"  # one of SESSION_MODES

    @property
    def total(self) -> int:
        return len(self.questions)


@dataclass(frozen=True)
class SetupChoices:
    """What the set-up form offers: the companies and the candidate's own documents (newest first)."""

    companies: tuple[str, ...]
    resumes: tuple[DocumentOption, ...]
    job_postings: tuple[DocumentOption, ...]

    def default_resume(self, language: str) -> int | None:
        """The resume picked until the user chooses: the newest in the interview's language."""
        return default_document(self.resumes, language)

    def default_job_posting(self, language: str) -> int | None:
        """The job posting picked until the user chooses: the newest in the interview's language."""
        return default_document(self.job_postings, language)


@dataclass(frozen=True)
class _AnswerJob:
    """Everything the analysis of one attempt needs, read in the unit of work that saved it."""

    attempt_id: int
    question_id: int
    session_id: int
    audio_key: str
    text: str
    language: str
    format: str
    persona: str
    stage: int
    competency: str
    depth: int
    max_followup_depth: int
    has_follow_up: bool
    question: QuestionDraft
    company: str
    claims: tuple[Claim, ...]
    earlier: str
    vision_timeline: tuple[dict[str, Any], ...]
    context: InterviewContext
    blind_check: bool = True  # the user's preference (core.preferences.BLIND_CHECK)


class PracticeService:
    """Runs interviews: plans questions, records attempts, analyses answers, builds reports."""

    def __init__(self, engine: Engine, settings: Settings, *, interviewer: Interviewer | None = None,
                 retriever: Retriever | None = None, transcribe: SpeechAnalyzer | None = None,
                 clock: Callable[[], datetime] | None = None, refine: Refiner | None = None,
                 use_default_retriever: bool = True, media: MediaStore | None = None,
                 outliner: Outliner | None = None, video_vision: VideoVision | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.media = media or get_media_store(settings)
        self._interviewer = interviewer
        self._retriever = retriever
        # Without an injected retriever, each request gets the library retriever scoped to the
        # acting user (shared sample companies + that user's own companies).
        self._use_default_retriever = retriever is None and use_default_retriever
        self._transcribe = transcribe
        self.clock = clock or utcnow
        self._refine = refine
        self._refine_loaded = refine is not None
        self._outliner = outliner
        self._outliner_loaded = outliner is not None
        self._video_vision = video_vision

    # ------------------------------------------------------------------ collaborators (lazy)
    def retriever_for(self, user_id: int | None) -> Retriever | None:
        """The injected retriever, or the company library as `user_id` may see it."""
        if not self._use_default_retriever:
            return self._retriever
        return integration.default_retriever(self.settings, user_id=user_id)

    def interviewer_for(self, user_id: int | None) -> Interviewer:
        """The injected interviewer, or a new one for this request: cheap to build, and its
        notices and LLM failure count then belong to this user, not to everyone."""
        if self._interviewer is not None:
            return self._interviewer
        return integration.default_interviewer(self.settings, self.retriever_for(user_id))

    @property
    def video_vision(self) -> VideoVision:
        """The camera timeline of a recorded video file (batch, run-session, uploads)."""
        if self._video_vision is None:
            self._video_vision = integration.default_video_vision(self.settings)
        return self._video_vision

    @property
    def transcribe(self) -> SpeechAnalyzer:
        if self._transcribe is None:
            self._transcribe = integration.default_speech(self.settings)
        return self._transcribe

    def warm_up(self, language: str = "en") -> None:
        """Load the interviewer, the company library, the acoustic measures and the content
        feedback (the answer reader's embedder and its imports) now: they cost seconds on first
        use — the first answer's analysis took 2.6 s against 0.2-0.4 s for later ones in the
        issue 18 browser benchmark, 9 s cold on a busy machine — so the first answer's feedback
        is as fast as later ones. Safe to call from a background thread while the user checks
        their devices."""
        self.interviewer_for(None)
        integration.warm_speech()
        question, answer = _WARM_ANSWERS["ko" if language == "ko" else "en"]
        analyze_answer(AnswerInput(answer_text=answer, question_text=question, language=language),
                       retriever=None, refine=None, outliner=None)

    @property
    def refine(self) -> Refiner | None:
        """The optional LLM feedback pass (None offline: rules only)."""
        if not self._refine_loaded:
            from core.feedback.llm import default_refiner

            self._refine = default_refiner(self.settings)
            self._refine_loaded = True
        return self._refine

    @property
    def outliner(self) -> Outliner | None:
        """The LLM's better-answer outline, held to the no-new-fact rule (None offline: the
        outline is built from the candidate's own sentences)."""
        if not self._outliner_loaded:
            from core.feedback.llm import default_outliner

            self._outliner = default_outliner(self.settings)
            self._outliner_loaded = True
        return self._outliner

    # ------------------------------------------------------------------ owner-scoped reads
    @staticmethod
    def get_own_session(db: Session, user_id: int, session_id: int) -> InterviewSession:
        """The session if `user_id` owns it (a coach's read access is not enough to act)."""
        row = db.get(InterviewSession, session_id)
        if row is None or row.user_id != user_id:
            raise crud.AccessDenied("no such session")
        return row

    @staticmethod
    def get_own_question(db: Session, user_id: int, question_id: int) -> tuple[Question, InterviewSession]:
        question = db.get(Question, question_id)
        if question is None:
            raise crud.AccessDenied("no such question")
        return question, PracticeService.get_own_session(db, user_id, question.session_id)

    @staticmethod
    def get_own_attempt(db: Session, user_id: int, attempt_id: int) -> Attempt:
        attempt = db.get(Attempt, attempt_id)
        if attempt is None or attempt.user_id != user_id:
            raise crud.AccessDenied("no such attempt")
        return attempt

    # ------------------------------------------------------------------ media
    def media_path(self, attempt: Attempt) -> Path:
        """A local path of the attempt's recording (from the media store)."""
        return self.media.local_path(attempt.audio_path)

    # ------------------------------------------------------------------ sessions
    def setup_choices(self, user_id: int) -> SetupChoices:
        """Companies the user may practise for and their resumes / job postings, newest first."""
        with session_scope(self.engine) as db:
            companies = tuple(c.name for c in crud.list_companies(db, viewer_id=user_id))
            resumes, postings = (
                tuple(DocumentOption(d.id or 0, d.title, document_language(d.text, d.structured))
                      for d in crud.list_documents(db, viewer_id=user_id, kind=kind))
                for kind in ("resume", "job_posting"))
        return SetupChoices(companies=companies, resumes=resumes, job_postings=postings)

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
        with session_scope(self.engine) as db:
            company_row = self._resolve_company(db, user_id, company_id, company)
            for doc_id in (resume_document_id, job_document_id):
                if doc_id is not None:
                    crud.get_document(db, viewer_id=user_id, document_id=doc_id)
            opts = dict(options or {})
            opts.setdefault("company_name", company_row.name if company_row else (company or "").strip())
            row = InterviewSession(
                user_id=user_id, role=role.strip(), persona=persona, language="ko" if language == "ko" else "en",
                format=format, stages=stage_list, questions_per_stage=max(1, int(questions_per_stage)),
                max_followup_depth=max(0, int(max_followup_depth)),
                company_id=company_row.id if company_row else None, resume_document_id=resume_document_id,
                job_document_id=job_document_id, options=opts, created_at=self.clock(), mode=mode)
            db.add(row)
            db.flush()
            assert row.id is not None
            return row.id

    @staticmethod
    def _resolve_company(db: Session, user_id: int, company_id: int | None, name: str | None) -> Company | None:
        if company_id is not None:
            return crud.get_company(db, viewer_id=user_id, company_id=company_id)
        if name and name.strip():
            found = crud.find_company(db, viewer_id=user_id, name=name)
            if found is not None:
                return found
            # An unknown company is still a valid practice target: it simply has no library yet.
            created = Company(owner_id=user_id, name=name.strip())
            db.add(created)
            db.flush()
            return created
        return None

    def _context(self, db: Session, row: InterviewSession) -> InterviewContext:
        """The interviewer's `InterviewContext` for a stored session (rebuilt on every call)."""
        resume_text, job_text = "", ""
        claims: tuple[Claim, ...] = ()
        if row.resume_document_id:
            doc = crud.get_document(db, viewer_id=row.user_id, document_id=row.resume_document_id)
            resume_text = doc.text
            claims = self._claims(db, row)
        if row.job_document_id:
            job_text = crud.get_document(db, viewer_id=row.user_id, document_id=row.job_document_id).text
        return InterviewContext(
            company=_company(row), role=row.role, persona=row.persona, language=row.language, format=row.format,
            stages=tuple(row.stages), questions_per_stage=row.questions_per_stage, resume_text=resume_text,
            resume_claims=claims, job_text=job_text, retriever=self.retriever_for(row.user_id),
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

    @staticmethod
    def _claims(db: Session, row: InterviewSession) -> tuple[Claim, ...]:
        """The stored analysis's claims of the session's resume (read at the DB edge)."""
        if not row.resume_document_id:
            return ()
        doc = crud.get_document(db, viewer_id=row.user_id, document_id=row.resume_document_id)
        stored = ((doc.structured or {}).get("analysis") or {}).get("claims") or ()
        return tuple(Claim.from_dict(c) for c in stored if isinstance(c, dict))

    # ------------------------------------------------------------------ questions
    def next_question(self, user_id: int, session_id: int) -> Question | None:
        """The next question to answer (planning the interview on the first call); None when done."""
        with session_scope(self.engine) as db:
            row = self.get_own_session(db, user_id, session_id)
            questions = _questions(db, session_id)
            if not questions and not (row.options or {}).get("planned"):
                # Two reruns of the page may ask at once: plan once per session in this process.
                with _plan_lock(session_id):
                    questions = _questions(db, session_id)
                    if not questions:
                        questions = self._plan(db, row)
                        db.commit()  # inside the lock: the next caller sees the plan, never plans again
            question = self._first_unanswered(db, questions)
            if question is not None and question.shown_at is None:
                question.shown_at = self.clock()  # handed out to be asked: its clock starts now
                db.add(question)
            return question

    def show_question(self, user_id: int, question_id: int) -> QuestionClock:
        """The question is on screen again after a reload: when it first appeared (the timed
        format's clock counts from then), stamped now if it never had.

        A question without a stamp is one the page never showed (the reload came on the
        summary of the answer before it) — unless no question of its session has a stamp:
        then the session predates migration 0006, the question may have been on screen for
        any time, and the result says `restarted`. Raises `crud.AccessDenied` for another
        user's question."""
        with session_scope(self.engine) as db:
            question, _row = self.get_own_question(db, user_id, question_id)
            now = self.clock()
            restarted = False
            if question.shown_at is None:
                stamped = db.exec(select(Question.id).where(Question.session_id == question.session_id,
                                                            col(Question.shown_at).is_not(None))).first()
                restarted = stamped is None
                question.shown_at = now
                db.add(question)
            shown_at = question.shown_at
            return QuestionClock(shown_at=shown_at, elapsed_s=max(0.0, (now - shown_at).total_seconds()),
                                 restarted=restarted)

    def save_draft(self, user_id: int, question_id: int, text: str) -> None:
        """Keep the answer typed so far (not sent) with the question, so a reload shows it
        again; `submit_answer` clears it. Raises `crud.AccessDenied` for another user's question."""
        with session_scope(self.engine) as db:
            question, _row = self.get_own_question(db, user_id, question_id)
            question.draft = text
            db.add(question)

    def _plan(self, db: Session, row: InterviewSession) -> list[Question]:
        started = time.perf_counter()
        interviewer = self.interviewer_for(row.user_id)
        drafts = list(interviewer.plan(self._context(db, row)))
        notices = interviewer.take_notices()
        if not drafts:
            raise PracticeError("the interviewer produced no questions", "practice.error.no_questions")
        out = [_question_from_draft(d, session_id=row.id or 0, position=i * MAIN_POSITION_STEP, persona=row.persona)
               for i, d in enumerate(drafts)]
        db.add_all(out)
        options = dict(row.options or {}, planned=True, plan_s=round(time.perf_counter() - started, 3))
        row.options = _with_notices(options, notices)
        db.add(row)
        db.flush()
        return out

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
        media key where its audio goes. An earlier interrupted recording of the question is "lost"."""
        if mode not in MODES:
            raise PracticeError(f"unknown mode {mode!r}", "practice.error.mode")
        with session_scope(self.engine) as db:
            question, row = self.get_own_question(db, user_id, question_id)
            if row.mode == "exam" and self._answered_ids(db, [question_id]):
                # An exam is one take per question; practice mode allows "Answer again".
                raise PracticeError(f"question {question_id} was already answered in this exam",
                                    "practice_modes.error.one_take")
            stale = db.exec(select(Attempt).where(Attempt.question_id == question_id, Attempt.user_id == user_id,
                                                  Attempt.status == "recording")).all()
            for old in stale:
                move_attempt(old, "lost", error="interrupted before it was saved")
                db.add(old)
            attempt = Attempt(question_id=question_id, session_id=question.session_id, user_id=user_id, mode=mode,
                              status="recording", started_at=self.clock())
            db.add(attempt)
            db.flush()
            attempt.audio_path = attempt_key(user_id, question.session_id, attempt.id or 0)
            db.add(attempt)
            return attempt

    def start_recording(self, user_id: int, question_id: int, *, with_video: bool = False) -> AttemptStart:
        """A live attempt and the local paths its recorder writes (audio always, video if asked)."""
        attempt = self.begin_attempt(user_id, question_id, "live")
        audio = self.media.local_path(attempt.audio_path)
        video = self.media.local_path(with_suffix(attempt.audio_path, ".webm")) if with_video else None
        return AttemptStart(attempt_id=attempt.id or 0, question_id=question_id, audio_path=audio, video_path=video)

    def submit_answer(self, user_id: int, attempt_id: int, *, audio_path: str | Path | None = None,
                      audio_bytes: bytes | None = None, audio_suffix: str = ".wav", text: str | None = None,
                      vision_timeline: Sequence[dict[str, Any]] | None = None,
                      transcript: Transcript | None = None, video: bool = False) -> AnswerResult:
        """Save the answer, analyse it once (speech + vision + content), store the analysis and
        let the interviewer decide on a follow-up.

        The recording is the one the live recorder wrote at the attempt's key, or
        `audio_path` (a file to copy in, e.g. from the CLI) or `audio_bytes` (recorded in the
        browser or uploaded; `audio_suffix` is its file type). `transcript`: the
        `core.speech` Transcript made during the answer (see `reuse_live_transcript`).
        `text`: a typed answer. `vision_timeline`: the answer's per-frame vision samples (t_s
        from the answer's start). `video`: the live recorder also kept video next to the audio.
        """
        with session_scope(self.engine) as db:
            attempt = self.get_own_attempt(db, user_id, attempt_id)
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()
            if stored is not None:
                return self._stored_result(attempt, stored)
            if attempt.status != "recording":
                raise PracticeError(f"attempt {attempt_id} was already submitted", "practice.error")
            key = self._store_audio(attempt, audio_path, audio_bytes, audio_suffix)
            typed = (text or "").strip()
            if not key and not typed:
                raise PracticeError("nothing to analyse: no recording and no text", "practice.error.empty_answer")
            # Saved first (committed with this unit of work): from here on the answer survives
            # any failure of the analysis.
            attempt.audio_path = key
            attempt.text_answer = typed
            attempt.transcript = typed
            attempt.vision_timeline = list(vision_timeline or [])
            if video and key:
                video_key = with_suffix(key, ".webm")
                if self.media.exists(video_key):
                    self.media.commit(video_key)  # the recorder wrote it while the user spoke
                    attempt.video_path = video_key
            attempt.ended_at = self.clock()
            move_attempt(attempt, "analyzing")
            db.add(attempt)
            question = db.get(Question, attempt.question_id)
            if question is not None and question.draft:
                question.draft = ""  # sent: the answer of record is the attempt's
                db.add(question)
            job = self._job(db, attempt)
        return self._analyze_and_store(user_id, job, transcript)

    def _store_audio(self, attempt: Attempt, audio_path: str | Path | None, audio_bytes: bytes | None,
                     suffix: str) -> str:
        """The key of the attempt's recording after storing what was handed in ("" = none)."""
        default = attempt.audio_path or attempt_key(attempt.user_id, attempt.session_id, attempt.id or 0)
        if audio_path is not None:
            source = Path(audio_path)
            if not source.is_file():
                raise PracticeError(f"recording not found: {source}", "practice.error.no_recording")
            key = with_suffix(default, source.suffix or ".wav")
            if source.resolve() != self.media.local_path(key).resolve():
                self.media.write_bytes(key, source.read_bytes())
            return key
        if audio_bytes is not None:
            if not audio_bytes:
                return ""
            key = with_suffix(default, suffix)
            self.media.write_bytes(key, audio_bytes)
            return key
        if self.media.exists(default) and self.media.local_path(default).stat().st_size > 0:
            self.media.commit(default)  # the live recorder wrote it while the user spoke: make it durable
            return default
        return ""

    def _job(self, db: Session, attempt: Attempt) -> _AnswerJob:
        question, row = self.get_own_question(db, attempt.user_id, attempt.question_id)
        has_follow_up = db.exec(select(Question.id).where(Question.parent_id == question.id)).first() is not None
        return _AnswerJob(
            attempt_id=attempt.id or 0, question_id=question.id or 0, session_id=row.id or 0,
            audio_key=attempt.audio_path if attempt.audio_path and self.media.exists(attempt.audio_path) else "",
            text=attempt.transcript or attempt.text_answer, language=row.language, format=row.format,
            persona=question.persona or row.persona, stage=question.stage, competency=question.competency,
            depth=question.depth, max_followup_depth=row.max_followup_depth, has_follow_up=has_follow_up,
            question=_draft(question), company=_company(row), claims=self._claims(db, row),
            earlier=_earlier_answers(db, question), vision_timeline=tuple(attempt.vision_timeline or ()),
            context=self._context(db, row),
            blind_check=bool(crud.get_user_setting(db, user_id=attempt.user_id, key=BLIND_CHECK,
                                                   default=DEFAULTS[BLIND_CHECK])))

    def _speech(self, job: _AnswerJob, transcript: Transcript | None) -> SpeechPart | None:
        """Delivery measures of the recording (None for a typed answer)."""
        if not job.audio_key:
            return None
        target = float(TIMED_ANSWER_SECONDS) if job.format == "timed" else None
        live = transcript if reuse_live_transcript(transcript) else None
        return self.transcribe(self.media.local_path(job.audio_key), job.language, live,
                               question=job.question.text, target_s=target)

    def _analyze_and_store(self, user_id: int, job: _AnswerJob, transcript: Transcript | None) -> AnswerResult:
        """Analyse (no database session held: speech takes seconds), then store the analysis,
        the transcript and the follow-up in one unit of work; a failure marks the attempt failed."""
        started = time.perf_counter()
        try:
            t0 = time.perf_counter()
            speech = self._speech(job, transcript)
            speech_s = round(time.perf_counter() - t0, 3) if speech is not None else None
            text = speech.transcript if speech is not None and speech.transcript.strip() else job.text
            if not text.strip():
                raise PracticeError("no speech was recognised in the recording", "practice.error.no_speech")
            t0 = time.perf_counter()
            # A recorded video handed in (no live timeline): its camera timeline, like a live answer's.
            timeline = job.vision_timeline or self._file_timeline(job)
            vision = integration.summarize_vision(timeline)
            vision_s = round(time.perf_counter() - t0, 3)
            analysis = analyze_answer(
                AnswerInput(answer_text=text, question_text=job.question.text, language=job.language,
                            persona=job.persona, stage=job.stage, competency=job.competency, company=job.company,
                            speech=speech, vision=vision, claims=job.claims, earlier=job.earlier,
                            blind_check=job.blind_check, resume=job.context.resume_text),
                retriever=self.retriever_for(user_id), refine=self.refine, outliner=self.outliner)
            decision, notices = self._follow_up_decision(user_id, job, text)
            analysis = with_context(analysis, question_id=job.question_id, attempt_id=job.attempt_id,
                                    timings=Timings(speech_s=speech_s, vision_s=vision_s,
                                                    total_s=round(time.perf_counter() - started, 3)))
        except Exception as exc:  # noqa: BLE001 - any failure: keep the media, mark failed, say why
            return self._mark_failed(user_id, job, exc)
        with session_scope(self.engine) as db:
            attempt = self.get_own_attempt(db, user_id, job.attempt_id)
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == job.attempt_id)).first()
            if stored is not None:  # analysed meanwhile by another request: the first one stands
                return self._stored_result(attempt, stored)
            move_attempt(attempt, "analyzed")
            if timeline and not attempt.vision_timeline:
                attempt.vision_timeline = list(timeline)
            attempt.transcript = text
            attempt.duration_s = speech.duration_s if speech is not None else None
            db.add(attempt)
            db.add(Analysis(attempt_id=job.attempt_id, payload=analysis.to_dict(), score=analysis.score))
            follow = self._store_follow_up(db, user_id, job, decision, notices)
        return AnswerResult(attempt_id=job.attempt_id, question_id=job.question_id, status="analyzed",
                            transcript=text, analysis=analysis, follow_up=follow)

    def _file_timeline(self, job: _AnswerJob) -> tuple[dict[str, Any], ...]:
        if not job.audio_key:
            return ()
        return tuple(self.video_vision(self.media.local_path(job.audio_key)))

    def _mark_failed(self, user_id: int, job: _AnswerJob, exc: Exception) -> AnswerResult:
        reason = _failure_reason(exc, job.language)
        log.warning("analysis of attempt %s failed: %s", job.attempt_id, reason)
        with session_scope(self.engine) as db:
            attempt = self.get_own_attempt(db, user_id, job.attempt_id)
            if attempt.status == "analyzing":
                move_attempt(attempt, "failed", error=reason)
                db.add(attempt)
            transcript = attempt.transcript or attempt.text_answer
        return AnswerResult(attempt_id=job.attempt_id, question_id=job.question_id, status="failed",
                            transcript=transcript, error=reason)

    def _follow_up_decision(self, user_id: int, job: _AnswerJob,
                            answer_text: str) -> tuple[tuple[QuestionDraft, str] | None, list[str]]:
        """The interviewer's follow-up (a draft to store, and its kind) and its notices; a failing
        interviewer means no follow-up, never a lost answer."""
        if job.depth >= job.max_followup_depth or job.has_follow_up:
            return None, []
        interviewer = self.interviewer_for(user_id)
        try:
            decision = interviewer.follow_up(job.context, job.question, answer_text, job.depth)
        except Exception as exc:  # noqa: BLE001 - no follow-up is better than a lost answer
            log.warning("follow-up decision failed: %s", exc)
            return None, []
        notices = interviewer.take_notices()
        if not decision.ask or not decision.text.strip():
            return None, notices
        draft = QuestionDraft(text=decision.text, stage=job.stage, persona=job.persona, competency=job.competency,
                              origin="followup", reason=decision.reason, language=job.language)
        return (draft, decision.kind), notices

    def _store_follow_up(self, db: Session, user_id: int, job: _AnswerJob,
                         decision: tuple[QuestionDraft, str] | None, notices: list[str]) -> FollowUp | None:
        row = self.get_own_session(db, user_id, job.session_id)
        if notices:
            row.options = _with_notices(dict(row.options or {}), notices)
            db.add(row)
        if decision is None:
            return None
        draft, kind = decision
        parent = db.get(Question, job.question_id)
        if parent is None or db.exec(select(Question.id).where(Question.parent_id == parent.id)).first() is not None:
            return None  # a retake of a question that already has its follow-up
        new = _question_from_draft(draft, session_id=job.session_id, position=parent.position + 1,
                                   persona=parent.persona, parent=parent)
        db.add(new)
        db.flush()
        return FollowUp(question_id=new.id or 0, text=new.text, reason=new.reason, kind=kind)

    def reanalyze(self, user_id: int, attempt_id: int) -> AnswerResult:
        """Analyse a saved, failed or interrupted attempt again (its media were kept).
        Analysed ones are returned as stored: an analysis is never recomputed."""
        with session_scope(self.engine) as db:
            attempt = self.get_own_attempt(db, user_id, attempt_id)
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()
            if stored is not None:
                return self._stored_result(attempt, stored)
            move_attempt(attempt, "analyzing")
            db.add(attempt)
            job = self._job(db, attempt)
        return self._analyze_and_store(user_id, job, None)

    def recover_recording(self, user_id: int, attempt_id: int) -> RecordingInfo | None:
        """Repair the WAV of an attempt cut off by a reload (header fixed, tail kept); None when
        there is nothing worth analysing (shorter than `MIN_RECOVERED_S`)."""
        with session_scope(self.engine) as db:
            attempt = self.get_own_attempt(db, user_id, attempt_id)
            key = attempt.audio_path
        if not key or not self.media.exists(key):
            return None
        info = repair_wav(self.media.local_path(key))
        return info if info is not None and info.duration_s >= MIN_RECOVERED_S else None

    def get_result(self, user_id: int, attempt_id: int) -> AnswerResult | None:
        """The stored result of an attempt (None before it was analysed)."""
        with session_scope(self.engine) as db:
            attempt = self.get_own_attempt(db, user_id, attempt_id)
            stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()
            return None if stored is None else self._stored_result(attempt, stored)

    def compare_attempts(self, user_id: int, before_id: int, after_id: int) -> AttemptDiff | None:
        """What changed from one attempt to the next ("Answer again"): the two stored analyses
        through `core.feedback.retry.diff_attempts`. None when either was not analysed.
        Raises `crud.AccessDenied` unless `user_id` owns both and they answer one question."""
        with session_scope(self.engine) as db:
            before = self.get_own_attempt(db, user_id, before_id)
            after = self.get_own_attempt(db, user_id, after_id)
            if before.question_id != after.question_id:
                raise crud.AccessDenied("the attempts answer different questions")
            payloads = []
            # A coach's assignment may hide measures from the candidate: the diff shows what they
            # see (`hide_in_diff`, the same rule as the report's attempts).
            visible = visible_measures_by_session(db, owner_id=user_id).get(after.session_id, ())
            for attempt in (before, after):
                stored = db.exec(select(Analysis).where(Analysis.attempt_id == attempt.id)).first()
                if stored is None:
                    return None
                payloads.append(AnswerAnalysis.from_dict({**stored.payload, "attempt_id": attempt.id}))
        return hide_in_diff(diff_attempts(payloads[0], payloads[1]), visible)

    @staticmethod
    def _stored_result(attempt: Attempt, stored: Analysis) -> AnswerResult:
        analysis = AnswerAnalysis.from_dict(stored.payload)
        return AnswerResult(attempt_id=attempt.id or 0, question_id=attempt.question_id, status="analyzed",
                            transcript=analysis.transcript or attempt.transcript, analysis=analysis)

    # ------------------------------------------------------------------ resume and finish
    def active_session_id(self, user_id: int) -> int | None:
        ids = self.active_session_ids(user_id, limit=1)
        return ids[0][0] if ids else None

    def active_session_ids(self, user_id: int, limit: int = 3) -> list[tuple[int, str]]:
        """The user's unfinished sessions, newest first, as (id, role)."""
        with session_scope(self.engine) as db:
            rows = db.exec(select(InterviewSession).where(InterviewSession.user_id == user_id,
                                                          InterviewSession.status == "active")
                           .order_by(col(InterviewSession.created_at).desc(), col(InterviewSession.id).desc())
                           .limit(limit)).all()
            return [(r.id or 0, r.role) for r in rows]

    def resume(self, user_id: int, session_id: int | None = None) -> SessionState | None:
        """The user's active session (or `session_id`) and where they were in it."""
        session_id = session_id or self.active_session_id(user_id)
        if session_id is None:
            return None
        with session_scope(self.engine) as db:
            row = self.get_own_session(db, user_id, session_id)
            questions = _questions(db, session_id)
            current = self._first_unanswered(db, questions) if row.status == "active" else None
            attempts = list(db.exec(select(Attempt).where(Attempt.session_id == session_id)
                                    .order_by(col(Attempt.started_at), col(Attempt.id))).all())
            open_attempt = next((a for a in reversed(attempts)
                                 if current is not None and a.question_id == current.id and a.status == "recording"),
                                None)
            answered = len(self._answered_ids(db, [q.id for q in questions if q.id is not None]))
            return SessionState(session_id=session_id, status=row.status, language=row.language, format=row.format,
                                company=_company(row), role=row.role, persona=row.persona,
                                options=dict(row.options or {}), questions=questions, current=current,
                                open_attempt=open_attempt, answered=answered,
                                failed_attempt_ids=self._unfinished_analyses(db, attempts),
                                notices=list((row.options or {}).get("notices", [])), mode=row.mode)

    @staticmethod
    def _unfinished_analyses(db: Session, attempts: Sequence[Attempt]) -> list[int]:
        """Failed attempts, and saved ones with no analysis (the process died mid-analysis)."""
        ids = [a.id for a in attempts if a.id is not None]
        analysed = set(db.exec(select(Analysis.attempt_id).where(col(Analysis.attempt_id).in_(ids))).all()) if ids \
            else set()
        return [a.id or 0 for a in attempts
                if a.status == "failed" or (a.status in ("saved", "analyzing") and a.id not in analysed)]

    def save_calibration(self, user_id: int, session_id: int, calibration: Mapping[str, Any]) -> None:
        """Keep the gaze baseline with the session (a resumed session starts from it)."""
        with session_scope(self.engine) as db:
            row = self.get_own_session(db, user_id, session_id)
            row.options = dict(row.options or {}, calibration=dict(calibration))
            db.add(row)

    def abandon_session(self, user_id: int, session_id: int) -> None:
        with session_scope(self.engine) as db:
            row = self.get_own_session(db, user_id, session_id)
            row.status = "abandoned"
            db.add(row)

    def finish_session(self, user_id: int, session_id: int) -> SessionReport:
        """Build the session report, store it (`core.report.build.store_report`), mark the
        session finished; returns the report."""
        from core.report.build import build_report, store_report

        with session_scope(self.engine) as db:
            self.get_own_session(db, user_id, session_id)
        report = build_report(self.engine, viewer_id=user_id, session_id=session_id)
        with session_scope(self.engine) as db:  # the report and the finished status together
            row = self.get_own_session(db, user_id, session_id)
            store_report(db, report)
            row.status = "finished"
            row.finished_at = self.clock()
            db.add(row)
        return report


# ----------------------------------------------------------------------------- helpers
_PLAN_LOCKS: dict[int, threading.Lock] = {}
_PLAN_LOCKS_GUARD = threading.Lock()


def _plan_lock(session_id: int) -> threading.Lock:
    with _PLAN_LOCKS_GUARD:
        return _PLAN_LOCKS.setdefault(session_id, threading.Lock())


def _company(row: InterviewSession) -> str:
    return str((row.options or {}).get("company_name", ""))


def _questions(db: Session, session_id: int) -> list[Question]:
    return list(db.exec(select(Question).where(Question.session_id == session_id)
                        .order_by(col(Question.position), col(Question.id))).all())


def _with_notices(options: dict[str, Any], notices: Sequence[str]) -> dict[str, Any]:
    if notices:
        options["notices"] = list(dict.fromkeys([*options.get("notices", []), *notices]))[-MAX_NOTICES:]
    return options


def _question_from_draft(draft: QuestionDraft, *, session_id: int, position: int, persona: str,
                         parent: Question | None = None) -> Question:
    return Question(session_id=session_id, position=position, stage=int(draft.stage or 1),
                    persona=draft.persona or persona, text=draft.text, competency=(draft.competency or "")[:64],
                    sources=[dict(s) for s in draft.sources], origin=draft.origin, reason=draft.reason,
                    strong_answer=draft.strong_answer, bank_id=(draft.bank_id or "")[:64],
                    parent_id=parent.id if parent else None, depth=(parent.depth + 1) if parent else 0)


def _draft(question: Question) -> QuestionDraft:
    return QuestionDraft(text=question.text, stage=question.stage, persona=question.persona,
                         competency=question.competency, sources=tuple(question.sources or ()),
                         origin=question.origin, reason=question.reason, strong_answer=question.strong_answer,
                         bank_id=question.bank_id)


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


__all__ = ["ATTEMPT_TRANSITIONS", "AnswerResult", "AttemptStart", "FollowUp", "PracticeError", "PracticeService",
           "SessionState", "SetupChoices", "move_attempt", "reuse_live_transcript"]
