"""The per-browser-session state of the live practice room, fed from WebRTC threads.

`ui/live.py` turns aiortc frames into numpy arrays and calls `on_video` / `on_audio`
from aiortc's threads; the page script reads `snapshot()` and drives answers with
`start_answer` / `stop_answer`. Everything shared between those threads is guarded by one
lock, and nothing here blocks: video frames are only handed to the vision analyzer
(which drops stale frames itself), audio frames go to the level meter and, during an
answer, to the `AnswerRecorder` (every frame, in order: the answer is never lost).

One `LiveRoom` per browser session (kept in `st.session_state` by the UI, never in a
module global): MediaPipe landmarkers are not thread-safe and must not be shared.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from core.capture.continuity import AudioContinuity
from core.capture.recorder import AnswerRecorder, ChunkListener, LevelMeter, RecordingInfo, to_mono_float
from core.capture.video import VideoRecorder
from core.live.hints import LiveSignals
from core.live.pace import PaceEstimator
from core.vision.gaze import GazeCalibration

logger = logging.getLogger(__name__)

SIGNAL_WINDOW_S = 5.0  # s of recent vision samples the hint shares are computed over
SPEECH_GATE_DBFS = -55.0  # dBFS: quieter audio is not speech for the "speak up" cue
BRIGHTNESS_EVERY = 10  # frames between two brightness samples (a strided mean: ~0.1 ms)


VisionState = Literal["unavailable", "starting", "ready"]


class VisionAnalyzer(Protocol):
    """What the room needs from `core.vision.LiveAnalyzer` (owned by the vision feature).

    `stop_attempt()` returns the answer's one timeline: per-frame dicts whose `t_s` counts
    from `start_attempt()`, the same time base as the answer's audio. `error` is set when the
    analyzer could not start (its models failed to load)."""

    error: str | None

    def submit(self, frame: np.ndarray, t_s: float) -> None: ...
    def start_attempt(self) -> None: ...
    def stop_attempt(self) -> list[dict[str, Any]]: ...
    def latest(self) -> dict[str, Any] | None: ...
    def begin_calibration(self) -> None: ...
    def end_calibration(self) -> GazeCalibration: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class RoomSnapshot:
    """What the script shows: read once per polling iteration."""

    video_frames: int
    audio_frames: int
    level_dbfs: float | None
    recording: bool
    answer_elapsed_s: float
    latest_vision: dict[str, Any] | None
    signals: LiveSignals
    frame_size: tuple[int, int] | None = None  # (width, height)
    brightness: float | None = None  # mean 8-bit level of the latest sampled frame (light check)
    audio_age_s: float | None = None  # seconds since the last microphone frame (None: none yet)
    vision: VisionState = "starting"  # the camera analysis: models loading, analysing, or failed


@dataclass
class AnswerCapture:
    """One answer's capture, returned by `stop_answer`."""

    recording: RecordingInfo | None
    # The answer's one vision timeline, from the analyzer (t_s from the answer's start).
    vision_timeline: list[dict[str, Any]] = field(default_factory=list)
    video_path: Path | None = None  # only when the user asked to keep video for replay


