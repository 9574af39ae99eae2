"""The live hint policy: at most one short cue every so often, never a dashboard.

Rhema (Tanveer, Lin & Hoque, IUI 2015) found one-word cues about every 20 s ("louder",
"slower") helped speakers more than a continuous display, which distracts. So this policy
looks at the latest observable signals and emits at most one cue per `MIN_INTERVAL_S`,
the most important first, and only when a problem has lasted long enough to be real.

Pure and deterministic: the caller passes the signals and the time (an injected clock),
no threads, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from core.i18n import t

HintKind = Literal["face_lost", "look_at_camera", "sit_up", "slow_down", "speak_up"]

MIN_INTERVAL_S = 18.0  # s between two cues (Rhema: ~20 s; 15-20 s keeps it sparse)
FIRST_HINT_AFTER_S = 8.0  # s into the answer before any cue (let the speaker settle)
SAME_HINT_INTERVAL_S = 40.0  # s before the same cue may repeat
HINT_VISIBLE_S = 4.0  # s a cue stays on screen
GAZE_OFF_SHARE = 0.6  # share of the last few seconds looking away from the camera (calibrated)
POSTURE_BAD_SHARE = 0.7  # share of the last few seconds with posture_ok False
FACE_LOST_S = 3.0  # s without a detected face before "move into frame"
# Syllable nuclei per minute of voiced time (core.live.pace). espeak-ng en-us at 150 wpm
# measures ~315 and at 280 wpm ~440 with that estimator; Microsoft Speaker Coach advises
# 100-165 wpm. Korean is syllable-timed and faster in syllables (~5-6/s conversational).
FAST_SYLLABLES_PER_MIN = {"en": 380.0, "ko": 450.0}
QUIET_DBFS = -42.0  # dBFS: loud speech peaks below this read as too quiet (typical laptop mic)

# Most important first: nothing else matters while the face is out of frame.
PRIORITY: tuple[HintKind, ...] = ("face_lost", "speak_up", "slow_down", "look_at_camera", "sit_up")


@dataclass(frozen=True)
class LiveSignals:
    """What the live path measured recently. None = not measurable right now."""

    gaze_off_share: float | None = None  # share of recent frames not looking at the camera
    posture_bad_share: float | None = None  # share of recent frames with posture not ok
    face_lost_s: float = 0.0  # seconds since a face was last seen (0 = visible now)
    syllables_per_min: float | None = None  # live pace estimate while speaking
    speech_level_dbfs: float | None = None  # loudness of recent speech (None while silent)


@dataclass(frozen=True)
class Hint:
    kind: HintKind
    text: str
    at_s: float

    def visible(self, now_s: float) -> bool:
        return now_s - self.at_s < HINT_VISIBLE_S


def detect_problems(signals: LiveSignals, language: str = "en") -> list[HintKind]:
    """Every problem present in `signals`, most important first."""
    found: set[HintKind] = set()
    if signals.face_lost_s >= FACE_LOST_S:
        found.add("face_lost")
    if signals.gaze_off_share is not None and signals.gaze_off_share >= GAZE_OFF_SHARE:
        found.add("look_at_camera")
    if signals.posture_bad_share is not None and signals.posture_bad_share >= POSTURE_BAD_SHARE:
        found.add("sit_up")
    fast = FAST_SYLLABLES_PER_MIN.get(language, FAST_SYLLABLES_PER_MIN["en"])
    if signals.syllables_per_min is not None and signals.syllables_per_min > fast:
        found.add("slow_down")
    if signals.speech_level_dbfs is not None and signals.speech_level_dbfs < QUIET_DBFS:
        found.add("speak_up")
    return [kind for kind in PRIORITY if kind in found]


class HintPolicy:
    """Decides when to show which cue. One instance per answer (or per session).

    `clock` returns seconds (monotonic); tests pass a fake one. `language` is the UI
    language the cue is written in; `speech_language` (default: the same) is the language
    of the answer, which sets the pace threshold.
    """

    def __init__(self, *, language: str = "en", enabled: bool = True, clock: Callable[[], float],
                 speech_language: str | None = None) -> None:
        self.language = language
        self.speech_language = speech_language or language
        self.enabled = enabled
        self._clock = clock
        self._started = clock()
        self._last_at: float | None = None
        self._last_by_kind: dict[HintKind, float] = {}
        self.current: Hint | None = None
        self.history: list[Hint] = []

    def restart(self) -> None:
        """A new answer begins: the settling time starts again (spacing is kept)."""
        self._started = self._clock()
        self.current = None

    def update(self, signals: LiveSignals) -> Hint | None:
        """Feed the latest signals; returns a NEW cue to show now, else None."""
        now = self._clock()
        if not self.enabled or now - self._started < FIRST_HINT_AFTER_S:
            return None
        if self._last_at is not None and now - self._last_at < MIN_INTERVAL_S:
            return None
        for kind in detect_problems(signals, self.speech_language):
            last = self._last_by_kind.get(kind)
            if last is not None and now - last < SAME_HINT_INTERVAL_S:
                continue
            hint = Hint(kind, t(f"hint.{kind}", self.language), now)
            self._last_at = now
            self._last_by_kind[kind] = now
            self.current = hint
            self.history.append(hint)
            return hint
        return None

    def visible_hint(self) -> Hint | None:
        """The cue to display now (it fades after `HINT_VISIBLE_S`)."""
        if not self.enabled or self.current is None:
            return None
        return self.current if self.current.visible(self._clock()) else None
