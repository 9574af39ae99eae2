"""Delivery measures from timed words: pace, pauses, fillers and word habits.

Pure functions over `Word` sequences (plus, for pauses, optional acoustic silences), each
returning a frozen result. Korean works on transcripts alone: rates are counted in Hangul
syllables, fillers and hedges from Korean word lists (see `core.speech.lexicon`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.speech.acoustics import Span
from core.speech.lexicon import (
    FILLER_CLAUSE_START,
    FILLER_MARKERS,
    HEDGE_PATTERNS_KO,
    HEDGE_TOKENS_KO,
    HEDGES_EN,
    I_PREFIXES_KO,
    I_TOKENS_KO,
    I_WORDS_EN,
    LIKE_NOT_FILLER_AFTER,
    WE_PREFIXES_KO,
    WE_WORDS_EN,
    YOU_KNOW_OBJECT_WORDS,
    cannot_end_sentence,
    ends_clause,
    ends_sentence,
    hangul_syllables,
    is_filler_interjection,
    normalize_token,
    starts_sentence,
)
from core.speech.types import Language, Word

# --- pace ----------------------------------------------------------------------------
PACE_WINDOW_S = 10.0  # s; sliding window of the pace-over-time curve (Speaker Coach shows recent pace)
PACE_STEP_S = 2.0  # s between curve points
MIN_PACE_SPAN_S = 5.0  # s of speech needed before a rate means anything
MIN_PACE_WORDS = 5

# --- pauses --------------------------------------------------------------------------
PAUSE_MIN_S = 0.6  # s; the most natural pause at punctuation is ~0.6 s (Front. Psychol. 2022,
# 10.3389/fpsyg.2022.778018): shorter silences are ordinary phrasing and are not listed.
LONG_PAUSE_S = 1.5  # s; every pause this long is listed with its time and kind (project brief)
FILLER_PAUSE_S = 0.3  # s of silence after a marker word that makes it a filler ("그... 저는")

PAUSE_KINDS = ("think_time", "between_sentences", "between_clauses", "mid_clause")


@dataclass(frozen=True)
class PacePoint:
    t_s: float  # centre of the window
    rate: float  # words (en) or syllables (ko) per minute in the window


@dataclass(frozen=True)
class Pace:
    """Speaking rate over the span first word -> last word (pauses included, fillers not counted)."""

    words_per_min: float | None
    syllables_per_min: float | None  # Korean only (Hangul syllables)
    word_count: int
    syllable_count: int
    span_s: float
    curve: tuple[PacePoint, ...]
    unit: str  # "wpm" (en) or "spm" (ko): what the curve and the grade use

    @property
    def rate(self) -> float | None:
        return self.syllables_per_min if self.unit == "spm" else self.words_per_min


def _content_words(words: Sequence[Word], language: Language) -> list[Word]:
    return [w for w in words if normalize_token(w.text) and not is_filler_interjection(normalize_token(w.text),
                                                                                          language)]


def _units(word: Word, language: Language) -> int:
    return hangul_syllables(word.text) if language == "ko" else 1


def compute_pace(
    words: Sequence[Word],
    language: Language,
    *,
    window_s: float = PACE_WINDOW_S,
    step_s: float = PACE_STEP_S,
) -> Pace:
    """Words per minute (English) or Hangul syllables per minute (Korean), plus a curve of the
    rate in sliding `window_s` windows. Um/uh-type fillers are not counted as words."""
    content = _content_words(words, language)
    unit = "spm" if language == "ko" else "wpm"
    syllables = sum(hangul_syllables(w.text) for w in content)
    if not words or not content:
        return Pace(None, None, len(content), syllables, 0.0, (), unit)
    start, end = words[0].start_s, max(w.end_s for w in words)
    span = max(0.0, end - start)
    measurable = span >= MIN_PACE_SPAN_S and len(content) >= MIN_PACE_WORDS
    wpm = len(content) / span * 60 if measurable else None
    spm = syllables / span * 60 if measurable and language == "ko" and syllables else None
    curve: list[PacePoint] = []
    if measurable:
        mids = [((w.start_s + w.end_s) / 2, _units(w, language)) for w in content]
        width = min(window_s, span)
        t = start
        while True:
            lo, hi = t, t + width
            count = sum(n for mid, n in mids if lo <= mid < hi or (hi >= end and mid == hi))
            curve.append(PacePoint(round((lo + hi) / 2, 2), round(count / width * 60, 1)))
            if hi >= end:
                break
            t = min(t + step_s, end - width)
    return Pace(wpm, spm, len(content), syllables, span, tuple(curve), unit)


@dataclass(frozen=True)
class Pause:
    start_s: float
    end_s: float
    kind: str  # one of PAUSE_KINDS

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, object]:
        return {"start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2),
                "duration_s": round(self.duration_s, 2), "kind": self.kind}


@dataclass(frozen=True)
class PauseReport:
    """Silences of at least `PAUSE_MIN_S` inside the answer, by where they fall.

    `think_time_s` (start of recording -> first word) is reported apart and is never held
    against the speaker; it also appears in `pauses` with kind "think_time" so a timeline
    can show it. Silence after the last word is not a pause.
    """

    think_time_s: float | None
    pauses: tuple[Pause, ...]

    @property
    def long_pauses(self) -> tuple[Pause, ...]:
        return tuple(p for p in self.pauses if p.duration_s >= LONG_PAUSE_S)

    def count(self, kind: str, *, long_only: bool = False) -> int:
        chosen = self.long_pauses if long_only else self.pauses
        return sum(1 for p in chosen if p.kind == kind)


# Prosody at a boundary: the pitch of the last voiced stretch before the gap against the
# speaker's pitch just before it. Declarative sentences end in a fall ("final lowering",
# typically 2+ semitones); a clause that continues stays level or rises.
FINAL_FALL_ST = 1.5  # semitones below the preceding stretch = a falling end
FALL_TAIL_S = 0.3  # s of voiced speech before the gap
FALL_CONTEXT_S = 1.5  # s before that, the reference


def falls_before(f0_hz: np.ndarray | None, hop_s: float, gap_start_s: float) -> bool | None:
    """Whether the voice falls into the gap starting at `gap_start_s` (None: no pitch there)."""
    if f0_hz is None or f0_hz.size == 0:
        return None
    end = min(f0_hz.size, int(gap_start_s / hop_s))
    tail_start = max(0, end - int(FALL_TAIL_S / hop_s))
    context_start = max(0, tail_start - int(FALL_CONTEXT_S / hop_s))
    tail, context = f0_hz[tail_start:end], f0_hz[context_start:tail_start]
    tail, context = tail[np.isfinite(tail) & (tail > 0)], context[np.isfinite(context) & (context > 0)]
    if tail.size < 5 or context.size < 10:
        return None
    return bool(12 * np.log2(np.median(tail) / np.median(context)) <= -FINAL_FALL_ST)


def _pause_kind(previous: Word | None, language: Language, following: Word | None = None,
                fall: bool | None = None) -> str:
    """The kind of a pause from the words around it and the voice going into it.

    Grammar first: after a word that cannot close a sentence ("of", "the", "저는") the pause
    is inside the clause even if the transcriber put a full stop there. Then punctuation.
    Without punctuation, a sentence is taken to have ended only when the next word starts one
    (capitalised) AND the voice fell into the pause."""
    if previous is None:
        return "think_time"
    if cannot_end_sentence(previous.text, language):
        return "between_clauses" if ends_clause(previous.text) else "mid_clause"
    if ends_sentence(previous.text, language):
        return "between_sentences"
    if ends_clause(previous.text):
        return "between_clauses"
    if following is not None and starts_sentence(following.text, language) and fall:
        return "between_sentences"
    return "mid_clause"


# A word Whisper puts this far (s) into an acoustic silence was not spoken where it says:
# espeak words in our clips are 0.1-0.5 s long and the silence detector's edges agree with
# Whisper's to ~0.1 s on clean speech, so 0.2 s of overlap is drift, not a shared edge.
DISPLACED_OVERLAP_S = 0.2

_KIND_STRENGTH = {"mid_clause": 0, "between_clauses": 1, "between_sentences": 2}


def _boundaries_at(ordered: Sequence[Word], start: float, end: float
                   ) -> list[tuple[Word | None, Word | None]]:
    """The word boundaries (word before, word after) where the silence `start`-`end` (s)
    may lie, in order.

    Whisper's word edges drift into silences every way: the last word before one is
    stretched over it ("platform." ending after the pause), the first word after it starts
    early ("The" 14.14-15.32 s in the silence 14.45-16.22 s) or sits wholly inside it ("We"
    7.0-7.6 s in a 7.6 s-ending pause). The audio's silence is exact; a word overlapping it
    by >= DISPLACED_OVERLAP_S (or half its length) is displaced, and the pause may lie on either side of it. Other
    words are placed by the part of them outside the silence. Every rule that picked one
    boundary (a word's edge, its middle, its part outside) was wrong in some full test run
    or CI run (2026-11-30, 2026-12-01 twice), so all boundaries around displaced words are
    returned and the caller keeps the strongest."""
    before: Word | None = None
    displaced: list[Word] = []
    after: Word | None = None
    for word in ordered:
        overlap = max(0.0, min(word.end_s, end) - max(word.start_s, start))
        if overlap >= min(DISPLACED_OVERLAP_S, (word.end_s - word.start_s) / 2):
            if after is None:
                displaced.append(word)
        elif min(word.end_s, start) - word.start_s > word.end_s - max(word.start_s, end):
            if after is None and not displaced:
                before = word
        elif after is None:
            after = word
    chain = [before, *displaced, after]
    return list(itertools.pairwise(chain))


def find_pauses(
    words: Sequence[Word],
    language: Language,
    *,
    silences: Sequence[Span] | None = None,
    min_pause_s: float = PAUSE_MIN_S,
    f0_hz: np.ndarray | None = None,
    hop_s: float = 0.01,
) -> PauseReport:
    """Pauses between the first and the last word, classified by the words around them
    (grammar, punctuation) and, with `f0_hz` (pitch per `hop_s` frame), the voice going
    into the pause (`_pause_kind`).

    With `silences` (acoustic silent stretches, `acoustics.find_silences`) the pause times
    come from the audio, which is exact; word timestamps only decide the kind. Without,
    the gaps between consecutive word timestamps are used.
    """
    if not words:
        return PauseReport(None, ())
    ordered = sorted(words, key=lambda w: w.start_s)
    first, last_end = ordered[0].start_s, max(w.end_s for w in ordered)
    for span in silences or ():
        # Whisper often starts the first word a little early; the audio knows when speech began.
        if span.start_s <= 0.05 and first < span.end_s < ordered[0].end_s:
            first = span.end_s
    found: list[Pause] = []
    if first >= min_pause_s:
        found.append(Pause(0.0, first, "think_time"))
    if silences is not None:
        candidates = [(max(s.start_s, first), min(s.end_s, last_end)) for s in silences]
    else:
        candidates = [(a.end_s, b.start_s) for a, b in itertools.pairwise(ordered)]
    for start, end in candidates:
        if end - start < min_pause_s or start < first or end > last_end + 1e-6:
            continue
        fall = falls_before(f0_hz, hop_s, start)
        # speakers pause at the strongest boundary near them (Goldman-Eisler 1968), so of the
        # boundaries the silence may lie at, the strongest one names it
        kinds = [_pause_kind(prev_word, language, following, fall)
                 for prev_word, following in _boundaries_at(ordered, start, end) if prev_word is not None]
        if not kinds:
            continue  # before the first word: part of the think time
        kind = max(kinds, key=_KIND_STRENGTH.__getitem__)
        found.append(Pause(round(start, 3), round(end, 3), kind))
    return PauseReport(round(first, 3), tuple(found))


# --- fillers -------------------------------------------------------------------------
@dataclass(frozen=True)
class Filler:
    text: str
    start_s: float
    end_s: float
    source: str  # "transcript" or "acoustic"

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2),
                "source": self.source}


@dataclass(frozen=True)
class FillerReport:
    fillers: tuple[Filler, ...]
    per_min: float | None
    per_100_words: float | None
    reliability: str  # "transcript_acoustic" | "transcript_only" | "low_ko_stt_unverified"

    @property
    def count(self) -> int:
        return len(self.fillers)

    def by_text(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for filler in self.fillers:
            counts[filler.text] = counts.get(filler.text, 0) + 1
        return counts


def _gap_after(words: Sequence[Word], index: int) -> float | None:
    return words[index + 1].start_s - words[index].end_s if index + 1 < len(words) else None


def _clause_start(words: Sequence[Word], index: int, language: Language) -> bool:
    if index == 0:
        return True
    before = words[index - 1].text
    return ends_sentence(before, language) or ends_clause(before)


def _marker_is_filler(words: Sequence[Word], index: int, language: Language) -> bool:
    """A marker word (like; 그/저/뭐/이제/약간) is a filler when it is set off from the sentence:
    followed by punctuation or a silence >= FILLER_PAUSE_S, immediately repeated, followed
    by an um/uh-type filler, or (뭐/이제 only) at the start of a clause."""
    word = words[index]
    token = normalize_token(word.text)
    nxt = normalize_token(words[index + 1].text) if index + 1 < len(words) else None
    gap = _gap_after(words, index)
    set_off = ends_clause(word.text) or word.text.strip().endswith(("...", "…"))
    followed_by_pause = gap is not None and gap >= FILLER_PAUSE_S
    if language == "en":
        prev = normalize_token(words[index - 1].text) if index > 0 else None
        if set_off or (index > 0 and ends_clause(words[index - 1].text)):
            return True  # ", like," is a filler whatever precedes it
        return prev not in LIKE_NOT_FILLER_AFTER and followed_by_pause
    repeated = nxt == token
    before_filler = nxt is not None and is_filler_interjection(nxt, language)
    clause_start = token in FILLER_CLAUSE_START[language] and _clause_start(words, index, language)
    return set_off or followed_by_pause or repeated or before_filler or clause_start


def _you_know_is_filler(words: Sequence[Word], index: int, after: str | None) -> bool:
    """ "you know" set off by punctuation, ending the answer, or followed by a pause — unless
    it introduces an object ("you know what/how/that..."), which is ordinary grammar."""
    know = words[index + 1]
    if ends_clause(know.text) or ends_sentence(know.text) or after is None:
        return True
    if after in YOU_KNOW_OBJECT_WORDS:
        return False
    gap = _gap_after(words, index + 1)
    return (gap is not None and gap >= FILLER_PAUSE_S) or (index > 0 and ends_clause(words[index - 1].text))


def count_fillers(
    words: Sequence[Word],
    language: Language,
    *,
    hesitations: Sequence[Span] = (),
    span_s: float | None = None,
    acoustic_checked: bool = False,
) -> FillerReport:
    """Fillers in the transcript plus voiced hesitations the transcript missed.

    Rules (documented in docs/notes/speech.md):
    - um/uh-type interjections (`FILLER_INTERJECTIONS`) count wherever they stand alone;
    - English "like" counts when set off by punctuation or followed by a pause, never after
      a verb/pronoun that makes it a verb or comparison ("I like", "looks like");
    - English "you know" counts unless it introduces an object ("you know what/how/that...");
    - Korean 그/저/뭐/이제/약간 count only as stand-alone tokens that are followed by
      punctuation or a >= 0.3 s pause, repeated ("그 그"), or followed by 음/어;
      뭐 and 이제 also at the start of a clause;
    - each acoustic hesitation (`acoustics.detect_voiced_hesitations`) not overlapping a
      transcript filler counts once, with source "acoustic".
    """
    ordered = sorted(words, key=lambda w: w.start_s)
    found: list[Filler] = []
    index = 0
    while index < len(ordered):
        word = ordered[index]
        token = normalize_token(word.text)
        if is_filler_interjection(token, language):
            found.append(Filler(token, word.start_s, word.end_s, "transcript"))
        elif language == "en" and token == "you" and index + 1 < len(ordered) and normalize_token(
                ordered[index + 1].text) == "know":
            after = normalize_token(ordered[index + 2].text) if index + 2 < len(ordered) else None
            know = ordered[index + 1]
            if _you_know_is_filler(ordered, index, after):
                found.append(Filler("you know", word.start_s, know.end_s, "transcript"))
                index += 2
                continue
        elif token in FILLER_MARKERS[language] and _marker_is_filler(ordered, index, language):
            found.append(Filler(token, word.start_s, word.end_s, "transcript"))
        index += 1
    for span in hesitations:
        if not any(f.start_s < span.end_s and span.start_s < f.end_s for f in found):
            found.append(Filler("…", span.start_s, span.end_s, "acoustic"))
    found.sort(key=lambda f: f.start_s)
    if span_s is None and ordered:
        span_s = max(w.end_s for w in ordered) - ordered[0].start_s
    content = len(_content_words(ordered, language))
    per_min = len(found) / span_s * 60 if span_s and span_s >= MIN_PACE_SPAN_S else None
    per_100 = len(found) / content * 100 if content >= MIN_PACE_WORDS else None
    if language == "ko":
        reliability = "low_ko_stt_unverified"
    else:
        reliability = "transcript_acoustic" if acoustic_checked else "transcript_only"
    return FillerReport(tuple(found), per_min, per_100, reliability)


# --- word habits ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    text: str
    start_s: float
    end_s: float

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2)}


@dataclass(frozen=True)
class WordStats:
    """Hedges, repeated words and first-person forms ("I" vs "we")."""

    word_count: int
    unique_ratio: float | None
    hedges: tuple[Mention, ...]
    repeats: tuple[Mention, ...]
    i_count: int
    we_count: int

    @property
    def hedges_per_100_words(self) -> float | None:
        return len(self.hedges) / self.word_count * 100 if self.word_count >= MIN_PACE_WORDS else None

    def to_dict(self) -> dict[str, object]:
        return {
            "word_count": self.word_count,
            "unique_ratio": None if self.unique_ratio is None else round(self.unique_ratio, 3),
            "hedge_count": len(self.hedges),
            "hedges_per_100_words": None if self.hedges_per_100_words is None else round(self.hedges_per_100_words, 2),
            "hedges": [m.to_dict() for m in self.hedges],
            "repeat_count": len(self.repeats),
            "repeats": [m.to_dict() for m in self.repeats],
            "i_count": self.i_count,
            "we_count": self.we_count,
        }


def _find_hedges(words: Sequence[Word], tokens: list[str], language: Language) -> list[Mention]:
    found: list[Mention] = []
    if language == "en":
        index = 0
        while index < len(tokens):
            for phrase in HEDGES_EN:
                if tuple(tokens[index:index + len(phrase)]) == phrase:
                    last = words[index + len(phrase) - 1]
                    found.append(Mention(" ".join(phrase), words[index].start_s, last.end_s))
                    index += len(phrase) - 1
                    break
            index += 1
        return found
    # Korean: match patterns on the text without spaces, mapped back to words by offset.
    joined = ""
    owner: list[int] = []
    for i, token in enumerate(tokens):
        joined += token
        owner.extend([i] * len(token))
    for pattern in HEDGE_PATTERNS_KO:
        start = joined.find(pattern)
        while start != -1:
            lo, hi = owner[start], owner[start + len(pattern) - 1]
            found.append(Mention(" ".join(tokens[lo:hi + 1]), words[lo].start_s, words[hi].end_s))
            start = joined.find(pattern, start + len(pattern))
    for i, token in enumerate(tokens):
        if token in HEDGE_TOKENS_KO:
            found.append(Mention(token, words[i].start_s, words[i].end_s))
    found.sort(key=lambda m: m.start_s)
    return found


def _is_i(token: str, language: Language, is_filler: bool) -> bool:
    if language == "en":
        return token in I_WORDS_EN
    return token.startswith(I_PREFIXES_KO) or (token in I_TOKENS_KO and not is_filler)


def _is_we(token: str, language: Language) -> bool:
    return token in WE_WORDS_EN if language == "en" else token.startswith(WE_PREFIXES_KO)


def word_stats(words: Sequence[Word], language: Language, *, fillers: Sequence[Filler] = ()) -> WordStats:
    """Hedges ("I think", "maybe"; "것 같습니다", "아마"), immediately repeated words
    ("the the", "제가 제가"), and "I" vs "we" (Korean 저는/제가 vs 저희/우리)."""
    ordered = sorted(words, key=lambda w: w.start_s)
    tokens = [normalize_token(w.text) for w in ordered]
    filler_times = {(f.start_s, f.end_s) for f in fillers if f.source == "transcript"}
    is_filler = [(w.start_s, w.end_s) in filler_times or is_filler_interjection(t, language)
                 for w, t in zip(ordered, tokens, strict=True)]
    content = [t for t, f in zip(tokens, is_filler, strict=True) if t and not f]
    repeats = [Mention(tokens[i], ordered[i].start_s, ordered[i + 1].end_s)
               for i in range(len(tokens) - 1)
               if tokens[i] and tokens[i] == tokens[i + 1] and not is_filler[i] and not is_filler[i + 1]]
    return WordStats(
        word_count=len(content),
        unique_ratio=len(set(content)) / len(content) if len(content) >= MIN_PACE_WORDS else None,
        hedges=tuple(_find_hedges(ordered, tokens, language)),
        repeats=tuple(repeats),
        i_count=sum(1 for t, f in zip(tokens, is_filler, strict=True) if _is_i(t, language, f)),
        we_count=sum(1 for t in tokens if _is_we(t, language)),
    )