class LiveRoom:
    """Shared state between the WebRTC callbacks and the page script."""

    def __init__(
        self,
        *,
        analyzer_factory: Callable[[], VisionAnalyzer | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._analyzer_factory = analyzer_factory
        self._analyzer: VisionAnalyzer | None = None
        self._analyzer_failed = False
        self.meter = LevelMeter()
        self._recorder: AnswerRecorder | None = None
        self._video: VideoRecorder | None = None
        self._pace = PaceEstimator()
        self._speech_levels: deque[tuple[float, float]] = deque(maxlen=400)
        self._answer_started: float | None = None
        self._stream_started: float | None = None
        self._video_frames = 0
        self._audio_frames = 0
        self._frame_size: tuple[int, int] | None = None
        self._brightness: float | None = None
        self._last_audio_at: float | None = None
        self._audio_clock = AudioContinuity()  # each frame once, lost audio as silence
        self._recent_vision: deque[tuple[float, dict[str, Any]]] = deque(maxlen=200)
        self._last_face_seen: float | None = None
        # Frames go to the vision analyzer only while someone looks at its results (device
        # check, calibration, an answer). Between answers it rests, so the analysis after Stop
        # has both cores instead of sharing one with MediaPipe at 10+ frames/s.
        self._vision_on = True

    # ------------------------------------------------------------------ WebRTC threads
    def _analyzer_or_none(self) -> VisionAnalyzer | None:
        if self._analyzer is None and not self._analyzer_failed and self._analyzer_factory is not None:
            try:
                self._analyzer = self._analyzer_factory()
            except Exception:  # a missing model must not break the audio path
                logger.exception("vision analyzer could not be created; continuing without vision")
                self._analyzer_failed = True
        return self._analyzer

    def on_video(self, image: np.ndarray) -> None:
        """A camera frame (H x W x 3, RGB). Forward only; the analyzer drops stale frames."""
        now = self._clock()
        with self._lock:
            if self._stream_started is None:
                self._stream_started = now
            self._video_frames += 1
            self._frame_size = (int(image.shape[1]), int(image.shape[0]))
            if self._video_frames % BRIGHTNESS_EVERY == 1:
                self._brightness = float(image[::8, ::8].mean())
            analyzer = self._analyzer_or_none() if self._vision_on or self._recorder is not None else None
            t_s = now - self._stream_started
            video = self._video
            answer_t = now - self._answer_started if self._answer_started is not None else 0.0
        if video is not None:
            video.submit(image, answer_t)  # queued; encoded on the video recorder's own thread
        if analyzer is not None:
            try:
                analyzer.submit(image, t_s)
            except Exception:
                logger.exception("vision submit failed")

    def on_audio(self, samples: np.ndarray, sample_rate: int, channels: int, *, planar: bool = False,
                 pts: int | None = None) -> None:
        """A microphone frame (`pts`: its RTP time stamp in samples, None if unknown).

        During an answer it is appended to the WAV on the stream's own clock: a frame that
        repeats audio already written is dropped, and audio lost in transit is written as
        silence (core/capture/continuity.py), so the recording keeps the answer's timing."""
        frame_samples = int(np.asarray(samples).size // max(channels, 1))
        with self._lock:
            placement = self._audio_clock.place(pts, frame_samples, sample_rate)
            if not placement.write:
                return
            self._audio_frames += 1
            self._last_audio_at = self._clock()
            recorder = self._recorder
        if recorder is not None:
            if placement.silence:
                recorder.write(np.zeros(placement.silence, np.float32), sample_rate, 1)
            recorder.write(samples, sample_rate, channels, planar=planar)  # also feeds its meter
        else:
            self.meter.update(to_mono_float(samples, channels, planar=planar), sample_rate)

    @property
    def audio_continuity(self) -> tuple[int, float]:
        """(frames dropped as repeats, seconds lost in transit and written as silence) so far."""
        with self._lock:
            return self._audio_clock.duplicates, self._audio_clock.lost_s

    def on_ended(self) -> None:
        """The stream ended (STOP, closed tab, dropped connection): keep the answer, free models."""
        with self._lock:
            recorder = self._recorder
            analyzer, self._analyzer = self._analyzer, None
            self._stream_started = None
            self._audio_clock.reset()  # a new stream starts its RTP clock anywhere
        if recorder is not None:
            try:
                recorder.flush()  # still open: a reconnect continues the same answer
            except Exception:
                logger.exception("flush on stream end failed")
        if analyzer is not None:
            try:
                analyzer.close()
            except Exception:
                logger.exception("closing the vision analyzer failed")

    # ------------------------------------------------------------------ script thread
    def start_answer(self, path: str | Path, listener: ChunkListener | None = None,
                     video_path: str | Path | None = None) -> None:
        """Begin recording an answer to `path` (an open previous answer is closed first).

        With `video_path`, the camera frames of the answer are also kept as WebM for replay."""
        pace = PaceEstimator()

        def feed(chunk: np.ndarray) -> None:
            # Runs on the audio thread; the pace window is read by the script thread.
            level = float(20 * np.log10(max(1e-9, float(np.sqrt(np.mean(np.square(chunk)))))))
            with self._lock:
                pace.feed(chunk)
                self._speech_levels.append((self._clock(), level))
            if listener is not None:
                listener(chunk)

        recorder = AnswerRecorder(path, listener=feed, listener_chunk_s=0.25)
        video = VideoRecorder(video_path) if video_path is not None else None
        with self._lock:
            previous, self._recorder = self._recorder, recorder
            previous_video, self._video = self._video, video
            self._pace = pace
            self._speech_levels.clear()
            self._answer_started = self._clock()
            self.meter = recorder.meter
            analyzer = self._analyzer
        if previous is not None:
            previous.close()
        if previous_video is not None:
            previous_video.close()
        if analyzer is not None:
            try:
                analyzer.start_attempt()
            except Exception:
                logger.exception("vision start_attempt failed")

    def stop_answer(self) -> AnswerCapture:
        """Close the WAV (header exact, tail written) and collect the answer's vision timeline."""
        with self._lock:
            recorder, self._recorder = self._recorder, None
            video, self._video = self._video, None
            analyzer = self._analyzer
            self._answer_started = None
            self.meter = LevelMeter()
        info = recorder.close() if recorder is not None else None
        duplicates, lost_s = self.audio_continuity
        if duplicates or lost_s:
            logger.warning("live audio so far: %d repeated frames dropped, %.2f s lost in transit (silence)",
                           duplicates, lost_s)
        video_path = video.close() if video is not None else None
        frames: list[dict[str, Any]] = []
        if analyzer is not None:
            try:
                frames = list(analyzer.stop_attempt())
            except Exception:
                logger.exception("vision stop_attempt failed")
        return AnswerCapture(recording=info, vision_timeline=frames, video_path=video_path)

    def watch(self, on: bool) -> None:
        """Analyse camera frames (True: device check, calibration) or let the analyzer rest
        between answers (False). An answer in progress is always analysed."""
        with self._lock:
            self._vision_on = on

    @property
    def recording(self) -> bool:
        with self._lock:
            return self._recorder is not None

    @property
    def analyzer(self) -> VisionAnalyzer | None:
        with self._lock:
            return self._analyzer

    def poll(self) -> RoomSnapshot:
        """Sample the analyzer and meters once (the script calls this a few times a second)."""
        now = self._clock()
        with self._lock:
            analyzer = self._analyzer
        latest: dict[str, Any] | None = None
        vision: VisionState = "unavailable" if self._analyzer_factory is None or self._analyzer_failed else "starting"
        if analyzer is not None:
            try:
                latest = analyzer.latest()
            except Exception:
                logger.exception("vision latest failed")
            vision = "unavailable" if analyzer.error else "ready" if latest is not None else "starting"
        with self._lock:
            if latest is not None:
                self._recent_vision.append((now, latest))
                if latest.get("face_visible"):
                    self._last_face_seen = now
            signals = self._signals(now)
            elapsed = now - self._answer_started if self._answer_started is not None else 0.0
            return RoomSnapshot(
                video_frames=self._video_frames,
                audio_frames=self._audio_frames,
                level_dbfs=self.meter.level_dbfs(),
                recording=self._recorder is not None,
                answer_elapsed_s=elapsed,
                latest_vision=latest,
                signals=signals,
                frame_size=self._frame_size,
                brightness=self._brightness,
                audio_age_s=None if self._last_audio_at is None else now - self._last_audio_at,
                vision=vision,
            )

    def _signals(self, now: float) -> LiveSignals:
        """Recent shares for the hint policy (lock held). None where nothing was measured."""
        recent = [v for t, v in self._recent_vision if now - t <= SIGNAL_WINDOW_S]
        faces = [v for v in recent if v.get("face_visible")]
        gaze = [v["gaze_on_camera"] for v in faces if v.get("gaze_on_camera") is not None]
        posture = [v["posture_ok"] for v in recent if v.get("posture_ok") is not None]
        face_lost_s = 0.0
        if recent and self._last_face_seen is not None and not faces:
            face_lost_s = now - self._last_face_seen
        elif recent and self._last_face_seen is None and not faces:
            face_lost_s = SIGNAL_WINDOW_S
        speech = [lvl for t, lvl in self._speech_levels if now - t <= SIGNAL_WINDOW_S and lvl > SPEECH_GATE_DBFS]
        return LiveSignals(
            gaze_off_share=(1 - sum(1 for g in gaze if g) / len(gaze)) if gaze else None,
            posture_bad_share=(1 - sum(1 for p in posture if p) / len(posture)) if posture else None,
            face_lost_s=face_lost_s,
            syllables_per_min=self._pace.syllables_per_min() if self._recorder is not None else None,
            speech_level_dbfs=float(np.percentile(speech, 90)) if len(speech) >= 4 else None,
        )

    def close(self) -> None:
        """Release everything (page left, session finished)."""
        if self.recording:
            self.stop_answer()
        self.on_ended()
