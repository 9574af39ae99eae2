"""The device check's verdicts and the gaze calibration's maths (pure; the page only shows them).

Microphone: the level meter's dBFS as a bar position and a verdict. Camera: what to fix
first (no picture yet, too dark, the camera analysis still starting, framing advice from
`core.vision.assess_framing`). Calibration: the median head pose while the user looked at
the camera, merged with the analyzer's own `GazeCalibration` when it has one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from core.live.room import RoomSnapshot, VisionState
from core.vision.framing import assess_framing
from core.vision.gaze import GazeCalibration

LEVEL_OK_DBFS = -45.0  # dBFS: a speaking voice at a normal distance reads above this
LEVEL_CLIP_DBFS = -3.0  # dBFS: peaks near full scale distort
LEVEL_FLOOR_DBFS = -60.0  # dBFS: the meter's empty end
DARK_LEVEL = 60.0  # mean 8-bit pixel level below which the face is usually too dark to track

MicVerdict = Literal["waiting", "quiet", "ok", "too_loud"]


def mic_verdict(level_dbfs: float | None) -> tuple[float, MicVerdict]:
    """Meter position 0..1 and a verdict for the microphone level (None = no audio yet)."""
    if level_dbfs is None:
        return 0.0, "waiting"
    position = min(1.0, max(0.0, (level_dbfs - LEVEL_FLOOR_DBFS) / -LEVEL_FLOOR_DBFS))
    if level_dbfs >= LEVEL_CLIP_DBFS:
        return position, "too_loud"
    if level_dbfs >= LEVEL_OK_DBFS:
        return position, "ok"
    return position, "quiet"


def camera_advice(snapshot: RoomSnapshot) -> tuple[str, ...]:
    """i18n keys of what the camera check says now, most important first.

    While the vision models load (seconds after the first frame) it says the camera analysis
    is starting — not that framing help is unavailable; once frames are analysed it gives
    the framing advice; only a vision analyzer that failed to start says "unavailable"."""
    if snapshot.video_frames == 0:
        return ("practice.device.camera_waiting",)
    if snapshot.brightness is not None and snapshot.brightness < DARK_LEVEL:
        return ("practice.device.too_dark",)
    latest = snapshot.latest_vision
    if latest is None:
        return ("practice.device.framing_unavailable",) if snapshot.vision == "unavailable" else \
            ("redesign.device.vision_starting",)
    advice = assess_framing(latest)
    if advice.message_keys:
        return advice.message_keys
    return ("practice.device.framing_ok",) if latest.get("face_visible") else ("practice.device.no_face",)


def head_pose_baseline(frames: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Median yaw/pitch (degrees) of frames with a face (None when not measured)."""
    baseline: dict[str, Any] = {"frames": len(frames)}
    for key in ("yaw_deg", "pitch_deg"):
        values = sorted(float(f[key]) for f in frames if f.get(key) is not None)
        baseline[key] = values[len(values) // 2] if values else None
    return baseline


def calibration_baseline(frames: Sequence[Mapping[str, Any]],
                         calibration: GazeCalibration | None) -> dict[str, Any]:
    """What is stored with the session: the median head pose of the polled face frames, the
    analyzer's calibration when it made one, and `calibrated` (False: too few face frames)."""
    faces = [f for f in frames if f.get("face_visible")]
    baseline = head_pose_baseline(faces)
    if calibration is not None:
        baseline.update(calibration.to_dict())
    baseline["calibrated"] = bool(baseline.get("calibrated", calibration is not None))
    return baseline


__all__ = ["DARK_LEVEL", "LEVEL_CLIP_DBFS", "LEVEL_OK_DBFS", "MicVerdict", "VisionState", "calibration_baseline",
           "camera_advice", "head_pose_baseline", "mic_verdict"]
