"""Where a pause sits does not flip with the transcriber's punctuation: grammar and prosody count."""

from __future__ import annotations

import numpy as np

from core.speech.metrics import falls_before, find_pauses
from core.speech.types import Word

HOP = 0.01


def _words(*items: tuple[str, float, float]) -> list[Word]:
    return [Word(text, start, end, 0.9) for text, start, end in items]


def _kind(words: list[Word], language: str = "en", f0: np.ndarray | None = None) -> str:
    report = find_pauses(words, language, f0_hz=f0, hop_s=HOP)  # type: ignore[arg-type]
    [pause] = [p for p in report.pauses if p.kind != "think_time"]
    return pause.kind


def _pitch(until_s: float, fall_at_s: float | None, gap_s: float = 1.6) -> np.ndarray:
    """Voice at 180 Hz until `until_s` (falling to 140 Hz over its last 0.3 s when
    `fall_at_s`), then the gap (no pitch), then voice again."""
    f0 = np.full(int((until_s + gap_s + 2) / HOP), np.nan)
    f0[: int(until_s / HOP)] = 180.0
    if fall_at_s is not None:
        f0[int(fall_at_s / HOP): int(until_s / HOP)] = 140.0
    f0[int((until_s + gap_s) / HOP):] = 170.0
    return f0


def test_a_full_stop_after_a_word_that_cannot_end_a_sentence_stays_mid_clause():
    base = [("And", 0.0, 0.2), ("I", 0.25, 0.3), ("wrote", 0.35, 0.6), ("most", 0.65, 0.9)]
    with_stop = _words(*base, ("of.", 0.95, 1.1), ("The", 2.7, 2.8), ("test", 2.85, 3.1), ("plan", 3.15, 3.4))
    without = _words(*base, ("of", 0.95, 1.1), ("the", 2.7, 2.8), ("test", 2.85, 3.1), ("plan", 3.15, 3.4))
    assert _kind(with_stop) == _kind(without) == "mid_clause"


def test_korean_particle_before_the_pause_keeps_it_inside_the_sentence():
    words = _words(("저는.", 0.0, 0.4), ("물류팀에서", 2.0, 2.6), ("일했습니다.", 2.7, 3.3))
    assert _kind(words, "ko") == "mid_clause"
    ended = _words(("일했습니다.", 0.0, 0.6), ("그리고", 2.2, 2.6), ("배웠습니다.", 2.7, 3.3))
    assert _kind(ended, "ko") == "between_sentences"


def test_a_real_sentence_end_with_a_full_stop_is_between_sentences():
    words = _words(("We", 0.0, 0.2), ("shipped", 0.25, 0.6), ("it.", 0.65, 0.9), ("Then", 2.5, 2.7),
                   ("we", 2.75, 2.9), ("measured.", 2.95, 3.4))
    assert _kind(words) == "between_sentences"


def test_without_punctuation_a_falling_voice_and_a_new_sentence_mark_a_sentence_end():
    words = _words(("We", 0.0, 0.2), ("shipped", 0.25, 0.6), ("it", 0.65, 0.9), ("Then", 2.5, 2.7),
                   ("we", 2.75, 2.9), ("measured", 2.95, 3.4))
    assert _kind(words, f0=_pitch(0.9, fall_at_s=0.6)) == "between_sentences"
    assert _kind(words, f0=_pitch(0.9, fall_at_s=None)) == "mid_clause"  # level voice: it goes on
    lower = _words(("We", 0.0, 0.2), ("shipped", 0.25, 0.6), ("it", 0.65, 0.9), ("then", 2.5, 2.7),
                   ("we", 2.75, 2.9), ("measured", 2.95, 3.4))
    assert _kind(lower, f0=_pitch(0.9, fall_at_s=0.6)) == "mid_clause"


def test_falls_before_needs_pitch_to_say_anything():
    assert falls_before(None, HOP, 1.0) is None
    assert falls_before(np.full(300, np.nan), HOP, 1.0) is None
    assert falls_before(_pitch(2.0, fall_at_s=1.7), HOP, 2.0) is True
    assert falls_before(_pitch(2.0, fall_at_s=None), HOP, 2.0) is False


