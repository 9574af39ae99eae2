"""The data model (SQLModel, in the template's XBase / X(table=True) / XPublic shape).

Rich, computed results (speech metrics, vision timelines, feedback items, reports) are
stored as JSON columns: they are written once and read whole, so a column per number
would only add migrations. Every table holding user data has an owner column; the
queries that read it live in `core/db/crud.py` and are scoped there.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware now (stored as UTC)."""
    return datetime.now(UTC)


def _json(default: Any = None) -> Any:
    factory = (lambda: {}) if default is None else default
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=False))


# ----------------------------------------------------------------------------- users
class UserBase(SQLModel):
    username: str = Field(index=True, unique=True, max_length=64)
    email: str = Field(default="", max_length=254)
    name: str = Field(default="", max_length=128)
    role: str = Field(default="candidate", max_length=16)  # candidate | coach
    language: str = Field(default="en", max_length=2)  # en | ko


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=128)


def new_user_uid() -> str:
    """A user's public id: 128 random bits, never handed to another account."""
    return secrets.token_hex(16)


class User(UserBase, table=True):
    # AUTOINCREMENT: SQLite otherwise hands a deleted user's id to the next sign-up, and
    # anything still holding that id (a tab, a link) would become the new user.
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)
    # Never reused, even across databases: login sessions are bound to it (core/sessions.py).
    uid: str = Field(default_factory=new_user_uid, max_length=32, unique=True, index=True)
    password_hash: str
    failed_login_attempts: int = 0
    locked_until: datetime | None = None
    password_changed_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)
    # Throw-away demo visitor accounts are deleted with their data after this moment.
    expires_at: datetime | None = None


class UserPublic(UserBase):
    id: int


# ----------------------------------------------------------------------------- login sessions
class AuthSession(SQLModel, table=True):
    """One login (a browser's cookie holds the token; only its keyed hash is stored here).

    Valid while not revoked, used within the idle timeout and younger than `expires_at`;
    bound to the user's never-reused `uid` and deleted with the user (ON DELETE CASCADE).
    """

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)  # HMAC-SHA256 hex of the token
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False,
                                          index=True))
    user_uid: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    revoke_reason: str = Field(default="", max_length=16)  # logout | everywhere | password | idle | deleted
    user_agent: str = Field(default="", max_length=200)


class DemoGuestGrant(SQLModel, table=True):
    """One throw-away demo account handed out: to which client (a keyed hash of its network
    address, never the address) and when. `core.accounts.create_demo_guest` counts them to
    limit such accounts per client and per window; rows older than the window are deleted."""

    id: int | None = Field(default=None, primary_key=True)
    client_hash: str = Field(max_length=64, index=True)  # HMAC-SHA256 hex (core.sessions.token_hash)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class AppSecret(SQLModel, table=True):
    """Secrets the app generates for itself (the session-signing key), shared by every
    instance that shares the database."""

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)


# ----------------------------------------------------------------------------- profile
PROFILE_ITEM_KINDS = ("career", "education", "certification", "language", "skill", "link")


