"""Record an answer to disk as it is spoken: 16 kHz mono 16-bit WAV, always playable.

The browser's audio arrives on aiortc's event loop in 20 ms frames (s16, stereo, 48 kHz).
`AnswerRecorder.write()` downmixes, resamples and appends each frame to the WAV file at
once, and rewrites the two size fields of the header every `HEADER_UPDATE_S` of audio, so
a crash, a reload or a dropped connection mid-answer leaves a recording that plays up
to the last update (and `repair_wav` recovers the rest from the file length).

Memory stays bounded: nothing but the resampler history and one listener chunk is kept.
"""

from __future__ import annotations

import errno
import logging
import os
import struct
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.capture.resample import StreamingResampler

logger = logging.getLogger(__name__)

TARGET_RATE = 16_000  # Hz: what the speech analysis (faster-whisper, librosa) expects
SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
HEADER_BYTES = 44  # canonical RIFF/WAVE header with one fmt and one data chunk
HEADER_UPDATE_S = 0.5  # s of audio between header rewrites (bounds what a crash loses)
LISTENER_CHUNK_S = 0.5  # s of 16 kHz audio handed to the listener at a time
LEVEL_WINDOW_S = 0.3  # s of audio the level meter averages over
SILENCE_DBFS = -90.0  # floor reported for digital silence (log of 0 is undefined)

ChunkListener = Callable[[np.ndarray], None]


@dataclass(frozen=True)
class RecordingInfo:
    """What ended up on disk."""

    path: Path
    samples: int
    sample_rate: int
    # Why writing stopped early ("disk_full", "write_failed"); the file holds everything
    # before that moment, with a valid header. None = complete.
    write_error: str | None = None

    @property
    def duration_s(self) -> float:
        return self.samples / self.sample_rate if self.sample_rate else 0.0


def to_mono_float(samples: np.ndarray, channels: int = 1, *, planar: bool = False) -> np.ndarray:
    """Interleaved or planar integer/float samples -> mono float32 in [-1, 1].

    aiortc's decoded Opus frame is packed s16 stereo: `frame.to_ndarray()` has shape
    (1, 2 * n) with left/right interleaved. Planar layouts have shape (channels, n).
    """
    data = np.asarray(samples)
    if np.issubdtype(data.dtype, np.integer):
        scale = float(2 ** (8 * data.dtype.itemsize - 1))
        values = data.astype(np.float32) / scale
    else:
        values = data.astype(np.float32)
    if channels <= 1:
        return values.reshape(-1)
    if planar:
        return values.reshape(channels, -1).mean(axis=0)
    return values.reshape(-1, channels).mean(axis=1)


def dbfs(samples: np.ndarray) -> float:
    """RMS level of float samples in dB relative to full scale (a full-scale sine is -3 dB)."""
    if len(samples) == 0:
        return SILENCE_DBFS
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms <= 0:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 20.0 * np.log10(rms))


class LevelMeter:
    """Live RMS level of the last `LEVEL_WINDOW_S` seconds, for the device check.

    Written from the audio thread, read from the script thread: guarded by a lock.
    """

    def __init__(self, window_s: float = LEVEL_WINDOW_S) -> None:
        self._window_s = window_s
        self._blocks: deque[tuple[int, float]] = deque()  # (samples, sum of squares)
        self._lock = threading.Lock()
        self._frames = 0

    def update(self, mono: np.ndarray, sample_rate: int) -> None:
        if len(mono) == 0:
            return
        energy = float(np.sum(np.square(mono, dtype=np.float64)))
        limit = int(self._window_s * sample_rate)
        with self._lock:
            self._frames += 1
            self._blocks.append((len(mono), energy))
            total = sum(n for n, _ in self._blocks)
            while len(self._blocks) > 1 and total - self._blocks[0][0] >= limit:
                total -= self._blocks.popleft()[0]

    @property
    def frames_seen(self) -> int:
        with self._lock:
            return self._frames

    def level_dbfs(self) -> float | None:
        """The current level, or None before any audio arrived."""
        with self._lock:
            if not self._blocks:
                return None
            n = sum(count for count, _ in self._blocks)
            energy = sum(e for _, e in self._blocks)
        if n == 0 or energy <= 0:
            return SILENCE_DBFS
        return max(SILENCE_DBFS, 10.0 * float(np.log10(energy / n)))


def _header(data_bytes: int, sample_rate: int = TARGET_RATE, channels: int = 1) -> bytes:
    byte_rate = sample_rate * channels * SAMPLE_WIDTH
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, byte_rate, channels * SAMPLE_WIDTH, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


