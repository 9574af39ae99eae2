"""Test doubles shared across test folders.

`FallbackInterviewer` is a tiny deterministic interviewer (two generic questions per
stage, a result follow-up) for tests that exercise the practice flow, reports and pages
without depending on the real question bank's choices. `WallClock` is a settable UTC clock
for services that take `clock=` (time passes by `advance`, never by sleeping).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from core.db.models import User
from core.interview.types import FollowUpDecision, QuestionDraft


class WallClock:
    """A timezone-aware clock that stands still until `advance(seconds)` moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def add_user(db: Any, name: str, role: str = "candidate") -> int:
    """A user row without bcrypt (0.5 s per hash) for tests that never log in."""
    user = User(username=name, role=role, password_hash="not-a-login")
    db.add(user)
    db.commit()
    db.refresh(user)
    return int(user.id or 0)


def SimpleDraft(text: str, stage: int, persona: str = "lead", competency: str = "",
                sources: Sequence[dict[str, Any]] = (), origin: str = "bank", reason: str = "",
                strong_answer: str = "", bank_id: str = "") -> QuestionDraft:
    """A `QuestionDraft` with the defaults a test does not care about."""
    return QuestionDraft(text=text, stage=stage, persona=persona, competency=competency, sources=tuple(sources),
                         origin=origin, reason=reason, strong_answer=strong_answer, bank_id=bank_id)


def SimpleDecision(ask: bool, text: str = "", reason: str = "", kind: str = "") -> FollowUpDecision:
    """A `FollowUpDecision` (moving on when `ask` is False)."""
    return FollowUpDecision(ask=ask, text=text, reason=reason, kind=kind)


_FALLBACK_BANK: dict[str, dict[int, list[tuple[str, str, str]]]] = {
    "en": {1: [("fb-1-1", "Tell me about a project where you improved something measurable. What did you do?",
                "problem_solving"),
               ("fb-1-2", "Describe a time you had to learn a new tool quickly to deliver on a deadline.",
                "self_development")],
           2: [("fb-2-1", "A key teammate leaves two weeks before a launch. What do you do first, and why?",
                "problem_solving"),
               ("fb-2-2", "Two stakeholders want opposite things from your team. How do you decide?",
                "interpersonal")],
           3: [("fb-3-1", "Why this company and this role, and what will you contribute in your first year?",
                "organizational_understanding"),
               ("fb-3-2", "Tell me about a time you disagreed with your manager. What happened?", "ethics")]},
    "ko": {1: [("fb-1-1", "측정 가능한 성과를 낸 경험을 말씀해 주세요. 본인은 무엇을 했나요?", "문제해결능력"),
               ("fb-1-2", "마감에 맞추기 위해 새로운 도구를 빠르게 익혀야 했던 경험을 말씀해 주세요.", "자기개발능력")],
           2: [("fb-2-1", "출시 2주 전 핵심 팀원이 그만둔다면 가장 먼저 무엇을 하시겠습니까?", "문제해결능력"),
               ("fb-2-2", "두 이해관계자가 서로 반대되는 요구를 한다면 어떻게 결정하시겠습니까?", "대인관계능력")],
           3: [("fb-3-1", "왜 우리 회사와 이 직무에 지원했으며, 입사 1년 안에 무엇을 기여하시겠습니까?",
                "조직이해능력"),
               ("fb-3-2", "상사와 의견이 달랐던 경험과 그때 어떻게 했는지 말씀해 주세요.", "직업윤리")]},
}


class FallbackInterviewer:
    """A few generic questions per stage and a result follow-up: enough to practise when
    the interviewer feature is not installed. Not a replacement for `core.interview`."""

    def plan(self, context: Any) -> list[QuestionDraft]:
        lang = "ko" if getattr(context, "language", "en") == "ko" else "en"
        stages = list(getattr(context, "stages", [1, 2, 3]) or [1, 2, 3])
        per_stage = int(getattr(context, "questions_per_stage", 2) or 2)
        persona = str(getattr(context, "persona", "lead"))
        drafts = []
        for stage in stages:
            for bank_id, text, competency in _FALLBACK_BANK[lang].get(int(stage), [])[:per_stage]:
                drafts.append(SimpleDraft(text=text, stage=int(stage), persona=persona, competency=competency,
                                          bank_id=bank_id))
        return drafts

    def follow_up(self, context: Any, question: Any, answer_text: str, depth: int) -> FollowUpDecision:
        from core.feedback.signals import extract_signals

        lang = "ko" if getattr(context, "language", "en") == "ko" else "en"
        signals = extract_signals(answer_text, lang)
        if depth == 0 and not signals.result_quantified:
            text = ("그 결과를 숫자로 말씀해 주실 수 있나요? 무엇이 얼마나 달라졌나요?" if lang == "ko"
                    else "What was the measurable result? What changed, and by how much?")
            return SimpleDecision(ask=True, text=text, reason="no measurable result", kind="result")
        return SimpleDecision(ask=False)

    def take_notices(self) -> list[str]:
        return []

def link_coach(db: Any, *, coach_id: int, candidate_id: int) -> Any:
    """A coach link both sides consented to (the candidate asks, the coach accepts)."""
    from core.db import crud

    link = crud.request_link(db, requester_id=candidate_id, coach_id=coach_id, candidate_id=candidate_id)
    return crud.accept_link(db, user_id=coach_id, link_id=link.id or 0)
