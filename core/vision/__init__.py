"""Vision: gaze, head pose, posture, smile and framing from camera frames (MediaPipe Tasks).

Public API:
- `FrameAnalyzer(settings)` per session: `analyze(rgb, t_s) -> FrameSignals`; `close()`.
- `LiveAnalyzer(settings=...)` for the WebRTC path: `submit`, `start_attempt`,
  `stop_attempt`, `latest`, `set_calibration`, `close`.
- `GazeCalibration.from_signals(...)` / `.from_frames(...)`; `assess_framing(signals)`;
  `summarize_timeline(timeline) -> VisionSummary`; `analyze_video(path)`;
  `resolve_model_path(kind, settings)`.
Heavy imports (mediapipe) happen only when an analyzer is created.
"""

from core.vision.analyzer import FrameAnalyzer, FrameSignals, recalibrate
from core.vision.framing import FramingAdvice, assess_framing
from core.vision.gaze import GazeCalibration, judge_gaze
from core.vision.live import LiveAnalyzer
from core.vision.models import ModelUnavailableError, resolve_model_path
from core.vision.summary import VisionEvent, VisionSummary, summarize_timeline
from core.vision.video import VideoError, analyze_video

__all__ = [
    "FrameAnalyzer", "FrameSignals", "FramingAdvice", "GazeCalibration", "LiveAnalyzer", "ModelUnavailableError",
    "VideoError", "VisionEvent", "VisionSummary", "analyze_video", "assess_framing", "judge_gaze", "recalibrate",
    "resolve_model_path", "summarize_timeline",
]
