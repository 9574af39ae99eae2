"""One answer in, one stored payload out: content + fact-check + delivery + camera + scores.

`analyze_answer` is pure apart from the retriever search (and an optional LLM pass); the
practice service calls it once per attempt and stores the payload in `Analysis.payload`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from core.feedback.blind import blind_items
from core.feedback.content import analyze_content
from core.feedback.delivery import camera_feedback, delivery_feedback
from core.feedback.factcheck import check_company_facts, check_resume_consistency, fact_items
from core.feedback.outline import Outline, build_outline
from core.feedback.scoring import combine_answer_score
from core.feedback.text import TimeMap
from core.feedback.types import FeedbackItem
from core.interview.blind import check_answer
from core.interview.reader import read_answer
from core.interview.reading import AnswerReading

PAYLOAD_VERSION = 1
_GRADE_ORDER = {"needs_improvement": 0, "average": 1, "good": 2, None: 3}


@dataclass(frozen=True)
class AnswerInput:
    """Everything the feedback needs about one answer."""

    answer_text: str
    question_text: str
    language: str = "en"
    persona: str = "lead"
    stage: int = 1
    competency: str = ""
    company: str = ""
    speech: dict[str, Any] | None = None  # SpeechAnalysis.to_dict()
    vision: dict[str, Any] | None = None  # vision summary dict
    claims: list[dict[str, Any]] = field(default_factory=list)  # resume claims
    earlier: str = ""  # for a follow-up: the answers it follows (their STAR parts count)
    blind_check: bool = True  # the user's preference (core.preferences.BLIND_CHECK)
    resume: str = ""  # the resume's text: facts the outline may use besides the answer and question


def persona_summary(persona: str, lang: str, items: list[FeedbackItem]) -> dict[str, str] | None:
    """Opening, best point, main improvement and closing in the interviewer persona's voice
    (`core.interview.persona`); None when the interviewer module is not installed."""
    try:
        from core.interview import persona as voice
    except ImportError:
        return None
    best = next((i for i in items if i.grade == "good" and i.kind == "content"), None)
    worst = next((i for i in items if i.grade == "needs_improvement"), None) or \
        next((i for i in items if i.grade == "average"), None)
    return {"intro": voice.persona_feedback_intro(persona, lang),
            "strength": voice.persona_feedback_line(persona, "strength", lang, detail=best.text) if best else "",
            "improve": voice.persona_feedback_line(persona, "improve", lang, detail=worst.next_step) if worst else "",
            "closing": voice.persona_feedback_closing(persona, lang)}


def answer_reading(data: AnswerInput, content: Any) -> AnswerReading:
    """The answer reader's judgement of this answer: the one the content rules used when they
    carry it, else the reader's (`core.interview.reader.read_answer`) — never a second reading."""
    reading = getattr(content, "reading", None)
    if isinstance(reading, AnswerReading):
        return reading
    return read_answer(data.question_text, data.answer_text, lang=data.language, persona=data.persona)


def answer_blind_items(data: AnswerInput, reading: AnswerReading, timemap: TimeMap) -> list[FeedbackItem]:
    """Blind-hiring items for the answer, unless the user turned the check off."""
    if not data.blind_check or not reading.sentences:
        return []
    return blind_items(check_answer(reading), "ko" if data.language == "ko" else "en", timemap)


def answer_outline(reading: AnswerReading) -> Outline | None:
    """The better-answer outline from the reader's sentence roles (None for an empty answer)."""
    return build_outline(reading) if reading.sentences else None


def analyze_answer(data: AnswerInput, *, retriever: Any = None, refine: Any = None) -> dict[str, Any]:
    """Feedback items and scores for one answer, as a JSON-able payload.

    `refine(data, payload) -> list[FeedbackItem]` is the optional LLM pass; its items are
    added after validation by the caller's implementation and never replace rule items.
    """
    started = time.perf_counter()
    lang = "ko" if data.language == "ko" else "en"
    words = (data.speech or {}).get("words") or []
    timemap = TimeMap(data.answer_text, words)
    content = analyze_content(data.answer_text, data.question_text, lang, timemap=timemap, persona=data.persona,
                              earlier=data.earlier)
    checks = check_company_facts(data.answer_text, data.company, retriever)
    items: list[FeedbackItem] = list(content.items)
    items += fact_items(checks, lang, timemap)
    items += check_resume_consistency(data.answer_text, data.claims, lang, timemap)
    delivery_items, delivery_score = delivery_feedback(data.speech, lang)
    camera_items, camera_score = camera_feedback(data.vision, lang)
    items += delivery_items + camera_items
    reading = answer_reading(data, content)
    items += answer_blind_items(data, reading, timemap)
    # A contradicted company fact costs content points: it is the costliest mistake in a real interview.
    content_score = content.score
    contradicted = sum(1 for c in checks if c.verdict == "contradicted")
    if contradicted and content_score.value is not None:
        from core.feedback.types import Score
        from core.i18n import t

        penalty = min(20.0, 10.0 * contradicted)
        content_score = Score.of(content_score.value - penalty,
                                 content_score.explanation + " " + t("fb.score.content.fact_penalty", lang,
                                                                     n=contradicted, points=round(penalty)),
                                 {**content_score.components, "fact_penalty": -penalty})
    score = combine_answer_score(content_score, delivery_score, camera_score, lang)
    payload: dict[str, Any] = {
        "version": PAYLOAD_VERSION,
        "language": lang,
        "transcript": data.answer_text,
        "question": data.question_text,
        "stage": data.stage,
        "competency": data.competency,
        "signals": content.signals.to_dict(),
        "relevance": content.relevance,
        "fact_checks": [c.to_dict() for c in checks],
        "speech": data.speech,
        "vision": data.vision,
        "scores": {"content": content_score.to_dict(), "delivery": delivery_score.to_dict(),
                   "camera": camera_score.to_dict(), "answer": score.to_dict()},
        "grades": {"content": content_score.band, "delivery": delivery_score.band, "camera": camera_score.band},
        "score": score.value,
    }
    if refine is not None:
        try:
            extra = list(refine(data, payload))
        except Exception:  # noqa: BLE001 - the optional LLM pass falls back to the rules
            extra = []
        items += [i for i in extra if isinstance(i, FeedbackItem)]
        payload["llm_items"] = len(extra)
    items.sort(key=lambda i: (_GRADE_ORDER.get(i.grade, 3), i.kind))
    payload["feedback"] = [i.to_dict() for i in items]
    outline = answer_outline(reading)
    payload["outline"] = outline.to_dict() if outline is not None else None
    payload["question_type"] = reading.question_type  # Progress: tries per question type
    payload["persona_summary"] = persona_summary(data.persona, lang, items)
    payload["timings"] = {"feedback_s": round(time.perf_counter() - started, 3)}
    return payload
