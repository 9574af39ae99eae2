"""Content feedback: STAR parts, a measured result, specificity, relevance, I vs we, hedges.

Rules only (offline, deterministic); an LLM may add items later (`core/feedback/llm.py`).
The content score is a sum of named parts, each shown in the explanation, so a user can
see exactly why an answer got its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.feedback.signals import STAR_PARTS, AnswerSignals, Span, extract_signals
from core.feedback.text import TimeMap, keywords, overlap_share
from core.feedback.types import Evidence, FeedbackItem, Score
from core.i18n import t
from core.interview.reading import AnswerReading

# Points of the content score (sum = 100).
POINTS_PER_STAR_PART = 10.0  # x4 = 40: situation, task, action, result each stated
POINTS_MEASURED_RESULT = 15.0  # a result with a number ("cut latency by 40 %")
POINTS_UNMEASURED_RESULT = 5.0  # a result stated without any number
POINTS_SPECIFICITY = 15.0  # numbers and named tools/methods (5 per number, 3 per tool, capped)
POINTS_RELEVANCE = 15.0  # share of the question's key words the answer takes up (full at RELEVANCE_FULL)
POINTS_OWNERSHIP = 10.0  # says what "I" did (half when "we" outnumbers "I" more than 2:1)
POINTS_LENGTH = 5.0  # long enough to carry a story

RELEVANCE_FULL = 0.5  # half of the question's content words reused = full relevance points
RELEVANCE_LOW = 0.15  # below: "needs improvement" (the answer may be off the question)
RELEVANCE_AVERAGE = 0.3
RELEVANCE_MIN_KEYWORDS = 3  # questions with fewer content words are not graded for relevance
MIN_WORDS = {"en": 25, "ko": 15}  # fallback only; core.interview.signals decides the length band
HEDGES_FLAG = 3  # three or more hedges ("maybe", "I think") in one answer get a note
WE_TO_I_RATIO_FLAG = 2.0  # "we" more than twice as often as "I"


@dataclass(frozen=True)
class ContentResult:
    signals: AnswerSignals
    items: list[FeedbackItem]
    score: Score
    relevance: float | None
    reading: AnswerReading | None = None  # the answer reader's judgement, when it made these items


def _evidence(span: Span | None, timemap: TimeMap, text: str) -> Evidence:
    if span is None:
        return Evidence()
    start_s, end_s = timemap.span(span.start, span.end)
    return Evidence(start_s=start_s, end_s=end_s, char_start=span.start, char_end=span.end,
                    quote=(span.text or text[span.start:span.end])[:300])


def _whole(text: str) -> Span:
    return Span(0, len(text), text[:300])


def _tone(persona: str, lang: str) -> str:
    """A short line in the interviewer persona's voice (from `core.interview.persona` when present)."""
    key = f"fb.tone.{'executive' if persona == 'executive' else 'lead'}"
    return t(key, lang)


