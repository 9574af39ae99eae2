"""Words the speech metrics look for, per language, and how transcript tokens are normalised.

Fillers (see `count_fillers` for when an ambiguous one counts), hedges and first-person
forms. Lists are deliberately short: each entry is a common, observable habit that a
speech coach would point out; nothing here infers a trait.
"""

from __future__ import annotations

from core.language.detect import hangul_syllables
from core.language.lexicon import (  # the one set of word lists (core.language)
    EN_CANNOT_END,
    FILLER_INTERJECTIONS,
    FILLER_MARKERS,
    HEDGE_PATTERNS_KO,
    HEDGE_TOKENS_KO,
    HEDGES_EN,
    I_PREFIXES_KO,
    I_TOKENS_KO,
    I_WORDS_EN,
    KO_CONTINUATIVE_ENDINGS,
    KO_SENTENCE_ENDINGS,
    WE_PREFIXES_KO,
    WE_WORDS_EN,
)
from core.language.tokens import normalize_token
from core.speech.types import Language

# --- normalisation ---------------------------------------------------------------
SENTENCE_END = (".", "?", "!", "。", "？", "！")
CLAUSE_END = (",", ";", ":", "…", "...", "，", "、", "-", "—")
# Korean declarative/interrogative endings (core.language.lexicon.KO_SENTENCE_ENDINGS) close a
# sentence even when Whisper leaves out the full stop (it often does in Korean).


def ends_sentence(text: str, language: Language = "en") -> bool:
    """The token closes a sentence (full stop, question or exclamation mark...)."""
    stripped = text.strip()
    if stripped.endswith("...") or stripped.endswith("…"):
        return False  # an ellipsis marks a trailing-off, not a sentence end
    if stripped.endswith(SENTENCE_END):
        return True
    return language == "ko" and normalize_token(stripped).endswith(KO_SENTENCE_ENDINGS) and len(
        normalize_token(stripped)) >= 2


def cannot_end_sentence(text: str, language: Language = "en") -> bool:
    """The token is a word after which a sentence cannot end (see `EN_CANNOT_END`,
    `KO_CONTINUATIVE_ENDINGS`), whatever punctuation follows it."""
    token = normalize_token(text)
    if not token:
        return False
    if language == "ko":
        if token.endswith(KO_SENTENCE_ENDINGS) or hangul_syllables(token) < 2:
            return False
        return token.endswith(KO_CONTINUATIVE_ENDINGS)
    return token in EN_CANNOT_END


def starts_sentence(text: str, language: Language = "en") -> bool | None:
    """English: the token is capitalised (and not "I"), as a transcriber writes a new
    sentence; None when the script has no case (Korean)."""
    stripped = text.strip().lstrip("\"'(“‘")
    if language == "ko" or not stripped or not stripped[0].isalpha():
        return None
    return stripped[0].isupper() and normalize_token(stripped) != "i" and not stripped.startswith("I'")


def ends_clause(text: str) -> bool:
    """The token is followed by clause punctuation (comma, semicolon, colon, ellipsis, dash)."""
    return text.strip().endswith(CLAUSE_END)


# --- fillers -----------------------------------------------------------------------
# The filler interjections and markers are core.language.lexicon's (imported above).
# Markers that also count at the start of a clause (first word, or after punctuation).
# 그/저 are not in it: at a clause start they usually begin a noun phrase ("그 프로젝트는").
FILLER_CLAUSE_START: dict[Language, frozenset[str]] = {"en": frozenset(), "ko": frozenset({"뭐", "이제"})}
# Words before "like" that make it a verb or a comparison, never a filler.
LIKE_NOT_FILLER_AFTER = frozenset({
    "i", "you", "we", "they", "he", "she", "would", "'d", "i'd", "we'd", "feel", "feels", "felt", "look", "looks",
    "looked", "seem", "seems", "seemed", "sound", "sounds", "something", "things", "much", "more", "just", "didn't",
    "don't", "doesn't", "really", "not", "is", "was", "be", "are", "were",
})
# "you know" is a filler unless it introduces an object clause ("you know what/how/that...").
YOU_KNOW_OBJECT_WORDS = frozenset({"what", "how", "that", "the", "why", "where", "when", "who", "if", "it", "this",
                                   "about", "him", "her", "them", "me", "us", "a", "an", "whether"})

# Hedges and first-person forms are core.language.lexicon's (imported above).


def is_filler_interjection(token: str, language: Language) -> bool:
    """`token` (normalised) is an um/uh-type filler in `language`."""
    return token in FILLER_INTERJECTIONS[language]


__all__ = [
    "FILLER_INTERJECTIONS", "FILLER_MARKERS", "HEDGES_EN", "HEDGE_PATTERNS_KO", "HEDGE_TOKENS_KO", "I_PREFIXES_KO",
    "I_TOKENS_KO", "I_WORDS_EN", "KO_SENTENCE_ENDINGS", "WE_PREFIXES_KO", "WE_WORDS_EN", "hangul_syllables",
    "normalize_token",
]
