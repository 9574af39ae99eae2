"""`analyze_speech`: one call from an answer's audio (and transcript) to every delivery measure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from core.i18n import t
from core.media.conditioning import LevelReport, condition_level
from core.speech.acoustics import (
    SAMPLE_RATE,
    PitchStats,
    Span,
    VolumeStats,
    detect_voiced_hesitations,
    features_for,
    find_silences,
    measure_pitch,
    measure_volume,
)
from core.speech.grading import (
    MONOTONE_ST,
    Grade,
    grade_fillers,
    grade_hedges,
    grade_length,
    grade_pace,
    grade_pauses,
    grade_pitch,
    grade_volume,
    target_band,
)
from core.speech.metrics import (
    PAUSE_MIN_S,
    FillerReport,
    Pace,
    PauseReport,
    WordStats,
    compute_pace,
    count_fillers,
    find_pauses,
    word_stats,
)
from core.speech.stt import SpeechToText
from core.speech.types import Language, Transcript

# Korean measures that rest on Whisper's Korean word timings, which no real Korean speech
# available to the project's tests has checked (issue 17: no registry package ships
# intelligible Korean speech or a Korean voice; espeak-ng's Korean is unintelligible to
# Whisper). Their explanations say so until they are measured (BENCHMARKS.md).
KO_UNVERIFIED_GRADES = ("pace", "pauses", "fillers")


@dataclass(frozen=True)
class SpeechAnalysis:
    """Everything measured on one spoken answer. `to_dict()` is the stored/CLI shape."""

    transcript: Transcript
    language: Language
    duration_s: float
    answer_s: float | None  # start of recording -> last word
    pace: Pace
    pauses: PauseReport
    fillers: FillerReport
    hesitations: tuple[Span, ...]
    pitch: PitchStats
    volume: VolumeStats
    words: WordStats
    grades: tuple[Grade, ...]
    target_s: tuple[float, float]
    question: str | None = None
    level: LevelReport | None = None  # the input level before conditioning, and the gain applied

    def grade(self, name: str) -> Grade:
        return next(g for g in self.grades if g.name == name)

    @property
    def notices(self) -> tuple[str, ...]:
        """i18n keys of what the user should know about the input itself."""
        keys: list[str] = []
        if not self.transcript.words:
            keys.append("speech.notice.no_speech")
        if self.level is not None and self.level.too_low:
            keys.append("speech.notice.level_too_low")
        return tuple(keys)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-able dict (docs/contracts.md); explanations in `lang` (default: the answer's)."""
        ui_lang = lang or self.language
        return {
            "transcript": self.transcript.text,
            "language": self.language,
            "stt_model": self.transcript.model,
            "question": self.question,
            "words": [w.to_dict() for w in self.transcript.words],
            "duration_s": round(self.duration_s, 2),
            "answer_s": None if self.answer_s is None else round(self.answer_s, 2),
            "target_s": list(self.target_s),
            "speech_rate_wpm": None if self.pace.words_per_min is None else round(self.pace.words_per_min, 1),
            "syllables_per_min": None if self.pace.syllables_per_min is None else round(
                self.pace.syllables_per_min, 1),
            "pace_unit": self.pace.unit,
            "pace_curve": [{"t_s": p.t_s, "rate": p.rate} for p in self.pace.curve],
            "filler_count": self.fillers.count,
            "filler_per_min": None if self.fillers.per_min is None else round(self.fillers.per_min, 2),
            "filler_counts": self.fillers.by_text(),
            "fillers": [f.to_dict() for f in self.fillers.fillers],
            "filler_reliability": self.fillers.reliability,
            "think_time_s": self.pauses.think_time_s,
            "pauses": [p.to_dict() for p in self.pauses.pauses],
            "long_pauses": [p.to_dict() for p in self.pauses.long_pauses],
            "pitch": {**self.pitch.to_dict(), "monotone": None if self.pitch.variation_st is None
                      else self.pitch.variation_st < MONOTONE_ST},
            "volume": self.volume.to_dict(),
            "words_stats": self.words.to_dict(),
            "grades": {g.name: self._grade_dict(g, ui_lang) for g in self.grades},
            "input_level": None if self.level is None else self.level.to_dict(),
            "notices": [{"key": key, "text": t(key, ui_lang, **self._notice_values())} for key in self.notices],
        }

    def _grade_dict(self, grade: Grade, ui_lang: str) -> dict[str, object]:
        data = grade.to_dict(ui_lang)
        # The flag describes the measure (Korean pace, pauses and fillers are not yet checked on
        # real Korean speech), so it holds for an ungraded answer too; the caveat is added to
        # an explanation only where a grade is given.
        unverified = self.language == "ko" and grade.name in KO_UNVERIFIED_GRADES
        data["verified_on_real_speech"] = not unverified
        if unverified and grade.grade is not None:
            data["explanation"] = f"{data['explanation']} {t('speech.ko_unverified', ui_lang)}"
        return data

    def _notice_values(self) -> dict[str, object]:
        peak = self.level.peak_dbfs if self.level is not None else None
        return {"peak_dbfs": "-" if peak is None else round(peak)}


