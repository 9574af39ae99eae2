"""The interviewer: plans a three-stage interview and decides follow-ups.

Public API (see docs/contracts.md):

    from core.interview import build_interviewer, InterviewContext
    interviewer = build_interviewer(settings, retriever=None, llm=None)
    plan = interviewer.plan(context)                                   # list[QuestionDraft]
    decision = interviewer.follow_up(context, plan[0], answer_text, depth=0)  # FollowUpDecision
    interviewer.take_notices()                                         # ["AI interviewer ... took over."]

- `QuestionDraft`, `InterviewContext`, `FollowUpDecision` (frozen) in `core.interview.types`;
  `TIMED_PREP_SECONDS` / `TIMED_ANSWER_SECONDS` for the AI역량검사-style timed format.
- The answer reader (one judgement for follow-ups and feedback): `core.interview.reader.read_answer`.
- Persona-toned phrasing for feedback: `core.interview.persona`.
- Competency frameworks (NCS / NACE) and labels: `core.interview.competencies`.
- `followup_draft(question, decision)` turns an asking decision into a `QuestionDraft`.

Build one interviewer per session or request: it is cheap, and its notices and its
LLM failure counter belong to that session.
"""

from __future__ import annotations

from core.config import Settings
from core.interview.offline import OfflineInterviewer, followup_draft
from core.interview.types import (
    DEFAULT_MAX_FOLLOWUP_DEPTH,
    FOLLOW_UP_KINDS,
    FORMATS,
    PERSONAS,
    STAGES,
    TIMED_ANSWER_SECONDS,
    TIMED_PREP_SECONDS,
    FollowUpDecision,
    InterviewContext,
    Interviewer,
    QuestionDraft,
)
from core.llm.base import LLM
from core.rag.types import Retriever

__all__ = [
    "DEFAULT_MAX_FOLLOWUP_DEPTH",
    "FOLLOW_UP_KINDS",
    "FORMATS",
    "PERSONAS",
    "STAGES",
    "TIMED_ANSWER_SECONDS",
    "TIMED_PREP_SECONDS",
    "FollowUpDecision",
    "InterviewContext",
    "Interviewer",
    "OfflineInterviewer",
    "QuestionDraft",
    "build_interviewer",
    "followup_draft",
]


def build_interviewer(settings: Settings, retriever: Retriever | None = None, llm: LLM | None = None) -> Interviewer:
    """The LLM-backed interviewer when an LLM is configured (or passed), falling back to the
    offline interviewer per step; otherwise the offline interviewer."""
    offline = OfflineInterviewer(retriever)
    if llm is None:
        try:
            from core.llm import resolve_llm

            llm = resolve_llm(settings)
        except Exception:  # noqa: BLE001 - a broken provider configuration must not stop practice
            llm = None
    if llm is None:
        return offline
    from core.interview.llm_interviewer import LLMInterviewer

    return LLMInterviewer(llm, offline, retriever, timeout=settings.llm_timeout_s)
