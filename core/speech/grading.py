"""Grades for the delivery measures: good / average / needs_improvement, or None.

Every threshold is a named constant with its unit and where it comes from. "Practitioner
heuristic" marks a number we chose from coaching practice, not from a study; prefer to
compare a user with their own earlier answers where the UI can. `None` means "not
measurable" and always comes with a reason the user can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.i18n import t
from core.speech.acoustics import PitchStats, VolumeStats
from core.speech.metrics import LONG_PAUSE_S, FillerReport, Pace, PauseReport, WordStats
from core.speech.types import Language

GradeValue = Literal["good", "average", "needs_improvement"]
GRADE_VALUES: tuple[GradeValue, ...] = ("good", "average", "needs_improvement")

# Pace, English: Microsoft Speaker Coach recommends 100-165 words per minute
# (support.microsoft.com "Suggestions from Speaker Coach"); conversational English is
# 110-150 wpm (NCVS, cited in O'Reilly "Presentation Secrets").
PACE_GOOD_WPM = (100.0, 165.0)
PACE_MARGIN_WPM = 20.0  # wpm outside the band still graded "average" (practitioner heuristic)
# Pace, Korean, in Hangul syllables per minute (speaking rate, pauses included).
# [UNVERIFIED] ~4-5.5 syllables/s is the commonly quoted range for Korean presentations;
# Lee, Shin, Yoo & Kim (2017, Phonetics and Speech Sciences 9(1):27-39) measure Korean
# speaking rate in syllables/s but we have not extracted their numbers. Calibrate per user.
PACE_GOOD_SPM_KO = (240.0, 330.0)
PACE_MARGIN_SPM_KO = 40.0  # spm outside the band still "average" (practitioner heuristic)

# Fillers per minute: ~1.2/min reads as fluent, ~4.8/min as hesitant (small vendor tools,
# FEEDBACK_EVIDENCE.md: illustrative, not a study).
FILLERS_GOOD_PER_MIN = 1.2
FILLERS_POOR_PER_MIN = 4.8

# Pauses (think time excluded). Pauses inside a clause hurt perceived fluency most, pauses
# between clauses little (Kahng, Applied Psycholinguistics), so mid-clause long pauses weigh most.
# A pause between sentences or clauses only counts against the speaker from
# BOUNDARY_PAUSE_S; inside a clause from LONG_PAUSE_S (1.5 s). Rates use at least a minute
# as denominator, so one pause in a 15 s answer is not "4 per minute".
BOUNDARY_PAUSE_S = 3.0  # s (practitioner heuristic)
LONG_PAUSES_GOOD_PER_MIN = 1.0  # counted pauses per minute, "good" below it (practitioner heuristic)
LONG_PAUSES_POOR_PER_MIN = 3.0
MID_CLAUSE_LONG_POOR = 3  # this many long mid-clause pauses = needs improvement (practitioner heuristic)
MIN_RATE_MINUTES = 1.0  # minutes; the smallest denominator of a per-minute pause rate

# Pitch variation, standard deviation in semitones around the speaker's median.
# Below ~2 st reads as monotone (practitioner heuristic, TECH_NOTES §4; no study found).
MONOTONE_ST = 2.0
LIVELY_ST = 2.5

# Share of speech windows more than QUIET_DROP_DB below the speaker's own median level.
QUIET_GOOD_SHARE = 0.10  # practitioner heuristic
QUIET_POOR_SHARE = 0.25

# Hedges per 100 words (practitioner heuristic: an occasional "I think" is fine).
HEDGES_GOOD_PER_100 = 1.0
HEDGES_POOR_PER_100 = 3.0

# Answer length, s. Standard interview answers ~60-120 s (project brief, common coaching
# advice); the Korean AI-competency format (inAIR/JOBDA) gives 50 s per answer.
STANDARD_TARGET_S = (60.0, 120.0)
TIMED_TARGET_S = 50.0
TIMED_MIN_SHARE = 0.8  # a timed answer should use at least 80 % of its time (practitioner heuristic)
LENGTH_MARGIN_SHARE = 0.25  # +/- 25 % outside the band is still "average" (practitioner heuristic)


@dataclass(frozen=True)
class Grade:
    """One graded measure with the message that explains how it was computed."""

    name: str
    grade: GradeValue | None
    value: float | None
    unit: str
    explanation_key: str
    params: tuple[tuple[str, object], ...] = ()

    def explanation(self, lang: str = "en") -> str:
        return t(self.explanation_key, lang, **dict(self.params))

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "grade": self.grade,
            "value": None if self.value is None else round(self.value, 2),
            "unit": self.unit,
            "explanation": self.explanation(lang),
            "explanation_key": self.explanation_key,
            "explanation_params": dict(self.params),
        }


def _band(value: float, good: tuple[float, float], margin: float) -> GradeValue:
    lo, hi = good
    if lo <= value <= hi:
        return "good"
    if lo - margin <= value <= hi + margin:
        return "average"
    return "needs_improvement"


def _lower_is_better(value: float, good_max: float, poor_from: float) -> GradeValue:
    if value <= good_max:
        return "good"
    return "needs_improvement" if value >= poor_from else "average"


def grade_pace(pace: Pace, language: Language) -> Grade:
    """Words per minute (en) or syllables per minute (ko) against the cited band."""
    unit = pace.unit
    rate = pace.rate
    if rate is None:
        return Grade("pace", None, None, unit, "speech.grade.pace.not_measured")
    good, margin = (PACE_GOOD_SPM_KO, PACE_MARGIN_SPM_KO) if language == "ko" else (PACE_GOOD_WPM, PACE_MARGIN_WPM)
    count = pace.syllable_count if language == "ko" else pace.word_count
    return Grade("pace", _band(rate, good, margin), rate, unit, f"speech.grade.pace.{language}",
                 (("value", round(rate)), ("count", count), ("span", round(pace.span_s, 1)),
                  ("lo", round(good[0])), ("hi", round(good[1]))))


def grade_pauses(report: PauseReport, span_s: float) -> Grade:
    """Long pauses (think time excluded), mid-clause ones weighing most."""
    if span_s < 5.0:
        return Grade("pauses", None, None, "pauses", "speech.grade.pauses.not_measured")
    long_pauses = [p for p in report.long_pauses if p.kind != "think_time"]
    mid = sum(1 for p in long_pauses if p.kind == "mid_clause")
    counted = [p for p in long_pauses if p.kind == "mid_clause" or p.duration_s >= BOUNDARY_PAUSE_S]
    per_min = len(counted) / max(span_s / 60, MIN_RATE_MINUTES)
    if mid >= MID_CLAUSE_LONG_POOR or per_min > LONG_PAUSES_POOR_PER_MIN:
        grade: GradeValue = "needs_improvement"
    elif mid == 0 and per_min < LONG_PAUSES_GOOD_PER_MIN:
        grade = "good"
    else:
        grade = "average"
    return Grade("pauses", grade, float(len(counted)), "pauses", "speech.grade.pauses",
                 (("count", len(long_pauses)), ("mid", mid), ("min_s", LONG_PAUSE_S),
                  ("boundary_s", BOUNDARY_PAUSE_S), ("per_min", round(per_min, 1))))


def grade_fillers(report: FillerReport) -> Grade:
    """Fillers per minute against vendor norms (fluent ~1.2/min, hesitant ~4.8/min)."""
    if report.per_min is None:
        return Grade("fillers", None, None, "per_min", "speech.grade.fillers.not_measured")
    return Grade("fillers", _lower_is_better(report.per_min, FILLERS_GOOD_PER_MIN, FILLERS_POOR_PER_MIN),
                 report.per_min, "per_min", "speech.grade.fillers",
                 (("count", report.count), ("per_min", round(report.per_min, 1))))


def grade_pitch(pitch: PitchStats) -> Grade:
    """Pitch variation in semitones; below MONOTONE_ST is flagged as monotone."""
    if pitch.variation_st is None or pitch.median_hz is None:
        return Grade("pitch_variation", None, None, "st", "speech.grade.pitch.not_measured")
    value = pitch.variation_st
    if value < MONOTONE_ST:
        grade: GradeValue = "needs_improvement"
    elif value >= LIVELY_ST:
        grade = "good"
    else:
        grade = "average"
    return Grade("pitch_variation", grade, value, "st", "speech.grade.pitch",
                 (("value", round(value, 2)), ("median", round(pitch.median_hz)), ("monotone", MONOTONE_ST)))


def grade_volume(volume: VolumeStats) -> Grade:
    """Share of the answer spoken well below the speaker's own level."""
    if volume.quiet_share is None:
        return Grade("volume", None, None, "share", "speech.grade.volume.not_measured")
    return Grade("volume", _lower_is_better(volume.quiet_share, QUIET_GOOD_SHARE, QUIET_POOR_SHARE),
                 volume.quiet_share, "share", "speech.grade.volume",
                 (("percent", round(volume.quiet_share * 100)), ("drop_db", 10)))


