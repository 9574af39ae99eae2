"""The optional LLM pass: up to three extra content observations, each anchored to a verbatim
quote of the answer. Offline rules always run first; this only adds to them.

Validation (an item failing any check is dropped, never repaired):
- the quote must occur in the answer (so the item can point at its moment);
- no emotion, confidence, honesty or personality words (observable behaviour only);
- short texts, a known grade, at most `MAX_ITEMS`.
Any `LLMError` (timeout, unavailable, bad reply) means no extra items; the caller notes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from core.config import Settings
from core.feedback.analyze import AnswerInput
from core.feedback.outline import LLMOutliner
from core.feedback.text import TimeMap
from core.feedback.types import Evidence, FeedbackItem, LLMUse
from core.llm import UNTRUSTED_DATA_RULE, LLMError, resolve_llm, wrap_untrusted
from core.llm.base import LLM

MAX_ITEMS = 3
LLM_FEEDBACK_TIMEOUT_S = 8.0  # the feedback budget is seconds: a slow provider is skipped, not waited for
# Trait and emotion words we never show (FEEDBACK_EVIDENCE.md: observable behaviour only).
_BANNED = re.compile(r"\b(nervous|anxious|confident|confidence|insecure|honest|dishonest|personality|emotion\w*|"
                     r"introvert\w*|extrovert\w*|passionate|lazy|arrogant|shy)\b|긴장|불안|자신감|정직|성격|감정|내향|외향",
                     re.IGNORECASE)


class LLMFeedbackItem(BaseModel):
    grade: Literal["good", "average", "needs_improvement"]
    observation: str = Field(max_length=400)
    next_step: str = Field(max_length=300)
    quote: str = Field(max_length=300, description="verbatim words from the answer this is about")


class LLMFeedback(BaseModel):
    items: list[LLMFeedbackItem] = Field(default_factory=list, max_length=6)


_SYSTEM = {
    "en": "You are an interview coach. Give at most three specific observations about the CONTENT of the "
          "candidate's answer that the listed rule findings do not already cover: what they said, what is missing "
          "for this question, how to make it more convincing. Only observable facts about the words; never judge "
          "emotions, confidence, honesty or personality. Each item quotes the exact words of the answer it is "
          "about. Reply in English as JSON: {\"items\": [{\"grade\", \"observation\", \"next_step\", \"quote\"}]}.",
    "ko": "당신은 면접 코치입니다. 규칙 분석이 이미 다룬 내용을 제외하고, 지원자 답변의 내용에 대해 구체적인 관찰을 "
          "최대 세 개 제시하세요: 무엇을 말했는지, 이 질문에 무엇이 빠졌는지, "
          "어떻게 하면 더 설득력이 있는지. 말한 내용에 대한 관찰만 하고 감정, 자신감, 정직성, "
          "성격은 절대 판단하지 마세요. 각 항목은 해당 답변의 정확한 문구를 인용합니다. "
          "한국어로 JSON으로 답하세요: "
          "{\"items\": [{\"grade\", \"observation\", \"next_step\", \"quote\"}]}.",
}


def validate_items(reply: LLMFeedback, answer: str, timemap: TimeMap) -> list[FeedbackItem]:
    """The reply's items that pass every check, as feedback items with evidence."""
    out: list[FeedbackItem] = []
    lowered = answer.lower()
    for item in reply.items:
        quote = item.quote.strip().strip("\"'“”")
        start = lowered.find(quote.lower()) if quote else -1
        if start < 0 or len(quote) < 3:
            continue
        if _BANNED.search(item.observation) or _BANNED.search(item.next_step):
            continue
        end = start + len(quote)
        start_s, end_s = timemap.span(start, end)
        out.append(FeedbackItem(kind="content", key="llm.observation", grade=item.grade,
                                text=item.observation.strip(), next_step=item.next_step.strip(),
                                evidence=Evidence(start_s=start_s, end_s=end_s, char_start=start, char_end=end,
                                                  quote=answer[start:end]), source="llm"))
        if len(out) == MAX_ITEMS:
            break
    return out


class LLMRefiner:
    """The `Refiner` of `analyze_answer`, backed by `core.llm`: `(data, rule items) -> (items, LLMUse)`."""

    def __init__(self, llm: LLM, timeout_s: float = LLM_FEEDBACK_TIMEOUT_S) -> None:
        self.llm = llm
        self.timeout_s = timeout_s

    def __call__(self, data: AnswerInput, items: Sequence[FeedbackItem]) -> tuple[list[FeedbackItem], LLMUse]:
        lang = "ko" if data.language == "ko" else "en"
        findings = "\n".join(f"- {f.key}: {f.text}" for f in items)
        # The question (from a model or a document), the findings (they quote the answer) and the
        # answer are all data: only our own instructions stay outside the blocks.
        user = "\n\n".join([wrap_untrusted("question", data.question_text),
                             wrap_untrusted("rule_findings_already_shown", findings or "(none)"),
                             wrap_untrusted("answer", data.answer_text)])
        try:
            reply = self.llm.complete_json(_SYSTEM[lang] + "\n" + UNTRUSTED_DATA_RULE, user, LLMFeedback,
                                           timeout=self.timeout_s)
        except LLMError as exc:
            return [], LLMUse(used=False, error=exc.cause)
        kept = validate_items(reply, data.answer_text, data.timemap())
        return kept, LLMUse(used=True, model=self.llm.name, offered=len(reply.items),
                            kept=len(kept))


def default_refiner(settings: Settings) -> LLMRefiner | None:
    """An LLM refiner when an LLM is configured, else None (rules only)."""
    try:
        llm = resolve_llm(settings)
    except Exception:  # noqa: BLE001 - a broken configuration must not stop the offline feedback
        return None
    return None if llm is None else LLMRefiner(llm)


def default_outliner(settings: Settings) -> LLMOutliner | None:
    """An LLM outliner when an LLM is configured, else None (the offline outline)."""
    try:
        llm = resolve_llm(settings)
    except Exception:  # noqa: BLE001 - a broken configuration must not stop the offline outline
        return None
    return None if llm is None else LLMOutliner(llm)
