"""Sentence splitting with character offsets, for written answers and for transcripts.

Written text splits at . ! ? 。 and line breaks (a decimal point is not an end). Speech
transcripts often come without punctuation, so a long unpunctuated stretch is split
further: in Korean after a sentence-final ending (…습니다, …어요, …다) followed by a space;
in English before a discourse marker that opens a new sentence ("so", "and then",
"after that", "in the end", "as a result") once the stretch has enough words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Korean declarative/interrogative endings that close a sentence even when the speaker (or
# Whisper) left out the full stop.
KO_SENTENCE_ENDINGS = ("습니다", "습니까", "니다", "어요", "아요", "예요", "에요", "해요", "죠", "었다", "했다", "이다",
                       "였다", "된다", "한다", "네요", "거든요", "는데요", "더라고요", "잖아요", "고요", "구요")
# An unpunctuated English stretch longer than this many words is split at discourse markers
# (a spoken sentence rarely runs past ~25 words; 12 keeps short restarts together).
EN_SPLIT_MIN_WORDS = 12
EN_MIN_PIECE_WORDS = 5
_EN_MARKERS = re.compile(
    r"\b(?:so|and then|then|after that|afterwards|as a result|in the end|because of that|eventually|finally|"
    r"but|and so|the result was|which meant|at the time|my (?:role|job|task|goal) was|i learned|looking back|"
    r"next time)\b(?=\s+\w)",
    re.IGNORECASE,
)
_END = re.compile(r"(?<!\d)[.!?。？！]+(?!\d)|\n+|(?<=\d)[.!?](?=\s|$)")
_KO_END = re.compile(r"(?:" + "|".join(KO_SENTENCE_ENDINGS) + r")(?=[\s,]+\S)")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text (stripped) and where it sits in the original text."""

    text: str
    start: int  # character offset in the text
    end: int


def _strip(text: str, start: int, end: int) -> Sentence | None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece.rstrip())
    if not piece.strip() or not any(c.isalnum() for c in piece):
        return None
    return Sentence(piece.strip(), start + lead, start + trail)


def _split_korean(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _KO_END.finditer(text, start, end)]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _split_english(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(text[start:end].split()) < EN_SPLIT_MIN_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in _EN_MARKERS.finditer(text, start, end):
        before = len(text[cursor : m.start()].split())
        after = len(text[m.start() : end].split())
        if before >= EN_MIN_PIECE_WORDS and after >= EN_MIN_PIECE_WORDS:
            pieces.append((cursor, m.start()))
            cursor = m.start()
    pieces.append((cursor, end))
    return pieces


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Sentences of `text` with offsets (see the module docstring). `lang` None = both rules."""
    text = text or ""
    out: list[Sentence] = []
    cursor = 0
    chunks: list[tuple[int, int]] = []
    for m in _END.finditer(text):
        chunks.append((cursor, m.end()))
        cursor = m.end()
    chunks.append((cursor, len(text)))
    for start, end in chunks:
        if end <= start:
            continue
        ko_pieces = _split_korean(text, start, end) if lang in (None, "ko") else [(start, end)]
        for ks, ke in ko_pieces:
            en_pieces = _split_english(text, ks, ke) if lang in (None, "en") else [(ks, ke)]
            for es, ee in en_pieces:
                sentence = _strip(text, es, ee)
                if sentence is not None:
                    out.append(sentence)
    return out
