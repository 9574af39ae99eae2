"""Posture from PoseLandmarker: shoulder tilt, slouch and lean against the user's baseline.

Thresholds are heuristics (TECH_NOTES §2 "Posture"); slouch and lean are always measured
against the calibrated baseline, never against an absolute "ideal" body."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

NOSE, LEFT_SHOULDER, RIGHT_SHOULDER = 0, 11, 12  # PoseLandmarker indices (33-point model)
MIN_SHOULDER_VISIBILITY = 0.5  # below this the shoulders are probably out of frame

SHOULDER_TILT_MAX_DEG = 10.0  # heuristic: a clearly visible lean to one side, vs the baseline
# Without a baseline: camera angle and clothing alone give ~10° (the astronaut photo: 9.5°).
SHOULDER_TILT_MAX_UNCALIBRATED_DEG = 14.0
HEAD_ROLL_MAX_DEG = 15.0  # heuristic: head tilted this far sideways reads as leaning, not a nod
# Neck ratio = (shoulder line − nose height) / shoulder width. Slouching lowers the head
# towards the shoulders; 20 % below the baseline is a clear slump (heuristic, per user).
SLOUCH_DROP_RATIO = 0.8
MIN_NECK_RATIO_UNCALIBRATED = 0.25  # heuristic; a seated upright adult measures ~0.4–0.6
# Face width grows when leaning in: 30 % larger than the baseline = leaning towards the camera.
LEAN_IN_RATIO = 1.3


@dataclass(frozen=True)
class PoseMeasure:
    shoulder_tilt_deg: float
    neck_ratio: float
    shoulder_width: float  # fraction of the frame width


def measure_pose(landmarks: list, width: int, height: int) -> PoseMeasure | None:  # type: ignore[type-arg]
    """Shoulder tilt / neck ratio / shoulder width, or None when the shoulders are not visible."""
    if len(landmarks) <= RIGHT_SHOULDER:
        return None
    left, right, nose = landmarks[LEFT_SHOULDER], landmarks[RIGHT_SHOULDER], landmarks[NOSE]
    if min(_visibility(left), _visibility(right)) < MIN_SHOULDER_VISIBILITY:
        return None
    lx, ly = left.x * width, left.y * height
    rx, ry = right.x * width, right.y * height
    shoulder_w = math.hypot(lx - rx, ly - ry)
    if shoulder_w < 1.0:
        return None
    # The subject's left shoulder appears on the right of the picture: dx > 0 when upright.
    # Sign as head roll: positive = the shoulder line turned counter-clockwise on screen.
    tilt = math.degrees(math.atan2(ry - ly, lx - rx))
    mid_y = (ly + ry) / 2.0
    neck = (mid_y - nose.y * height) / shoulder_w
    return PoseMeasure(shoulder_tilt_deg=tilt, neck_ratio=neck, shoulder_width=shoulder_w / width)


def _visibility(landmark: object) -> float:
    value = getattr(landmark, "visibility", None)
    return 1.0 if value is None else float(value)


def judge_posture(pose: PoseMeasure | None, roll_deg: float | None, face_width: float | None,
                  neck_baseline: float | None, face_width_baseline: float | None,
                  tilt_baseline: float | None = None) -> bool | None:
    """True = upright, False = tilted / slouched / leaning in, None = not measurable."""
    if pose is None and roll_deg is None:
        return None
    if roll_deg is not None and abs(roll_deg) > HEAD_ROLL_MAX_DEG:
        return False
    if pose is None:
        return None
    if tilt_baseline is not None:
        if abs(pose.shoulder_tilt_deg - tilt_baseline) > SHOULDER_TILT_MAX_DEG:
            return False
    elif abs(pose.shoulder_tilt_deg) > SHOULDER_TILT_MAX_UNCALIBRATED_DEG:
        return False
    if neck_baseline is not None and neck_baseline > 0:
        if pose.neck_ratio < neck_baseline * SLOUCH_DROP_RATIO:
            return False
    elif pose.neck_ratio < MIN_NECK_RATIO_UNCALIBRATED:
        return False
    return not (face_width is not None and face_width_baseline and face_width > face_width_baseline * LEAN_IN_RATIO)


def brightness_of(rgb: np.ndarray) -> float:
    """Mean 8-bit luma of a strided sample (every 8th pixel: ~0.05 ms at 640×480)."""
    sample = rgb[::8, ::8].astype(np.float32)
    return float((sample[..., 0] * 0.299 + sample[..., 1] * 0.587 + sample[..., 2] * 0.114).mean())
