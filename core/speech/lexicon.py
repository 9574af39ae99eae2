"""Words the speech metrics look for, per language, and how transcript tokens are normalised.

Fillers (see `count_fillers` for when an ambiguous one counts), hedges and first-person
forms. Lists are deliberately short: each entry is a common, observable habit that a
speech coach would point out; nothing here infers a trait.
"""

from __future__ import annotations

import re
import unicodedata

from core.language.lexicon import EN_CANNOT_END, KO_CONTINUATIVE_ENDINGS
from core.speech.types import Language

# --- normalisation ---------------------------------------------------------------
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)
SENTENCE_END = (".", "?", "!", "。", "？", "！")
CLAUSE_END = (",", ";", ":", "…", "...", "，", "、", "-", "—")
# Korean declarative/interrogative endings close a sentence even when Whisper leaves out
# the full stop (it often does in Korean).
KO_SENTENCE_ENDINGS = ("습니다", "습니까", "니다", "어요", "아요", "예요", "에요", "해요", "죠", "다")


def normalize_token(text: str) -> str:
    """Lower-case, NFC, surrounding punctuation removed ("Um," -> "um", "음..." -> "음")."""
    return _EDGE_PUNCT.sub("", unicodedata.normalize("NFC", text.strip()).lower())


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


def hangul_syllables(text: str) -> int:
    """Precomposed Hangul syllables (U+AC00-U+D7A3): one per spoken Korean syllable."""
    return sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3")


# --- fillers -----------------------------------------------------------------------
# Interjections that are fillers wherever they stand as a token of their own.
FILLER_INTERJECTIONS: dict[Language, frozenset[str]] = {
    "en": frozenset({"um", "umm", "ummm", "uh", "uhh", "uhm", "uhhh", "er", "erm", "err", "hmm", "hm", "mm", "ah"}),
    "ko": frozenset({"음", "음음", "으음", "어", "어어", "으", "아", "에", "흠"}),
}
# Words that are fillers only in some positions (see `count_fillers`): English "like",
# Korean discourse markers that are also determiners/adverbs (그 = "that", 저 = "that/I",
# 뭐 = "what", 이제 = "now", 약간 = "a little").
FILLER_MARKERS: dict[Language, frozenset[str]] = {
    "en": frozenset({"like"}),
    "ko": frozenset({"그", "저", "뭐", "이제", "약간"}),
}
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

# --- hedges ------------------------------------------------------------------------
# English: token sequences. Korean: patterns on the text with spaces removed (spacing in
# Korean transcripts varies: "것 같습니다" / "것같습니다"), plus whole tokens.
HEDGES_EN: tuple[tuple[str, ...], ...] = (
    ("i", "think"), ("i", "guess"), ("i", "believe"), ("i", "feel", "like"), ("maybe",), ("perhaps",),
    ("probably",), ("kind", "of"), ("sort", "of"), ("possibly",), ("somewhat",), ("i", "suppose"),
)
HEDGE_PATTERNS_KO: tuple[str, ...] = ("것같", "거같", "듯하", "듯합", "듯해", "듯싶", "수도있", "ㄹ지도")
HEDGE_TOKENS_KO = frozenset({"아마", "아마도", "어쩌면", "혹시"})

# --- first person ----------------------------------------------------------------------
I_WORDS_EN = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
WE_WORDS_EN = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"})
I_PREFIXES_KO = ("저는", "제가", "저도", "저를", "저의", "저에게", "저한테", "저만", "나는", "내가")
I_TOKENS_KO = frozenset({"제", "저", "나"})  # "제 역할은" (my role); bare 저 only when not a filler
WE_PREFIXES_KO = ("저희", "우리")


def is_filler_interjection(token: str, language: Language) -> bool:
    """`token` (normalised) is an um/uh-type filler in `language`."""
    return token in FILLER_INTERJECTIONS[language]
