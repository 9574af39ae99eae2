"""Head pose, iris offsets and the camera-gaze decision, with per-user calibration.

Where the camera sits differs per set-up (FEEDBACK_EVIDENCE.md, "Gaze and camera"), so
"looking at the camera" is judged against a baseline taken while the user looked at it
for ~3 s. Without a calibration the camera is assumed straight ahead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

import numpy as np

# --- thresholds (degrees unless stated) ---------------------------------------------
# Heuristic, calibrated per user: head turned more than this from the baseline = not at the
# camera. ~15° is the figure used by common webcam eye-contact heuristics (TECH_NOTES §2).
GAZE_YAW_MAX_DEG = 15.0
GAZE_PITCH_MAX_DEG = 15.0
# Uncalibrated, MediaPipe's canonical face reports a frontal face with ~10–15° pitch
# (measured on the astronaut photo: 13°), so pitch gets more slack without a baseline.
UNCALIBRATED_PITCH_MAX_DEG = 22.0
# Iris offset from the eye centre, as a fraction of half the eye width (0 = centre,
# ±1 = at a corner). Heuristic (TECH_NOTES: iris ratio 0.35–0.65 ≈ ±0.3 here), per user.
IRIS_X_MAX = 0.35
IRIS_Y_MAX = 0.45
MIN_CALIBRATION_FRAMES = 5  # fewer usable frames than this: calibration refused

# MediaPipe face-mesh indices (face_mesh_connections, TECH_NOTES §2). "Right" = subject's right.
RIGHT_EYE_OUTER, RIGHT_EYE_INNER, RIGHT_IRIS = 33, 133, 468
LEFT_EYE_INNER, LEFT_EYE_OUTER, LEFT_IRIS = 362, 263, 473


def head_angles(matrix: np.ndarray) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees from MediaPipe's 4×4 facial transformation matrix.

    Rotation part decomposed as R = Rz(roll)·Ry(yaw)·Rx(pitch). Signs were checked on
    rotated test images: positive roll = the head tilts towards the subject's left
    shoulder as seen in the picture (counter-clockwise on screen)."""
    r = np.asarray(matrix, dtype=float)[:3, :3]
    pitch = math.degrees(math.atan2(r[2, 1], r[2, 2]))
    yaw = math.degrees(math.atan2(-r[2, 0], math.hypot(r[2, 1], r[2, 2])))
    roll = math.degrees(math.atan2(r[1, 0], r[0, 0]))
    return yaw, pitch, roll


def _eye_offset(points: np.ndarray, corner_a: int, corner_b: int, iris: int) -> tuple[float, float]:
    a, b, c = points[corner_a], points[corner_b], points[iris]
    axis = b - a
    half = float(np.linalg.norm(axis)) / 2.0
    if half < 1e-6:
        return 0.0, 0.0
    unit = axis / (2.0 * half)
    normal = np.array([-unit[1], unit[0]])
    rel = c - (a + b) / 2.0
    return float(rel @ unit) / half, float(rel @ normal) / half


def iris_offsets(points_px: np.ndarray) -> tuple[float, float]:
    """Mean iris offset of both eyes: (x, y), as fractions of half the eye width.

    x > 0: iris towards the right of the picture; y > 0: iris lower in the picture.
    `points_px` are landmarks in pixels (N×2) so that the aspect ratio is right."""
    rx, ry = _eye_offset(points_px, RIGHT_EYE_OUTER, RIGHT_EYE_INNER, RIGHT_IRIS)
    lx, ly = _eye_offset(points_px, LEFT_EYE_INNER, LEFT_EYE_OUTER, LEFT_IRIS)
    return (rx + lx) / 2.0, (ry + ly) / 2.0


@dataclass(frozen=True)
class GazeCalibration:
    """A per-user baseline from ~3 s of looking at the camera (medians, robust to blinks).

    Posture baselines (neck ratio, face width) are taken in the same seconds."""

    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    iris_x: float = 0.0
    iris_y: float = 0.0
    neck_ratio: float | None = None
    face_width: float | None = None
    shoulder_tilt_deg: float | None = None
    frames: int = 0
    calibrated: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_signals(cls, signals: Iterable[Any]) -> GazeCalibration:
        """Baseline from FrameSignals (or per-frame dicts); raises ValueError when fewer
        than MIN_CALIBRATION_FRAMES frames showed a face."""
        rows = [_as_mapping(s) for s in signals]
        return cls.from_frames(rows)

    @classmethod
    def from_frames(cls, frames: Sequence[Mapping[str, Any]]) -> GazeCalibration:
        """Same as `from_signals`, from per-frame dicts (the timeline shape)."""
        usable = [f for f in frames if f.get("face_visible") and f.get("yaw_deg") is not None]
        if len(usable) < MIN_CALIBRATION_FRAMES:
            raise ValueError(f"calibration needs at least {MIN_CALIBRATION_FRAMES} frames with a face, "
                             f"got {len(usable)}")

        def med(key: str) -> float | None:
            values = [float(f[key]) for f in usable if f.get(key) is not None]
            return float(median(values)) if values else None

        return cls(yaw_deg=med("yaw_deg") or 0.0, pitch_deg=med("pitch_deg") or 0.0,
                   iris_x=med("iris_x") or 0.0, iris_y=med("iris_y") or 0.0,
                   neck_ratio=med("neck_ratio"), face_width=med("face_width"),
                   shoulder_tilt_deg=med("shoulder_tilt_deg"),
                   frames=len(usable), calibrated=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GazeCalibration:
        names = ("yaw_deg", "pitch_deg", "iris_x", "iris_y", "neck_ratio", "face_width", "shoulder_tilt_deg",
                 "frames", "calibrated")
        return cls(**{k: data[k] for k in names if k in data})

    def to_dict(self) -> dict[str, Any]:
        return {"yaw_deg": round(self.yaw_deg, 2), "pitch_deg": round(self.pitch_deg, 2),
                "iris_x": round(self.iris_x, 3), "iris_y": round(self.iris_y, 3),
                "neck_ratio": None if self.neck_ratio is None else round(self.neck_ratio, 3),
                "face_width": None if self.face_width is None else round(self.face_width, 4),
                "shoulder_tilt_deg": None if self.shoulder_tilt_deg is None else round(self.shoulder_tilt_deg, 1),
                "frames": self.frames, "calibrated": self.calibrated}


UNCALIBRATED = GazeCalibration()


def _as_mapping(value: Any) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()  # type: ignore[no-any-return]
    raise TypeError(f"expected FrameSignals or a dict, got {type(value).__name__}")


def judge_gaze(yaw: float, pitch: float, iris_x: float, iris_y: float,
               calibration: GazeCalibration = UNCALIBRATED) -> bool:
    """True when head pose and iris stay within the thresholds around the baseline.

    Sideways gaze is judged on head yaw AND iris; looking down at notes usually moves
    both pitch and iris, so either one beyond its limit counts as away."""
    pitch_max = GAZE_PITCH_MAX_DEG if calibration.calibrated else UNCALIBRATED_PITCH_MAX_DEG
    return (abs(yaw - calibration.yaw_deg) <= GAZE_YAW_MAX_DEG
            and abs(pitch - calibration.pitch_deg) <= pitch_max
            and abs(iris_x - calibration.iris_x) <= IRIS_X_MAX
            and abs(iris_y - calibration.iris_y) <= IRIS_Y_MAX)
