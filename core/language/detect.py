"""Which language a text is in (the two the product speaks: English and Korean)."""

from __future__ import annotations

import re

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Share of Hangul among the letters above which a text is Korean: Korean answers carry
# English terms (SQL, API, Figma) but Hangul stays well above a third of the letters.
KOREAN_LETTER_SHARE = 0.3


def is_hangul(ch: str) -> bool:
    """A precomposed Hangul syllable (U+AC00-U+D7A3)."""
    return "\uac00" <= ch <= "\ud7a3"


def hangul_share(text: str) -> float | None:
    """Share of Hangul syllables among the letters; None when the text has no letters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    return sum(1 for c in letters if is_hangul(c)) / len(letters)


def detect_language(text: str) -> str:
    """'ko' when Hangul makes up a fair share of the letters, else 'en'."""
    share = hangul_share(text)
    return "ko" if share is not None and share >= KOREAN_LETTER_SHARE else "en"


def hangul_syllables(text: str) -> int:
    """Precomposed Hangul syllables: one per spoken Korean syllable."""
    return sum(1 for ch in text if is_hangul(ch))
