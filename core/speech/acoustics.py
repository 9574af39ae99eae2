"""Acoustic measures on 16 kHz mono audio: silence, voiced hesitations, pitch and loudness.

All functions are pure (numpy in, frozen dataclass out) and work on 10 ms frames.
Loudness is only ever reported **relative to the speaker's own level**: browsers apply
automatic gain control and noise suppression, so absolute dBFS says little about how
loud someone spoke.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.speech.types import Word

SAMPLE_RATE = 16_000  # Hz
HOP_S = 0.010  # s between analysis frames
FRAME_S = 0.032  # s analysis window (512 samples at 16 kHz: two periods of a 65 Hz voice)
DB_FLOOR = -100.0  # dBFS reported for digital silence
SILENCE_MIN_GAP_DB = 6.0  # dB: silence is at least this close to the noise floor...
SILENCE_SPAN_SHARE = 0.3  # ...or in the lowest 30 % of the noise-to-speech range (practitioner heuristic)
SILENCE_MAX_BELOW_SPEECH_DB = 25.0  # dB; anything within 25 dB of the speech level is never silence

# Pitch: speaking voices lie between ~65 Hz (low male) and ~400 Hz (high female / child),
# librosa docs (C2 ~ 65 Hz) and common speech practice; wider ranges invite octave errors.
PITCH_FMIN_HZ = 65.0
PITCH_FMAX_HZ = 400.0
PERIODICITY_VOICED = 0.5  # normalised autocorrelation peak above which a frame is voiced
MIN_VOICED_S = 1.0  # s of voiced speech needed before pitch statistics mean anything
OCTAVE_ST = 12.0  # semitones; frames further than an octave from the median are tracking errors

# Voiced hesitations ("uhhh", "mmm") that the transcript left out: voiced, spectrally
# steady, not under any word. Design after wassgha/rescript PR #60 (spans where voice
# activity says speech but no word timestamp covers them, >= 0.3 s).
HESITATION_MIN_S = 0.3  # s; shorter steady stretches are ordinary long vowels
HESITATION_MAX_FLUX_DB = 3.5  # dB band-energy change over 50 ms (smoothed); speech runs 4-12 dB, a held
# vowel/nasal 2-3.5 dB (measured on espeak-ng "ummm"/"uhhh" and 90 s of espeak-ng speech)
HESITATION_WORD_MARGIN_S = 0.08  # s around each word left alone (word timestamps are approximate)
_FLUX_LAG_FRAMES = 5  # frames (50 ms) between compared spectra
_N_BANDS = 16  # linear bands from 100 Hz to 4 kHz
_FLUX_SMOOTH_FRAMES = 7  # frames (70 ms) the spectral change is averaged over

# Loudness relative to the speaker's own median level.
VOLUME_WINDOW_S = 0.5  # s windows the loudness is judged on
QUIET_DROP_DB = 10.0  # dB below the speaker's median = "too quiet" (10 dB ~ half as loud; practitioner heuristic)


@dataclass(frozen=True)
class FrameFeatures:
    """Per-frame measures at `HOP_S` spacing; frame i is centred at i * hop_s."""

    level_db: np.ndarray  # RMS level, dBFS
    periodicity: np.ndarray  # 0..1 normalised autocorrelation peak in the voice-pitch lag range
    flux_db: np.ndarray  # mean absolute band-energy change over 50 ms, dB, smoothed over 70 ms
    silence_threshold_db: float
    hop_s: float = HOP_S
    f0_hz: np.ndarray | None = None  # YIN pitch (Hz) per frame (`yin`), when computed with_pitch

    @property
    def frames(self) -> int:
        return int(self.level_db.size)

    def head(self, count: int) -> FrameFeatures:
        """The first `count` frames (threshold unchanged)."""
        return FrameFeatures(self.level_db[:count], self.periodicity[:count], self.flux_db[:count],
                             self.silence_threshold_db, self.hop_s,
                             None if self.f0_hz is None else self.f0_hz[:count])

    @property
    def silent(self) -> np.ndarray:
        return self.level_db < self.silence_threshold_db

    @property
    def voiced(self) -> np.ndarray:
        return (~self.silent) & (self.periodicity >= PERIODICITY_VOICED)

    def time_of(self, index: int) -> float:
        return index * self.hop_s


def _frame(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    hop = round(HOP_S * sample_rate)
    size = round(FRAME_S * sample_rate)
    padded = np.pad(audio.astype(np.float32, copy=False), (size // 2, size // 2))
    count = max(0, 1 + (padded.size - size) // hop)
    if count == 0:
        return np.zeros((0, size), np.float32)
    return np.lib.stride_tricks.sliding_window_view(padded, size)[::hop][:count]


def frame_count(samples: int, sample_rate: int = SAMPLE_RATE) -> int:
    """Frames `frame_features` gives for `samples` samples (centred frames: 1 + n // hop)."""
    return 1 + samples // round(HOP_S * sample_rate) if samples else 0


def frame_features(audio: np.ndarray, sample_rate: int = SAMPLE_RATE, *, with_pitch: bool = False) -> FrameFeatures:
    """Level, periodicity and spectral change per 10 ms frame (about 5 ms of CPU per second
    of audio), and with `with_pitch` the yin pitch of every frame (`measure_pitch` reuses it)."""
    frames = _frame(audio, sample_rate)
    if frames.shape[0] == 0:
        empty = np.zeros(0, np.float32)
        return FrameFeatures(empty, empty, empty, 0.0, f0_hz=empty if with_pitch else None)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    level = np.maximum(20 * np.log10(np.maximum(rms, 1e-12)), DB_FLOOR)
    size = frames.shape[1]
    window = np.hanning(size).astype(np.float32)
    spectrum = np.fft.rfft((frames - frames.mean(axis=1, keepdims=True)) * window, n=2 * size, axis=1)
    power = np.abs(spectrum) ** 2
    autocorr = np.fft.irfft(power, axis=1)[:, :size]
    lag_min = int(sample_rate / PITCH_FMAX_HZ)
    lag_max = min(int(sample_rate / PITCH_FMIN_HZ), size - 1)
    # Normalise by the window's own autocorrelation so a perfect periodic signal scores ~1.
    window_ac = np.correlate(window, window, mode="full")[size - 1:]
    normalised = autocorr[:, lag_min:lag_max + 1] / np.maximum(autocorr[:, :1], 1e-20)
    normalised = normalised / np.maximum(window_ac[lag_min:lag_max + 1] / window_ac[0], 1e-6)
    periodicity = np.clip(normalised.max(axis=1), 0.0, 1.0)
    # Band energies 100 Hz - 4 kHz for the spectral-change measure.
    freqs = np.fft.rfftfreq(2 * size, 1 / sample_rate)
    edges = np.linspace(100.0, 4000.0, _N_BANDS + 1)
    bands = np.stack([power[:, (freqs >= lo) & (freqs < hi)].sum(axis=1) for lo, hi in itertools.pairwise(edges)],
                     axis=1)
    band_db = 10 * np.log10(np.maximum(bands, 1e-12))
    flux = np.full(level.shape, np.inf)
    if level.size > _FLUX_LAG_FRAMES:
        flux[_FLUX_LAG_FRAMES:] = np.mean(np.abs(band_db[_FLUX_LAG_FRAMES:] - band_db[:-_FLUX_LAG_FRAMES]), axis=1)
    finite = np.where(np.isfinite(flux), flux, 100.0)
    half = _FLUX_SMOOTH_FRAMES // 2  # edge padding: zeros would fake "steady" frames at the ends
    flux = np.convolve(np.pad(finite, half, mode="edge"), np.ones(_FLUX_SMOOTH_FRAMES) / _FLUX_SMOOTH_FRAMES,
                       mode="valid")
    return FrameFeatures(level_db=level, periodicity=periodicity, flux_db=flux,
                         silence_threshold_db=silence_threshold(level),
                         f0_hz=_yin(audio, sample_rate, level.size) if with_pitch else None)


YIN_TROUGH_THRESHOLD = 0.1  # on the normalised difference (de Cheveigne & Kawahara 2002; librosa's default)


def _yin(audio: np.ndarray, sample_rate: int, count: int) -> np.ndarray:
    """YIN pitch (Hz) per centred 10 ms frame (same frame grid as `frame_features`): `count` values,
    NaN past the end of the audio. See `yin`."""
    f0 = yin(audio, sample_rate)
    if f0.size >= count:
        return f0[:count]
    return np.concatenate([f0, np.full(count - f0.size, np.nan)])


def yin(audio: np.ndarray, sample_rate: int = SAMPLE_RATE, *, fmin: float = PITCH_FMIN_HZ,
        fmax: float = PITCH_FMAX_HZ, frame_length: int | None = None, hop_length: int | None = None,
        trough_threshold: float = YIN_TROUGH_THRESHOLD) -> np.ndarray:
    """Fundamental frequency (Hz) per frame by YIN (de Cheveigne & Kawahara 2002): shape
    `(1 + n // hop_length,)` for n > 0 samples (`(0,)` for none), float64, always a value
    (no unvoiced marker: the voicing decision is `FrameFeatures.voiced`). Defaults:
    512-sample frames, 10 ms hop.

    The same algorithm and parameters as `librosa.yin(..., center=True, pad_mode="constant")`
    in plain numpy: frames centred by zero padding of frame_length // 2 on each side;
    cumulative mean normalised difference from an FFT autocorrelation; the smallest lag that
    is a local minimum below `trough_threshold`, else the global minimum; parabolic
    interpolation of that lag. Pitch measurement is the product's own job (delivery
    feedback), and librosa compiles numba kernels at import (17 CPU-s on a fresh install,
    29 s of waiting at the first Stop under load, issue 18), so the runtime path computes it
    here; tests/core/speech/test_yin.py keeps librosa as the reference. Measured agreement
    with librosa 0.11.0 (float32, 16 kHz): espeak-ng speech and harmonic tones/chirps
    65-400 Hz, every frame within 0.03 % (float32 rounding of the FFT); see BENCHMARKS.md.

    Raises ValueError for fmin/fmax outside (0, sample_rate / 2) or a frame too short for fmin.
    """
    frame_length = frame_length or round(FRAME_S * sample_rate)
    hop_length = hop_length or round(HOP_S * sample_rate)
    if not 0 < fmin < fmax <= sample_rate / 2:
        raise ValueError(f"need 0 < fmin < fmax <= sample_rate / 2, got {fmin}, {fmax}")
    min_period = int(np.floor(sample_rate / fmax))
    max_period = min(int(np.ceil(sample_rate / fmin)), frame_length - 1)
    if min_period < 1 or max_period <= min_period:
        raise ValueError(f"frame_length {frame_length} is too short for fmin {fmin} Hz")
    if audio.size == 0:
        return np.zeros(0)  # `frame_count(0)`: no frames (librosa would give one frame of padding)
    signal = np.pad(np.asarray(audio, dtype=np.float32), frame_length // 2)
    frames = np.lib.stride_tricks.sliding_window_view(signal, frame_length)[::hop_length]  # (n_frames, frame)
    # Autocorrelation r(k) for k = 0..max_period by FFT (zero padded past 2 * frame - 1: linear, not circular).
    n_fft = 1 << (2 * frame_length - 1).bit_length()
    acf = np.fft.irfft(np.abs(np.fft.rfft(frames, n=n_fft, axis=1)) ** 2, n=n_fft, axis=1)[:, :max_period + 1]
    # Difference function d(k) = 2 (r(0) - r(k)) - sum_{m<k} y(m)^2, k = 1..max_period (librosa's form).
    energy = np.cumsum(np.square(frames), axis=1, dtype=np.float32)
    diff = 2 * (acf[:, :1] - acf[:, 1:]) - energy[:, :max_period]
    # Cumulative mean normalised difference d'(k) = d(k) / mean(d(1..k)), for k = min..max period.
    # (the mean in float64, as librosa's division by an integer range gives: ties break alike)
    mean = np.cumsum(diff, axis=1) / np.arange(1, max_period + 1)
    cmnd = diff[:, min_period - 1:] / (mean[:, min_period - 1:] + np.finfo(mean.dtype).tiny)
    # Troughs: local minima (strictly below the left neighbour, not above the right one).
    left, mid, right = cmnd[:, :-2], cmnd[:, 1:-1], cmnd[:, 2:]
    trough = np.zeros(cmnd.shape, bool)
    trough[:, 1:-1] = (mid < left) & (mid <= right)
    trough[:, 0] = cmnd[:, 0] < cmnd[:, 1]
    trough[:, -1] = cmnd[:, -1] < cmnd[:, -2]
    below = trough & (cmnd < trough_threshold)
    lag = np.where(below.any(axis=1), np.argmax(below, axis=1), np.argmin(cmnd, axis=1))
    # Parabolic interpolation at the chosen lag only (librosa computes it at every lag and picks
    # this one): 0 at the range ends, or where the vertex would lie more than one lag away.
    rows = np.arange(cmnd.shape[0])
    inside = (lag > 0) & (lag < cmnd.shape[1] - 1)
    at = np.clip(lag, 1, cmnd.shape[1] - 2)
    before, here, after = cmnd[rows, at - 1], cmnd[rows, at], cmnd[rows, at + 1]
    curve = after + before - 2 * here
    slope = (after - before) / 2
    usable = inside & (np.abs(slope) < np.abs(curve))
    shift = np.where(usable, -slope / np.where(usable, curve, 1), 0.0)
    period = min_period + lag + shift
    return sample_rate / period


MAX_FEATURE_MISMATCH_FRAMES = 200  # 2 s; beyond this, precomputed features are not for this audio


def features_for(audio: np.ndarray, features: FrameFeatures | None, sample_rate: int = SAMPLE_RATE) -> FrameFeatures:
    """`features` (e.g. computed while the answer was spoken) fitted to `audio`: trimmed, or
    extended with the frames of the extra samples; recomputed when absent or far off."""
    needed = frame_count(audio.size, sample_rate)
    if features is None or abs(features.frames - needed) > MAX_FEATURE_MISMATCH_FRAMES or features.frames < 2:
        return frame_features(audio, sample_rate, with_pitch=True)
    if features.frames >= needed:
        trimmed = features.head(needed)
        return concat_features([trimmed])
    keep = features.frames - 1  # the last frame was an edge frame; recompute from there
    hop = round(HOP_S * sample_rate)
    extra = frame_features(audio[keep * hop:], sample_rate, with_pitch=features.f0_hz is not None)
    return concat_features([features.head(keep), extra])


def concat_features(parts: Sequence[FrameFeatures]) -> FrameFeatures:
    """Features of consecutive pieces of one recording as one (silence threshold recomputed
    over the whole). Each piece but the last must hold exactly its own frames: for a piece
    of n samples (n a multiple of the hop) that is `features.head(n // hop)`."""
    if not parts:
        empty = np.zeros(0, np.float32)
        return FrameFeatures(empty, empty, empty, 0.0)
    level = np.concatenate([p.level_db for p in parts])
    with_f0 = all(p.f0_hz is not None for p in parts)
    return FrameFeatures(
        level_db=level,
        periodicity=np.concatenate([p.periodicity for p in parts]),
        flux_db=np.concatenate([p.flux_db for p in parts]),
        silence_threshold_db=silence_threshold(level),
        hop_s=parts[0].hop_s,
        f0_hz=np.concatenate([p.f0_hz for p in parts if p.f0_hz is not None]) if with_f0 else None,
    )


def silence_threshold(level_db: np.ndarray) -> float:
    """The level below which a frame counts as silence, from this recording's own levels.

    Noise floor = 10th percentile, speech level = 95th percentile of the frame levels; the
    threshold sits `SILENCE_SPAN_SHARE` of the way up (at least `SILENCE_MIN_GAP_DB` above
    the floor), so it adapts to a quiet room, a noisy room and digital silence alike.
    """
    if level_db.size == 0:
        return 0.0
    noise = float(np.percentile(level_db, 10))
    speech = float(np.percentile(level_db, 95))
    # Capped at SILENCE_MAX_BELOW_SPEECH_DB under the speech level, so a recording without
    # any pause (the 10th percentile is speech too) is not declared silent.
    return min(noise + max(SILENCE_MIN_GAP_DB, SILENCE_SPAN_SHARE * (speech - noise)),
               speech - SILENCE_MAX_BELOW_SPEECH_DB)


def runs(mask: np.ndarray, *, min_len: int = 1, max_gap: int = 0) -> list[tuple[int, int]]:
    """[start, end) index runs where `mask` is true, bridging gaps of up to `max_gap` frames."""
    if mask.size == 0:
        return []
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    diff = np.diff(padded.astype(np.int8))
    starts = list(np.flatnonzero(diff == 1))
    ends = list(np.flatnonzero(diff == -1))
    merged: list[tuple[int, int]] = []
    for start, end in zip(starts, ends, strict=True):
        if merged and start - merged[-1][1] <= max_gap:
            merged[-1] = (merged[-1][0], int(end))
        else:
            merged.append((int(start), int(end)))
    return [(s, e) for s, e in merged if e - s >= min_len]


def word_mask(words: Sequence[Word], n_frames: int, *, margin_s: float = 0.0, hop_s: float = HOP_S) -> np.ndarray:
    """True for frames under any word's [start - margin, end + margin]."""
    mask = np.zeros(n_frames, bool)
    for word in words:
        lo = max(0, int(np.floor((word.start_s - margin_s) / hop_s)))
        hi = min(n_frames, int(np.ceil((word.end_s + margin_s) / hop_s)) + 1)
        mask[lo:hi] = True
    return mask


@dataclass(frozen=True)
class Span:
    """A stretch of the recording, seconds from its start."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def find_silences(features: FrameFeatures, *, min_s: float) -> tuple[Span, ...]:
    """Silent stretches of at least `min_s` (bridging 20 ms flickers of noise)."""
    min_len = round(min_s / features.hop_s)
    return tuple(Span(round(s * features.hop_s, 3), round(e * features.hop_s, 3))
                 for s, e in runs(features.silent, min_len=min_len, max_gap=2))


def detect_voiced_hesitations(
    audio: np.ndarray,
    words: Sequence[Word],
    sample_rate: int = SAMPLE_RATE,
    *,
    features: FrameFeatures | None = None,
    min_s: float = HESITATION_MIN_S,
) -> tuple[Span, ...]:
    """Filled pauses the transcript missed: voiced, spectrally steady spans of at least
    `min_s` that no word timestamp (+/- `HESITATION_WORD_MARGIN_S`) covers.

    An "uhhh" or "mmm" is one held vowel or nasal: periodic (voiced) and with almost no
    spectral change, unlike words, whose spectrum changes with every syllable.
    """
    feats = features if features is not None else frame_features(audio, sample_rate)
    n = feats.level_db.size
    if n == 0:
        return ()
    steady = feats.voiced & (feats.flux_db <= HESITATION_MAX_FLUX_DB)
    candidate = steady & ~word_mask(words, n, margin_s=HESITATION_WORD_MARGIN_S, hop_s=feats.hop_s)
    min_len = round(min_s / feats.hop_s)
    return tuple(Span(round(s * feats.hop_s, 3), round(e * feats.hop_s, 3))
                 for s, e in runs(candidate, min_len=min_len, max_gap=3))


@dataclass(frozen=True)
class PitchStats:
    """Voice pitch over voiced frames. `variation_st` is the standard deviation in semitones
    around the median; `None` fields = not enough voiced speech to measure."""

    median_hz: float | None
    variation_st: float | None
    range_st: float | None  # 10th-90th percentile spread, semitones
    voiced_s: float

    def to_dict(self) -> dict[str, object]:
        return {"median_hz": _r(self.median_hz, 1), "variation_st": _r(self.variation_st, 2),
                "range_st": _r(self.range_st, 2), "voiced_s": round(self.voiced_s, 2)}


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def measure_pitch(
    audio: np.ndarray,
    sample_rate: int = SAMPLE_RATE,
    *,
    features: FrameFeatures | None = None,
) -> PitchStats:
    """Median pitch (Hz) and variation (semitones) over voiced frames.

    Uses YIN (`yin`: librosa.yin's algorithm in numpy, frame 512, hop 10 ms at 16 kHz) with
    our own voicing decision (periodicity and level), not `librosa.pyin`: on this 2-core
    machine pyin took 21.6 s for 90 s of speech (1.3 s with coarser settings) against 0.15 s
    for yin.
    """
    feats = features if features is not None else frame_features(audio, sample_rate)
    voiced = feats.voiced
    if voiced.sum() * feats.hop_s < MIN_VOICED_S:
        return PitchStats(None, None, None, float(voiced.sum() * feats.hop_s))
    f0 = feats.f0_hz if feats.f0_hz is not None else _yin(audio, sample_rate, voiced.size)
    count = min(f0.size, voiced.size)
    values = f0[:count][voiced[:count]]
    values = values[(values > PITCH_FMIN_HZ * 1.02) & (values < PITCH_FMAX_HZ * 0.98)]  # drop range-edge guesses
    if values.size * feats.hop_s < MIN_VOICED_S:
        return PitchStats(None, None, None, float(values.size * feats.hop_s))
    median = float(np.median(values))
    semitones = 12 * np.log2(values / median)
    semitones = semitones[np.abs(semitones) <= OCTAVE_ST]
    return PitchStats(
        median_hz=median,
        variation_st=float(np.std(semitones)),
        range_st=float(np.percentile(semitones, 90) - np.percentile(semitones, 10)),
        voiced_s=float(values.size * feats.hop_s),
    )


@dataclass(frozen=True)
class VolumeStats:
    """Loudness relative to the speaker's own median level over the answer."""

    median_dbfs: float | None  # informative only (browser gain control changes it)
    dynamic_range_db: float | None  # 90th - 10th percentile of window levels
    quiet_share: float | None  # share of speech windows more than QUIET_DROP_DB below the median
    quiet_spans: tuple[Span, ...]
    windows: int

    def to_dict(self) -> dict[str, object]:
        return {"median_dbfs": _r(self.median_dbfs, 1), "dynamic_range_db": _r(self.dynamic_range_db, 1),
                "quiet_share": _r(self.quiet_share, 3), "quiet_drop_db": QUIET_DROP_DB,
                "quiet_spans": [{"start_s": s.start_s, "end_s": s.end_s} for s in self.quiet_spans],
                "windows": self.windows}


def measure_volume(
    audio: np.ndarray,
    words: Sequence[Word] = (),
    sample_rate: int = SAMPLE_RATE,
    *,
    features: FrameFeatures | None = None,
) -> VolumeStats:
    """How much of the answer was too quiet compared with the speaker's own level.

    Speech frames are frames under a word (when a transcript is given) that are not silent;
    they are grouped in `VOLUME_WINDOW_S` windows, each window's level is compared with the
    median window level.
    """
    feats = features if features is not None else frame_features(audio, sample_rate)
    n = feats.level_db.size
    speech = ~feats.silent
    if words:
        speech &= word_mask(words, n, hop_s=feats.hop_s)
    per_window = max(1, round(VOLUME_WINDOW_S / feats.hop_s))
    starts: list[int] = []
    levels: list[float] = []
    power = 10 ** (feats.level_db / 10)
    for start in range(0, n, per_window):
        sel = speech[start:start + per_window]
        if sel.size and sel.mean() >= 0.3:  # at least 30 % of the window is speech
            starts.append(start)
            levels.append(float(10 * np.log10(np.mean(power[start:start + per_window][sel]))))
    if len(levels) < 2:
        return VolumeStats(None, None, None, (), len(levels))
    arr = np.array(levels)
    median = float(np.median(arr))
    quiet = arr < median - QUIET_DROP_DB
    spans: list[Span] = []
    for idx, (start, is_quiet) in enumerate(zip(starts, quiet, strict=True)):
        if not is_quiet:
            continue
        begin, end = start * feats.hop_s, (start + per_window) * feats.hop_s
        if spans and idx > 0 and quiet[idx - 1] and starts[idx - 1] + per_window == start:
            spans[-1] = Span(spans[-1].start_s, round(end, 2))
        else:
            spans.append(Span(round(begin, 2), round(end, 2)))
    return VolumeStats(
        median_dbfs=median,
        dynamic_range_db=float(np.percentile(arr, 90) - np.percentile(arr, 10)),
        quiet_share=float(quiet.mean()),
        quiet_spans=tuple(spans),
        windows=len(levels),
    )
