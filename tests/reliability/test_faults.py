"""Faults: the database restarting mid-session, the process dying mid-analysis.

After each, the answer is either saved and analysable or clearly reported, and the
session resumes."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlmodel import Session

from core.config import get_settings
from core.db import crud
from core.db.models import UserCreate
from tests.conftest import PG_ADMIN_URL


def _kill_other_connections(engine) -> int:
    """What a PostgreSQL restart does to a running app: every pooled connection dies."""
    admin = create_engine(PG_ADMIN_URL)
    with admin.begin() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND usename = current_user "
            "AND application_name NOT LIKE 'pg_%'")).scalar_one()
    admin.dispose()
    return int(killed)


def test_a_postgresql_restart_mid_session_loses_nothing(pg_engine) -> None:
    from core.practice.service import PracticeService

    with Session(pg_engine, expire_on_commit=False) as db:
        user = crud.create_user(db, user_in=UserCreate(username="pgfault", password="password-123"))
    service = PracticeService(pg_engine, get_settings())
    session_id = service.start_session(user.id, role="Engineer", stages=(1,), questions_per_stage=2,
                                       max_followup_depth=0)
    first = service.next_question(user.id, session_id)
    attempt = service.begin_attempt(user.id, first.id, mode="text")
    service.submit_answer(user.id, attempt.id, text="I cut costs by 20% in 2024 by renegotiating contracts.")

    assert _kill_other_connections(pg_engine) >= 1  # the pool held at least one connection

    second = service.next_question(user.id, session_id)  # pool_pre_ping reconnects transparently
    assert second is not None and second.id != first.id
    attempt2 = service.begin_attempt(user.id, second.id, mode="text")
    service.submit_answer(user.id, attempt2.id, text="I led a team of 4 and shipped the app in 3 months.")
    with Session(pg_engine) as db:
        statuses = [a.status for a in crud.list_attempts(db, viewer_id=user.id, session_id=session_id)]
    assert statuses == ["analyzed", "analyzed"]


def test_an_answer_interrupted_mid_analysis_is_analysed_after_a_restart(db_engine) -> None:
    from core.practice.service import PracticeService

    settings = get_settings()
    with Session(db_engine, expire_on_commit=False) as db:
        user = crud.create_user(db, user_in=UserCreate(username="crash", password="password-123"))
    service = PracticeService(db_engine, settings)
    session_id = service.start_session(user.id, role="Engineer", stages=(1,), questions_per_stage=1,
                                       max_followup_depth=0)
    question = service.next_question(user.id, session_id)
    attempt = service.begin_attempt(user.id, question.id, mode="text")
    # The process died here: the answer was saved and analysis had started, nothing stored yet.
    with Session(db_engine) as db:
        crud.update_attempt(db, owner_id=user.id, attempt_id=attempt.id, status="analyzing",
                            text_answer="Our team grew revenue by 15% after I rebuilt the pricing page.")

    restarted = PracticeService(db_engine, settings)  # a new process
    state = restarted.resume(user.id)
    assert state is not None and state.session_id == session_id
    assert attempt.id in state.failed_attempt_ids  # offered for analysis, not silently stuck
    result = restarted.reanalyze(user.id, attempt.id)
    assert result.status == "analyzed"
    with Session(db_engine) as db:
        assert crud.get_analysis(db, viewer_id=user.id, attempt_id=attempt.id) is not None
