"""Transcribe an answer while it is being spoken, so feedback is ready seconds after Stop.

`ChunkedTranscriber.feed()` receives 16 kHz mono float32 audio in whatever blocks the
capture delivers (the recorder's listener hands over 0.5 s blocks). Once at least
`min_chunk_s` is pending, the audio is cut in the middle of the next silence of
`cut_silence_s` (or, failing that, at the quietest point once `max_chunk_s` is pending)
and the completed chunk is transcribed by one background worker thread, its word times
shifted onto the answer timeline. `finish()` only has to transcribe the tail, so the wait
after Stop does not grow with the length of the answer.

Speculation: when the worker is idle and the speaker has been silent for
`SPECULATE_SILENCE_S`, the pending (not yet cut) audio is transcribed speculatively. If
nothing but silence follows before Stop (people usually stop talking, then press Stop),
`finish()` reuses that result and has nothing left to transcribe.

Threads: `feed()` is called from the capture thread, `finish()` from the script thread,
transcription runs on the worker; all shared state is under one lock, and `feed()` does
only cheap work (append + a 10 ms level per frame), never transcription.
Memory: the answer's audio is kept (the acoustic measures need it) up to `max_audio_s`;
later audio is dropped and `truncated` is set.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from core.media.audio import MAX_AUDIO_S
from core.media.conditioning import condition_level
from core.speech.acoustics import FrameFeatures, concat_features, frame_features, silence_threshold, warm_up
from core.speech.stt import SpeechToText
from core.speech.types import Language, Transcript, Word, to_language

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
MIN_CHUNK_S = 6.0  # s; shorter chunks give Whisper too little context and cost an encoder pass each
MAX_CHUNK_S = 15.0  # s; bounds the tail left for finish() when the speaker never pauses
CUT_SILENCE_S = 0.6  # s of silence that marks a safe cut (a natural pause at punctuation, ~0.6 s)
MIN_TAIL_S = 0.1  # s; a shorter tail holds no word
SPECULATE_SILENCE_S = 0.8  # s of silence after speech before the idle worker transcribes the pending audio
SPECULATE_MIN_S = 1.0  # s of pending audio worth a speculative transcription
_LEVEL_HOP = 160  # samples (10 ms) per level frame
_LEVEL_HISTORY_FRAMES = 6000  # frames (60 s) the adaptive silence threshold looks back on


@dataclass(frozen=True)
class ChunkResult:
    start_s: float
    end_s: float
    words: tuple[Word, ...]
    language: Language
    elapsed_s: float  # wall time the transcription of this chunk took


class ChunkedTranscriber:
    """Incremental transcription of one answer (see module docstring)."""

    def __init__(
        self,
        stt: SpeechToText,
        language: str = "auto",
        *,
        sample_rate: int = SAMPLE_RATE,
        min_chunk_s: float = MIN_CHUNK_S,
        max_chunk_s: float = MAX_CHUNK_S,
        cut_silence_s: float = CUT_SILENCE_S,
        max_audio_s: float = MAX_AUDIO_S,
        speculate: bool = True,
    ) -> None:
        if sample_rate != SAMPLE_RATE:
            raise ValueError("ChunkedTranscriber expects 16 kHz audio")
        self._stt = stt
        self._language = language if language in ("en", "ko") else "auto"
        self._min_chunk = int(min_chunk_s * sample_rate)
        self._max_chunk = int(max_chunk_s * sample_rate)
        self._cut_frames = max(1, int(cut_silence_s * sample_rate / _LEVEL_HOP))
        self._max_samples = int(max_audio_s * sample_rate)
        self._speculate = speculate
        self._lock = threading.Lock()
        self._buffer = np.zeros(sample_rate * 30, np.float32)
        self._total = 0
        self._levels: list[float] = []  # dBFS per 10 ms frame of the whole answer
        self._chunk_start = 0
        self._queue: queue.Queue[tuple[int, int, bool] | None] = queue.Queue()
        self._speculation: ChunkResult | None = None  # finished speculative result for the pending audio
        self._spec_inflight: tuple[int, int] | None = None  # speculative job queued or running
        self._spec_voice_end = -1  # last non-silent frame covered by a speculative request
        self._adopt: tuple[int, int] | None = None  # in-flight speculation that finish() will use
        self.speculations = 0
        self.speculation_used = False
        self._results: list[ChunkResult] = []
        self._feature_parts: dict[int, FrameFeatures] = {}  # chunk start sample -> its frames
        self._error: BaseException | None = None
        self._worker: threading.Thread | None = None
        self._finished = False
        self.truncated = False
        self.chunks_submitted = 0

    # --- capture side ----------------------------------------------------------------
    def feed(self, samples: np.ndarray) -> None:
        """Append audio (float32 mono 16 kHz); cheap, safe to call from the capture thread."""
        data = np.asarray(samples, dtype=np.float32).reshape(-1)
        if data.size == 0:
            return
        with self._lock:
            if self._finished:
                return
            room = self._max_samples - self._total
            if data.size > room:
                data = data[:room]
                self.truncated = True
            if data.size == 0:
                return
            self._append(data)
            cut = self._find_cut()
            if cut is not None:
                self._submit(self._chunk_start, cut)
                self._chunk_start = cut
                self._speculation = None
            elif self._speculate and self._should_speculate():
                self._submit(self._chunk_start, self._total, speculative=True)

    def _append(self, data: np.ndarray) -> None:
        needed = self._total + data.size
        if needed > self._buffer.size:
            grown = np.zeros(min(max(needed, self._buffer.size * 2), self._max_samples), np.float32)
            grown[: self._total] = self._buffer[: self._total]
            self._buffer = grown
        self._buffer[self._total:needed] = data
        first_new_frame = len(self._levels)
        self._total = needed
        for index in range(first_new_frame, self._total // _LEVEL_HOP):
            frame = self._buffer[index * _LEVEL_HOP:(index + 1) * _LEVEL_HOP]
            rms = float(np.sqrt(np.mean(frame.astype(np.float64) ** 2)))
            self._levels.append(max(20 * np.log10(max(rms, 1e-12)), -100.0))

    def _find_cut(self) -> int | None:
        pending = self._total - self._chunk_start
        if pending < self._min_chunk:
            return None
        levels = np.asarray(self._levels[-_LEVEL_HISTORY_FRAMES:])
        threshold = silence_threshold(levels)
        first = (self._chunk_start + self._min_chunk) // _LEVEL_HOP - self._cut_frames
        silent = np.asarray(self._levels[max(first, 0):]) < threshold
        run = 0
        for offset, is_silent in enumerate(silent):
            run = run + 1 if is_silent else 0
            if run >= self._cut_frames:
                middle = max(first, 0) + offset - self._cut_frames // 2
                return middle * _LEVEL_HOP
        if pending >= self._max_chunk:
            # No pause: cut at the quietest 10 ms in the last 2 s (least likely inside a word).
            lo = max(self._chunk_start // _LEVEL_HOP, len(self._levels) - 200)
            window = np.asarray(self._levels[lo:])
            return int(lo + int(np.argmin(window))) * _LEVEL_HOP if window.size else self._total
        return None

    def _threshold(self) -> float:
        return silence_threshold(np.asarray(self._levels[-_LEVEL_HISTORY_FRAMES:]))

    def _last_voice_frame(self, threshold: float) -> int:
        """Index of the last non-silent level frame of the pending audio, -1 if none."""
        first = self._chunk_start // _LEVEL_HOP
        loud = np.flatnonzero(np.asarray(self._levels[first:]) >= threshold)
        return first + int(loud[-1]) if loud.size else -1

    def _should_speculate(self) -> bool:
        pending = self._total - self._chunk_start
        if pending < SPECULATE_MIN_S * SAMPLE_RATE or self._queue.unfinished_tasks:
            return False  # too little audio, or the worker is busy
        threshold = self._threshold()
        last_voice = self._last_voice_frame(threshold)
        if last_voice < 0 or last_voice <= self._spec_voice_end:
            return False  # no speech, or nothing new since the last speculation
        if len(self._levels) - 1 - last_voice < SPECULATE_SILENCE_S * SAMPLE_RATE / _LEVEL_HOP:
            return False  # still speaking
        self._spec_voice_end = last_voice
        return True

    def _silent_after(self, end: int) -> bool:
        """Only silence (at most 30 ms of blips) follows sample `end`."""
        levels = np.asarray(self._levels[end // _LEVEL_HOP:])
        return int(np.sum(levels >= self._threshold())) <= 3

    def _submit(self, start: int, end: int, *, speculative: bool = False) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="chunked-transcriber", daemon=True)
            self._worker.start()
        if speculative:
            self.speculations += 1
            self._spec_inflight = (start, end)
        else:
            self.chunks_submitted += 1
        self._queue.put((start, end, speculative))

    # --- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            warm_up()  # compile librosa's kernels now, not after Stop
        except Exception:
            logger.exception("librosa warm-up failed")
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                return
            try:
                self._transcribe_chunk(*item)
            finally:
                self._queue.task_done()

    def _transcribe_chunk(self, start: int, end: int, speculative: bool = False) -> None:
        with self._lock:
            if speculative and self._chunk_start != start and self._adopt != (start, end):
                self._spec_inflight = None
                return  # a real cut superseded it before it started
            audio = self._buffer[start:end].copy()
            language = self._language
        began = time.perf_counter()
        try:
            # the same input conditioning as a whole recording gets (core.media.conditioning):
            # a quiet microphone is raised before speech detection; features stay on `audio`
            transcript = self._stt.transcribe(condition_level(audio, SAMPLE_RATE)[0], language)
        except Exception as exc:
            logger.exception("chunk transcription failed")
            with self._lock:
                self._error = exc
            return
        offset = start / SAMPLE_RATE
        result = ChunkResult(offset, end / SAMPLE_RATE, tuple(w.shifted(offset) for w in transcript.words),
                             transcript.language, time.perf_counter() - began)
        if not speculative:
            try:  # acoustic features now, while the user speaks; cuts fall on the 10 ms frame grid
                piece = frame_features(audio, SAMPLE_RATE, with_pitch=True).head((end - start) // _LEVEL_HOP)
                with self._lock:
                    self._feature_parts[start] = piece
            except Exception:
                logger.exception("acoustic features of a chunk failed; they are computed after Stop")
        with self._lock:
            if self._language == "auto" and transcript.words:
                self._language = transcript.language  # later chunks keep the detected language
            if speculative:
                self._spec_inflight = None
                if self._adopt == (start, end):
                    self._results.append(result)  # finish() decided to use it
                elif self._chunk_start == start:
                    self._speculation = result
                return
            self._results.append(result)

    # --- script side ---------------------------------------------------------------------
    @property
    def duration_s(self) -> float:
        with self._lock:
            return self._total / SAMPLE_RATE

    def audio(self) -> np.ndarray:
        """A copy of the whole answer so far (float32, 16 kHz mono)."""
        with self._lock:
            return self._buffer[: self._total].copy()

    def words_so_far(self) -> tuple[Word, ...]:
        """Words of the chunks transcribed so far (for a live transcript)."""
        with self._lock:
            results = sorted(self._results, key=lambda r: r.start_s)
        return tuple(w for r in results for w in r.words)

    @property
    def busy_s(self) -> float:
        """Total wall time spent transcribing so far (< the answer's length = keeping up)."""
        with self._lock:
            return sum(r.elapsed_s for r in self._results)

    def wait_idle(self, timeout_s: float = 120.0) -> bool:
        """Wait until every chunk submitted so far is transcribed (True) or the timeout passes."""
        deadline = time.monotonic() + timeout_s
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def finish(self, timeout_s: float | None = 120.0) -> Transcript:
        """Transcribe the tail, wait for the worker, return the whole answer's transcript.

        Raises the worker's exception if a chunk failed, TimeoutError if the worker does
        not finish within `timeout_s`.
        """
        with self._lock:
            if not self._finished:
                self._finished = True
                if self._total - self._chunk_start >= int(MIN_TAIL_S * SAMPLE_RATE):
                    self._finish_tail()
                if self._worker is not None:
                    self._queue.put(None)
            worker = self._worker
        if worker is not None:
            worker.join(timeout_s)
            if worker.is_alive():
                raise TimeoutError("transcription did not finish in time")
        with self._lock:
            if self._error is not None:
                raise self._error
            results = sorted(self._results, key=lambda r: r.start_s)
            language = self._language
        words = [w for r in results for w in r.words]
        detected = next((r.language for r in results if r.words), None)
        model = str(getattr(self._stt, "model_id", ""))
        transcript = Transcript.from_words(words, to_language(detected or (language if language != "auto" else "en")),
                                           model=model, filler_prompt=True)
        return replace(transcript, features=self.features())

    def features(self) -> FrameFeatures | None:
        """Acoustic features of the whole answer: the chunks' (computed on the worker during
        the answer) plus the rest computed now. None if they cannot be assembled."""
        with self._lock:
            parts = dict(self._feature_parts)
            total = self._total
            audio = self._buffer[:total]
            pieces: list[FrameFeatures] = []
            covered = 0
            while covered in parts:
                piece = parts[covered]
                pieces.append(piece)
                covered += piece.frames * _LEVEL_HOP
            rest = audio[covered:].copy()
        try:
            if rest.size or not pieces:
                pieces.append(frame_features(rest, SAMPLE_RATE, with_pitch=True))
            return concat_features(pieces)
        except Exception:
            logger.exception("assembling acoustic features failed; the analysis recomputes them")
            return None

    def _finish_tail(self) -> None:
        """Use a speculative result for the tail if only silence followed it, skip a silent
        tail, else transcribe the tail."""
        spec = self._speculation
        if self._last_voice_frame(self._threshold()) < 0:
            pass  # nothing but silence since the last cut
        elif spec is not None and round(spec.start_s * SAMPLE_RATE) == self._chunk_start and self._silent_after(
                round(spec.end_s * SAMPLE_RATE)):
            self._results.append(spec)
            self.speculation_used = True
        elif (self._spec_inflight is not None and self._spec_inflight[0] == self._chunk_start
              and self._silent_after(self._spec_inflight[1])):
            self._adopt = self._spec_inflight
            self.speculation_used = True
        else:
            self._submit(self._chunk_start, self._total)
        self._speculation = None
        self._chunk_start = self._total

    def close(self) -> None:
        """Stop the worker without waiting for pending chunks (page closed, answer discarded)."""
        with self._lock:
            self._finished = True
            worker = self._worker
        if worker is not None:
            while not self._queue.empty():
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
            self._queue.put(None)