class AnswerRecorder:
    """Append one answer's audio to a WAV file while it is spoken.

    `write()` may be called from any thread (aiortc's loop); `level_dbfs()`, `flush()` and
    `close()` from the script thread. The listener (e.g. a chunked transcriber) is called
    on the writing thread with float32 16 kHz mono chunks of `LISTENER_CHUNK_S`; it must
    return quickly (hand heavy work to its own worker) — a slow listener slows the
    audio stream, and one that raises is logged and skipped, never allowed to stop the
    recording.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        listener: ChunkListener | None = None,
        target_rate: int = TARGET_RATE,
        header_update_s: float = HEADER_UPDATE_S,
        listener_chunk_s: float = LISTENER_CHUNK_S,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.target_rate = target_rate
        self._listener = listener
        self._lock = threading.Lock()
        self._file = open(self.path, "wb")  # kept open for the whole answer
        self._file.write(_header(0, target_rate))
        self._file.flush()
        self._samples = 0
        self._since_header = 0
        self._header_every = max(1, int(header_update_s * target_rate))
        self._listener_every = max(1, int(listener_chunk_s * target_rate))
        self._pending: list[np.ndarray] = []
        self._pending_n = 0
        self._resampler: StreamingResampler | None = None
        self._closed = False
        self._write_error: str | None = None
        self.meter = LevelMeter()

    # ------------------------------------------------------------------ writing
    def write(self, samples: np.ndarray, sample_rate: int, channels: int = 1, *, planar: bool = False) -> None:
        """Append one frame of audio (any rate, interleaved or planar, int or float)."""
        mono = to_mono_float(samples, channels, planar=planar)
        self.meter.update(mono, sample_rate)
        with self._lock:
            if self._closed:
                return
            if self._resampler is None or self._resampler.in_rate != sample_rate:
                if self._resampler is not None:  # the browser changed device mid-answer
                    self._append(self._resampler.finish())
                self._resampler = StreamingResampler(sample_rate, self.target_rate)
            self._append(self._resampler.process(mono))

    def _append(self, out: np.ndarray) -> None:
        """Write resampled samples (lock held)."""
        if len(out) == 0:
            return
        if self._write_error is None:
            pcm = (np.clip(out, -1.0, 1.0) * 32767.0).round().astype("<i2")
            try:
                self._file.write(pcm.tobytes())
                self._samples += len(pcm)
                self._since_header += len(pcm)
                if self._since_header >= self._header_every:
                    self._update_header()
            except OSError as exc:
                self._stop_writing(exc)
        # The listener (live transcription) still gets the audio: the transcript survives a full disk.
        if self._listener is not None:
            self._pending.append(out)
            self._pending_n += len(out)
            if self._pending_n >= self._listener_every:
                self._emit()

    def _stop_writing(self, exc: OSError) -> None:
        """Writing failed (lock held): keep what is on disk, valid, and say why."""
        self._write_error = "disk_full" if exc.errno == errno.ENOSPC else "write_failed"
        logger.warning("recording stopped after %.1f s: %s", self._samples / self.target_rate, exc)
        try:
            self._file.truncate(44 + self._samples * SAMPLE_WIDTH)  # drop a torn partial write
            self._update_header()  # in place: needs no new space
        except OSError:
            pass  # repair_wav() fixes the header when the session is resumed

    @property
    def write_error(self) -> str | None:
        with self._lock:
            return self._write_error

    def _emit(self) -> None:
        if not self._pending or self._listener is None:
            return
        chunk = np.concatenate(self._pending).astype(np.float32)
        self._pending, self._pending_n = [], 0
        try:
            self._listener(chunk)
        except Exception:
            logger.exception("audio listener failed; recording continues")

    def _update_header(self) -> None:
        """Rewrite the RIFF and data sizes so the file on disk is valid now (lock held)."""
        data_bytes = self._samples * SAMPLE_WIDTH
        end = self._file.tell()
        self._file.seek(4)
        self._file.write(struct.pack("<I", 36 + data_bytes))
        self._file.seek(40)
        self._file.write(struct.pack("<I", data_bytes))
        self._file.seek(end)
        self._file.flush()
        self._since_header = 0

    # ------------------------------------------------------------------ reading / ending
    def level_dbfs(self) -> float | None:
        return self.meter.level_dbfs()

    @property
    def duration_s(self) -> float:
        with self._lock:
            return self._samples / self.target_rate

    @property
    def closed(self) -> bool:
        return self._closed

    def flush(self) -> None:
        """Make everything written so far durable and the header exact."""
        with self._lock:
            if self._closed:
                return
            if self._write_error is None:
                try:
                    self._update_header()
                    os.fsync(self._file.fileno())
                except OSError as exc:
                    self._stop_writing(exc)

    def close(self) -> RecordingInfo:
        """Write the resampler tail, pass the last chunk on, fix the header, close. Idempotent."""
        with self._lock:
            if not self._closed:
                if self._resampler is not None:
                    self._append(self._resampler.finish())
                self._emit()
                if self._write_error is None:
                    try:
                        self._update_header()
                        os.fsync(self._file.fileno())
                    except OSError as exc:
                        self._stop_writing(exc)
                try:
                    self._file.close()
                except OSError:
                    pass
                self._closed = True
            return RecordingInfo(self.path, self._samples, self.target_rate, self._write_error)


def repair_wav(path: str | Path) -> RecordingInfo | None:
    """Fix the header of a WAV cut off mid-write (crash, reload, disconnect).

    Keeps every whole sample frame present in the file and sets the RIFF and data sizes
    from the file length. Returns None when the file is missing or not a RIFF/WAVE file
    this module can repair (nothing is changed then).
    """
    target = Path(path)
    if not target.is_file():
        return None
    with open(target, "r+b") as fh:
        head = fh.read(4096)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        pos = 12
        _rate, block = TARGET_RATE, SAMPLE_WIDTH
        while pos + 8 <= len(head):
            chunk_id = head[pos : pos + 4]
            size = struct.unpack("<I", head[pos + 4 : pos + 8])[0]
            if chunk_id == b"fmt " and pos + 24 <= len(head):
                _fmt, _channels, rate, _brate, block, _bits = struct.unpack("<HHIIHH", head[pos + 8 : pos + 24])
            if chunk_id == b"data":
                data_start = pos + 8
                file_size = os.fstat(fh.fileno()).st_size
                block = max(1, block)
                data_bytes = max(0, file_size - data_start) // block * block
                fh.truncate(data_start + data_bytes)
                fh.seek(4)
                fh.write(struct.pack("<I", data_start - 8 + data_bytes))
                fh.seek(pos + 4)
                fh.write(struct.pack("<I", data_bytes))
                fh.flush()
                os.fsync(fh.fileno())
                return RecordingInfo(target, data_bytes // block, rate)
            pos += 8 + size + (size & 1)
    return None
