"""One answer in, one `AnswerAnalysis` out: content + fact-check + delivery + camera + scores.

`analyze_answer` is pure apart from the retriever search (and an optional LLM pass); the
practice service calls it once per attempt and stores `AnswerAnalysis.to_dict()` in
`Analysis.payload` (the only place it becomes a dict).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from core.feedback.blind import blind_items
from core.feedback.content import ContentResult, analyze_content
from core.feedback.delivery import camera_feedback, delivery_feedback
from core.feedback.factcheck import check_company_facts, check_resume_consistency, fact_items
from core.feedback.outline import Outline, Outliner, build_outline
from core.feedback.scoring import combine_answer_score
from core.feedback.text import TimeMap
from core.feedback.types import (
    PAYLOAD_VERSION,
    AnswerAnalysis,
    AnswerScores,
    ContentPart,
    ContentSignals,
    FeedbackItem,
    LLMUse,
    PersonaSummary,
    Score,
    SpeechPart,
    Timings,
)
from core.i18n import t
from core.interview import persona as voice
from core.interview.blind import check_answer
from core.interview.reader import read_answer
from core.interview.reading import AnswerReading
from core.rag.types import Retriever
from core.resume.claims import Claim
from core.vision.summary import VisionSummary

_GRADE_ORDER = {"needs_improvement": 0, "average": 1, "good": 2, None: 3}
CONTRADICTION_PENALTY = 10.0  # content points per contradicted company fact (costliest mistake in a real interview)
MAX_CONTRADICTION_PENALTY = 20.0


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
    speech: SpeechPart | None = None
    vision: VisionSummary | None = None
    claims: Sequence[Claim] = ()  # the resume's claims (stored in Document.structured, read at the DB edge)
    earlier: str = ""  # for a follow-up: the answers it follows (their STAR parts count)
    blind_check: bool = True  # the user's preference (core.preferences.BLIND_CHECK)
    resume: str = ""  # the resume's text: facts the outline may use besides the answer and question

    def timemap(self) -> TimeMap:
        """Characters of `answer_text` -> seconds of the recording (None without word timings)."""
        words = [{"word": w.word, "start_s": w.start_s, "end_s": w.end_s} for w in self.speech.words] \
            if self.speech is not None else None
        return TimeMap(self.answer_text, words)


class Refiner(Protocol):
    """The optional LLM pass: extra content items for an answer, never replacing rule items."""

    def __call__(self, data: AnswerInput, items: Sequence[FeedbackItem]) -> tuple[list[FeedbackItem], LLMUse]: ...


def persona_summary(persona: str, lang: str, items: Sequence[FeedbackItem]) -> PersonaSummary:
    """Opening, best point, main improvement and closing in the interviewer persona's voice."""
    best = next((i for i in items if i.grade == "good" and i.kind == "content"), None)
    worst = next((i for i in items if i.grade == "needs_improvement"), None) or \
        next((i for i in items if i.grade == "average"), None)
    return PersonaSummary(
        intro=voice.persona_feedback_intro(persona, lang),
        strength=voice.persona_feedback_line(persona, "strength", lang, detail=best.text) if best else "",
        improve=voice.persona_feedback_line(persona, "improve", lang, detail=worst.next_step) if worst else "",
        closing=voice.persona_feedback_closing(persona, lang))


def answer_reading(data: AnswerInput, content: ContentResult) -> AnswerReading:
    """The answer reader's judgement of this answer: the one the content rules used when they
    carry it, else the reader's (`core.interview.reader.read_answer`) — never a second reading."""
    if content.reading is not None:
        return content.reading
    return read_answer(data.question_text, data.answer_text, lang=data.language, persona=data.persona)


def answer_blind_items(data: AnswerInput, reading: AnswerReading, timemap: TimeMap) -> list[FeedbackItem]:
    """Blind-hiring items for the answer, unless the user turned the check off."""
    if not data.blind_check or not reading.sentences:
        return []
    return blind_items(check_answer(reading), "ko" if data.language == "ko" else "en", timemap)


