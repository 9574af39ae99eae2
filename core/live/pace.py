"""A live speaking-pace estimate from audio energy (syllable nuclei), language-neutral.

Counting syllable nuclei on the intensity envelope (de Jong & Wempe, Behavior Research
Methods 2009) needs no transcript, so it works during the answer for Korean and English
alike. It undercounts a little on fast, connected speech, which only makes the live
"slow down" cue more conservative. The full, transcript-based rates come after the answer
from `core.speech`.
"""

from __future__ import annotations

from collections import deque

import numpy as np

FRAME_S = 0.01  # s: envelope resolution
SMOOTH_FRAMES = 5  # frames of moving average on the dB envelope (50 ms)
PEAK_DROP_DB = 2.0  # dB a dip must fall below a peak before the next nucleus counts
MIN_GAP_S = 0.09  # s: nuclei closer than this are one syllable (max ~11 syllables/s)
ABOVE_FLOOR_DB = 12.0  # dB above the running noise floor for a peak to be voiced
MIN_PEAK_DBFS = -50.0  # dBFS: anything quieter is background
WINDOW_S = 8.0  # s of recent audio the rate is computed over
MIN_VOICED_S = 2.0  # s of voiced audio needed before a rate is reported


class PaceEstimator:
    """Feed 16 kHz mono float chunks; read syllables per minute of the recent window.

    Silence is excluded from the denominator (a thinking pause is not slow speech).
    Bounded memory: only `WINDOW_S` of per-frame envelope values are kept.
    Single-threaded: the owner calls it under its own lock.
    """

    def __init__(self, sample_rate: int = 16_000, window_s: float = WINDOW_S) -> None:
        self.sample_rate = sample_rate
        self._hop = int(sample_rate * FRAME_S)
        self._carry = np.zeros(0, dtype=np.float32)
        self._env: deque[float] = deque(maxlen=int(window_s / FRAME_S))
        self._floor_db = -60.0

    def feed(self, samples: np.ndarray) -> None:
        x = np.concatenate([self._carry, np.asarray(samples, dtype=np.float32).reshape(-1)])
        n = len(x) // self._hop
        if n:
            frames = x[: n * self._hop].reshape(n, self._hop)
            rms = np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1))
            db = 20 * np.log10(np.maximum(rms, 1e-6))
            for value in db:
                # Slow-rising, fast-falling noise floor: follows the room, not the voice.
                self._floor_db = value if value < self._floor_db else self._floor_db + 0.02 * (value - self._floor_db)
                self._env.append(float(value))
        self._carry = x[n * self._hop :]

    def syllables_per_min(self) -> float | None:
        """Syllable nuclei per minute of voiced time in the window, or None if too little speech."""
        if len(self._env) < SMOOTH_FRAMES:
            return None
        env = np.convolve(np.array(self._env), np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES, mode="same")
        threshold = max(MIN_PEAK_DBFS, self._floor_db + ABOVE_FLOOR_DB)
        voiced = env > threshold
        voiced_s = float(voiced.sum()) * FRAME_S
        if voiced_s < MIN_VOICED_S:
            return None
        count = 0
        last_peak = -10**9
        valley = np.inf
        min_gap = int(MIN_GAP_S / FRAME_S)
        for i in range(1, len(env) - 1):
            valley = min(valley, env[i])
            is_peak = env[i] >= env[i - 1] and env[i] > env[i + 1] and env[i] > threshold
            if is_peak and i - last_peak >= min_gap and env[i] - valley >= PEAK_DROP_DB:
                count += 1
                last_peak = i
                valley = env[i]
        return count / voiced_s * 60.0
