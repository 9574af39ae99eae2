"""The live path: streamlit-webrtc callbacks hand frames in; one worker thread analyses.

Threads: `submit` runs on aiortc's callback thread and only swaps the newest frame into a
one-slot mailbox (an older unanalysed frame is dropped — never a queue that can grow).
The worker thread owns the FrameAnalyzer (created lazily on it, closed by `close()`), so
MediaPipe is only ever called from one thread. Timeline and latest result sit behind one
lock; the page script reads them with `latest()` / `stop_attempt()`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from core.config import Settings
from core.vision.analyzer import FrameAnalyzer, FrameSignals
from core.vision.gaze import GazeCalibration

logger = logging.getLogger(__name__)

MAX_TIMELINE_FRAMES = 20_000  # per attempt: ~22 min at 15 frames/s; beyond that frames are not kept
IDLE_WAIT_S = 0.5  # s the worker sleeps waiting for a frame before re-checking for close()
MAX_CALIBRATION_FRAMES = 300  # frames kept between begin_calibration() and end_calibration() (~10 s)


class LiveAnalyzer:
    """Thread-safe wrapper used by the live room (one per browser session)."""

    def __init__(self, settings: Settings | None = None, *,
                 analyzer_factory: Callable[[], Any] | None = None,
                 calibration: GazeCalibration | None = None) -> None:
        self._settings = settings
        self._factory = analyzer_factory or (lambda: FrameAnalyzer(self._settings))
        self._calibration = calibration
        self._cond = threading.Condition()
        self._pending: tuple[np.ndarray, float] | None = None  # the mailbox: newest frame only
        self._latest: FrameSignals | None = None
        self._timeline: list[dict[str, Any]] | None = None
        # Stream time at which the current attempt began: timeline t_s are relative to it, like
        # the answer's audio, so report evidence (start_s/end_s) points at the same moment.
        self._attempt_t0: float | None = None
        self._attempt_pending_t0 = False
        self._last_submit: tuple[float, float] | None = None  # (stream t_s, monotonic) of the newest frame
        self._latest_dict: dict[str, Any] | None = None
        self._calibration_frames: list[FrameSignals] | None = None
        self._worker: threading.Thread | None = None
        self._analyzer: Any = None
        self._closed = False
        self.error: str | None = None
        self.submitted = 0
        self.analysed = 0
        self.dropped = 0
        self.busy_s = 0.0  # total time spent inside analyze()

    # -- callback thread --------------------------------------------------------
    def submit(self, frame: np.ndarray, t_s: float) -> None:
        """Hand in a frame (RGB, H×W×3). Never blocks on analysis; replaces an unread frame."""
        with self._cond:
            if self._closed:
                return
            self.submitted += 1
            if self._pending is not None:
                self.dropped += 1
            self._pending = (frame, float(t_s))
            self._last_submit = (float(t_s), time.monotonic())
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="vision-analyzer", daemon=True)
                self._worker.start()
            self._cond.notify()

    # -- worker thread ----------------------------------------------------------
    def _run(self) -> None:
        try:
            analyzer = self._factory()
        except Exception as exc:
            logger.exception("vision analyzer could not be created")
            with self._cond:
                self.error = f"{type(exc).__name__}: {exc}"
                self._pending = None
            return
        with self._cond:
            self._analyzer = analyzer
            if self._calibration is not None and hasattr(analyzer, "set_calibration"):
                analyzer.set_calibration(self._calibration)
        try:
            while True:
                with self._cond:
                    while self._pending is None and not self._closed:
                        self._cond.wait(IDLE_WAIT_S)
                    if self._closed:
                        return
                    assert self._pending is not None
                    frame, t_s = self._pending
                    self._pending = None
                started = time.perf_counter()
                try:
                    signals = analyzer.analyze(frame, t_s)
                except Exception:
                    logger.exception("vision analysis of one frame failed")
                    continue
                row = signals.to_dict()
                with self._cond:
                    self.busy_s += time.perf_counter() - started
                    self.analysed += 1
                    self._latest = signals
                    self._latest_dict = row
                    self._record(signals, row)
        finally:
            try:
                analyzer.close()
            except Exception:
                logger.exception("closing the frame analyzer failed")

    def _record(self, signals: FrameSignals, row: dict[str, Any]) -> None:
        """Append to the attempt timeline / calibration window (lock held)."""
        if self._calibration_frames is not None and len(self._calibration_frames) < MAX_CALIBRATION_FRAMES:
            self._calibration_frames.append(signals)
        if self._timeline is None or len(self._timeline) >= MAX_TIMELINE_FRAMES:
            return
        if self._attempt_pending_t0:  # no frame had arrived when the attempt began
            self._attempt_t0, self._attempt_pending_t0 = signals.t_s, False
        t0 = self._attempt_t0 or 0.0
        if signals.t_s < t0:
            return  # a frame from before the answer began, analysed late
        self._timeline.append(dict(row, t_s=round(signals.t_s - t0, 3)))

    # -- script thread ------------------------------------------------------------
    def set_calibration(self, calibration: GazeCalibration | None) -> None:
        with self._cond:
            self._calibration = calibration
            if self._analyzer is not None and hasattr(self._analyzer, "set_calibration"):
                # Read by analyze() on the worker; replacing one attribute is atomic.
                self._analyzer.set_calibration(calibration)

    def start_attempt(self) -> None:
        """Start collecting this answer's timeline (discarding any previous one)."""
        with self._cond:
            self._timeline = []
            if self._last_submit is not None:
                t_s, at = self._last_submit
                self._attempt_t0, self._attempt_pending_t0 = t_s + (time.monotonic() - at), False
            else:
                self._attempt_t0, self._attempt_pending_t0 = None, True

    def stop_attempt(self) -> list[dict[str, Any]]:
        """The timeline since `start_attempt()` (per-frame dicts, t_s from the attempt's start)."""
        with self._cond:
            frames, self._timeline = self._timeline or [], None
            self._attempt_t0, self._attempt_pending_t0 = None, False
        return frames

    def begin_calibration(self) -> None:
        """Start collecting frames for `end_calibration()` ("look at the camera" for ~3 s)."""
        with self._cond:
            self._calibration_frames = []

    def end_calibration(self) -> GazeCalibration:
        """The baseline from the frames since `begin_calibration()`, applied to later frames.

        Raises ValueError (and keeps the previous calibration) when too few frames showed a face."""
        with self._cond:
            frames, self._calibration_frames = self._calibration_frames or [], None
        calibration = GazeCalibration.from_signals(frames)
        self.set_calibration(calibration)
        return calibration

    def latest(self) -> dict[str, Any] | None:
        """The newest analysed frame as a per-frame dict (for live hints and framing), or None."""
        with self._cond:
            return self._latest_dict  # the same object until a newer frame is analysed

    def latest_signals(self) -> FrameSignals | None:
        with self._cond:
            return self._latest

    def stats(self) -> dict[str, Any]:
        with self._cond:
            fps = self.analysed / self.busy_s if self.busy_s > 0 else None
            newest = self._last_submit[0] if self._last_submit else None
            latest_t = self._latest.t_s if self._latest is not None else None
            return {"submitted": self.submitted, "analysed": self.analysed, "dropped": self.dropped,
                    "pending": self._pending is not None, "analysis_fps_capacity": fps, "error": self.error,
                    "newest_submitted_t_s": newest, "latest_t_s": latest_t,
                    "lateness_s": None if newest is None or latest_t is None else max(0.0, newest - latest_t)}

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop the worker and release the landmarkers (idempotent; call from on_video_ended)."""
        with self._cond:
            self._closed = True
            self._pending = None
            worker = self._worker
            self._cond.notify_all()
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout_s)

    def __enter__(self) -> LiveAnalyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
