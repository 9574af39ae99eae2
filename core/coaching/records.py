"""The workspace's rows in a user's export and in deletions (called by `core.export.account`).

Children go first with one bulk statement per table, as the rest of the deletion does, so
foreign keys hold on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from core.db.models import (
    Assignment,
    AssignmentMember,
    BatchJob,
    CoachShare,
    Rubric,
    RubricMark,
    TimedComment,
)


def export_rows(db: Session, *, user_id: int, attempt_ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    """The workspace rows a user owns or that are about their answers, JSON-ready."""
    def dump(rows: Any) -> list[dict[str, Any]]:
        return [row.model_dump(mode="json") for row in rows]

    return {
        "coach_shares": dump(db.exec(select(CoachShare).where(or_(col(CoachShare.coach_id) == user_id,
                                                                  col(CoachShare.candidate_id) == user_id))).all()),
        "timed_comments": dump(db.exec(select(TimedComment).where(or_(
            col(TimedComment.attempt_id).in_(list(attempt_ids)), col(TimedComment.author_id) == user_id))).all()),
        "assignments_given": dump(db.exec(select(Assignment).where(Assignment.coach_id == user_id)).all()),
        "assignments_received": dump(db.exec(select(AssignmentMember).where(
            AssignmentMember.candidate_id == user_id)).all()),
        "rubrics": dump(db.exec(select(Rubric).where(Rubric.coach_id == user_id)).all()),
        "batch_jobs": dump(db.exec(select(BatchJob).where(or_(col(BatchJob.coach_id) == user_id,
                                                              col(BatchJob.candidate_id) == user_id))).all()),
    }


def delete_for_sessions(db: Session, *, session_ids: Sequence[int], attempt_ids: Sequence[int]) -> None:
    """Before sessions and their attempts go: their comments and marks go, and assignment
    members / batch jobs forget the session (the coach keeps the fact it was assigned)."""
    sessions, attempts = list(session_ids), list(attempt_ids)
    if attempts:
        db.exec(delete(TimedComment).where(  # type: ignore[call-overload]
            col(TimedComment.attempt_id).in_(attempts), col(TimedComment.parent_id).is_not(None)))
        db.exec(delete(TimedComment).where(col(TimedComment.attempt_id).in_(attempts)))  # type: ignore[call-overload]
    if sessions:
        db.exec(delete(RubricMark).where(col(RubricMark.session_id).in_(sessions)))  # type: ignore[call-overload]
        db.exec(update(AssignmentMember).where(col(AssignmentMember.session_id).in_(sessions))  # type: ignore[call-overload]
                .values(session_id=None))
        db.exec(update(BatchJob).where(col(BatchJob.session_id).in_(sessions)).values(session_id=None))  # type: ignore[call-overload]


def delete_for_user(db: Session, *, user_id: int) -> None:
    """Everything of the workspace the user wrote or received (their sessions already gone)."""
    own_threads = select(TimedComment.id).where(TimedComment.author_id == user_id)
    db.exec(delete(TimedComment).where(or_(col(TimedComment.author_id) == user_id,  # type: ignore[call-overload]
                                           col(TimedComment.parent_id).in_(own_threads))))
    db.exec(delete(CoachShare).where(or_(col(CoachShare.coach_id) == user_id,  # type: ignore[call-overload]
                                         col(CoachShare.candidate_id) == user_id)))
    assignments = select(Assignment.id).where(Assignment.coach_id == user_id)
    db.exec(delete(AssignmentMember).where(or_(  # type: ignore[call-overload]
        col(AssignmentMember.candidate_id) == user_id, col(AssignmentMember.assignment_id).in_(assignments))))
    db.exec(delete(BatchJob).where(or_(col(BatchJob.coach_id) == user_id,  # type: ignore[call-overload]
                                       col(BatchJob.candidate_id) == user_id)))
    db.exec(update(BatchJob).where(col(BatchJob.assignment_id).in_(assignments)).values(assignment_id=None))  # type: ignore[call-overload]
    rubrics = select(Rubric.id).where(Rubric.coach_id == user_id)
    db.exec(delete(RubricMark).where(or_(col(RubricMark.coach_id) == user_id,  # type: ignore[call-overload]
                                         col(RubricMark.rubric_id).in_(rubrics))))
    db.exec(delete(Assignment).where(col(Assignment.coach_id) == user_id))  # type: ignore[call-overload]
    db.exec(update(Assignment).where(col(Assignment.rubric_id).in_(rubrics)).values(rubric_id=None))  # type: ignore[call-overload]
    db.exec(delete(Rubric).where(col(Rubric.coach_id) == user_id))  # type: ignore[call-overload]