def analyze_content(answer: str, question: str, lang: str = "en", *, timemap: TimeMap | None = None,
                    persona: str = "lead", earlier: str = "") -> ContentResult:
    """Grade the content of one answer to `question` (offline rules).

    `earlier`: for a follow-up, what the candidate already said in the answers it follows;
    STAR parts heard there count (a follow-up asks for the missing piece, not a new story).
    """
    lang = "ko" if lang == "ko" else "en"
    timemap = timemap or TimeMap(answer, None)
    sig = extract_signals(answer, lang, question)
    items: list[FeedbackItem] = []
    tone = _tone(persona, lang)

    def add(key: str, grade: str | None, span: Span | None, **kw: object) -> None:
        items.append(FeedbackItem(kind="content", key=key, grade=grade,  # type: ignore[arg-type]
                                  text=t(f"fb.{key}", lang, **kw),
                                  next_step=t(f"fb.{key}.next", lang, tone=tone, **kw),
                                  evidence=_evidence(span, timemap, answer)))

    # STAR
    present, missing = sig.star_present, sig.star_missing
    if earlier.strip():
        before = extract_signals(earlier, lang)
        present = [p for p in STAR_PARTS if p in present or p in before.star_present]
        missing = [p for p in STAR_PARTS if p not in present]
    part_names = {p: t(f"fb.star.{p}", lang) for p in STAR_PARTS}
    # A missing result gets its own item below; STAR lists the other missing parts.
    others_missing = [p for p in missing if p != "result"]
    if not missing:
        add("star.complete", "good", None)
    elif others_missing:
        add("star.missing", "needs_improvement" if len(others_missing) >= 2 else "average",
            _whole(answer) if answer else None, parts=", ".join(part_names[p] for p in others_missing))
    # Result: measured, stated, or missing (always named when missing).
    result_spans = sig.star["result"]
    if sig.result_quantified:
        span = next((s for s in result_spans if any(s.start <= q.start < s.end for q in sig.quantities)),
                    result_spans[0])
        add("result.measured", "good", span)
        result_points = POINTS_MEASURED_RESULT
    elif result_spans:
        add("result.unmeasured", "average", result_spans[0])
        result_points = POINTS_UNMEASURED_RESULT
    else:
        last = sig.sentences[-1] if sig.sentences else None
        add("result.missing", "needs_improvement", Span(last.start, last.end, last.text) if last else None)
        result_points = 0.0
    # Specificity: numbers and named tools; numbers without a baseline get a note.
    specifics = sig.specifics if sig.specifics is not None else len(sig.quantities) + len(sig.tools)
    specificity = min(POINTS_SPECIFICITY, 5.0 * len(sig.quantities) + 3.0 * max(0, specifics - len(sig.quantities)))
    if specificity >= 10:
        add("specificity.good", "good", sig.quantities[0] if sig.quantities else None,
            numbers=len(sig.quantities), tools=", ".join(sig.tools[:4]) or t("fb.none", lang))
    else:
        add("specificity.low", "average" if specificity > 0 else "needs_improvement", sig.vague[0] if sig.vague
            else None, numbers=len(sig.quantities), tools=", ".join(sig.tools[:4]) or t("fb.none", lang))
    if sig.numbers_without_context:
        first = sig.numbers_without_context[0]
        add("numbers.no_context", "average", first, number=first.text)
    # Relevance (the interviewer's measure; None = not measurable, e.g. a question without content words)
    if sig.source == "interview":
        relevance = sig.relevance
    else:
        q_words = keywords(question)
        relevance = overlap_share(q_words, keywords(answer)) if len(q_words) >= RELEVANCE_MIN_KEYWORDS else None
    if sig.off_topic or (relevance is not None and relevance < RELEVANCE_LOW):
        add("relevance.low", "needs_improvement" if sig.off_topic else "average", None,
            share=round((relevance or 0.0) * 100))
    relevance_points = (POINTS_RELEVANCE if relevance is None
                        else POINTS_RELEVANCE * min(1.0, relevance / RELEVANCE_FULL))
    # I vs we
    if sig.we_count and not sig.i_count:
        add("ownership.we_only", "needs_improvement", sig.we_spans[0], we=sig.we_count)
        ownership = 0.0
    elif sig.i_count and sig.we_count > WE_TO_I_RATIO_FLAG * sig.i_count:
        add("ownership.we_heavy", "average", sig.we_spans[0], we=sig.we_count, i=sig.i_count)
        ownership = POINTS_OWNERSHIP / 2
    elif sig.i_count:
        ownership = POINTS_OWNERSHIP
    else:
        ownership = 0.0
        add("ownership.none", "average", None)
    # Hedges (a note, not part of the score: some hedging is honest)
    if len(sig.hedges) >= HEDGES_FLAG:
        add("hedges.many", "average", sig.hedges[0], count=len(sig.hedges),
            examples=", ".join(dict.fromkeys(h.text.lower() for h in sig.hedges[:3])))
    # Length
    band = sig.length_band or ("too_short" if sig.words < MIN_WORDS[lang] else "ok")
    if band == "too_short":
        add("length.short", "needs_improvement", None, words=sig.words, minimum=MIN_WORDS[lang])
    elif band == "long":
        add("length.long", "average", None, words=sig.words)
    star_points = POINTS_PER_STAR_PART * len(present)
    length_points = POINTS_LENGTH if band == "ok" else 0.0
    total = star_points + result_points + specificity + relevance_points + ownership + length_points
    components = {"star": star_points, "result": result_points, "specificity": specificity,
                  "relevance": round(relevance_points, 1), "ownership": ownership, "length": length_points}
    explanation = t("fb.score.content.explanation", lang, total=round(total), star=round(star_points),
                    present=", ".join(part_names[p] for p in present) or "-",
                    missing=", ".join(part_names[p] for p in missing) or "-",
                    result=round(result_points), specificity=round(specificity),
                    relevance=round(relevance_points), ownership=round(ownership), length=round(length_points))
    if relevance is None:
        explanation += " " + t("fb.score.relevance_not_measured", lang)
    return ContentResult(signals=sig, items=items, score=Score.of(total, explanation, components),
                         relevance=None if relevance is None else round(relevance, 3))
