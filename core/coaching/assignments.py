"""Assignments: a practice set a coach gives to linked candidates, and its progress.

A member's state is derived, never stored twice: "not_started" (no session yet),
"started" (a session exists and is not finished), "finished" (its session is finished), and
"late" (not finished and the due date has passed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.errors import WorkspaceError
from core.coaching.sessions import start_with_questions
from core.coaching.visibility import MEASURE_SWITCHES
from core.db import crud
from core.db.models import Assignment, AssignmentMember, InterviewSession, Rubric, User, utcnow
from core.practice.service import PracticeService

ASSIGNMENT_MODES = ("practice", "exam")
MEMBER_STATES = ("not_started", "started", "finished", "late")
MAX_QUESTIONS = 10  # more main questions than a real interview round asks is a different exercise
MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class AssignmentSpec:
    """What a coach fills in; `questions` empty = the interviewer plans `question_count`."""

    role: str
    title: str = ""
    company: str = ""
    stages: tuple[int, ...] = (1, 2, 3)
    persona: str = "lead"
    mode: str = "practice"
    language: str = "en"
    questions: tuple[str, ...] = ()
    question_count: int = 3
    due_at: datetime | None = None
    visible_measures: tuple[str, ...] = ()  # empty = everything visible
    rubric_id: int | None = None


@dataclass(frozen=True)
class MemberView:
    candidate_id: int
    username: str
    state: str  # one of MEMBER_STATES
    session_id: int | None
    started_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True)
class AssignmentView:
    id: int
    coach: str
    title: str
    company: str
    role: str
    stages: tuple[int, ...]
    persona: str
    mode: str
    language: str
    questions: tuple[str, ...]
    question_count: int
    due_at: datetime | None
    visible_measures: tuple[str, ...]
    rubric_id: int | None
    members: tuple[MemberView, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"assignment_id": self.id, "coach": self.coach, "title": self.title, "company": self.company,
                "role": self.role, "stages": list(self.stages), "persona": self.persona, "mode": self.mode,
                "language": self.language, "questions": list(self.questions),
                "question_count": self.question_count,
                "due": self.due_at.isoformat() if self.due_at else None,
                "visible_measures": list(self.visible_measures), "rubric_id": self.rubric_id,
                "candidates": [{"candidate": m.username, "state": m.state, "session_id": m.session_id,
                                "started_at": m.started_at.isoformat() if m.started_at else None,
                                "finished_at": m.finished_at.isoformat() if m.finished_at else None}
                               for m in self.members]}


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored as UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def member_state(due_at: datetime | None, session: InterviewSession | None, now: datetime) -> str:
    """not_started / started / finished / late (late = not finished after the due date)."""
    if session is not None and session.status == "finished":
        return "finished"
    due = _aware(due_at)
    if due is not None and _aware(now) is not None and due < (_aware(now) or now):
        return "late"
    return "started" if session is not None else "not_started"


def validate_spec(spec: AssignmentSpec) -> AssignmentSpec:
    """The spec, cleaned; raises `WorkspaceError` with an i18n key for what to fix."""
    if not spec.role.strip():
        raise WorkspaceError("coaching.error.role")
    if spec.mode not in ASSIGNMENT_MODES:
        raise WorkspaceError("coaching.error.mode", spec.mode)
    if spec.persona not in ("lead", "executive"):
        raise WorkspaceError("coaching.error.persona", spec.persona)
    stages = tuple(sorted({int(s) for s in spec.stages if int(s) in (1, 2, 3)}))
    if not stages:
        raise WorkspaceError("coaching.error.stages")
    questions = tuple(q.strip()[:MAX_QUESTION_CHARS] for q in spec.questions if q and q.strip())
    count = len(questions) if questions else int(spec.question_count)
    if not 1 <= count <= MAX_QUESTIONS:
        raise WorkspaceError("coaching.error.question_count", str(MAX_QUESTIONS))
    unknown = [m for m in spec.visible_measures if m not in MEASURE_SWITCHES]
    if unknown:
        raise WorkspaceError("coaching.error.measure", ", ".join(unknown))
    return AssignmentSpec(role=spec.role.strip()[:200], title=(spec.title.strip() or spec.role.strip())[:200],
                          company=spec.company.strip()[:200], stages=stages, persona=spec.persona, mode=spec.mode,
                          language="ko" if spec.language == "ko" else "en", questions=questions,
                          question_count=count, due_at=_aware(spec.due_at),
                          visible_measures=tuple(dict.fromkeys(spec.visible_measures)), rubric_id=spec.rubric_id)


def create_assignment(engine: Engine, *, coach_id: int, candidate_ids: Sequence[int], spec: AssignmentSpec) -> int:
    """Create an assignment for one or many candidates linked to (and accepted by) the coach;
    returns its id. Raises `WorkspaceError` for a bad spec or an unlinked candidate."""
    clean = validate_spec(spec)
    targets = list(dict.fromkeys(int(c) for c in candidate_ids))
    if not targets:
        raise WorkspaceError("coaching.error.no_candidates")
    with Session(engine) as db:
        linked = set(crud.accepted_candidate_ids(db, coach_id=coach_id))
        missing = [c for c in targets if c not in linked]
        if missing:
            raise WorkspaceError("coaching.error.not_linked", ", ".join(_names(db, missing)))
        if clean.rubric_id is not None:
            rubric = db.get(Rubric, clean.rubric_id)
            if rubric is None or rubric.coach_id != coach_id:
                raise crud.AccessDenied("not your rubric")
        row = Assignment(coach_id=coach_id, title=clean.title, company=clean.company, role=clean.role,
                         stages=list(clean.stages), persona=clean.persona, mode=clean.mode, language=clean.language,
                         questions=list(clean.questions), question_count=clean.question_count, due_at=clean.due_at,
                         visible_measures=list(clean.visible_measures), rubric_id=clean.rubric_id)
        db.add(row)
        db.commit()
        db.refresh(row)
        for candidate in targets:
            db.add(AssignmentMember(assignment_id=row.id or 0, candidate_id=candidate))
        db.commit()
        return int(row.id or 0)


def _names(db: Session, user_ids: Sequence[int]) -> list[str]:
    if not user_ids:
        return []
    rows = db.exec(select(User).where(col(User.id).in_(list(user_ids)))).all()
    by_id = {u.id: u.username for u in rows}
    return [by_id.get(u, f"#{u}") for u in user_ids]


def _view(db: Session, row: Assignment, members: Sequence[AssignmentMember], now: datetime) -> AssignmentView:
    session_ids = [m.session_id for m in members if m.session_id is not None]
    sessions = {s.id: s for s in db.exec(select(InterviewSession).where(
        col(InterviewSession.id).in_(session_ids))).all()} if session_ids else {}
    names = dict(zip([m.candidate_id for m in members], _names(db, [m.candidate_id for m in members]), strict=True))
    coach = db.get(User, row.coach_id)
    views = []
    for m in members:
        session = sessions.get(m.session_id) if m.session_id is not None else None
        views.append(MemberView(candidate_id=m.candidate_id, username=names[m.candidate_id],
                                state=member_state(row.due_at, session, now), session_id=m.session_id,
                                started_at=_aware(m.started_at),
                                finished_at=_aware(session.finished_at) if session is not None else None))
    return AssignmentView(id=row.id or 0, coach=coach.username if coach else "?", title=row.title,
                          company=row.company, role=row.role, stages=tuple(row.stages), persona=row.persona,
                          mode=row.mode, language=row.language, questions=tuple(row.questions),
                          question_count=row.question_count, due_at=_aware(row.due_at),
                          visible_measures=tuple(row.visible_measures), rubric_id=row.rubric_id,
                          members=tuple(views))


def list_assignments(engine: Engine, *, coach_id: int, now: datetime | None = None) -> list[AssignmentView]:
    """The coach's assignments, newest first, with each candidate's state. Candidates whose
    link ended stay listed (their history) but no new data of theirs becomes visible."""
    now = now or utcnow()
    with Session(engine) as db:
        rows = db.exec(select(Assignment).where(Assignment.coach_id == coach_id)
                       .order_by(col(Assignment.id).desc())).all()
        out = []
        for row in rows:
            members = db.exec(select(AssignmentMember).where(AssignmentMember.assignment_id == row.id)
                              .order_by(col(AssignmentMember.id))).all()
            out.append(_view(db, row, members, now))
        return out


def get_assignment(engine: Engine, *, viewer_id: int, assignment_id: int,
                   now: datetime | None = None) -> AssignmentView:
    """One assignment as its coach sees it (all members) or as a member sees it (only
    themself). Anyone else: `AccessDenied`."""
    now = now or utcnow()
    with Session(engine) as db:
        row = db.get(Assignment, assignment_id)
        if row is None:
            raise crud.AccessDenied("no such assignment")
        query = select(AssignmentMember).where(AssignmentMember.assignment_id == assignment_id)
        if row.coach_id != viewer_id:
            query = query.where(AssignmentMember.candidate_id == viewer_id)
        members = db.exec(query.order_by(col(AssignmentMember.id))).all()
        if row.coach_id != viewer_id and not members:
            raise crud.AccessDenied("no such assignment")
        return _view(db, row, members, now)


def assigned_to(engine: Engine, *, candidate_id: int, now: datetime | None = None) -> list[AssignmentView]:
    """What coaches assigned to this candidate (their own state only), due soonest first.
    Assignments of a coach whose link has ended are not offered any more."""
    now = now or utcnow()
    with Session(engine) as db:
        coaches = {link.coach_id for link in crud.list_links(db, user_id=candidate_id)
                   if link.candidate_id == candidate_id and link.status == "accepted"}
        pairs = db.exec(select(Assignment, AssignmentMember)
                        .join(AssignmentMember, col(AssignmentMember.assignment_id) == col(Assignment.id))
                        .where(AssignmentMember.candidate_id == candidate_id)).all()
        views = [_view(db, a, [m], now) for a, m in pairs if a.coach_id in coaches]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(views, key=lambda v: (v.members[0].state == "finished", v.due_at or far, -v.id))


def start_assignment(engine: Engine, service: PracticeService, *, candidate_id: int, assignment_id: int,
                     clock: Callable[[], datetime] = utcnow) -> int:
    """Start (or continue) the candidate's session for an assignment; returns the session id.

    The session carries `options["assignment_id"]`, the mode, and the measures the coach
    lets the candidate see; with the coach's own questions it is started through
    `start_with_questions`, else the interviewer plans `question_count` questions."""
    view = get_assignment(engine, viewer_id=candidate_id, assignment_id=assignment_id)
    if not view.members or view.members[0].candidate_id != candidate_id:
        raise crud.AccessDenied("not assigned to you")
    member = view.members[0]
    with Session(engine) as db:
        if view.id not in {a.id for a in assigned_to(engine, candidate_id=candidate_id)}:
            raise crud.AccessDenied("the coach's link has ended")
        if member.session_id is not None:
            existing = db.get(InterviewSession, member.session_id)
            if existing is not None and existing.status == "active":
                return member.session_id
    options = {"assignment_id": view.id, "mode": view.mode, "visible_measures": list(view.visible_measures),
               "source": "assignment"}
    if view.questions:
        session_id = start_with_questions(service, candidate_id, questions=view.questions, company=view.company,
                                          role=view.role, persona=view.persona, language=view.language,
                                          stage=view.stages[0], max_followup_depth=0 if view.mode == "exam" else 1,
                                          options=options)
    else:
        session_id = service.start_session(
            candidate_id, company=view.company or None, role=view.role, persona=view.persona,
            language=view.language, stages=view.stages,
            questions_per_stage=max(1, math.ceil(view.question_count / len(view.stages))),
            max_followup_depth=0 if view.mode == "exam" else 1, options=options)
    with Session(engine) as db:
        # The session's practice|exam mode (issue 15's column): exam = one take, feedback at the end.
        crud.update_session(db, owner_id=candidate_id, session_id=session_id, mode=view.mode)
        row = db.exec(select(AssignmentMember).where(AssignmentMember.assignment_id == assignment_id,
                                                     AssignmentMember.candidate_id == candidate_id)).one()
        row.session_id, row.started_at = session_id, clock()
        db.add(row)
        db.commit()
    return session_id


def visible_measures_for_session(engine: Engine, *, viewer_id: int, session_id: int) -> tuple[str, ...]:
    """The measures the candidate may see on this session's summary and report (empty =
    everything). The coach and sessions outside assignments always see everything."""
    with Session(engine) as db:
        row = crud.get_session(db, viewer_id=viewer_id, session_id=session_id)
        if row.user_id != viewer_id:
            return ()
        assignment_id = (row.options or {}).get("assignment_id")
        if not isinstance(assignment_id, int):
            return ()
        assignment = db.get(Assignment, assignment_id)
        return tuple(assignment.visible_measures) if assignment is not None else ()
