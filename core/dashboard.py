"""What the Home dashboard shows: the next sensible step and recent sessions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from core.coaching.visibility import shows, visible_measures_by_session
from core.db import crud
from core.db.models import Assignment, User


@dataclass(frozen=True)
class SessionLine:
    session_id: int
    created: str
    company: str
    role: str
    persona: str
    status: str
    overall: float | None


@dataclass(frozen=True)
class Dashboard:
    # i18n key: home.next.resume | home.next.profile | home.next.practice | home.next.review, and for
    # a coach home.next.coach_invite | home.next.coach_assign | home.next.coach_review
    next_step: str
    active_session_id: int | None
    recent: tuple[SessionLine, ...]
    documents: int
    sessions_total: int


def build_dashboard(engine: Engine, *, user_id: int, limit: int = 5) -> Dashboard:
    """The user's own recent sessions and the next step that makes sense for them. A coach
    (role "coach") is pointed at their candidates: invite one, give an assignment, then
    follow the cohort; an unfinished interview of their own still comes first."""
    with Session(engine) as session:
        user = session.get(User, user_id)
        coach_step = _coach_step(session, user_id) if user is not None and user.role == "coach" else None
        sessions = crud.list_sessions(session, viewer_id=user_id, limit=100)
        documents = crud.list_documents(session, viewer_id=user_id)
        companies = {c.id: c.name for c in crud.list_companies(session, viewer_id=user_id)}
        shown = visible_measures_by_session(session, owner_id=user_id)  # what a coach's assignment hides
        recent = []
        for row in list(sessions)[:limit]:
            report = crud.get_report(session, viewer_id=user_id, session_id=row.id or 0)
            overall = report.overall if report and shows(shown.get(row.id or 0, ()), "scores") else None
            recent.append(SessionLine(
                session_id=row.id or 0, created=row.created_at.strftime("%Y-%m-%d %H:%M"),
                company=companies.get(row.company_id, "") if row.company_id else "", role=row.role,
                persona=row.persona, status=row.status, overall=overall))
    active = next((s.id for s in sessions if s.status == "active"), None)
    if active is not None:
        next_step = "home.next.resume"
    elif coach_step is not None:
        next_step = coach_step
    elif not documents:
        next_step = "home.next.profile"
    elif not sessions:
        next_step = "home.next.practice"
    else:
        next_step = "home.next.review"
    return Dashboard(next_step=next_step, active_session_id=active, recent=tuple(recent),
                     documents=len(documents), sessions_total=len(sessions))


def _coach_step(session: Session, coach_id: int) -> str:
    if not crud.linked_candidates(session, coach_id=coach_id):
        return "home.next.coach_invite"
    if session.exec(select(Assignment.id).where(Assignment.coach_id == coach_id).limit(1)).first() is None:
        return "home.next.coach_assign"
    return "home.next.coach_review"