def test_a_first_word_stretched_back_into_the_silence_is_not_the_word_before_it():
    """Whisper often starts the first word after a silence early; the audio's silence
    (14.43-16.23 s) is exact. Seen in a full test run: "The" from 14.9 s made the pause after
    "myself." a mid-clause pause."""
    from core.speech.acoustics import Span

    words = _words(("plan", 13.36, 13.64), ("myself.", 13.64, 14.14), ("The", 14.9, 16.36), ("hardest", 16.36, 16.76))
    report = find_pauses(words, "en", silences=[Span(14.43, 16.23)])
    [pause] = [p for p in report.pauses if p.kind != "think_time"]
    assert (pause.start_s, pause.kind) == (14.43, "between_sentences")


def test_a_first_word_inside_the_silence_or_a_last_word_stretched_over_it_keeps_the_word_before():
    """The pause after "platform." (silence 5.64-7.60 s) is between sentences whichever way
    Whisper's word edges drift into it: "We" placed wholly inside the silence, or
    "platform." stretched past its end. CI (2026-11-30) once read it as mid-clause."""
    from core.speech.acoustics import Span

    silence = [Span(5.64, 7.60)]
    early_we = _words(("new", 4.7, 4.84), ("platform.", 4.84, 5.52), ("We", 7.0, 7.6), ("planned", 7.74, 8.08))
    stretched = _words(("new", 4.7, 4.84), ("platform.", 4.84, 7.8), ("We", 7.8, 7.9), ("planned", 7.9, 8.08))
    for words in (early_we, stretched):
        [pause] = [p for p in find_pauses(words, "en", silences=silence).pauses if p.kind != "think_time"]
        assert (pause.start_s, pause.kind) == (5.64, "between_sentences"), words


def test_a_first_word_wholly_inside_the_silence_near_its_start_is_not_the_word_before():
    """A full run (2026-12-01) heard "The" at 14.9-15.5 s inside the silence 14.45-16.22 s:
    its middle lies before the pause's middle, and the pause after "myself." read mid-clause."""
    from core.speech.acoustics import Span

    words = _words(("plan", 13.36, 13.64), ("myself.", 13.64, 14.14), ("The", 14.9, 15.5), ("hardest", 16.3, 16.7))
    [pause] = [p for p in find_pauses(words, "en", silences=[Span(14.45, 16.22)]).pauses if p.kind != "think_time"]
    assert pause.kind == "between_sentences"


def test_a_sentence_end_placed_inside_the_silence_still_ends_what_came_before():
    from core.speech.acoustics import Span

    words = _words(("new", 4.7, 4.84), ("platform.", 5.7, 6.0), ("We", 7.7, 7.9), ("planned", 7.9, 8.2))
    [pause] = [p for p in find_pauses(words, "en", silences=[Span(5.64, 7.60)]).pauses if p.kind != "think_time"]
    assert pause.kind == "between_sentences"


def test_a_first_word_stretched_back_over_the_silence_start_is_not_the_word_before():
    """CI (2026-12-01) heard "The" at 14.14-15.32 s over the silence 14.45-16.22 s: most of it
    lies in the silence, so the pause may sit on either side of it, and the sentence end
    after "myself." names it."""
    from core.speech.acoustics import Span

    words = _words(("plan", 13.34, 13.64), ("myself.", 13.64, 14.14), ("The", 14.14, 15.32),
                   ("hardest", 16.34, 16.76))
    [pause] = [p for p in find_pauses(words, "en", silences=[Span(14.45, 16.22)]).pauses if p.kind != "think_time"]
    assert pause.kind == "between_sentences"


def test_a_pause_inside_a_clause_stays_there_when_a_word_drifts_into_it():
    """ "most of... | the test plan": "of..." stretched over the silence, as in the same CI run;
    no boundary around it ends a sentence."""
    from core.speech.acoustics import Span

    words = _words(("wrote", 10.38, 10.6), ("most", 10.6, 11.04), ("of", 11.04, 11.98), ("the", 12.84, 13.02),
                   ("test", 13.02, 13.34))
    [pause] = [p for p in find_pauses(words, "en", silences=[Span(11.32, 12.89)]).pauses if p.kind != "think_time"]
    assert pause.kind == "mid_clause"
