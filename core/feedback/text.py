"""Small text helpers shared by the feedback rules: sentences with offsets, numbers, keywords,
and the mapping from transcript characters to seconds of the recording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SENTENCE_RE = re.compile(r"[^.!?。\n]+[.!?。]?", re.UNICODE)
# 1,200 / 3.5 / 40% / 2019 / 3배 / 20명 ... the unit is kept for the comparison of facts.
NUMBER_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|퍼센트|percent|배|x|명|억|만|천|원|년|개월|주|일)?",
    re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'+#-]*|[가-힣]+|\d+(?:[.,]\d+)*")
_NUMBER_WORDS_EN = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twice",
                    "half", "double", "doubled", "tripled", "dozen", "hundred", "thousand", "million"}

STOPWORDS = frozenset("""
a an the and or but if then so to of in on at by for with from as is are was were be been being it its this that
these those i me my we our us you your he she they them their what which who whom how why when where do did does
done have has had not no yes can could would should will shall may might must about into over than also just very
really more most some any all each every there here tell describe time one ask asked question answer
want wanted join joining because know knew think like would love since still already many much well good great get got
make made like known heard read saw see
저 제 저는 제가 저희 우리 그 이 그리고 그래서 하지만 그런데 것 수 등 및 때 더 또 있는 있습니다 했습니다 하는 한 합니다
""".split())

_KO_UNITS = set("년월일명개원억만천배주")  # not 회: "회의" (meeting) is a topic
_KO_UNIT_ENDINGS = {"", "에", "에는", "의", "이다", "입니다", "이", "을", "를", "은", "는", "간", "째", "도", "부터",
                    "까지", "으로", "로", "월", "이며", "으로는", "가"}
KOREAN_PARTICLES = ("으로는", "에서는", "에게서", "으로", "에서", "에게", "까지", "부터", "처럼", "보다", "이라는",
                    "라는", "는", "은", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character offset in the answer
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their character offsets (stripped of surrounding blanks)."""
    out: list[Sentence] = []
    for match in _SENTENCE_RE.finditer(text or ""):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        out.append(Sentence(stripped, start, start + len(stripped)))
    return out


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


def strip_particle(word: str) -> str:
    """Korean nouns carry particles (회사는, 매출이): cut the longest known one."""
    if re.fullmatch(r"[가-힣]+", word) and len(word) > 2:
        for particle in KOREAN_PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= 2:
                return word[: -len(particle)]
    return word


def keywords(text: str) -> set[str]:
    """Content words, lower-cased, particles stripped, stopwords and short words removed."""
    out: set[str] = set()
    for word in _WORD_RE.findall(text or ""):
        w = strip_particle(word.lower())
        if w in STOPWORDS or (w.isascii() and len(w) < 3) or w.replace(",", "").replace(".", "").isdigit():
            continue
        if not w.isascii() and (len(w) < 2 or (w[0] in _KO_UNITS and w[1:] in _KO_UNIT_ENDINGS)):
            continue  # "년에", "명입니다": the unit of a number, not a topic
        out.add(w)
    return out


STEM_PREFIX = 5  # English words sharing their first five letters count as one ("improve", "improvement")


def _same_word(word: str, other: str) -> bool:
    if word == other:
        return True
    if word.isascii() and other.isascii():
        return min(len(word), len(other)) >= STEM_PREFIX and word[:STEM_PREFIX] == other[:STEM_PREFIX]
    # Korean stems: "설립된" matches "설립되었습니다" (a shared stem of at least two syllables).
    return (not word.isascii() and not other.isascii() and min(len(word), len(other)) >= 2
            and word[:2] == other[:2])


def overlap_share(a: set[str], b: set[str]) -> float:
    """Share of `a` found in `b` (0 when `a` is empty)."""
    if not a:
        return 0.0
    hits = sum(1 for word in a if any(_same_word(word, other) for other in b))
    return hits / len(a)


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
