"""0006_question_clock on a database with a session under way (SQLite and PostgreSQL): the
questions keep everything, get an empty draft and no first-shown time (it was never kept),
and the service restarts that question's clock instead of inventing one."""

from __future__ import annotations

import pytest
from doubles import WallClock
from sqlalchemy import text
from sqlmodel import Session, select

from core.config import get_settings
from core.db.engine import migrate
from core.db.models import Question
from core.practice import PracticeService
from tests.core.db.test_migration_secauth import _raw_engine, _upgrade_to

T = "2026-11-30 12:00:00+00:00"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_questions_of_an_older_session_get_no_invented_first_shown_time(request, kind: str) -> None:
    engine = _raw_engine(request, kind)
    _upgrade_to(engine, "0005_s21_fixes")
    with engine.begin() as conn:
        conn.execute(text(
            'INSERT INTO "user" (username, uid, email, name, role, language, password_hash, failed_login_attempts, '
            "password_changed_at, created_at) VALUES ('ana', :uid, '', '', 'candidate', 'en', 'x', 0, :t, :t)"),
            {"uid": "a" * 32, "t": T})
        user_id = conn.execute(text("SELECT id FROM \"user\" WHERE username = 'ana'")).scalar_one()
        conn.execute(text(
            "INSERT INTO interviewsession (role, persona, language, format, stages, questions_per_stage, "
            "max_followup_depth, user_id, status, options, created_at, mode) VALUES ('Engineer', 'lead', 'en', "
            "'timed', '[1]', 1, 0, :u, 'active', '{\"planned\": true}', :t, 'practice')"), {"u": user_id, "t": T})
        session_id = conn.execute(text("SELECT id FROM interviewsession")).scalar_one()
        conn.execute(text(
            "INSERT INTO question (session_id, position, stage, persona, competency, text, sources, origin, reason, "
            "strong_answer, depth, bank_id, created_at) VALUES (:s, 0, 1, 'lead', '', 'Why us?', '[]', 'bank', '', "
            "'', 0, '', :t)"), {"s": session_id, "t": T})
    migrate(engine)
    with Session(engine) as db:
        question = db.exec(select(Question)).one()
        assert (question.text, question.shown_at, question.draft) == ("Why us?", None, "")
    wall = WallClock()
    clock = PracticeService(engine, get_settings(), clock=wall, use_default_retriever=False).show_question(
        user_id, question.id)
    assert clock.restarted and clock.elapsed_s == 0.0 and clock.shown_at == wall.now
    engine.dispose()
