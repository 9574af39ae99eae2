"""Streaming polyphase resampling of mono float audio (numpy only).

aiortc delivers 20 ms frames at 48 kHz; speech analysis wants 16 kHz. Resampling each
frame on its own (e.g. `scipy.signal.resample_poly` per frame) leaves a click at every
frame edge, so this resampler keeps the filter history between calls: feeding a signal
in any chunking gives the same samples as feeding it whole.
"""

from __future__ import annotations

from math import gcd

import numpy as np

# Taps per polyphase branch on each side of the centre: 16 gives > 60 dB stop-band
# attenuation with the Kaiser window below, far more than 16-bit speech needs.
HALF_TAPS_PER_PHASE = 16
KAISER_BETA = 8.0
# Cut-off as a share of the output Nyquist: keeps aliasing out of the pass band.
CUTOFF_SHARE = 0.92


def _design_filter(up: int, down: int) -> np.ndarray:
    """A windowed-sinc low-pass at the upsampled rate (gain `up` to undo zero stuffing)."""
    factor = max(up, down)
    length = 2 * HALF_TAPS_PER_PHASE * factor + 1
    cutoff = CUTOFF_SHARE * 0.5 / factor  # cycles per sample at the upsampled rate
    n = np.arange(length) - (length - 1) / 2
    taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.kaiser(length, KAISER_BETA)
    return (taps * up / taps.sum() * 1.0).astype(np.float64)


class StreamingResampler:
    """Resample a mono stream from `in_rate` to `out_rate`, chunk by chunk.

    The filter delay is compensated, and `finish()` returns the tail, so the total output
    length is `round(n_in * out_rate / in_rate)` and events keep their time stamps.
    Not thread-safe: one resampler per stream, used under the owner's lock.
    """

    def __init__(self, in_rate: int, out_rate: int) -> None:
        if in_rate <= 0 or out_rate <= 0:
            raise ValueError("sample rates must be positive")
        g = gcd(in_rate, out_rate)
        self.in_rate = in_rate
        self.out_rate = out_rate
        self.up = out_rate // g
        self.down = in_rate // g
        self._identity = self.up == self.down
        taps = _design_filter(self.up, self.down)
        per_phase = -(-len(taps) // self.up)
        padded = np.zeros(per_phase * self.up)
        padded[: len(taps)] = taps
        # branch[p, i] = h[p + up * i]: the taps that meet real input samples at phase p.
        self._branches = padded.reshape(per_phase, self.up).T.copy()
        self._k = per_phase
        # Delay of the linear-phase filter, in upsampled samples.
        self._delay = (len(taps) - 1) // 2
        self._history = np.zeros(self._k - 1)
        self._n_in = 0  # input samples received so far
        self._n_out = 0  # output samples produced so far

    def _available_outputs(self, n_in: int) -> int:
        """How many outputs can be computed when `n_in` inputs are known (delay included)."""
        # Output n needs upsampled index n*down + delay <= (n_in - 1) * up.
        last = (n_in - 1) * self.up - self._delay
        if last < 0:
            return 0
        return last // self.down + 1

    def _compute(self, start: int, stop: int, signal: np.ndarray, offset: int) -> np.ndarray:
        """Outputs start..stop-1; `signal[j]` is input sample `j + offset`."""
        if stop <= start:
            return np.zeros(0, dtype=np.float32)
        n = np.arange(start, stop)
        pos = n * self.down + self._delay  # index in the upsampled stream
        base = pos // self.up  # newest input sample involved
        phase = pos % self.up
        idx = base[:, None] - np.arange(self._k)[None, :] - offset
        valid = (idx >= 0) & (idx < len(signal))
        gathered = np.where(valid, signal[np.clip(idx, 0, len(signal) - 1)], 0.0)
        out = np.einsum("ij,ij->i", gathered, self._branches[phase])
        return out.astype(np.float32)

    def process(self, samples: np.ndarray) -> np.ndarray:
        """Resample the next chunk; returns whatever output is already determined."""
        x = np.asarray(samples, dtype=np.float64).reshape(-1)
        if self._identity:
            self._n_in += len(x)
            self._n_out += len(x)
            return x.astype(np.float32)
        if len(x) == 0:
            return np.zeros(0, dtype=np.float32)
        signal = np.concatenate([self._history, x])
        offset = self._n_in - len(self._history)  # absolute index of signal[0]
        self._n_in += len(x)
        stop = self._available_outputs(self._n_in)
        out = self._compute(self._n_out, stop, signal, offset)
        self._n_out = max(self._n_out, stop)
        keep = self._k - 1
        self._history = signal[-keep:] if keep > 0 else np.zeros(0)
        return out

    def finish(self) -> np.ndarray:
        """The remaining tail (the input is treated as followed by silence)."""
        if self._identity:
            return np.zeros(0, dtype=np.float32)
        total = round(self._n_in * self.out_rate / self.in_rate)
        offset = self._n_in - len(self._history)
        out = self._compute(self._n_out, total, self._history, offset)
        self._n_out = max(self._n_out, total)
        return out