def analyze_speech(
    audio: np.ndarray,
    *,
    language: str = "auto",
    transcript: Transcript | None = None,
    question: str | None = None,
    target_s: float | tuple[float, float] | None = None,
    stt: SpeechToText | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> SpeechAnalysis:
    """Measure one spoken answer.

    `audio`: float32 mono at 16 kHz (`core.media.load_audio`). `transcript`: from a
    `ChunkedTranscriber` (live answers) or None to transcribe here with `stt` (default: the
    configured faster-whisper model). `target_s`: None = standard format (60-120 s), a
    number = timed format of that many seconds, or an explicit (min, max) band.
    """
    if sample_rate != SAMPLE_RATE:
        raise ValueError("analyze_speech expects 16 kHz audio (use core.media.load_audio)")
    # One conditioning step before anything listens: a quiet microphone is raised to a
    # standard speech level (speech detection and Whisper lose quiet speech); the loudness
    # measures are relative to the speaker's own level, so the gain does not change them.
    samples, level = condition_level(np.asarray(audio, dtype=np.float32).reshape(-1), sample_rate)
    if transcript is None:
        if stt is None:
            from core.speech.stt import get_stt

            stt = get_stt(language=language)
        transcript = stt.transcribe(samples, language)
    lang = transcript.language
    words = transcript.words
    features = features_for(samples, transcript.features, sample_rate)
    silences = find_silences(features, min_s=PAUSE_MIN_S)
    hesitations = detect_voiced_hesitations(samples, words, sample_rate, features=features) if words else ()
    pace = compute_pace(words, lang)
    pauses = find_pauses(words, lang, silences=silences, f0_hz=features.f0_hz, hop_s=features.hop_s)
    fillers = count_fillers(words, lang, hesitations=hesitations, span_s=pace.span_s or None,
                            acoustic_checked=True)
    pitch = measure_pitch(samples, sample_rate, features=features)
    volume = measure_volume(samples, words, sample_rate, features=features)
    stats = word_stats(words, lang, fillers=fillers.fillers)
    answer_s = max(w.end_s for w in words) if words else None
    grades: tuple[Grade, ...] = (
        grade_pace(pace, lang),
        grade_pauses(pauses, pace.span_s),
        grade_fillers(fillers),
        grade_pitch(pitch),
        grade_volume(volume),
        grade_hedges(stats),
        grade_length(answer_s, target_s),
    )
    if not words:
        # nothing was said: room tone has a pitch and a loudness, but no delivery to grade
        grades = tuple(Grade(g.name, None, None, g.unit, "speech.grade.no_speech") for g in grades)
    elif level.too_low:
        grades = tuple(Grade(g.name, None, None, g.unit, "speech.grade.volume.level_too_low",
                             (("peak_dbfs", round(level.peak_dbfs or 0.0)),)) if g.name == "volume" else g
                       for g in grades)
    return SpeechAnalysis(
        transcript=transcript, language=lang, duration_s=samples.size / sample_rate, answer_s=answer_s,
        pace=pace, pauses=pauses, fillers=fillers, hesitations=hesitations, pitch=pitch, volume=volume,
        words=stats, grades=grades, target_s=target_band(target_s), question=question, level=level,
    )
