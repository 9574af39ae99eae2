"""Acoustic measures on synthetic audio with known truth (espeak-ng speech, tones, hums)."""

from __future__ import annotations

import numpy as np
import pytest

from core.speech import Word, detect_voiced_hesitations, find_silences, frame_features, measure_pitch, measure_volume
from core.speech.grading import MONOTONE_ST, grade_pitch, grade_volume
from tests.media import SPEECH_RATE, build_speech, have_speech_tools, voiced_hum
from tests.media import harmonic_tone as tone

pytestmark = pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed")

SENTENCES = ["I led the migration of our billing system", "we planned it in three phases",
             "and I wrote most of the test plan myself"]


def segment_words(clip) -> list[Word]:
    """One pseudo-word per spoken segment: what a perfect transcript's coverage would be."""
    return [Word(p.text.split()[0], p.start_s, p.end_s) for p in clip.speech]




def test_silences_are_found_at_the_inserted_times() -> None:
    clip = build_speech([SENTENCES[0], 1.5, SENTENCES[1], 2.5, SENTENCES[2]])
    found = find_silences(frame_features(clip.audio), min_s=1.0)
    truth = clip.silences
    assert len(found) == 2
    for span, gap in zip(found, truth, strict=True):
        assert abs(span.start_s - gap.start_s) < 0.1 and abs(span.end_s - gap.end_s) < 0.1


def test_a_voiced_hum_between_words_is_found_as_a_hesitation() -> None:
    clip = build_speech([SENTENCES[0], 0.4, ("hum", voiced_hum(0.7)), 0.4, SENTENCES[1]])
    hum = next(p for p in clip.parts if p.kind == "audio")
    found = detect_voiced_hesitations(clip.audio, segment_words(clip))
    assert len(found) == 1
    assert abs(found[0].start_s - hum.start_s) < 0.15 and abs(found[0].end_s - hum.end_s) < 0.15


def test_a_short_hum_is_not_a_hesitation() -> None:
    clip = build_speech([SENTENCES[0], 0.4, ("hum", voiced_hum(0.2)), 0.4, SENTENCES[1]])
    assert detect_voiced_hesitations(clip.audio, segment_words(clip)) == ()


def test_ordinary_speech_is_not_taken_for_hesitations_even_without_a_transcript() -> None:
    clip = build_speech([SENTENCES[0], 0.7, SENTENCES[1], 0.7, SENTENCES[2]])
    assert detect_voiced_hesitations(clip.audio, []) == ()


def test_pitch_of_a_steady_voice_is_its_f0_and_flagged_monotone() -> None:
    pitch = measure_pitch(tone(150.0, 3.0))
    assert pitch.median_hz == pytest.approx(150.0, rel=0.03)
    assert pitch.variation_st is not None and pitch.variation_st < MONOTONE_ST
    assert grade_pitch(pitch).grade == "needs_improvement"


def test_pitch_variation_of_a_lively_contour_is_high() -> None:
    t = np.arange(int(4 * SPEECH_RATE)) / SPEECH_RATE
    contour = 150.0 * 2 ** (5 * np.sin(2 * np.pi * 0.5 * t) / 12)  # +/- 5 semitones
    pitch = measure_pitch(tone(contour, 4.0))
    assert pitch.variation_st is not None and pitch.variation_st > 3.0
    assert grade_pitch(pitch).grade == "good"


def test_pitch_is_not_measured_without_voice() -> None:
    noise = (np.random.default_rng(0).standard_normal(SPEECH_RATE * 2) * 0.05).astype(np.float32)
    pitch = measure_pitch(noise)
    assert pitch.median_hz is None and grade_pitch(pitch).grade is None


def test_espeak_speech_pitch_is_in_the_male_voice_range() -> None:
    clip = build_speech([SENTENCES[0], 0.5, SENTENCES[1]])
    pitch = measure_pitch(clip.audio)
    assert pitch.median_hz is not None and 80 < pitch.median_hz < 140


def test_volume_share_too_quiet_is_relative_to_the_speakers_own_level() -> None:
    loud = build_speech([SENTENCES[0], 0.5, SENTENCES[1], 0.5, SENTENCES[2]])
    quiet_part = build_speech([SENTENCES[0]])  # the speaker trails off for the last third
    audio = np.concatenate([loud.audio, np.zeros(8000, np.float32), quiet_part.audio * 0.1])  # -20 dB
    share = quiet_part.duration_s / (loud.duration_s + quiet_part.duration_s)
    volume = measure_volume(audio)
    assert volume.quiet_share is not None and abs(volume.quiet_share - share) < 0.1
    assert volume.quiet_spans and volume.quiet_spans[0].start_s >= loud.duration_s - 0.5
    assert grade_volume(volume).grade == "needs_improvement"
    steady = measure_volume(np.concatenate([loud.audio, quiet_part.audio]))
    assert steady.quiet_share is not None and steady.quiet_share < 0.1
    assert grade_volume(steady).grade == "good"
