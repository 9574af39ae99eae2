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

from core.language.lexicon import KO_SENTENCE_ENDINGS

# Where an unpunctuated Korean stretch splits: the sentence endings of the lexicon (without
# bare "다", which also ends connective forms like "하다가") plus spoken polite endings.
SPLIT_ENDINGS_KO = (*(e for e in KO_SENTENCE_ENDINGS if e != "다"), "었다", "했다", "이다", "였다", "된다", "한다",
                    "네요", "거든요", "는데요", "더라고요", "잖아요", "고요", "구요")
# An unpunctuated English stretch longer than this many words is split at discourse markers
# (a spoken sentence rarely runs past ~25 words); a piece keeps at least 3 words ('okay so um').
EN_SPLIT_MIN_WORDS = 10
EN_MIN_PIECE_WORDS = 3
_EN_MARKERS = re.compile(
    r"\b(?:so|and then|then|after that|afterwards|as a result|in the end|because of that|eventually|finally|"
    r"but|and so|the result was|which meant|at the time|my (?:role|job|task|goal) was|i learned|looking back|"
    r"next time|if not|otherwise|anyway|first(?=\s+(?:i|we|i'd|we'd)\b)|"
    r"and(?=\s+(?:i|we|they|he|she|my|our|the)\b))\b(?=\s+\w)",
    re.IGNORECASE,
)
# A bare subject "I"/"we" opens a new spoken sentence unless a word that joins clauses
# comes right before it ("that I", "when we", "so I").
_EN_SUBJECT = re.compile(r"(?<=\w )(?:i|we)(?=\s+\w)", re.IGNORECASE)
_EN_JOINERS = frozenset("that when so and because if than what how which where before after until while as but or "
                        "then once since whether who said told think thought know knew".split())
_END = re.compile(r"(?<!\d)[.!?。？！]+(?!\d)|\n+|(?<=\d)[.!?](?=\s|$)")
# Korean discourse markers that open a sentence, and the fewest eojeol a piece keeps.
_KO_MARKERS = re.compile(r"(?<=\s)(?:그래서|그리고|그런데|근데|결과적으로|그 결과|결국|그래도|하지만|덕분에)(?=\s)")
KO_MIN_PIECE_WORDS = 3
_KO_END = re.compile(r"(?:" + "|".join(SPLIT_ENDINGS_KO) + r")(?=[\s,]+\S)")


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
    # discourse markers that open a new spoken sentence ("… 했고 결과적으로 …")
    for m in _KO_MARKERS.finditer(text, start, end):
        if len(text[start : m.start()].split()) >= KO_MIN_PIECE_WORDS and m.start() not in cuts:
            cuts.append(m.start())
    cuts.sort()
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _split_english(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(text[start:end].split()) < EN_SPLIT_MIN_WORDS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cursor = start
    starts = [m.start() for m in _EN_MARKERS.finditer(text, start, end)]
    for m in _EN_SUBJECT.finditer(text, start, end):
        previous = text[start : m.start()].split()[-1:]
        if previous and previous[0].lower().strip(",") not in _EN_JOINERS:
            starts.append(m.start())
    for at in sorted(set(starts)):
        before = len(text[cursor:at].split())
        after = len(text[at:end].split())
        if before >= EN_MIN_PIECE_WORDS and after >= EN_MIN_PIECE_WORDS:
            pieces.append((cursor, at))
            cursor = at
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
