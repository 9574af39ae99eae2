"""Small text helpers of the feedback rules: numbers with their values (for fact-checking
against documents, years included) and the mapping from transcript characters to seconds of
the recording. Sentences, key words, particles and stopwords are `core.language`'s
(re-exported here for the modules that import them from this one)."""

from __future__ import annotations

import re
from typing import Any

from core.language import Sentence, keywords, overlap_share, split_sentences, strip_particle
from core.language.lexicon import KOREAN_PARTICLES, STOPWORDS
from core.language.tokens import STEM_PREFIX, WORD_RE

__all__ = ["KOREAN_PARTICLES", "NUMBER_RE", "STEM_PREFIX", "STOPWORDS", "Sentence", "TimeMap", "find_numbers",
           "has_quantity", "keywords", "overlap_share", "parse_number", "split_sentences", "strip_particle"]

NUMBER_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|퍼센트|percent|배|x|명|억|만|천|원|년|개월|주|일)?",
    re.IGNORECASE)
_WORD_RE = WORD_RE
_NUMBER_WORDS_EN = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twice",
                    "half", "double", "doubled", "tripled", "dozen", "hundred", "thousand", "million"}


def parse_number(raw: str) -> float | None:
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def find_numbers(text: str) -> list[tuple[float, str, int, int]]:
    """(value, unit, start, end) for each number in `text` ("" unit when none)."""
    found: list[tuple[float, str, int, int]] = []
    for match in NUMBER_RE.finditer(text or ""):
        value = parse_number(match.group(1))
        if value is not None:
            found.append((value, (match.group(2) or "").lower(), match.start(), match.end()))
    return found


def has_quantity(text: str) -> bool:
    """A number, or a number word ("doubled", "half") in the text."""
    if find_numbers(text):
        return True
    return any(w.lower() in _NUMBER_WORDS_EN for w in _WORD_RE.findall(text or ""))


class TimeMap:
    """Maps character offsets of a transcript to seconds, using the speech words' timings.

    Words are located in the transcript in order (case-insensitive); characters between
    located words take the time of the nearest word before them. Without word timings
    every lookup is None (not measurable), never 0.
    """

    def __init__(self, transcript: str, words: list[dict[str, Any]] | None) -> None:
        self._anchors: list[tuple[int, int, float, float]] = []
        lowered = (transcript or "").lower()
        cursor = 0
        for word in words or []:
            token = str(word.get("word", "")).strip().lower().strip(".,!?\"'")
            start_s, end_s = word.get("start_s"), word.get("end_s")
            if not token or start_s is None or end_s is None:
                continue
            pos = lowered.find(token, cursor)
            if pos < 0 or pos - cursor > 200:
                continue
            self._anchors.append((pos, pos + len(token), float(start_s), float(end_s)))
            cursor = pos + len(token)

    def span(self, char_start: int, char_end: int) -> tuple[float | None, float | None]:
        if not self._anchors:
            return None, None
        start_s: float | None = None
        end_s: float | None = None
        for a_start, a_end, w_start, w_end in self._anchors:
            if start_s is None and a_end > char_start:
                start_s = w_start
            if a_start < char_end:
                end_s = w_end
        if start_s is None:
            start_s = self._anchors[-1][2]
        if end_s is None or end_s < start_s:
            end_s = start_s
        return round(start_s, 2), round(end_s, 2)
