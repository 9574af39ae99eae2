"""Streaming resampling of mono float audio: libsoxr (the `soxr` package) in a small wrapper.

aiortc delivers 20 ms frames at 48 kHz; speech analysis wants 16 kHz. Resampling each
frame on its own leaves a click at every frame edge, so the resampler keeps its filter
state between calls: feeding a signal in any chunking gives the same samples as feeding it
whole. libsoxr does that, compensates its own filter delay (events keep their time stamps)
and returns exactly `round(n_in * out_rate / in_rate)` samples once flushed. It replaced
our numpy polyphase filter: 30–60× faster per frame and a cleaner pass band (numbers in
BENCHMARKS.md, "Kept libraries"; `python -m core bench --only resampler`).
"""

from __future__ import annotations

import numpy as np
import soxr

ENGINE = f"python-soxr {soxr.__version__} (libsoxr {soxr.__libsoxr_version__}, HQ)"
# "HQ" (20-bit, ~0.4 ms of look-ahead at 48 kHz) is above what 16-bit speech needs; "VHQ"
# holds back a whole 20 ms frame before the first output, which the live meters would feel.
QUALITY = "HQ"


class StreamingResampler:
    """Resample a mono stream from `in_rate` to `out_rate` Hz, chunk by chunk.

    `process(samples)` returns whatever output is already determined (float32);
    `finish()` returns the tail. Not thread-safe: one resampler per stream, used under the
    owner's lock.
    """

    def __init__(self, in_rate: int, out_rate: int) -> None:
        if in_rate <= 0 or out_rate <= 0:
            raise ValueError("sample rates must be positive")
        self.in_rate = in_rate
        self.out_rate = out_rate
        self._identity = in_rate == out_rate
        self._stream = None if self._identity else soxr.ResampleStream(in_rate, out_rate, 1, dtype="float32",
                                                                       quality=QUALITY)
        self._finished = False

    def process(self, samples: np.ndarray) -> np.ndarray:
        """Resample the next chunk (any length, including 0)."""
        x = np.ascontiguousarray(np.asarray(samples, dtype=np.float32).reshape(-1))
        if self._stream is None:
            return x
        return np.asarray(self._stream.resample_chunk(x, last=False), dtype=np.float32)

    def finish(self) -> np.ndarray:
        """The remaining tail (the input is treated as ended). Idempotent."""
        if self._stream is None or self._finished:
            return np.zeros(0, dtype=np.float32)
        self._finished = True
        return np.asarray(self._stream.resample_chunk(np.zeros(0, dtype=np.float32), last=True), dtype=np.float32)
