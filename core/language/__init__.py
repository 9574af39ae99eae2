"""Text, in English and Korean: the one place for tokens, sentences, numbers, word lists,
language detection and decoding of text files.

- `decode_text(data) -> (text, encoding)`, `read_text_file(path)` — UTF-8, UTF-16 with BOM, CP949.
- `detect_language(text) -> "en" | "ko"`.
- `split_sentences(text, lang) -> [Sentence(text, start, end)]` (Korean endings, unpunctuated transcripts).
- `find_numbers(text, lang) -> [NumberSpan]` (unit, context, ratio, money).
- `words`, `count_words`, `normalize_token`, `strip_particle`, `keywords`, `overlap_share`.
- `core.language.lexicon`: fillers, Korean habit words, hedges, vague phrases, I/we, particles, stopwords.
"""

from core.language.decode import decode_text, looks_binary, read_text_file
from core.language.detect import detect_language, hangul_share, hangul_syllables, is_hangul
from core.language.numbers import NumberSpan, find_numbers, is_outcome_unit, parse_number
from core.language.sentences import Sentence, split_sentences
from core.language.tokens import count_words, keywords, normalize_token, overlap_share, same_word, strip_particle, words

__all__ = [
    "NumberSpan",
    "Sentence",
    "count_words",
    "decode_text",
    "detect_language",
    "find_numbers",
    "hangul_share",
    "hangul_syllables",
    "is_hangul",
    "is_outcome_unit",
    "keywords",
    "looks_binary",
    "normalize_token",
    "overlap_share",
    "parse_number",
    "read_text_file",
    "same_word",
    "split_sentences",
    "strip_particle",
    "words",
]
