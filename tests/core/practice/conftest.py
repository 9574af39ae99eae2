"""Fixtures for the practice service tests (fakes live in practice_fakes.py)."""

from __future__ import annotations

from typing import Any

import pytest
from doubles import add_user
from practice_fakes import FakeInterviewer, FakeRetriever, FakeSpeech
from sqlmodel import Session

from core.config import get_settings
from core.practice import PracticeService


@pytest.fixture
def make_user():
    def make(engine, username: str = "alice", role: str = "candidate") -> int:
        with Session(engine) as db:
            return add_user(db, username, role)
    return make


@pytest.fixture
def make_service():
    def make(engine, **kwargs: Any) -> PracticeService:
        kwargs.setdefault("interviewer", FakeInterviewer())
        kwargs.setdefault("retriever", FakeRetriever())
        kwargs.setdefault("transcribe", FakeSpeech())
        return PracticeService(engine, get_settings(), **kwargs)
    return make
