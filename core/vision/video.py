"""Analyse a recorded video file with the same FrameAnalyzer the live room uses."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.config import Settings
from core.vision.analyzer import FrameAnalyzer, FrameSignals, recalibrate
from core.vision.gaze import GazeCalibration
from core.vision.summary import VisionSummary, summarize_timeline

MAX_ANALYSIS_WIDTH = 640  # px: larger videos are downscaled first (landmarks are normalised)


class VideoError(ValueError):
    """The file cannot be analysed (no video track, unknown codec, unreadable)."""


@dataclass(frozen=True)
class VideoAnalysis:
    signals: tuple[FrameSignals, ...]
    summary: VisionSummary
    calibration: GazeCalibration | None
    processing_fps: float

    def to_dict(self) -> dict[str, Any]:
        core_keys = ("t_s", "face_visible", "gaze_on_camera", "yaw_deg", "pitch_deg", "roll_deg", "smile",
                     "posture_ok")
        data = self.summary.to_dict()
        data["calibration"] = None if self.calibration is None else self.calibration.to_dict()
        data["timeline"] = [{k: s.to_dict()[k] for k in core_keys} for s in self.signals]
        return data


def quarter_turns(frame: Any) -> int:
    """Counter-clockwise quarter turns that show `frame` upright, from its display matrix
    (phones store landscape frames plus a rotation; every player applies it). PyAV's
    `VideoFrame.rotation` is that matrix's angle in degrees, counter-clockwise; the older
    "rotate" stream tag is turned into the same matrix by FFmpeg's demuxer."""
    try:
        degrees = float(getattr(frame, "rotation", 0) or 0)
    except (TypeError, ValueError):
        return 0
    return round(degrees / 90) % 4


def iter_video_frames(path: Path) -> Iterator[tuple[np.ndarray, float]]:
    """(upright RGB frame, t_s) pairs decoded with PyAV (the stream's display rotation is
    applied); raises VideoError for unusable files."""
    import av

    try:
        container = av.open(str(path))
    except Exception as exc:
        raise VideoError(f"cannot open {path.name} as a video: {exc}") from exc
    with container:
        if not container.streams.video:
            raise VideoError(f"{path.name} has no video track")
        stream = container.streams.video[0]
        if stream.codec_context is None or not getattr(stream.codec_context, "name", None):
            raise VideoError(f"{path.name}: unknown video codec")
        stream.thread_type = "AUTO"
        index = 0
        rate = float(stream.average_rate) if stream.average_rate else 15.0
        try:
            for frame in container.decode(stream):
                t_s = float(frame.time) if frame.time is not None else index / rate
                turns = quarter_turns(frame)
                # the longer side of the UPRIGHT picture is bounded, whatever way it is stored
                width = frame.width if turns % 2 == 0 else frame.height
                rgb: np.ndarray
                if width > MAX_ANALYSIS_WIDTH:
                    scale = MAX_ANALYSIS_WIDTH / width
                    rgb = frame.to_ndarray(format="rgb24", width=round(frame.width * scale / 2) * 2,
                                           height=round(frame.height * scale / 2) * 2)
                else:
                    rgb = frame.to_ndarray(format="rgb24")
                if turns:
                    rgb = np.ascontiguousarray(np.rot90(rgb, k=turns), dtype=np.uint8)
                index += 1
                yield rgb, t_s
        except av.error.FFmpegError as exc:
            if index == 0:
                raise VideoError(f"cannot decode {path.name}: {exc}") from exc
            # A truncated tail: keep what was decoded.


def has_video_track(path: Path) -> bool:
    """Whether `path` holds a video stream (False for audio-only or unreadable files)."""
    import av

    try:
        with av.open(str(path)) as container:
            return bool(container.streams.video)
    except Exception:  # noqa: BLE001 - unreadable = no video to analyse; the audio path reports it
        return False


def analyze_video(path: Path, settings: Settings | None = None, *, calibrate_first_s: float = 0.0,
                  max_fps: float | None = None) -> VideoAnalysis:
    """Run the analyzer over every frame (or at most `max_fps` frames per second of video,
    evenly spaced); optionally calibrate on the first seconds.

    With `calibrate_first_s`, frames in that window form the baseline (if a face was seen)
    and every frame is then re-judged against it."""
    signals: list[FrameSignals] = []
    busy = 0.0
    start_t: float | None = None
    spacing = 1.0 / max_fps if max_fps else 0.0
    last_t: float | None = None
    with FrameAnalyzer(settings) as analyzer:
        for rgb, t_s in iter_video_frames(path):
            if start_t is None:
                start_t = t_s
            if last_t is not None and t_s - last_t < spacing - 1e-6:
                continue  # decoded, not analysed: the timeline keeps max_fps samples a second
            last_t = t_s
            started = time.perf_counter()
            signals.append(analyzer.analyze(rgb, t_s))
            busy += time.perf_counter() - started
    if not signals:
        raise VideoError(f"{path.name} has no decodable video frames")
    calibration = None
    if calibrate_first_s > 0 and start_t is not None:
        window = [s for s in signals if s.t_s - start_t < calibrate_first_s]
        try:
            calibration = GazeCalibration.from_signals(window)
        except ValueError:
            calibration = None
        if calibration is not None:
            signals = [recalibrate(s, calibration) for s in signals]
    fps = len(signals) / busy if busy > 0 else 0.0
    return VideoAnalysis(tuple(signals), summarize_timeline(signals, processing_fps=fps), calibration, fps)
