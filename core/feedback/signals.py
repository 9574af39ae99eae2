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
    source: str = "feedback"  # "interview" when core.interview.signals decided the STAR parts
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
                "tools": self.tools, "words": self.words, "source": self.source}


def _interview_star(text: str, lang: str) -> set[str] | None:
    """STAR parts as the interviewer module sees them, or None when it is not installed."""
    try:
        module = importlib.import_module("core.interview.signals")
    except ImportError:
        return None
    for name in ("star_parts", "detect_star", "star_components"):
        func = getattr(module, name, None)
        if callable(func):
            try:
                parts = func(text, lang)
            except TypeError:
                parts = func(text)
            except Exception:  # noqa: BLE001 - their failure must not lose the feedback
                return None
            if isinstance(parts, dict):
                return {str(k) for k, v in parts.items() if v}
            if isinstance(parts, list | tuple | set | frozenset):
                return {str(p) for p in parts}
            present = getattr(parts, "present", None)
            if present is not None:
                return {str(p) for p in present}
    return None


def extract_signals(text: str, lang: str = "en") -> AnswerSignals:
    """Find STAR parts, quantities, I/we, hedges and named tools in an answer, with spans."""
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
    theirs = _interview_star(text, lang)
    if theirs is not None:
        source = "interview"
        for part in STAR_PARTS:
            if part not in theirs:
                star[part] = []
            elif not star[part] and sentences:
                # They saw the part but we cannot place it: point at the whole answer.
                star[part] = [Span(sentences[0].start, sentences[-1].end, "")]
    i_matches = list(_I_WORDS[lang].finditer(text or ""))
    we_matches = list(_WE_WORDS[lang].finditer(text or ""))
    hedges = [Span(m.start(), m.end(), m.group(0)) for m in _HEDGES[lang].finditer(text or "")]
    tools: list[str] = []
    for sentence in sentences:
        for i, match in enumerate(_TOOL_RE.finditer(sentence.text)):
            name = match.group(1)
            first_word = match.start() == 0 or (i == 0 and sentence.text[: match.start()].strip() == "")
            if name in _TOOL_STOP or (first_word and name.istitle() and " " not in name):
                continue
            if name not in tools:
                tools.append(name)
    words = len((text or "").split())
    return AnswerSignals(language=lang, sentences=sentences, star=star, quantities=quantities,
                         result_quantified=result_quantified, i_count=len(i_matches), we_count=len(we_matches),
                         we_spans=[Span(m.start(), m.end(), m.group(0)) for m in we_matches], hedges=hedges,
                         tools=tools[:10], words=words, source=source)
