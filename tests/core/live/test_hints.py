"""Hint policy: sparse, prioritised, switchable, deterministic with an injected clock."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from core.live.hints import (
    FIRST_HINT_AFTER_S,
    HINT_VISIBLE_S,
    MIN_INTERVAL_S,
    SAME_HINT_INTERVAL_S,
    HintPolicy,
    LiveSignals,
    detect_problems,
)
from core.live.pace import PaceEstimator


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


LOOKING_AWAY = LiveSignals(gaze_off_share=0.9)
ALL_GOOD = LiveSignals(gaze_off_share=0.1, posture_bad_share=0.0, syllables_per_min=250, speech_level_dbfs=-20)


def test_no_cue_while_the_speaker_settles_in():
    clock = FakeClock()
    policy = HintPolicy(clock=clock)
    clock.now += FIRST_HINT_AFTER_S - 0.1
    assert policy.update(LOOKING_AWAY) is None
    clock.now += 0.2
    hint = policy.update(LOOKING_AWAY)
    assert hint is not None and hint.kind == "look_at_camera" and hint.text == "Look at the camera"


def test_at_most_one_cue_per_interval():
    clock = FakeClock()
    policy = HintPolicy(clock=clock)
    clock.now += FIRST_HINT_AFTER_S
    shown = []
    for _ in range(int(60 / 0.5)):  # one minute of updates at 2 Hz, many problems at once
        hint = policy.update(LiveSignals(gaze_off_share=0.9, posture_bad_share=0.9, syllables_per_min=600))
        if hint:
            shown.append(hint)
        clock.now += 0.5
    gaps = [b.at_s - a.at_s for a, b in itertools.pairwise(shown)]
    assert len(shown) >= 2 and all(gap >= MIN_INTERVAL_S for gap in gaps)
    assert len(shown) <= 60 / MIN_INTERVAL_S + 1


def test_most_important_problem_first_and_same_cue_not_repeated_soon():
    clock = FakeClock()
    policy = HintPolicy(clock=clock)
    clock.now += FIRST_HINT_AFTER_S
    both = LiveSignals(gaze_off_share=0.9, syllables_per_min=600)
    assert policy.update(both).kind == "slow_down"
    clock.now += MIN_INTERVAL_S
    assert policy.update(both).kind == "look_at_camera"  # slow_down was just said
    clock.now += MIN_INTERVAL_S
    assert policy.update(LiveSignals(syllables_per_min=600)) is None  # still within its repeat gap
    clock.now += SAME_HINT_INTERVAL_S
    assert policy.update(LiveSignals(syllables_per_min=600)).kind == "slow_down"


def test_switched_off_policy_never_shows_a_cue():
    clock = FakeClock()
    policy = HintPolicy(clock=clock, enabled=False)
    clock.now += 100
    assert policy.update(LiveSignals(face_lost_s=10)) is None
    assert policy.visible_hint() is None


def test_no_cue_when_everything_is_fine_or_unmeasurable():
    clock = FakeClock()
    policy = HintPolicy(clock=clock)
    clock.now += 100
    assert policy.update(ALL_GOOD) is None
    assert policy.update(LiveSignals()) is None  # None = not measurable, never a problem


def test_cue_text_follows_the_ui_language_and_fades():
    clock = FakeClock()
    policy = HintPolicy(clock=clock, language="ko")
    clock.now += FIRST_HINT_AFTER_S
    hint = policy.update(LiveSignals(face_lost_s=5))
    assert hint.text == "화면 안으로" and len(hint.text.split()) <= 2
    assert policy.visible_hint() == hint
    clock.now += HINT_VISIBLE_S
    assert policy.visible_hint() is None


def test_restart_gives_a_new_answer_time_to_settle():
    clock = FakeClock()
    policy = HintPolicy(clock=clock)
    clock.now += 60
    policy.restart()
    assert policy.update(LOOKING_AWAY) is None


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        (LiveSignals(speech_level_dbfs=-50), ["speak_up"]),
        (LiveSignals(posture_bad_share=0.8), ["sit_up"]),
        (LiveSignals(face_lost_s=4, gaze_off_share=1.0), ["face_lost", "look_at_camera"]),
        (LiveSignals(syllables_per_min=420), ["slow_down"]),
    ],
)
def test_detect_problems(signals, expected):
    assert detect_problems(signals, "en") == expected


def test_korean_pace_threshold_is_higher_than_english():
    assert detect_problems(LiveSignals(syllables_per_min=420), "ko") == []


def _syllable_train(rate_per_s: float, seconds: float, sr: int = 16_000) -> np.ndarray:
    """Bursts of a 200 Hz tone, one per 'syllable', separated by dips."""
    t = np.arange(int(sr * seconds)) / sr
    envelope = 0.5 * (1 - np.cos(2 * np.pi * rate_per_s * t)) * 0.3
    return (envelope * np.sin(2 * np.pi * 200 * t)).astype(np.float32)


def test_pace_estimator_counts_syllable_nuclei():
    fast, slow = PaceEstimator(), PaceEstimator()
    for est, rate in ((slow, 4.0), (fast, 8.0)):
        audio = _syllable_train(rate, 6.0)
        for i in range(0, len(audio), 1600):
            est.feed(audio[i : i + 1600])
    assert slow.syllables_per_min() == pytest.approx(4.0 * 60 * 1.25, rel=0.3)
    assert fast.syllables_per_min() > slow.syllables_per_min() * 1.6


def test_pace_is_not_measured_in_silence():
    est = PaceEstimator()
    est.feed(np.zeros(16_000 * 5, dtype=np.float32))
    assert est.syllables_per_min() is None


def test_cue_in_ui_language_with_pace_threshold_of_the_answer_language():
    clock = FakeClock()
    policy = HintPolicy(clock=clock, language="en", speech_language="ko")
    clock.now += FIRST_HINT_AFTER_S
    assert policy.update(LiveSignals(syllables_per_min=420)) is None  # fine for Korean speech
    hint = policy.update(LiveSignals(syllables_per_min=500))
    assert hint.kind == "slow_down" and hint.text == "Slow down"