class ProfileItemBase(SQLModel):
    kind: str = Field(max_length=16)  # one of PROFILE_ITEM_KINDS
    position: int = 0  # display order within its kind
    title: str = Field(default="", max_length=200)  # role, degree, certificate, skill, URL label
    organization: str = Field(default="", max_length=200)
    start: str = Field(default="", max_length=16)  # "2021-03" (free text keeps partial dates)
    end: str = Field(default="", max_length=16)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class ProfileItem(ProfileItemBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    # A coach may prepare items for a candidate; they count once the candidate accepts.
    prepared_by: int | None = Field(default=None, foreign_key="user.id")
    accepted: bool = True
    created_at: datetime = Field(default_factory=utcnow)


# ----------------------------------------------------------------------------- companies and documents
class CompanyBase(SQLModel):
    name: str = Field(max_length=200)
    language: str = Field(default="en", max_length=2)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Company(CompanyBase, table=True):
    __table_args__ = (UniqueConstraint("owner_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    # None = a shared sample company every user can read (demo data); else the user's own.
    owner_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


DOCUMENT_KINDS = ("resume", "cover_letter", "job_posting", "company")


class DocumentBase(SQLModel):
    kind: str = Field(max_length=16)  # one of DOCUMENT_KINDS
    title: str = Field(max_length=300)
    filename: str = Field(default="", max_length=300)
    doc_type: str = Field(default="", max_length=32)  # annual_report, press_release, values, ...
    year: int | None = None


class Document(DocumentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    # Versions: every upload of the "same" document shares a group id; highest version wins.
    group_id: str = Field(default="", max_length=64, index=True)
    version: int = 1
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    structured: dict[str, Any] = _json()  # parsed fields the user can correct
    pages: int = 0
    status: str = Field(default="ready", max_length=16)  # pending | indexing | ready | error
    error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class DocumentPublic(DocumentBase):
    id: int
    version: int
    status: str
    pages: int
    created_at: datetime


# ----------------------------------------------------------------------------- interviews
class InterviewSessionBase(SQLModel):
    role: str = Field(default="", max_length=200)
    persona: str = Field(default="lead", max_length=16)  # lead | executive
    language: str = Field(default="en", max_length=2)
    format: str = Field(default="standard", max_length=16)  # standard | timed | drill
    # practice: summary, hints and "Answer again" after each answer; exam: one take, feedback at the end
    mode: str = Field(default="practice", max_length=16, sa_column_kwargs={"server_default": "practice"})
    stages: list[int] = _json(lambda: [1, 2, 3])
    questions_per_stage: int = 2
    max_followup_depth: int = 1


class InterviewSession(InterviewSessionBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    company_id: int | None = Field(default=None, foreign_key="company.id")
    resume_document_id: int | None = Field(default=None, foreign_key="document.id")
    job_document_id: int | None = Field(default=None, foreign_key="document.id")
    status: str = Field(default="active", max_length=16)  # active | finished | abandoned
    options: dict[str, Any] = _json()  # read_aloud, record_video, hints, calibration baseline...
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class Question(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True)
    position: int = 0  # order asked within the session
    stage: int = 1
    persona: str = Field(default="lead", max_length=16)
    competency: str = Field(default="", max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    # [{"source": "...", "page": 3, "section": "...", "text": "passage"}]
    sources: list[dict[str, Any]] = _json(list)
    origin: str = Field(default="bank", max_length=16)  # bank | resume | company | job | followup | llm
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    strong_answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    parent_id: int | None = Field(default=None, foreign_key="question.id")
    depth: int = 0
    bank_id: str = Field(default="", max_length=64)  # stable id for retakes of the same question
    created_at: datetime = Field(default_factory=utcnow)
    # When the question first appeared on screen (None: not yet shown). The timed format's
    # clock counts from it, so a reload neither restarts nor extends it (migration 0006).
    shown_at: datetime | None = None
    # The answer typed so far and not yet sent, kept across a reload; cleared when an answer
    # to the question is submitted (the text is then the attempt's `text_answer`).
    draft: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))


ATTEMPT_STATUSES = ("recording", "saved", "analyzing", "analyzed", "failed", "lost")


class Attempt(SQLModel, table=True):
    """One answer. The row exists before any analysis starts; media are on disk as spoken."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    mode: str = Field(default="text", max_length=16)  # live | audio | upload | text
    audio_path: str = Field(default="", max_length=500)  # relative to the media root
    video_path: str = Field(default="", max_length=500)
    text_answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    transcript: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    duration_s: float | None = None
    vision_timeline: list[dict[str, Any]] = _json(list)
    status: str = Field(default="saved", max_length=16)  # one of ATTEMPT_STATUSES
    error: str = Field(default="", max_length=500)
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class Analysis(SQLModel, table=True):
    """Computed once per attempt and never recomputed: re-reads return this row."""

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", unique=True, index=True)
    score: float | None = None
    payload: dict[str, Any] = _json()
    created_at: datetime = Field(default_factory=utcnow)


class Report(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    overall: float | None = None
    payload: dict[str, Any] = _json()
    created_at: datetime = Field(default_factory=utcnow)


# ----------------------------------------------------------------------------- coaching
class CoachLink(SQLModel, table=True):
    """A coach sees a candidate's data only while status == "accepted"."""

    __table_args__ = (UniqueConstraint("coach_id", "candidate_id"),)
    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="user.id", index=True)
    candidate_id: int = Field(foreign_key="user.id", index=True)
    status: str = Field(default="invited", max_length=16)  # invited | accepted | revoked
    invited_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    accepted_at: datetime | None = None


class CoachComment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="user.id", index=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    score_override: float | None = None
    created_at: datetime = Field(default_factory=utcnow)


# ----------------------------------------------------------------------------- the coach's workspace
SHARE_SCOPES = ("assignments", "all")  # what a linked coach sees of a candidate's sessions


class CoachShare(SQLModel, table=True):
    """The candidate's privacy choice for one coach. No row = "assignments": the coach sees
    only the sessions the candidate ran for that coach's assignments."""

    __table_args__ = (UniqueConstraint("coach_id", "candidate_id"),)
    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="user.id", index=True)
    candidate_id: int = Field(foreign_key="user.id", index=True)
    scope: str = Field(default="assignments", max_length=16)  # one of SHARE_SCOPES
    updated_at: datetime = Field(default_factory=utcnow)


class Rubric(SQLModel, table=True):
    """A coach's goals: [{"id", "text", "kind": "yes_no"|"rated", "weight", "measure", "threshold"}]."""

    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=200)
    goals: list[dict[str, Any]] = _json(list)
    created_at: datetime = Field(default_factory=utcnow)


class Assignment(SQLModel, table=True):
    """A practice set a coach gives to linked candidates (one `AssignmentMember` each)."""

    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="user.id", index=True)
    title: str = Field(default="", max_length=200)
    company: str = Field(default="", max_length=200)
    role: str = Field(default="", max_length=200)
    stages: list[int] = _json(lambda: [1, 2, 3])
    persona: str = Field(default="lead", max_length=16)
    mode: str = Field(default="practice", max_length=16)  # practice | exam
    language: str = Field(default="en", max_length=2)
    questions: list[str] = _json(list)  # the coach's own questions (empty = the interviewer plans)
    question_count: int = 3  # main questions when the interviewer plans
    due_at: datetime | None = None
    visible_measures: list[str] = _json(list)  # empty = everything; else e.g. ["fillers", "pace"]
    rubric_id: int | None = Field(default=None, foreign_key="rubric.id")
    created_at: datetime = Field(default_factory=utcnow)


class AssignmentMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("assignment_id", "candidate_id"),)
    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    candidate_id: int = Field(foreign_key="user.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="interviewsession.id")
    started_at: datetime | None = None


class RubricMark(SQLModel, table=True):
    """A coach's mark for a goal the product cannot measure, on one session (0..1)."""

    __table_args__ = (UniqueConstraint("session_id", "goal_id"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interviewsession.id", index=True)
    rubric_id: int = Field(foreign_key="rubric.id")
    coach_id: int = Field(foreign_key="user.id")
    goal_id: str = Field(max_length=64)
    value: float
    created_at: datetime = Field(default_factory=utcnow)


class TimedComment(SQLModel, table=True):
    """A comment pinned to a moment of an answer (`at_s`, seconds into the recording); a
    reply has `parent_id` and no moment of its own."""

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    author_id: int = Field(foreign_key="user.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="timedcomment.id")
    at_s: float | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


BATCH_STATUSES = ("queued", "running", "done", "failed", "interrupted")


class BatchJob(SQLModel, table=True):
    """Background analysis of many recorded answers for one candidate. `items` are
    [{"question", "file", "status", "attempt_id", "score", "error"}]; `heartbeat_at` tells a
    restarted server whether a worker still owns the job."""

    id: int | None = Field(default=None, primary_key=True)
    coach_id: int = Field(foreign_key="user.id", index=True)
    candidate_id: int = Field(foreign_key="user.id", index=True)
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id")
    session_id: int | None = Field(default=None, foreign_key="interviewsession.id")
    status: str = Field(default="queued", max_length=16)  # one of BATCH_STATUSES
    total: int = 0
    done: int = 0
    items: list[dict[str, Any]] = _json(list)
    error: str = Field(default="", max_length=500)
    heartbeat_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


# ----------------------------------------------------------------------------- preferences and disputes
class UserSetting(SQLModel, table=True):
    """One per-user preference (e.g. "blind_check": true); absent = the default."""

    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    key: str = Field(max_length=64)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow)


DISPUTE_STATUSES = ("open", "answered")


class ScoreDispute(SQLModel, table=True):
    """A candidate's "I disagree" with an answer's score: the reason, and (with a linked
    coach) the coach's reply and any override (stored as a `CoachComment`, so the report's
    override rule stays in one place)."""

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)  # the candidate who disagrees
    reason: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", max_length=16)  # one of DISPUTE_STATUSES
    coach_id: int | None = Field(default=None, foreign_key="user.id")  # who answered
    reply: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    comment_id: int | None = Field(default=None, foreign_key="coachcomment.id")  # the reply as a comment
    created_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
