"""Input conditioning: from what a microphone delivered to audio the analysis can trust.

Two steps, both pure numpy:

1. `mix_channels`: several channels to one WITHOUT cancelling. A USB interface whose right
   channel is wired inverted gives L = -R; the plain average of the two is silence. The
   channels are aligned in sign to the loudest one before they are averaged, and a channel
   far quieter than the loudest (an unplugged input) is left out instead of halving the
   level.
2. `condition_level`: raise a quiet recording to a standard speech level BEFORE speech
   detection (Silero VAD inside faster-whisper, and Whisper itself, lose quiet speech: a
   microphone peaking at -42 dBFS loses its last sentence), and say when the level was too
   low to trust. Stationary noise (room tone, a fan) is never boosted: gain is applied only
   when the loud frames stand well above the noise floor, as speech does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

SAMPLE_RATE = 16_000
FRAME_S = 0.02  # s; level frames
# Channels more than this below the loudest one carry no signal worth mixing in (an open input).
DEAD_CHANNEL_DB = 20.0
# |correlation| below this: unrelated channels (two microphones); they are averaged as they are.
ALIGN_MIN_CORRELATION = 0.2
# Level targets. Speech is "loud frames" = the 95th percentile of 20 ms frame RMS levels
# (clicks are fewer than 5 % of frames). EBU R128 puts programme loudness at -23 LUFS;
# speech recorded for ASR is commonly normalised to about -20 dBFS RMS on its loud parts.
TARGET_SPEECH_DBFS = -20.0
BOOST_BELOW_DBFS = TARGET_SPEECH_DBFS - 6.0  # only boost when 6 dB or more short of the target
MAX_GAIN_DB = 36.0  # a -42 dBFS-peak microphone reaches the target; more would mostly lift noise
PEAK_HEADROOM_DBFS = -1.0  # never push a peak above this (no clipping)
# Loud frames must stand this far above the noise floor (10th percentile) to count as
# speech-like modulation; room tone and fans sit within ~6-10 dB of their own floor.
SPEECH_MODULATION_DB = 15.0
# Peaks below this: a very quiet input. Typical speech into a set-up microphone peaks at -12
# to -3 dBFS; at -36 dBFS and below, the noise floor, hum and codec noise are a large part
# of what is measured (the field sample `audio-...-quiet` peaks at -42 dBFS).
TOO_LOW_PEAK_DBFS = -36.0
_EPS = 1e-12

ChannelMix = Literal["mono", "average", "aligned", "single"]


@dataclass(frozen=True)
class ChannelChoice:
    """How several channels became one. `inverted`: 0-based channels whose sign was flipped
    (out of phase with the loudest); `dropped`: channels left out as (nearly) silent."""

    channels: int
    mix: ChannelMix
    inverted: tuple[int, ...] = ()
    dropped: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"channels": self.channels, "mix": self.mix, "inverted": list(self.inverted),
                "dropped": list(self.dropped)}


@dataclass(frozen=True)
class LevelReport:
    """The input level before conditioning, and the gain applied (dB)."""

    peak_dbfs: float | None  # None: digital silence
    speech_dbfs: float | None  # loud-frame (95th percentile) RMS level
    floor_dbfs: float | None  # noise floor (10th percentile) RMS level
    gain_db: float
    too_low: bool  # the level was too low to trust the loudness measures

    def to_dict(self) -> dict[str, object]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 1)

        return {"peak_dbfs": r(self.peak_dbfs), "speech_dbfs": r(self.speech_dbfs), "floor_dbfs": r(self.floor_dbfs),
                "gain_db": round(self.gain_db, 1), "level_too_low": self.too_low}


def _db(value: float) -> float:
    return float(20 * np.log10(max(value, _EPS)))


def mix_channels(frames: np.ndarray) -> tuple[np.ndarray, ChannelChoice]:
    """`frames`: (samples, channels) float array -> (mono float32, how it was mixed)."""
    data = np.asarray(frames, dtype=np.float32)
    if data.ndim == 1 or data.shape[1] == 1:
        return data.reshape(-1), ChannelChoice(1, "mono")
    count = data.shape[1]
    rms = np.sqrt(np.mean(np.square(data, dtype=np.float64), axis=0))
    loudest = int(np.argmax(rms))
    if rms[loudest] <= _EPS:
        return data.mean(axis=1), ChannelChoice(count, "average")
    keep = [c for c in range(count) if _db(float(rms[c])) >= _db(float(rms[loudest])) - DEAD_CHANNEL_DB]
    dropped = tuple(c for c in range(count) if c not in keep)
    if len(keep) == 1:
        return data[:, loudest].copy(), ChannelChoice(count, "single", dropped=dropped)
    reference = data[:, loudest].astype(np.float64)
    signs: list[float] = []
    inverted: list[int] = []
    for channel in keep:
        if channel == loudest:
            signs.append(1.0)
            continue
        other = data[:, channel].astype(np.float64)
        correlation = float(np.dot(reference, other) / (np.linalg.norm(reference) * np.linalg.norm(other) + _EPS))
        if correlation <= -ALIGN_MIN_CORRELATION:
            signs.append(-1.0)
            inverted.append(channel)
        else:
            signs.append(1.0)
    mixed = (data[:, keep] * np.asarray(signs, dtype=np.float32)).mean(axis=1)
    return mixed.astype(np.float32, copy=False), ChannelChoice(count, "aligned" if inverted else "average",
                                                              inverted=tuple(inverted), dropped=dropped)


def frame_levels_db(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """RMS level (dBFS) of consecutive `FRAME_S` frames."""
    size = max(1, int(FRAME_S * sample_rate))
    count = audio.size // size
    if count == 0:
        return np.array([_db(float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))) if audio.size else -240.0])
    frames = audio[: count * size].reshape(count, size).astype(np.float64)
    return np.asarray(20 * np.log10(np.sqrt(np.mean(frames * frames, axis=1)) + _EPS))


def condition_level(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, LevelReport]:
    """Boost a quiet recording to `TARGET_SPEECH_DBFS` (never cut, never clip, never lift
    stationary noise); returns (float32 audio, report)."""
    samples = np.asarray(audio, dtype=np.float32).reshape(-1)
    if samples.size == 0:
        return samples, LevelReport(None, None, None, 0.0, False)
    peak = float(np.max(np.abs(samples)))
    if peak <= _EPS:
        return samples, LevelReport(None, None, None, 0.0, False)
    levels = frame_levels_db(samples, sample_rate)
    speech, floor = float(np.percentile(levels, 95)), float(np.percentile(levels, 10))
    peak_db = _db(peak)
    modulated = speech - floor >= SPEECH_MODULATION_DB
    gain = 0.0
    if modulated and speech < BOOST_BELOW_DBFS:
        gain = min(TARGET_SPEECH_DBFS - speech, MAX_GAIN_DB, PEAK_HEADROOM_DBFS - peak_db)
        gain = max(0.0, gain)
    report = LevelReport(peak_dbfs=peak_db, speech_dbfs=speech, floor_dbfs=floor, gain_db=gain,
                         too_low=modulated and peak_db < TOO_LOW_PEAK_DBFS)
    if gain <= 0.0:
        return samples, report
    return (samples * np.float32(10 ** (gain / 20))).astype(np.float32, copy=False), report