def grade_hedges(stats: WordStats) -> Grade:
    """Hedges ("I think", "maybe", "것 같습니다") per 100 words."""
    rate = stats.hedges_per_100_words
    if rate is None:
        return Grade("hedges", None, None, "per_100_words", "speech.grade.hedges.not_measured")
    return Grade("hedges", _lower_is_better(rate, HEDGES_GOOD_PER_100, HEDGES_POOR_PER_100), rate,
                 "per_100_words", "speech.grade.hedges",
                 (("count", len(stats.hedges)), ("rate", round(rate, 1))))


def target_band(target_s: float | tuple[float, float] | None) -> tuple[float, float]:
    """The good answer-length band: standard format when None, (80 % of T, T) for a timed
    answer of T seconds, or an explicit (min, max)."""
    if target_s is None:
        return STANDARD_TARGET_S
    if isinstance(target_s, tuple):
        return (float(target_s[0]), float(target_s[1]))
    return (float(target_s) * TIMED_MIN_SHARE, float(target_s))


def grade_length(answer_s: float | None, target_s: float | tuple[float, float] | None = None) -> Grade:
    """Answer length (start of recording -> last word) against the format's target."""
    lo, hi = target_band(target_s)
    if answer_s is None:
        return Grade("length", None, None, "s", "speech.grade.length.not_measured")
    margin = LENGTH_MARGIN_SHARE * (hi if answer_s > hi else lo)
    return Grade("length", _band(answer_s, (lo, hi), margin), answer_s, "s", "speech.grade.length",
                 (("value", round(answer_s)), ("lo", round(lo)), ("hi", round(hi))))
