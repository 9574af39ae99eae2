"""The coach's workspace: a coach, linked candidates and analysed answers through the real service."""

from __future__ import annotations

import pytest
from doubles import FallbackInterviewer, add_user, link_coach
from sqlmodel import Session

from core.config import get_settings
from core.db import crud
from core.practice import PracticeService


@pytest.fixture
def service_for():
    def make(engine):
        return PracticeService(engine, get_settings(), interviewer=FallbackInterviewer(),
                               use_default_retriever=False)
    return make


@pytest.fixture
def people():
    """(coach, alice, bob): alice accepted the coach, bob did not."""
    def make(engine) -> tuple[int, int, int]:
        with Session(engine) as db:
            coach, alice, bob = add_user(db, "coachy", "coach"), add_user(db, "alice"), add_user(db, "bob")
            link_coach(db, coach_id=coach, candidate_id=alice)
            crud.request_link(db, requester_id=coach, coach_id=coach, candidate_id=bob)  # bob never accepted
        return coach, alice, bob
    return make


@pytest.fixture
def answer_all():
    """Answer every question of a session with `texts` (cycled), then finish it."""
    def run(service, user_id: int, session_id: int, texts: list[str], finish: bool = True) -> list[int]:
        attempts = []
        i = 0
        while (question := service.next_question(user_id, session_id)) is not None:
            attempt = service.begin_attempt(user_id, question.id, "text")
            service.submit_answer(user_id, attempt.id, text=texts[i % len(texts)])
            attempts.append(attempt.id)
            i += 1
        if finish:
            service.finish_session(user_id, session_id)
        return attempts
    return run
