"""Tokens and key words: counting words, normalising transcript tokens, Korean particles,
and the content words two texts share (for fact-checking and story grouping, not for
judging meaning — the answer reader uses the sentence encoder for that)."""

from __future__ import annotations

import re
import unicodedata

from core.language.lexicon import KOREAN_PARTICLES, STOPWORDS

# Words: Latin words (with ' + # -), Hangul runs, numbers with separators.
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'+#-]*|[가-힣]+|\d+(?:[.,]\d+)*")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)
# Korean units that follow numbers ("2019년에", "5명입니다") are not topics.
_KO_UNITS = set("년월일명개원억만천배주")  # not 회: "회의" (meeting) is a topic
_KO_UNIT_ENDINGS = {"", "에", "에는", "의", "이다", "입니다", "이", "을", "를", "은", "는", "간", "째", "도", "부터",
                    "까지", "으로", "로", "월", "이며", "으로는", "가"}
STEM_PREFIX = 5  # English words sharing their first five letters count as one ("improve", "improvement")


def words(text: str) -> list[str]:
    """The word tokens of `text` in order (see `WORD_RE`)."""
    return WORD_RE.findall(text or "")


def count_words(text: str) -> int:
    """Whitespace-separated tokens with a letter or digit (eojeol for Korean)."""
    return sum(1 for tok in (text or "").split() if any(c.isalnum() for c in tok))


def normalize_token(text: str) -> str:
    """Lower-case, NFC, surrounding punctuation removed ("Um," -> "um", "음..." -> "음")."""
    return _EDGE_PUNCT.sub("", unicodedata.normalize("NFC", text.strip()).lower())


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
    for word in WORD_RE.findall(text or ""):
        w = strip_particle(word.lower())
        if w in STOPWORDS or (w.isascii() and len(w) < 3) or w.replace(",", "").replace(".", "").isdigit():
            continue
        if not w.isascii() and (len(w) < 2 or (w[0] in _KO_UNITS and w[1:] in _KO_UNIT_ENDINGS)):
            continue  # "년에", "명입니다": the unit of a number, not a topic
        out.add(w)
    return out


def same_word(word: str, other: str) -> bool:
    """Two key words are one: equal, a shared 5-letter English stem, or a shared
    two-syllable Korean stem ("설립된" / "설립되었습니다")."""
    if word == other:
        return True
    if word.isascii() and other.isascii():
        return min(len(word), len(other)) >= STEM_PREFIX and word[:STEM_PREFIX] == other[:STEM_PREFIX]
    return (not word.isascii() and not other.isascii() and min(len(word), len(other)) >= 2
            and word[:2] == other[:2])


def overlap_share(a: set[str], b: set[str]) -> float:
    """Share of `a` found in `b` (0 when `a` is empty)."""
    if not a:
        return 0.0
    hits = sum(1 for word in a if any(same_word(word, other) for other in b))
    return hits / len(a)
