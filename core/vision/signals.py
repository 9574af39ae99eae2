"""`FrameSignals`: what one camera frame shows, in the timeline shape the reports read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TIMELINE_KEYS = ("t_s", "face_visible", "gaze_on_camera", "yaw_deg", "pitch_deg", "roll_deg", "smile", "posture_ok")


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


@dataclass(frozen=True)
class FrameSignals:
    """One frame's measurements. None = not measurable in this frame (never a fake 0)."""

    t_s: float
    face_visible: bool
    gaze_on_camera: bool | None = None  # judged against the calibration (core/vision/gaze.py)
    yaw_deg: float | None = None  # head pose from the facial transformation matrix
    pitch_deg: float | None = None
    roll_deg: float | None = None  # + = counter-clockwise on screen
    iris_x: float | None = None  # mean iris offset, fractions of half the eye width
    iris_y: float | None = None
    smile_score: float | None = None  # mean of mouthSmileLeft/Right blendshapes, 0..1
    smile: bool | None = None
    face_box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 (normalised)
    face_center: tuple[float, float] | None = None  # normalised x, y
    face_width: float | None = None  # face box width / frame width (distance cue)
    shoulder_tilt_deg: float | None = None  # from the last pose result (carried between pose runs)
    neck_ratio: float | None = None  # nose height above the shoulder line / shoulder width
    shoulder_width: float | None = None  # shoulder width / frame width
    pose_age_s: float | None = None  # how old the carried pose result is
    posture_ok: bool | None = None
    brightness: float | None = None  # mean 8-bit luma
    # why no face was found (core.vision.analyzer.NO_FACE_REASONS): too_dark / too_far /
    # face_hidden / nobody; None when a face was found
    no_face_reason: str | None = None
    face_from_crop: bool = False  # found only in a full-resolution crop around the person (far away)

    def to_dict(self) -> dict[str, Any]:
        """The per-frame timeline dict: the shared keys plus the measurements behind them."""
        return {
            "t_s": round(self.t_s, 3), "face_visible": self.face_visible, "gaze_on_camera": self.gaze_on_camera,
            "yaw_deg": _r(self.yaw_deg), "pitch_deg": _r(self.pitch_deg), "roll_deg": _r(self.roll_deg),
            "smile": self.smile, "posture_ok": self.posture_ok,
            "smile_score": _r(self.smile_score, 3), "iris_x": _r(self.iris_x, 3), "iris_y": _r(self.iris_y, 3),
            "face_box": [round(v, 4) for v in self.face_box] if self.face_box else None,
            "face_center": [round(v, 4) for v in self.face_center] if self.face_center else None,
            "face_width": _r(self.face_width, 4), "shoulder_tilt_deg": _r(self.shoulder_tilt_deg),
            "neck_ratio": _r(self.neck_ratio, 3), "shoulder_width": _r(self.shoulder_width, 4),
            "pose_age_s": _r(self.pose_age_s, 3), "brightness": _r(self.brightness, 1),
            "no_face_reason": self.no_face_reason, "face_from_crop": self.face_from_crop,
        }
