"""Helpers for report tests: users and finished interviews built through the real service."""

from __future__ import annotations

import pytest
from doubles import FallbackInterviewer, add_user
from sqlmodel import Session

from core.config import get_settings
from core.practice import PracticeService


@pytest.fixture
def new_user():
    def make(engine, name: str = "alice", role: str = "candidate") -> int:
        with Session(engine) as db:
            return add_user(db, name, role)
    return make


@pytest.fixture
def interview():
    """Run a typed interview: `answers` are the texts, in order (follow-ups off unless asked)."""
    def run(engine, user_id: int, answers: list[str], *, lang: str = "en", followups: int = 0,
            finish: bool = True) -> int:
        service = PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(),
                                  use_default_retriever=False)
        session_id = service.start_session(user_id, company="Acme", role="Engineer", language=lang,
                                           stages=[1, 2, 3], questions_per_stage=1, max_followup_depth=followups)
        for text in answers:
            question = service.next_question(user_id, session_id)
            if question is None:
                break
            attempt = service.begin_attempt(user_id, question.id, "text")
            service.submit_answer(user_id, attempt.id, text=text)
        if finish:
            service.finish_session(user_id, session_id)
        return session_id
    return run
