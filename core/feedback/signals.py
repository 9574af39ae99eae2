"""Answer signals with their positions: STAR parts, quantities, I vs we, hedges, tools.

The interviewer module (`core/interview/signals.py`) owns the detection vocabulary used to
decide follow-ups; when it is installed its verdicts win (so the interviewer and the
feedback never disagree about whether a result was stated). This module adds what the
report needs on top: where in the answer each signal is (character spans), so every
feedback item can point at its moment.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.feedback.text import Sentence, find_numbers, has_quantity, split_sentences

STAR_PARTS = ("situation", "task", "action", "result")

# Cue vocabularies (lower-case). English from common STAR coaching material; Korean from
# the phrasing of 자기소개서/면접 answers (상황-과제-행동-결과).
_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "situation": ("when i was", "at my previous", "at the time", "last year", "in my last", "we had a",
                      "there was", "the situation", "background", "while working", "during my", "in 20"),
        "task": ("my task", "my role", "i was responsible", "i was asked", "the goal", "our goal", "needed to",
                 "had to", "my job was", "the challenge", "objective", "responsible for"),
        "action": ("i built", "i decided", "i led", "i created", "i designed", "i wrote", "i organized",
                   "i organised", "i proposed", "i analyzed", "i analysed", "i introduced", "i set up",
                   "i implemented", "i talked", "i met", "so i", "i started", "i changed", "i automated",
                   "i negotiated", "i migrated", "i rewrote", "i trained", "i coordinated", "we built",
                   "we decided", "we implemented", "we introduced", "i used"),
        "result": ("as a result", "result", "resulted", "which led", "reduced", "increased", "improved",
                   "saved", "grew", "cut ", "decreased", "achieved", "raised", "outcome", "in the end",
                   "finally", "we shipped", "launched", "delivered", "won"),
    },
    "ko": {
        "situation": ("당시", "상황", "때 ", "시절", "근무하", "재직", "프로젝트에서", "배경", "작년", "인턴"),
        "task": ("목표", "과제", "역할", "맡", "담당", "해야 했", "책임", "문제는", "요구"),
        "action": ("제가", "저는", "진행했", "도입했", "개선했", "설계했", "제안했", "분석했", "구축했", "만들었",
                   "작성했", "조율했", "설득했", "해결했", "자동화", "시도했", "정리했"),
        "result": ("결과", "성과", "달성", "증가", "감소", "향상", "절감", "단축", "개선되", "늘었", "줄었",
                   "높였", "낮췄", "수상", "출시"),
    },
}
_I_WORDS = {"en": re.compile(r"\b(i|i'm|i've|i'd|me|my|myself)\b", re.IGNORECASE),
            "ko": re.compile(r"(저는|제가|저의|제|나는|내가)")}
_WE_WORDS = {"en": re.compile(r"\b(we|we're|we've|our|us|ourselves|the team)\b", re.IGNORECASE),
             "ko": re.compile(r"(우리|저희|팀이|팀은|팀원들과|함께)")}
_HEDGES = {"en": re.compile(r"\b(maybe|perhaps|i think|i guess|kind of|sort of|probably|somewhat|i believe|"
                            r"not sure|hopefully|basically)\b", re.IGNORECASE),
           "ko": re.compile(r"(아마|같습니다|것 같|듯합니다|듯 합니다|잘 모르|어느 정도|약간|나름)")}
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
    source: str = "feedback"  # "interview" when core.interview.signals decided
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


def _local_signals(text: str, lang: str) -> AnswerSignals:
    """Fallback detection used only when `core.interview.signals` is not installed."""
    lang = "ko" if lang == "ko" else "en"
    sentences = split_sentences(text)
    cues = _CUES[lang]
    star: dict[str, list[Span]] = {part: [] for part in STAR_PARTS}
    for sentence in sentences:
        low = f" {sentence.text.lower()} "
        for part in STAR_PARTS:
            if any(cue in low for cue in cues[part]):
                star[part].append(Span(sentence.start, sentence.end, sentence.text))
    # A sentence with a quantity and a change verb is a result even without "as a result".
    quantities = [Span(s, e, text[s:e]) for _, _, s, e in find_numbers(text)]
    result_quantified = any(has_quantity(span.text) for span in star["result"])
    source = "feedback"
    i_matches = list(_I_WORDS[lang].finditer(text or ""))
    we_matches = list(_WE_WORDS[lang].finditer(text or ""))
    hedges = [Span(m.start(), m.end(), m.group(0)) for m in _HEDGES[lang].finditer(text or "")]
    tools = _named_tools(sentences)
    words = len((text or "").split())
    return AnswerSignals(language=lang, sentences=sentences, star=star, quantities=quantities,
                         result_quantified=result_quantified, i_count=len(i_matches), we_count=len(we_matches),
                         we_spans=[Span(m.start(), m.end(), m.group(0)) for m in we_matches], hedges=hedges,
                         tools=tools, words=words, source=source)


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
    try:
        theirs_module = importlib.import_module("core.interview.signals")
    except ImportError:
        return _local_signals(text, lang)
    sig = theirs_module.analyze_answer(text or "", question or "", lang)
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
