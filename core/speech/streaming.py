"""Transcribe an answer while it is being spoken, so feedback is ready seconds after Stop.

`ChunkedTranscriber.feed()` receives 16 kHz mono float32 audio in whatever blocks the
capture delivers (the recorder's listener hands over 0.5 s blocks). Once at least
`min_chunk_s` is pending, the audio is cut in the middle of the next silence of
`cut_silence_s` (or, failing that, at the quietest point once `max_chunk_s` is pending)
and the completed chunk is transcribed by one background worker thread, its word times
shifted onto the answer timeline. `finish()` only has to transcribe the tail, so the wait
after Stop does not grow with the length of the answer.

Pause cuts: when the worker is idle and the speaker has been silent for `PAUSE_CUT_S`,
what they said so far is cut as a chunk even if it is shorter than `min_chunk_s` (the cut
lies in that silence). If nothing but silence follows before Stop (people usually stop
talking, then press Stop), `finish()` has nothing left to transcribe; if they go on, the
chunk stands and nothing is transcribed twice. (This replaced a speculative transcription
of the pending audio, thrown away when speech followed: in the issue 18 browser benchmark
such a throw-away pass held the worker for 10 s on a busy machine while a real chunk waited.)

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
from core.speech.acoustics import FrameFeatures, concat_features, frame_features, silence_threshold
from core.speech.stt import SpeechToText
from core.speech.types import Language, Transcript, Word, to_language

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
# Chunk lengths: every transcription costs one Whisper encoder pass over a padded 30 s window
# (~0.8 CPU-s for the base model on this 2-core machine, whatever the chunk's length; 15 s of
# speech cost 1.15 CPU-s, 2 s cost 0.82), so chunks are not made tiny; but the audio after the
# last cut is what Stop waits for, so a chunk is cut at the first sentence-sized pause.
MIN_CHUNK_S = 4.0  # s; shorter chunks give Whisper too little context and cost an encoder pass each
MAX_CHUNK_S = 12.0  # s; bounds the tail left for finish() when the speaker never pauses
# s of silence that marks a safe cut: a pause between sentences (espeak-ng's are 0.37 s, people's
# 0.3-1 s); a cut in the middle of it never splits a word. Was 0.6 s, which fluent speech rarely
# gives: the issue 18 benchmark's answers were cut only at 15 s, leaving 6-14 s for after Stop.
CUT_SILENCE_S = 0.3
MIN_TAIL_S = 0.1  # s; a shorter tail holds no word
PAUSE_CUT_S = 0.8  # s of silence after speech before the idle worker takes what was said as a chunk
PAUSE_CUT_MIN_S = 1.0  # s of pending audio worth a pause cut
# s: a chunk cut while the one before it still waits for the worker joins it (one encoder pass
# instead of two), up to one Whisper window (30 s) with room to spare. A worker that fell behind
# (a busy machine) so catches up, and the tail at Stop rides along with a waiting chunk.
MERGE_MAX_S = 28.0
_LEVEL_HOP = 160  # samples (10 ms) per level frame
_LEVEL_HISTORY_FRAMES = 6000  # frames (60 s) the adaptive silence threshold looks back on


@dataclass(frozen=True)
class TailReport:
    """Where the live transcription stood when Stop was pressed, and what `finish()` then
    cost (for the server log: it explains a slow Stop). Seconds throughout."""

    audio_s: float  # the whole answer
    behind_s: float  # audio not transcribed yet at Stop: queued or running chunks plus the tail
    queued_jobs: int  # chunks submitted during the answer and not finished at Stop (running included)
    tail: str  # what finish() did with the audio after the last cut: none | silent | submitted | merged (with a
    # chunk still waiting for the worker)
    tail_s: float  # that audio's length
    wait_s: float = 0.0  # finish(): waiting for the worker (the queued chunks and the tail)
    features_s: float = 0.0  # finish(): acoustic features of the audio the worker had not measured

    def describe(self) -> str:
        return (f"{self.audio_s:.1f} s answer, {self.behind_s:.1f} s untranscribed at Stop "
                f"({self.queued_jobs} chunks queued, tail {self.tail} {self.tail_s:.1f} s); "
                f"waited {self.wait_s:.2f} s for the worker, features {self.features_s:.2f} s")


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
        cut_at_pauses: bool = True,
        merge_max_s: float = MERGE_MAX_S,
    ) -> None:
        if sample_rate != SAMPLE_RATE:
            raise ValueError("ChunkedTranscriber expects 16 kHz audio")
        self._stt = stt
        self._language = language if language in ("en", "ko") else "auto"
        self._min_chunk = int(min_chunk_s * sample_rate)
        self._max_chunk = int(max_chunk_s * sample_rate)
        self._cut_frames = max(1, int(cut_silence_s * sample_rate / _LEVEL_HOP))
        self._max_samples = int(max_audio_s * sample_rate)
        self._cut_at_pauses = cut_at_pauses
        self._merge_max = int(merge_max_s * sample_rate)
        self._lock = threading.Lock()
        self._buffer = np.zeros(sample_rate * 30, np.float32)
        self._total = 0
        self._levels: list[float] = []  # dBFS per 10 ms frame of the whole answer
        self._chunk_start = 0
        # One token per job in `_pending` (None stops the worker); the worker pops the job
        # itself under the lock, so a job still waiting can be extended (`_submit`).
        self._queue: queue.Queue[bool | None] = queue.Queue()
        self._pending: list[tuple[int, int]] = []  # jobs waiting for the worker, in order
        self._running: tuple[int, int] | None = None  # the job the worker transcribes now
        self.pause_cuts = 0  # chunks cut at a pause before `min_chunk_s` (see module docstring)
        self._results: list[ChunkResult] = []
        self._feature_parts: dict[int, FrameFeatures] = {}  # chunk start sample -> its frames
        self._error: BaseException | None = None
        self._worker: threading.Thread | None = None
        self._finished = False
        self.truncated = False
        self.chunks_submitted = 0
        self.merged = 0  # cuts that joined a waiting chunk (the worker was behind)
        self.tail_report: TailReport | None = None  # set by finish()

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
            if cut is None and self._cut_at_pauses and self._paused():
                cut = self._total // _LEVEL_HOP * _LEVEL_HOP  # all silence since the last word; on the frame grid
                self.pause_cuts += 1
            if cut is not None:
                self._submit(self._chunk_start, cut)
                self._chunk_start = cut

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

    def _paused(self) -> bool:
        """The idle worker may take the pending speech as a chunk: the speaker has been silent
        for `PAUSE_CUT_S` after at least `PAUSE_CUT_MIN_S` of pending audio. A busy worker lets
        the chunk grow instead (one encoder pass fewer)."""
        pending = self._total - self._chunk_start
        if pending < PAUSE_CUT_MIN_S * SAMPLE_RATE or self._queue.unfinished_tasks:
            return False  # too little audio, or the worker is busy
        last_voice = self._last_voice_frame(self._threshold())
        if last_voice < 0:
            return False  # no speech since the last cut
        return len(self._levels) - 1 - last_voice >= PAUSE_CUT_S * SAMPLE_RATE / _LEVEL_HOP

    def _submit(self, start: int, end: int) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="chunked-transcriber", daemon=True)
            self._worker.start()
        self.chunks_submitted += 1
        if self._pending and self._pending[-1][1] == start and end - self._pending[-1][0] <= self._merge_max:
            self._pending[-1] = (self._pending[-1][0], end)  # not started yet: one pass for both
            self.merged += 1
            return
        self._pending.append((start, end))
        self._queue.put(True)

    # --- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                return
            with self._lock:
                self._running = job = self._pending.pop(0) if self._pending else None
            try:
                if job is not None:
                    self._transcribe_chunk(*job)
            finally:
                with self._lock:
                    self._running = None
                self._queue.task_done()

    def _transcribe_chunk(self, start: int, end: int) -> None:
        with self._lock:
            audio = self._buffer[start:end].copy()
            language = self._language
        began, thread_cpu, process_cpu = time.perf_counter(), time.thread_time(), time.process_time()
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
        transcribed = time.perf_counter()
        # CPU seconds while it ran: this thread (Whisper's calling thread) and the whole process
        # (vision, WebRTC, Whisper's other threads): a slow chunk with little CPU was starved.
        thread_cpu, process_cpu = time.thread_time() - thread_cpu, time.process_time() - process_cpu
        try:  # acoustic features now, while the user speaks; cuts fall on the 10 ms frame grid
            # pitch too (numpy YIN, ~5 ms per second of audio: no compile to wait for, issue 18)
            piece = frame_features(audio, SAMPLE_RATE, with_pitch=True).head((end - start) // _LEVEL_HOP)
            with self._lock:
                self._feature_parts[start] = piece
        except Exception:
            logger.exception("acoustic features of a chunk failed; they are computed after Stop")
        if logger.isEnabledFor(logging.INFO):  # a few lines per answer: where a slow Stop's backlog came from
            with self._lock:
                behind = (self._total - end) / SAMPLE_RATE
            logger.info("chunk %.1f-%.1f s: transcribed in %.2f s (CPU: %.2f s this thread, %.2f s the process), "
                        "features %.2f s; %.1f s of audio after it", start / SAMPLE_RATE, end / SAMPLE_RATE,
                        transcribed - began, thread_cpu, process_cpu, time.perf_counter() - transcribed, behind)
        with self._lock:
            if self._language == "auto" and transcript.words:
                self._language = transcript.language  # later chunks keep the detected language
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
        began = time.perf_counter()
        with self._lock:
            if not self._finished:
                self._finished = True
                queued = [*([self._running] if self._running else []), *self._pending]
                tail_s = (self._total - self._chunk_start) / SAMPLE_RATE
                tail = "none"
                if self._total - self._chunk_start >= int(MIN_TAIL_S * SAMPLE_RATE):
                    tail = self._finish_tail()
                self.tail_report = TailReport(
                    audio_s=self._total / SAMPLE_RATE, queued_jobs=len(queued), tail=tail, tail_s=tail_s,
                    behind_s=sum(e - s for s, e in queued) / SAMPLE_RATE + (tail_s if tail != "silent" else 0.0))
                if self._worker is not None:
                    self._queue.put(None)
            worker = self._worker
        if worker is not None:
            worker.join(timeout_s)
            if worker.is_alive():
                raise TimeoutError("transcription did not finish in time")
        waited = time.perf_counter() - began
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
        began = time.perf_counter()
        features = self.features()
        if self.tail_report is not None:
            self.tail_report = replace(self.tail_report, wait_s=round(waited, 3),
                                       features_s=round(time.perf_counter() - began, 3))
            logger.info("live transcript at Stop: %s", self.tail_report.describe())
        return replace(transcript, features=features)

    def features(self) -> FrameFeatures | None:
        """Acoustic features of the whole answer: the chunks' (computed on the worker during
        the answer) plus the rest computed now. None if they cannot be assembled."""
        with self._lock:
            parts = dict(self._feature_parts)
            total = self._total
            audio = self._buffer[:total]
            pieces: list[FrameFeatures] = []
            covered = 0
            while covered in parts and parts[covered].f0_hz is not None:  # a piece without pitch: redone below
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

    def _finish_tail(self) -> str:
        """Skip a silent tail, else transcribe it. Returns which (a `TailReport.tail` value)."""
        done = "silent"  # nothing but silence since the last cut (e.g. a pause cut before Stop)
        if self._last_voice_frame(self._threshold()) >= 0:
            merged = self.merged
            self._submit(self._chunk_start, self._total)
            done = "merged" if self.merged > merged else "submitted"
        self._chunk_start = self._total
        return done

    def close(self) -> None:
        """Stop the worker without waiting for pending chunks (page closed, answer discarded)."""
        with self._lock:
            self._finished = True
            self._pending.clear()
            worker = self._worker
        if worker is not None:
            while not self._queue.empty():
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
            self._queue.put(None)
