"""Data access, scoped to owners.

Every function that reads or changes user data takes the acting user's id (`viewer_id`
or `owner_id`) and refuses what that user may not see. Pages and the CLI never build
queries themselves. Rule: a user sees their own rows; a coach also sees (read-only, plus
comments) the rows of candidates whose `CoachLink` is "accepted".
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from core.db.limits import clip, require_fits
from core.db.models import (
    SHARE_SCOPES,
    Analysis,
    Assignment,
    AssignmentMember,
    Attempt,
    BatchJob,
    CoachComment,
    CoachLink,
    CoachShare,
    Company,
    Document,
    InterviewSession,
    ProfileItem,
    Question,
    Report,
    ScoreDispute,
    User,
    UserCreate,
    UserSetting,
    utcnow,
)
from core.passwords import hash_password


class AccessDenied(PermissionError):
    """The acting user may not read or change this row (also raised for missing rows,
    so that probing ids tells nothing about other users' data)."""


# ----------------------------------------------------------------------------- users
def create_user(session: Session, *, user_in: UserCreate) -> User:
    data = user_in.model_dump(exclude={"password"})
    user = User(**data, password_hash=hash_password(user_in.password))
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def get_user_by_username(session: Session, *, username: str) -> User | None:
    return session.exec(select(User).where(User.username == username)).first()


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> Sequence[User]:
    """All users (for the authenticator's credential dict; never shown to other users)."""
    return session.exec(select(User).order_by(col(User.id))).all()


def change_password(session: Session, *, user_id: int, new_password: str) -> None:
    """Store a new hash. The policy and revoking the user's logins are the caller's
    (`core.accounts.change_password` does both)."""
    user = session.get(User, user_id)
    if user is None:
        raise AccessDenied("no such user")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    session.add(user)
    session.commit()


def update_user(session: Session, *, user_id: int, **fields: Any) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AccessDenied("no such user")
    for key, value in fields.items():
        if key in {"email", "name", "language", "failed_login_attempts", "locked_until"}:
            setattr(user, key, value)
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


# ----------------------------------------------------------------------------- access rule
def accepted_candidate_ids(session: Session, *, coach_id: int) -> list[int]:
    rows = session.exec(
        select(CoachLink.candidate_id).where(CoachLink.coach_id == coach_id, CoachLink.status == "accepted")
    ).all()
    return list(rows)


def can_view(session: Session, *, viewer_id: int, owner_id: int | None) -> bool:
    """True when `viewer_id` may read data owned by `owner_id` (None = shared sample data)."""
    if owner_id is None or owner_id == viewer_id:
        return True
    return owner_id in accepted_candidate_ids(session, coach_id=viewer_id)


def share_scope(session: Session, *, coach_id: int, candidate_id: int) -> str:
    """What the candidate lets this coach see of their sessions: "assignments" (the default:
    only sessions run for this coach's assignments or batch analyses) or "all"."""
    row = session.exec(select(CoachShare).where(CoachShare.coach_id == coach_id,
                                                CoachShare.candidate_id == candidate_id)).first()
    return row.scope if row is not None else SHARE_SCOPES[0]


def set_share_scope(session: Session, *, candidate_id: int, coach_id: int, scope: str) -> CoachShare:
    """The candidate's privacy choice for one coach (only the candidate can make it)."""
    if scope not in SHARE_SCOPES:
        raise ValueError(f"scope must be one of {SHARE_SCOPES}")
    row = session.exec(select(CoachShare).where(CoachShare.coach_id == coach_id,
                                                CoachShare.candidate_id == candidate_id)).first()
    row = row or CoachShare(coach_id=coach_id, candidate_id=candidate_id)
    row.scope, row.updated_at = scope, utcnow()
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def coach_session_ids(session: Session, *, coach_id: int, candidate_id: int) -> set[int]:
    """The candidate's sessions that belong to this coach's work (assignments, batch analyses)."""
    assigned = session.exec(
        select(AssignmentMember.session_id).join(Assignment, col(Assignment.id) == col(AssignmentMember.assignment_id))
        .where(Assignment.coach_id == coach_id, AssignmentMember.candidate_id == candidate_id,
               col(AssignmentMember.session_id).is_not(None))).all()
    batched = session.exec(select(BatchJob.session_id).where(
        BatchJob.coach_id == coach_id, BatchJob.candidate_id == candidate_id,
        col(BatchJob.session_id).is_not(None))).all()
    return {int(s) for s in [*assigned, *batched] if s is not None}


def visible_session_ids(session: Session, *, viewer_id: int, owner_id: int) -> set[int] | None:
    """Which of `owner_id`'s sessions the viewer may read: None = all of them (the owner, or a
    coach the candidate shares everything with), else the set (empty for strangers)."""
    if owner_id == viewer_id:
        return None
    if owner_id not in accepted_candidate_ids(session, coach_id=viewer_id):
        return set()
    if share_scope(session, coach_id=viewer_id, candidate_id=owner_id) == "all":
        return None
    return coach_session_ids(session, coach_id=viewer_id, candidate_id=owner_id)


def _require_session_view(session: Session, viewer_id: int, row: InterviewSession) -> None:
    visible = visible_session_ids(session, viewer_id=viewer_id, owner_id=row.user_id)
    if visible is not None and row.id not in visible:
        raise AccessDenied("not yours")


def _require_view(session: Session, viewer_id: int, owner_id: int | None) -> None:
    if not can_view(session, viewer_id=viewer_id, owner_id=owner_id):
        raise AccessDenied("not yours")


def _require_owner(viewer_id: int, owner_id: int | None) -> None:
    if owner_id != viewer_id:
        raise AccessDenied("not yours")


# ----------------------------------------------------------------------------- coach links
# A link grants a coach read access (plus comments) to one candidate. Both sides consent:
# one requests, the other accepts; either side can end it at any time. States:
#   invited  -> accepted   (accept_link by the side that did not request it)
#   invited  -> revoked    (end_link by either side: declined or withdrawn)
#   accepted -> revoked    (end_link by either side: the candidate revokes, the coach leaves)
#   revoked  -> invited    (request_link again; needs the other side's acceptance again)
LINK_STATUSES = ("invited", "accepted", "revoked")


def _link_between(session: Session, coach_id: int, candidate_id: int) -> CoachLink | None:
    return session.exec(
        select(CoachLink).where(CoachLink.coach_id == coach_id, CoachLink.candidate_id == candidate_id)
    ).first()


def request_link(session: Session, *, requester_id: int, coach_id: int, candidate_id: int) -> CoachLink:
    """Ask for a coach-candidate link; it grants nothing until the other side accepts.

    `requester_id` must be the coach or the candidate. A request matching a pending request
    from the other side completes it (both have now consented). An accepted link is
    returned unchanged. Raises `AccessDenied` for a third party or a link with oneself.
    """
    if requester_id not in (coach_id, candidate_id) or coach_id == candidate_id:
        raise AccessDenied("only the coach or the candidate can ask for their link")
    link = _link_between(session, coach_id, candidate_id)
    if link is not None and link.status == "accepted":
        return link
    if link is not None and link.status == "invited" and link.invited_by not in (None, requester_id):
        return accept_link(session, user_id=requester_id, link_id=link.id or 0)
    if link is None:
        link = CoachLink(coach_id=coach_id, candidate_id=candidate_id)
    link.status, link.invited_by, link.accepted_at = "invited", requester_id, None
    session.add(link)
    session.commit()
    session.refresh(link)
    return link


def accept_link(session: Session, *, user_id: int, link_id: int) -> CoachLink:
    """The other side's consent: only the party who did not request the link may accept it."""
    link = session.get(CoachLink, link_id)
    if link is None or user_id not in (link.coach_id, link.candidate_id):
        raise AccessDenied("not yours")
    if link.status == "accepted":
        return link
    if link.status != "invited" or link.invited_by == user_id:
        raise AccessDenied("only the invited side can accept a pending link")
    link.status, link.accepted_at = "accepted", utcnow()
    session.add(link)
    session.commit()
    session.refresh(link)
    return link


def end_link(session: Session, *, user_id: int, link_id: int) -> CoachLink:
    """Either side ends the link (declines, withdraws, revokes or leaves); access stops at once."""
    link = session.get(CoachLink, link_id)
    if link is None or user_id not in (link.coach_id, link.candidate_id):
        raise AccessDenied("not yours")
    link.status, link.accepted_at = "revoked", None
    session.add(link)
    session.commit()
    session.refresh(link)
    return link


def list_links(session: Session, *, user_id: int) -> Sequence[CoachLink]:
    """Every link the user is a side of, in any state."""
    return session.exec(
        select(CoachLink).where(or_(col(CoachLink.coach_id) == user_id, col(CoachLink.candidate_id) == user_id))
        .order_by(col(CoachLink.id))
    ).all()


def linked_candidates(session: Session, *, coach_id: int) -> list[int]:
    """Ids of the candidates whose link with `coach_id` both sides have accepted."""
    return accepted_candidate_ids(session, coach_id=coach_id)


# ----------------------------------------------------------------------------- companies
def create_company(session: Session, *, owner_id: int | None, name: str, language: str = "en",
                   description: str = "") -> Company:
    company = Company(owner_id=owner_id, name=require_fits(Company, "name", name), language=language,
                      description=description)
    session.add(company)
    session.commit()
    session.refresh(company)
    return company


def list_companies(session: Session, *, viewer_id: int | None) -> Sequence[Company]:
    """Shared sample companies plus the viewer's own."""
    query = select(Company).where(or_(col(Company.owner_id).is_(None), col(Company.owner_id) == viewer_id))
    return session.exec(query.order_by(col(Company.name))).all()


def get_company(session: Session, *, viewer_id: int | None, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None or (company.owner_id is not None and company.owner_id != viewer_id):
        raise AccessDenied("no such company")
    return company


def find_company(session: Session, *, viewer_id: int | None, name: str) -> Company | None:
    for company in list_companies(session, viewer_id=viewer_id):
        if company.name.casefold() == name.strip().casefold():
            return company
    return None


def delete_company(session: Session, *, owner_id: int, company_id: int) -> None:
    company = session.get(Company, company_id)
    if company is None:
        raise AccessDenied("no such company")
    _require_owner(owner_id, company.owner_id)
    for doc in session.exec(select(Document).where(Document.company_id == company_id)).all():
        session.delete(doc)
    session.delete(company)
    session.commit()


# ----------------------------------------------------------------------------- documents
def add_document(session: Session, *, owner_id: int | None, kind: str, title: str, text: str,
                 filename: str = "", company_id: int | None = None, group_id: str | None = None,
                 structured: dict[str, Any] | None = None, pages: int = 0, status: str = "ready",
                 doc_type: str = "", year: int | None = None) -> Document:
    """Add a document; passing the `group_id` of an existing one stores a new version of it."""
    version = 1
    if group_id:
        previous = latest_version(session, viewer_id=owner_id, group_id=group_id)
        version = previous.version + 1 if previous else 1
    # Titles and file names come from files (a PDF's metadata title can be 400+ characters):
    # derived text is clipped to the column, never refused.
    title, filename = clip(Document, "title", title), clip(Document, "filename", filename)
    doc = Document(owner_id=owner_id, kind=kind, title=title, text=text, filename=filename,
                   company_id=company_id, group_id=group_id or uuid.uuid4().hex, version=version,
                   structured=structured or {}, pages=pages, status=status, doc_type=doc_type, year=year)
    session.add(doc)
    session.commit()
    session.refresh(doc)
    return doc


def latest_version(session: Session, *, viewer_id: int | None, group_id: str) -> Document | None:
    doc = session.exec(
        select(Document).where(Document.group_id == group_id).order_by(col(Document.version).desc())
    ).first()
    if doc is not None and doc.owner_id is not None and viewer_id is not None:
        _require_view(session, viewer_id, doc.owner_id)
    return doc


def get_document(session: Session, *, viewer_id: int | None, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise AccessDenied("no such document")
    if doc.owner_id is not None:
        if viewer_id is None:
            raise AccessDenied("not yours")
        _require_view(session, viewer_id, doc.owner_id)
    return doc


def list_documents(session: Session, *, viewer_id: int, owner_id: int | None = None,
                   kind: str | None = None, company_id: int | None = None,
                   latest_only: bool = True) -> list[Document]:
    """Documents of `owner_id` (default: the viewer), or of a company the viewer can see."""
    if company_id is not None:
        get_company(session, viewer_id=viewer_id, company_id=company_id)
        query = select(Document).where(Document.company_id == company_id)
    else:
        owner = viewer_id if owner_id is None else owner_id
        _require_view(session, viewer_id, owner)
        query = select(Document).where(Document.owner_id == owner, col(Document.company_id).is_(None))
    if kind:
        query = query.where(Document.kind == kind)
    docs = list(session.exec(query.order_by(col(Document.created_at).desc(), col(Document.id).desc())).all())
    if not latest_only:
        return docs
    seen: dict[str, Document] = {}
    for doc in docs:
        if doc.group_id not in seen or doc.version > seen[doc.group_id].version:
            seen[doc.group_id] = doc
    return sorted(seen.values(), key=lambda d: d.id or 0, reverse=True)


def update_document(session: Session, *, owner_id: int | None, document_id: int, **fields: Any) -> Document:
    """Change a document's fields (owner only; `owner_id=None` = a system job on shared documents)."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise AccessDenied("no such document")
    if doc.owner_id is not None:
        _require_owner(owner_id or -1, doc.owner_id)
    elif owner_id is not None:
        # A shared (owner-less) document belongs to its company: only that company's owner may
        # change it. owner_id=None is reserved for system jobs (demo loader, re-indexing).
        company = session.get(Company, doc.company_id) if doc.company_id else None
        if company is None or company.owner_id != owner_id:
            raise AccessDenied("not yours")
    for key, value in fields.items():
        if key in {"title", "error", "doc_type"}:
            value = clip(Document, key, value)
        if key in {"title", "structured", "status", "error", "pages", "text", "doc_type", "year"}:
            setattr(doc, key, value)
    session.add(doc)
    session.commit()
    session.refresh(doc)
    return doc


def delete_document(session: Session, *, owner_id: int, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise AccessDenied("no such document")
    if doc.owner_id is None and doc.company_id is not None:
        company = session.get(Company, doc.company_id)
        _require_owner(owner_id, company.owner_id if company else None)
    else:
        _require_owner(owner_id, doc.owner_id)
    session.delete(doc)
    session.commit()
    return doc


# ----------------------------------------------------------------------------- profile
def list_profile_items(session: Session, *, viewer_id: int, owner_id: int | None = None) -> list[ProfileItem]:
    owner = viewer_id if owner_id is None else owner_id
    _require_view(session, viewer_id, owner)
    rows = session.exec(
        select(ProfileItem).where(ProfileItem.user_id == owner)
        .order_by(col(ProfileItem.kind), col(ProfileItem.position), col(ProfileItem.id))
    ).all()
    return list(rows)


def save_profile_item(session: Session, *, actor_id: int, item: ProfileItem) -> ProfileItem:
    """Create or update an item. A linked coach may prepare items; they wait for acceptance."""
    if item.user_id != actor_id:
        if item.user_id not in accepted_candidate_ids(session, coach_id=actor_id):
            raise AccessDenied("not yours")
        item.prepared_by, item.accepted = actor_id, False
    if item.id is not None:
        stored = session.get(ProfileItem, item.id)
        if stored is None or stored.user_id != item.user_id:
            raise AccessDenied("not yours")
        stored.sqlmodel_update(item.model_dump(exclude={"id", "user_id", "created_at"}))
        item = stored
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def delete_profile_item(session: Session, *, owner_id: int, item_id: int) -> None:
    item = session.get(ProfileItem, item_id)
    if item is None:
        raise AccessDenied("no such item")
    _require_owner(owner_id, item.user_id)
    session.delete(item)
    session.commit()


# ----------------------------------------------------------------------------- sessions and questions
def create_session(session: Session, *, owner_id: int, **fields: Any) -> InterviewSession:
    if "role" in fields:
        fields["role"] = require_fits(InterviewSession, "role", fields["role"])
    row = InterviewSession(user_id=owner_id, **fields)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def get_session(session: Session, *, viewer_id: int, session_id: int) -> InterviewSession:
    row = session.get(InterviewSession, session_id)
    if row is None:
        raise AccessDenied("no such session")
    _require_session_view(session, viewer_id, row)
    return row


def list_sessions(session: Session, *, viewer_id: int, owner_id: int | None = None,
                  limit: int = 100) -> Sequence[InterviewSession]:
    owner = viewer_id if owner_id is None else owner_id
    _require_view(session, viewer_id, owner)
    query = select(InterviewSession).where(InterviewSession.user_id == owner)
    visible = visible_session_ids(session, viewer_id=viewer_id, owner_id=owner)
    if visible is not None:
        query = query.where(col(InterviewSession.id).in_(visible))
    return session.exec(
        query.order_by(col(InterviewSession.created_at).desc(), col(InterviewSession.id).desc()).limit(limit)
    ).all()


def update_session(session: Session, *, owner_id: int, session_id: int, **fields: Any) -> InterviewSession:
    row = session.get(InterviewSession, session_id)
    if row is None:
        raise AccessDenied("no such session")
    _require_owner(owner_id, row.user_id)
    for key, value in fields.items():
        if key in {"status", "finished_at", "options", "mode"}:
            setattr(row, key, value)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def add_question(session: Session, *, owner_id: int, question: Question) -> Question:
    parent = session.get(InterviewSession, question.session_id)
    if parent is None:
        raise AccessDenied("no such session")
    _require_owner(owner_id, parent.user_id)
    session.add(question)
    session.commit()
    session.refresh(question)
    return question


def list_questions(session: Session, *, viewer_id: int, session_id: int) -> list[Question]:
    get_session(session, viewer_id=viewer_id, session_id=session_id)
    return list(session.exec(
        select(Question).where(Question.session_id == session_id).order_by(col(Question.position), col(Question.id))
    ).all())


def get_question(session: Session, *, viewer_id: int, question_id: int) -> Question:
    question = session.get(Question, question_id)
    if question is None:
        raise AccessDenied("no such question")
    get_session(session, viewer_id=viewer_id, session_id=question.session_id)
    return question


# ----------------------------------------------------------------------------- attempts and analyses
def create_attempt(session: Session, *, owner_id: int, question_id: int, **fields: Any) -> Attempt:
    """Create the attempt row first: media and analysis attach to it later."""
    question = session.get(Question, question_id)
    if question is None:
        raise AccessDenied("no such question")
    parent = session.get(InterviewSession, question.session_id)
    if parent is None:
        raise AccessDenied("no such session")
    _require_owner(owner_id, parent.user_id)
    attempt = Attempt(question_id=question_id, session_id=question.session_id, user_id=owner_id, **fields)
    session.add(attempt)
    session.commit()
    session.refresh(attempt)
    return attempt


def get_attempt(session: Session, *, viewer_id: int, attempt_id: int) -> Attempt:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None:
        raise AccessDenied("no such attempt")
    _require_view(session, viewer_id, attempt.user_id)
    visible = visible_session_ids(session, viewer_id=viewer_id, owner_id=attempt.user_id)
    if visible is not None and attempt.session_id not in visible:
        raise AccessDenied("not yours")
    return attempt


def update_attempt(session: Session, *, owner_id: int, attempt_id: int, **fields: Any) -> Attempt:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None:
        raise AccessDenied("no such attempt")
    _require_owner(owner_id, attempt.user_id)
    allowed = {"audio_path", "video_path", "text_answer", "transcript", "duration_s", "vision_timeline",
               "status", "error", "ended_at", "mode"}
    for key, value in fields.items():
        if key == "error":
            value = clip(Attempt, "error", value)
        if key in allowed:
            setattr(attempt, key, value)
    session.add(attempt)
    session.commit()
    session.refresh(attempt)
    return attempt


def list_attempts(session: Session, *, viewer_id: int, session_id: int) -> list[Attempt]:
    get_session(session, viewer_id=viewer_id, session_id=session_id)
    return list(session.exec(
        select(Attempt).where(Attempt.session_id == session_id).order_by(col(Attempt.started_at), col(Attempt.id))
    ).all())


def list_user_attempts(session: Session, *, viewer_id: int, owner_id: int | None = None) -> list[Attempt]:
    owner = viewer_id if owner_id is None else owner_id
    _require_view(session, viewer_id, owner)
    query = select(Attempt).where(Attempt.user_id == owner)
    visible = visible_session_ids(session, viewer_id=viewer_id, owner_id=owner)
    if visible is not None:
        query = query.where(col(Attempt.session_id).in_(visible))
    return list(session.exec(query.order_by(col(Attempt.id))).all())


def get_analysis(session: Session, *, viewer_id: int, attempt_id: int) -> Analysis | None:
    get_attempt(session, viewer_id=viewer_id, attempt_id=attempt_id)
    return session.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()


def save_analysis(session: Session, *, owner_id: int, attempt_id: int, payload: dict[str, Any],
                  score: float | None) -> Analysis:
    """Store the analysis once. A second call returns the stored row unchanged."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is None:
        raise AccessDenied("no such attempt")
    _require_owner(owner_id, attempt.user_id)
    existing = session.exec(select(Analysis).where(Analysis.attempt_id == attempt_id)).first()
    if existing is not None:
        return existing
    analysis = Analysis(attempt_id=attempt_id, payload=payload, score=score)
    session.add(analysis)
    attempt.status = "analyzed"
    session.add(attempt)
    session.commit()
    session.refresh(analysis)
    return analysis


# ----------------------------------------------------------------------------- reports and comments
def save_report(session: Session, *, owner_id: int, session_id: int, payload: dict[str, Any],
                overall: float | None) -> Report:
    row = session.get(InterviewSession, session_id)
    if row is None:
        raise AccessDenied("no such session")
    _require_owner(owner_id, row.user_id)
    report = session.exec(select(Report).where(Report.session_id == session_id)).first()
    if report is None:
        report = Report(session_id=session_id, user_id=owner_id)
    report.payload, report.overall, report.created_at = payload, overall, utcnow()
    session.add(report)
    session.commit()
    session.refresh(report)
    return report


def get_report(session: Session, *, viewer_id: int, session_id: int) -> Report | None:
    get_session(session, viewer_id=viewer_id, session_id=session_id)
    return session.exec(select(Report).where(Report.session_id == session_id)).first()


def add_comment(session: Session, *, coach_id: int, attempt_id: int, text: str,
                score_override: float | None = None) -> CoachComment:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id not in accepted_candidate_ids(session, coach_id=coach_id):
        raise AccessDenied("not your candidate")
    get_attempt(session, viewer_id=coach_id, attempt_id=attempt_id)  # within what the candidate shares
    comment = CoachComment(coach_id=coach_id, attempt_id=attempt_id, text=text, score_override=score_override)
    session.add(comment)
    session.commit()
    session.refresh(comment)
    return comment


def list_comments(session: Session, *, viewer_id: int, attempt_id: int) -> Sequence[CoachComment]:
    get_attempt(session, viewer_id=viewer_id, attempt_id=attempt_id)
    return session.exec(
        select(CoachComment).where(CoachComment.attempt_id == attempt_id).order_by(col(CoachComment.id))
    ).all()


def lock_state(user: User, now: datetime | None = None) -> bool:
    """True while the account is locked after too many failed logins."""
    if user.locked_until is None:
        return False
    locked_until = user.locked_until
    current = now or utcnow()
    if locked_until.tzinfo is None:
        current = current.replace(tzinfo=None)
    return locked_until > current


# ----------------------------------------------------------------------------- user settings
def get_user_setting(session: Session, *, user_id: int, key: str, default: Any = None) -> Any:
    """The user's own preference `key`, or `default` when never set."""
    row = session.exec(select(UserSetting).where(UserSetting.user_id == user_id, UserSetting.key == key)).first()
    return default if row is None else row.value


def set_user_setting(session: Session, *, user_id: int, key: str, value: Any) -> None:
    row = session.exec(select(UserSetting).where(UserSetting.user_id == user_id, UserSetting.key == key)).first()
    if row is None:
        row = UserSetting(user_id=user_id, key=key)
    row.value, row.updated_at = value, utcnow()
    session.add(row)
    session.commit()


# ----------------------------------------------------------------------------- score disputes
def add_dispute(session: Session, *, owner_id: int, attempt_id: int, reason: str) -> ScoreDispute:
    """The candidate's own "I disagree" with one of their answers' scores."""
    attempt = session.get(Attempt, attempt_id)
    if attempt is None:
        raise AccessDenied("no such attempt")
    _require_owner(owner_id, attempt.user_id)
    dispute = ScoreDispute(attempt_id=attempt_id, user_id=owner_id, reason=reason)
    session.add(dispute)
    session.commit()
    session.refresh(dispute)
    return dispute


def _sees_attempt(session: Session, viewer_id: int, attempt_id: int) -> bool:
    try:
        get_attempt(session, viewer_id=viewer_id, attempt_id=attempt_id)
    except AccessDenied:
        return False
    return True


def list_disputes(session: Session, *, viewer_id: int, attempt_ids: Sequence[int]) -> list[ScoreDispute]:
    """Disputes on these attempts that the viewer may read: the owner, and accepted coaches
    within what the candidate shares with them (`visible_session_ids`)."""
    if not attempt_ids:
        return []
    rows = session.exec(select(ScoreDispute).where(col(ScoreDispute.attempt_id).in_(list(attempt_ids)))
                        .order_by(col(ScoreDispute.id))).all()
    return [row for row in rows if _sees_attempt(session, viewer_id, row.attempt_id)]


def dispute_coaches(session: Session, *, dispute: ScoreDispute) -> list[int]:
    """The coaches a dispute reaches: accepted links that can see the disputed answer."""
    coaches = session.exec(select(CoachLink.coach_id).where(CoachLink.candidate_id == dispute.user_id,
                                                            CoachLink.status == "accepted")).all()
    return [c for c in coaches if _sees_attempt(session, c, dispute.attempt_id)]


def list_open_disputes(session: Session, *, coach_id: int) -> list[ScoreDispute]:
    """The coach's queue: open disputes of accepted candidates on answers this coach may see."""
    candidates = accepted_candidate_ids(session, coach_id=coach_id)
    if not candidates:
        return []
    rows = session.exec(select(ScoreDispute).where(col(ScoreDispute.user_id).in_(candidates),
                                                   ScoreDispute.status == "open")
                        .order_by(col(ScoreDispute.id))).all()
    return [row for row in rows if _sees_attempt(session, coach_id, row.attempt_id)]


def answer_dispute(session: Session, *, coach_id: int, dispute_id: int, reply: str,
                   score_override: float | None = None) -> ScoreDispute:
    """A linked coach answers a dispute; the reply (and any override) is also a comment on the
    answer, so the report's override rule applies unchanged."""
    dispute = session.get(ScoreDispute, dispute_id)
    if dispute is None or dispute.user_id not in accepted_candidate_ids(session, coach_id=coach_id):
        raise AccessDenied("not your candidate")
    comment = add_comment(session, coach_id=coach_id, attempt_id=dispute.attempt_id, text=reply,
                          score_override=score_override)
    dispute.status, dispute.coach_id, dispute.reply = "answered", coach_id, reply
    dispute.comment_id, dispute.answered_at = comment.id, utcnow()
    session.add(dispute)
    session.commit()
    session.refresh(dispute)
    return dispute
