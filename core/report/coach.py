"""Coaching: link requests by username, the coach's overview of linked candidates, comments
and score overrides. The access rule itself lives in `core.db.crud` (a coach sees a
candidate's data only while their link is "accepted" — requested by one side, accepted by
the other; either side can end it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.db import crud
from core.db.models import CoachComment, CoachLink, Report, User

SCORE_MIN, SCORE_MAX = 0.0, 100.0


class CoachingError(ValueError):
    """A coaching action the user can fix; `key` is an i18n message key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class LinkView:
    link_id: int
    coach: str
    candidate: str
    status: str
    invited_by_me: bool
    i_am_coach: bool

    @property
    def can_accept(self) -> bool:
        """A pending request from the other side waits for this user's consent."""
        return self.status == "invited" and not self.invited_by_me

    @property
    def can_end(self) -> bool:
        """Decline, withdraw, revoke or leave: either side, while the link is not ended."""
        return self.status in ("invited", "accepted")


def invite_by_username(engine: Engine, *, inviter_id: int, username: str, as_coach: bool) -> CoachLink:
    """Ask `username` for a link: as their coach (`as_coach`) or as their candidate. It waits
    for the other side's acceptance either way (both sides consent)."""
    with Session(engine) as db:
        other = crud.get_user_by_username(db, username=username.strip())
        if other is None or other.id is None:
            raise CoachingError("coach.error.no_user")
        if other.id == inviter_id:
            raise CoachingError("coach.error.self")
        coach_id, candidate_id = (inviter_id, other.id) if as_coach else (other.id, inviter_id)
        return crud.request_link(db, requester_id=inviter_id, coach_id=coach_id, candidate_id=candidate_id)


def accept(engine: Engine, *, user_id: int, link_id: int) -> CoachLink:
    """The invited side (candidate or coach) accepts a pending request."""
    with Session(engine) as db:
        return crud.accept_link(db, user_id=user_id, link_id=link_id)


def end(engine: Engine, *, user_id: int, link_id: int) -> CoachLink:
    """Either side ends the link: declines, withdraws, revokes access or leaves."""
    with Session(engine) as db:
        return crud.end_link(db, user_id=user_id, link_id=link_id)


def coaches_anyone(engine: Engine, user: User) -> bool:
    """Whether `user` works as a coach: the coach role, or a link (any state) where they are
    the coach side. Decides whether the coach-only pages (assignments, cohort) are listed."""
    return user.role == "coach" or any(view.i_am_coach for view in list_link_views(engine, user_id=user.id or 0))


def list_link_views(engine: Engine, *, user_id: int) -> list[LinkView]:
    with Session(engine) as db:
        links = list(crud.list_links(db, user_id=user_id))
        # The name people gave themselves ("Coach One"), the username when they gave none.
        names = {u.id: (u.name or "").strip() or u.username for u in db.exec(select(User).where(col(User.id).in_(
            {link.coach_id for link in links} | {link.candidate_id for link in links}))).all()}
    return [LinkView(link_id=link.id or 0, coach=names.get(link.coach_id, "?"),
                     candidate=names.get(link.candidate_id, "?"), status=link.status,
                     invited_by_me=link.invited_by == user_id, i_am_coach=link.coach_id == user_id)
            for link in links]


@dataclass(frozen=True)
class SessionRow:
    """One of a candidate's sessions on the coach's overview; `overall` is the stored report's
    overall score (None before the session finished)."""

    id: int
    company: str
    role: str
    status: str
    created_at: str | None
    overall: float | None


@dataclass(frozen=True)
class CandidateOverview:
    """An accepted candidate and the sessions they share with the coach, newest first."""

    candidate_id: int
    username: str
    name: str
    sessions: tuple[SessionRow, ...]


def coach_overview(engine: Engine, *, coach_id: int) -> list[CandidateOverview]:
    """Each accepted candidate with their sessions (newest first) and report scores."""
    out = []
    with Session(engine) as db:
        for candidate_id in crud.accepted_candidate_ids(db, coach_id=coach_id):
            user = crud.get_user(db, user_id=candidate_id)
            if user is None:
                continue
            sessions = crud.list_sessions(db, viewer_id=coach_id, owner_id=candidate_id)
            reports = {r.session_id: r for r in db.exec(select(Report).where(Report.user_id == candidate_id)).all()}
            rows = tuple(SessionRow(id=s.id or 0, company=str((s.options or {}).get("company_name", "")),
                                    role=s.role, status=s.status,
                                    created_at=s.created_at.isoformat() if s.created_at else None,
                                    overall=reports[s.id].overall if s.id in reports else None)
                         for s in sessions)
            out.append(CandidateOverview(candidate_id=candidate_id, username=user.username, name=user.name,
                                         sessions=rows))
    return out


def comment_on_answer(engine: Engine, *, coach_id: int, attempt_id: int, text: str,
                      score_override: float | None = None) -> CoachComment:
    """A linked coach's comment on one answer, optionally replacing its score (0-100)."""
    if not text.strip() and score_override is None:
        raise CoachingError("coach.error.empty_comment")
    if score_override is not None and not SCORE_MIN <= float(score_override) <= SCORE_MAX:
        raise CoachingError("coach.error.score_range")
    with Session(engine) as db:
        return crud.add_comment(db, coach_id=coach_id, attempt_id=attempt_id, text=text.strip(),
                                score_override=None if score_override is None else float(score_override))
