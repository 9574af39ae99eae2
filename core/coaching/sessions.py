"""Sessions with the coach's own questions, started through the practice service.

The practice service plans questions on the first `next_question` unless the session already
has some; adding the coach's questions first (through the owner-scoped crud) therefore makes
the rest of the walk — attempts, analysis, follow-ups, the report — the very same as a
planned interview or `run-session`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from core.db import crud
from core.db.models import Question
from core.practice.numbering import MAIN_POSITION_STEP
from core.practice.service import PracticeService


def start_with_questions(service: PracticeService, user_id: int, *, questions: Sequence[str], company: str = "",
                         role: str = "", persona: str = "lead", language: str = "en", stage: int = 1,
                         format: str = "standard", max_followup_depth: int = 0,
                         options: dict[str, Any] | None = None) -> int:
    """Start a session for `user_id` whose main questions are `questions` (in order);
    returns the session id. Raises `PracticeError` for a bad persona/stage."""
    texts = [q.strip() for q in questions if q and q.strip()]
    session_id = service.start_session(user_id, company=company or None, role=role, persona=persona,
                                       language=language, format=format, stages=(stage,),
                                       questions_per_stage=max(1, len(texts)),
                                       max_followup_depth=max_followup_depth, options=options)
    with Session(service.engine) as db:
        for i, text in enumerate(texts):
            crud.add_question(db, owner_id=user_id, question=Question(
                session_id=session_id, position=i * MAIN_POSITION_STEP, stage=stage, persona=persona, text=text,
                origin="coach"))
    return session_id