def answer_outline(reading: AnswerReading, data: AnswerInput | None = None,
                   outliner: Outliner | None = None) -> Outline | None:
    """The better-answer outline from the reader's sentence roles (None for an empty answer).

    With `outliner` (the LLM path, `core.feedback.outline.LLMOutliner`) the LLM's outline,
    which the outliner holds to the no-new-fact rule (facts may come from the answer, the
    resume in `data.resume` or the question); any failure of the outliner itself means the
    offline outline with the "unavailable" notice."""
    if not reading.sentences:
        return None
    flagged = [d.char_start for d in check_answer(reading)] if data is not None and data.blind_check else []
    if outliner is None or data is None:
        return build_outline(reading, flagged)
    try:
        return outliner(reading, answer=data.answer_text, resume=data.resume)
    except Exception:  # noqa: BLE001 - the optional LLM outline falls back to the candidate's own words
        return replace(build_outline(reading, flagged), notice="unavailable")


def analyze_answer(data: AnswerInput, *, retriever: Retriever | None = None,
                   refine: Refiner | None = None, outliner: Outliner | None = None) -> AnswerAnalysis:
    """Feedback items and scores for one answer.

    `refine` is the optional LLM pass (`core.feedback.llm.LLMRefiner`); its items are
    validated by the refiner and added after the rule items, which they never replace.
    `outliner` makes the better-answer outline on the LLM path (see `answer_outline`).
    """
    started = time.perf_counter()
    lang = "ko" if data.language == "ko" else "en"
    timemap = data.timemap()
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
    content_score = content.score
    contradicted = sum(1 for c in checks if c.verdict == "contradicted")
    if contradicted and content_score.value is not None:
        penalty = min(MAX_CONTRADICTION_PENALTY, CONTRADICTION_PENALTY * contradicted)
        content_score = Score.of(content_score.value - penalty,
                                 content_score.explanation + " " + t("fb.score.content.fact_penalty", lang,
                                                                     n=contradicted, points=round(penalty)),
                                 {**content_score.components, "fact_penalty": -penalty})
    score = combine_answer_score(content_score, delivery_score, camera_score, lang)
    llm: LLMUse | None = None
    if refine is not None:
        try:
            extra, llm = refine(data, tuple(items))
        except Exception:  # noqa: BLE001 - the optional LLM pass falls back to the rules
            extra, llm = [], LLMUse(used=False, error="failed")
        items += [i for i in extra if isinstance(i, FeedbackItem)]
    items.sort(key=lambda i: (_GRADE_ORDER.get(i.grade, 3), i.kind))
    signals = ContentSignals.from_dict(content.signals.to_dict())
    outline = answer_outline(reading, data, outliner)
    return AnswerAnalysis(
        version=PAYLOAD_VERSION, language=lang, transcript=data.answer_text, question=data.question_text,
        stage=data.stage, competency=data.competency,
        content=ContentPart(signals=signals, relevance=content.relevance, fact_checks=tuple(checks),
                            reading=reading),
        scores=AnswerScores(content=content_score, delivery=delivery_score, camera=camera_score, answer=score),
        feedback=tuple(items), speech=data.speech, vision=data.vision,
        persona_summary=persona_summary(data.persona, lang, items), llm=llm,
        outline=outline,
        timings=Timings(feedback_s=round(time.perf_counter() - started, 3)))


def with_context(analysis: AnswerAnalysis, *, question_id: int | None, attempt_id: int | None,
                 timings: Timings) -> AnswerAnalysis:
    """The analysis tagged with its question, attempt and the answer path's timings."""
    return replace(analysis, question_id=question_id, attempt_id=attempt_id,
                   timings=replace(timings, feedback_s=analysis.timings.feedback_s))
