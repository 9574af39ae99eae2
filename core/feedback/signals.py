"""Answer signals with their positions: STAR parts, quantities, I vs we, hedges, tools.

The interviewer module (`core/interview/signals.py`) owns the detection vocabulary, so the
interviewer's follow-ups and the feedback never disagree about whether a result was
stated. This module adds what the report needs on top: sentence spans for each signal (so
every feedback item can point at its moment) and named tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.feedback.text import Sentence, split_sentences
from core.interview.signals import analyze_answer

STAR_PARTS = ("situation", "task", "action", "result")

# Tools and methods mentioned by name count as concrete detail.
_TOOL_RE = re.compile(r"\b([A-Z][a-zA-Z0-9+#.]{1,}(?:\s[A-Z][a-zA-Z0-9+#.]+)?|SQL|API|A/B|KPI|OKR|CI/CD|Excel)\b")
_TOOL_STOP = {"I", "The", "We", "My", "Our", "When", "Then", "So", "And", "But", "As", "In", "At", "It", "This",
              "That", "After", "Before", "First", "Finally", "Also", "During", "Because", "If", "Last", "One"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AnswerSignals:
    """What an answer contains, with where it says it."""

    language: str
    sentences: list[Sentence]
    star: dict[str, list[Span]]  # part -> sentences showing it
    quantities: list[Span]
    result_quantified: bool  # a number appears in a result sentence
    i_count: int
    we_count: int
    we_spans: list[Span]
    hedges: list[Span]
    tools: list[str]
    words: int
    source: str = "interview"  # which detector decided (kept in stored payloads)
    specifics: int | None = None  # numbers + named tools/terms (interview signals)
    relevance: float | None = None  # share of the question's content words reused; None = not measurable
    off_topic: bool | None = None
    length_band: str = ""  # too_short | ok | long ("" = not judged)
    vague: list[Span] = field(default_factory=list)
    numbers_without_context: list[Span] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def star_present(self) -> list[str]:
        return [part for part in STAR_PARTS if self.star.get(part)]

    @property
    def star_missing(self) -> list[str]:
        return [part for part in STAR_PARTS if not self.star.get(part)]

    def to_dict(self) -> dict[str, Any]:
        return {"star_present": self.star_present, "star_missing": self.star_missing,
                "result_quantified": self.result_quantified, "quantities": len(self.quantities),
                "i_count": self.i_count, "we_count": self.we_count, "hedges": len(self.hedges),
                "tools": self.tools, "words": self.words, "source": self.source, "specifics": self.specifics,
                "relevance": self.relevance, "off_topic": self.off_topic, "length_band": self.length_band,
                "vague": len(self.vague), "numbers_without_context": len(self.numbers_without_context)}


def _named_tools(sentences: list[Sentence]) -> list[str]:
    tools: list[str] = []
    for sentence in sentences:
        for match in _TOOL_RE.finditer(sentence.text):
            name = match.group(1)
            at_start = sentence.text[: match.start()].strip() == ""
            if name in _TOOL_STOP or (at_start and name.istitle() and " " not in name):
                continue
            if name not in tools:
                tools.append(name)
    return tools[:10]


def _sentence_spans(spans: Iterable[Any], sentences: list[Sentence]) -> list[Span]:
    """Widen cue spans to the sentences holding them (one span per sentence, in order)."""
    out: dict[int, Span] = {}
    for span in spans:
        for sentence in sentences:
            if sentence.start <= span.start < sentence.end:
                out.setdefault(sentence.start, Span(sentence.start, sentence.end, sentence.text))
                break
    return [out[k] for k in sorted(out)]


def extract_signals(text: str, lang: str = "en", question: str = "") -> AnswerSignals:
    """STAR parts, quantities, I/we, hedges, tools, relevance and length of an answer, with spans.

    Detection is `core.interview.signals.analyze_answer` (the interviewer's follow-up rules
    read the same verdicts); this adds sentence spans for evidence and named tools.
    """
    lang = "ko" if lang == "ko" else "en"
    sig = analyze_answer(text or "", question or "", lang)
    sentences = split_sentences(text)
    star = {part: _sentence_spans(sig.star.get(part, ()), sentences) for part in STAR_PARTS}
    quantities = [Span(n.start, n.end, n.text) for n in sig.numbers]
    result_quantified = any(s.start <= q.start < s.end for s in star["result"] for q in quantities)

    def spans(items: Iterable[Any]) -> list[Span]:
        return [Span(x.start, x.end, x.text) for x in items]

    return AnswerSignals(
        language=lang, sentences=sentences, star=star, quantities=quantities, result_quantified=result_quantified,
        i_count=sig.i_count, we_count=sig.we_count, we_spans=spans(sig.we_spans), hedges=spans(sig.hedges),
        tools=_named_tools(sentences), words=sig.word_count, source="interview", specifics=sig.specifics,
        relevance=sig.relevance, off_topic=sig.off_topic, length_band=sig.length_band, vague=spans(sig.vague),
        numbers_without_context=spans(sig.numbers_without_context))
