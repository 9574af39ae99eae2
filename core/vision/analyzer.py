"""`FrameAnalyzer`: MediaPipe face + pose landmarkers turned into `FrameSignals`.

One analyzer per session (per camera stream, per analysed video) and one caller thread:
MediaPipe landmarkers are not shareable between streams, and VIDEO mode needs strictly
increasing timestamps per instance. Close it (or use `with`) to free the landmarkers' threads.

Speed (the live room needs ≥ 30 frames/s on one core): the face landmarker runs on every
frame, on a copy downscaled to `ANALYSIS_WIDTH` (landmarks are normalised, so nothing else
changes); the pose landmarker — the expensive one, ~30 ms — runs only every
`POSE_INTERVAL_S` and its result is carried in between (posture changes slowly).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from types import TracebackType
from typing import Any

import numpy as np

from core.vision.framing import DARK_LEVEL
from core.vision.gaze import UNCALIBRATED, GazeCalibration, head_angles, iris_offsets, judge_gaze
from core.vision.models import resolve_model_path
from core.vision.posture import PoseMeasure, brightness_of, judge_posture, measure_pose
from core.vision.signals import FrameSignals

logger = logging.getLogger(__name__)

ANALYSIS_WIDTH = 320  # px: frames wider than this are downscaled before the landmarkers
POSE_INTERVAL_S = 0.2  # s between two pose runs (5 Hz); the last result is carried in between
POSE_MAX_CARRY_S = 2.0  # s: an older pose result is not carried (posture becomes "not measured")
SMILE_MIN = 0.5  # mean of mouthSmileLeft/Right (0..1) counted as a smile (heuristic)
# Why no face was found, from what the frame shows (core.vision.framing.DARK_LEVEL is the
# live hint's "too dark" line; the same mean luma is used here).
NO_FACE_REASONS = ("too_dark", "too_far", "face_hidden", "nobody")
# A person whose shoulders span less than this share of the frame width is far from the
# camera: at ~0.13 of the frame the face is ~8 % wide, below what the face model finds on
# the downscaled frame (measured on the astronaut clip, tests/core/vision).
FAR_SHOULDER_WIDTH = 0.2
# The crop around a person's head, looked at again at full resolution when no face was
# found: a square of CROP_SHOULDERS shoulder widths centred on the nose, resized to CROP_PX.
CROP_SHOULDERS = 1.3
CROP_PX = 256

__all__ = ["ANALYSIS_WIDTH", "POSE_INTERVAL_S", "FrameAnalyzer", "FrameSignals", "recalibrate"]


def recalibrate(signals: FrameSignals, calibration: GazeCalibration | None) -> FrameSignals:
    """The same frame's measurements judged against `calibration` (None = straight ahead)."""
    cal = calibration or UNCALIBRATED
    gaze = None
    if signals.face_visible and None not in (signals.yaw_deg, signals.pitch_deg):
        gaze = judge_gaze(float(signals.yaw_deg or 0.0), float(signals.pitch_deg or 0.0),
                          float(signals.iris_x or 0.0), float(signals.iris_y or 0.0), cal)
    pose = None
    if signals.shoulder_tilt_deg is not None and signals.neck_ratio is not None:
        pose = PoseMeasure(signals.shoulder_tilt_deg, signals.neck_ratio, signals.shoulder_width or 0.0)
    posture = judge_posture(pose, signals.roll_deg, signals.face_width, cal.neck_ratio, cal.face_width,
                            cal.shoulder_tilt_deg if cal.calibrated else None)
    return replace(signals, gaze_on_camera=gaze, posture_ok=posture)


def _to_rgb_uint8(frame: np.ndarray) -> np.ndarray:
    if frame.ndim == 2:
        frame = np.stack([frame] * 3, axis=-1)
    elif frame.shape[2] == 4:
        frame = frame[:, :, :3]
    if frame.dtype != np.uint8:
        frame = np.clip(frame, 0, 255).astype(np.uint8)
    return frame


class FrameAnalyzer:
    """Face and posture signals of one stream's frames (see the module docstring)."""

    def __init__(self, settings: Any | None = None, *, calibration: GazeCalibration | None = None,
                 analysis_width: int = ANALYSIS_WIDTH, pose_interval_s: float | None = POSE_INTERVAL_S,
                 with_pose: bool = True) -> None:
        """`pose_interval_s=0` runs pose on every frame; `with_pose=False` never (posture None)."""
        import cv2  # the project's only cv2: opencv-contrib-python-headless
        import mediapipe as mp
        from mediapipe.tasks.python import BaseOptions, vision

        self._cv2 = cv2
        self._mp = mp
        self.calibration = calibration
        self.analysis_width = int(analysis_width)
        self.pose_interval_s = pose_interval_s
        self._last_ms = -1
        self._last_pose_t: float | None = None
        self._pose: tuple[PoseMeasure, float] | None = None  # last pose measure and its t_s
        # last person seen by the pose model: (nose x, nose y, shoulder width) normalised, and its t_s
        self._person: tuple[tuple[float, float, float], float] | None = None
        self._face_image: Any | None = None  # IMAGE-mode face landmarker for crops, made on first need
        self._face_options: Any = None
        self.crop_runs = 0
        self.frames = 0
        self.pose_runs = 0
        face_model = str(resolve_model_path("face", settings))
        self._face = vision.FaceLandmarker.create_from_options(vision.FaceLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=face_model),
            running_mode=vision.RunningMode.VIDEO, num_faces=1, output_face_blendshapes=True,
            output_facial_transformation_matrixes=True))
        self._face_options = vision.FaceLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=face_model), running_mode=vision.RunningMode.IMAGE,
            num_faces=1, output_face_blendshapes=True, output_facial_transformation_matrixes=True)
        self._pose_landmarker: Any | None = None
        if with_pose and pose_interval_s is not None:
            try:
                self._pose_landmarker = vision.PoseLandmarker.create_from_options(vision.PoseLandmarkerOptions(
                    base_options=BaseOptions(model_asset_path=str(resolve_model_path("pose", settings))),
                    running_mode=vision.RunningMode.VIDEO, num_poses=1))
            except Exception:  # posture is optional: gaze and face still work
                logger.exception("pose landmarker unavailable; posture will be 'not measured'")

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        """Free both landmarkers (and their dispatcher threads). Safe to call twice."""
        for name in ("_face", "_pose_landmarker", "_face_image"):
            landmarker = getattr(self, name, None)
            if landmarker is not None:
                setattr(self, name, None)
                try:
                    landmarker.close()
                except Exception:
                    logger.exception("closing %s failed", name)

    def __enter__(self) -> FrameAnalyzer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def set_calibration(self, calibration: GazeCalibration | None) -> None:
        self.calibration = calibration

    # ------------------------------------------------------------------ analysis
    def _timestamp_ms(self, t_s: float) -> int:
        ms = round(t_s * 1000.0)
        if ms <= self._last_ms:  # VIDEO mode rejects equal or older timestamps
            ms = self._last_ms + 1
        self._last_ms = ms
        return ms

    def analyze(self, rgb_frame: np.ndarray, t_s: float) -> FrameSignals:
        """The signals of one RGB frame (H×W×3 uint8) taken at `t_s` seconds."""
        if self._face is None:
            raise RuntimeError("FrameAnalyzer is closed")
        frame = _to_rgb_uint8(rgb_frame)
        height, width = frame.shape[:2]
        if width > self.analysis_width:
            small_h = max(1, round(height * self.analysis_width / width))
            small = self._cv2.resize(frame, (self.analysis_width, small_h), interpolation=self._cv2.INTER_AREA)
        else:
            small = np.ascontiguousarray(frame)
        brightness = brightness_of(small)
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=small)
        ms = self._timestamp_ms(t_s)
        self.frames += 1
        face = self._face.detect_for_video(image, ms)
        self._maybe_run_pose(image, ms, t_s, width, height)
        box = None
        if not face.face_landmarks and brightness >= DARK_LEVEL:
            # a small (far) face is below what the model finds on the downscaled frame: look
            # again at full resolution around the person the pose model found
            face, box = self._look_closer(frame, t_s)
        signals = self._face_signals(face, t_s, width, height, brightness, crop=box)
        if not signals.face_visible:
            signals = replace(signals, no_face_reason=self._no_face_reason(brightness, t_s))
        return recalibrate(signals, self.calibration)

    def _fresh_person(self, t_s: float) -> tuple[float, float, float] | None:
        if self._person is None or abs(t_s - self._person[1]) > POSE_MAX_CARRY_S:
            return None
        return self._person[0]

    def _no_face_reason(self, brightness: float, t_s: float) -> str:
        """too_dark / too_far / face_hidden / nobody, from what the frame shows."""
        if brightness < DARK_LEVEL:
            return "too_dark"
        person = self._fresh_person(t_s)
        if person is None:
            return "nobody"
        return "too_far" if person[2] < FAR_SHOULDER_WIDTH else "face_hidden"

    def _look_closer(self, frame: np.ndarray, t_s: float) -> tuple[Any, tuple[float, float, float, float] | None]:
        """Face landmarks found in a full-resolution crop around the person's head, with the
        crop box (x0, y0, x1, y1 normalised); (empty result, None) when there is no person
        or no face there either."""
        from mediapipe.tasks.python import vision

        empty = vision.FaceLandmarkerResult([], [], [])
        person = self._fresh_person(t_s)
        if person is None:
            return empty, None
        height, width = frame.shape[:2]
        nose_x, nose_y, shoulders = person
        side = max(48.0, CROP_SHOULDERS * shoulders * width)
        x0 = int(max(0, min(width - 1, nose_x * width - side / 2)))
        y0 = int(max(0, min(height - 1, nose_y * height - side / 2)))
        x1, y1 = int(min(width, x0 + side)), int(min(height, y0 + side))
        if x1 - x0 < 16 or y1 - y0 < 16:
            return empty, None
        crop = self._cv2.resize(np.ascontiguousarray(frame[y0:y1, x0:x1]), (CROP_PX, CROP_PX),
                                interpolation=self._cv2.INTER_CUBIC)
        if self._face_image is None:
            self._face_image = vision.FaceLandmarker.create_from_options(self._face_options)
        self.crop_runs += 1
        result = self._face_image.detect(self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=crop))
        if not result.face_landmarks:
            return empty, None
        return result, (x0 / width, y0 / height, x1 / width, y1 / height)

    def _maybe_run_pose(self, image: Any, ms: int, t_s: float, width: int, height: int) -> None:
        if self._pose_landmarker is None or self.pose_interval_s is None:
            return
        last = self._last_pose_t
        if last is not None and last <= t_s < last + self.pose_interval_s:
            return
        self._last_pose_t = t_s
        self.pose_runs += 1
        result = self._pose_landmarker.detect_for_video(image, ms)
        measure = measure_pose(result.pose_landmarks[0], width, height) if result.pose_landmarks else None
        self._pose = (measure, t_s) if measure is not None else None
        self._person = None
        if result.pose_landmarks and measure is not None:
            nose = result.pose_landmarks[0][0]
            self._person = ((float(nose.x), float(nose.y), float(measure.shoulder_width)), t_s)

    def _face_signals(self, face: Any, t_s: float, width: int, height: int, brightness: float,
                      crop: tuple[float, float, float, float] | None = None) -> FrameSignals:
        posture: dict[str, Any] = {}
        if self._pose is not None and abs(t_s - self._pose[1]) <= POSE_MAX_CARRY_S:
            measure, pose_t = self._pose
            posture = {"shoulder_tilt_deg": measure.shoulder_tilt_deg, "neck_ratio": measure.neck_ratio,
                       "shoulder_width": measure.shoulder_width, "pose_age_s": max(0.0, t_s - pose_t)}
        if not face.face_landmarks:
            return FrameSignals(t_s=t_s, face_visible=False, brightness=brightness, **posture)
        xy = np.array([(p.x, p.y) for p in face.face_landmarks[0]], dtype=np.float64)
        if crop is not None:  # landmarks of the crop -> the whole frame (a crop only shifts and scales)
            cx0, cy0, cx1, cy1 = crop
            xy = xy * np.array([cx1 - cx0, cy1 - cy0]) + np.array([cx0, cy0])
        x0, y0 = (float(v) for v in xy.min(axis=0))
        x1, y1 = (float(v) for v in xy.max(axis=0))
        x0, y0, x1, y1 = max(0.0, x0), max(0.0, y0), min(1.0, x1), min(1.0, y1)
        yaw = pitch = roll = None
        if face.facial_transformation_matrixes:
            yaw, pitch, roll = head_angles(np.asarray(face.facial_transformation_matrixes[0]))
        iris_x = iris_y = None
        if xy.shape[0] >= 478:  # the iris points exist only in the 478-point model
            iris_x, iris_y = iris_offsets(xy * np.array([width, height], dtype=np.float64))
        smile_score = None
        if face.face_blendshapes:
            scores = {c.category_name: c.score for c in face.face_blendshapes[0]}
            parts = [float(scores[k]) for k in ("mouthSmileLeft", "mouthSmileRight") if k in scores]
            smile_score = sum(parts) / len(parts) if parts else None
        return FrameSignals(
            t_s=t_s, face_visible=True, yaw_deg=yaw, pitch_deg=pitch, roll_deg=roll, iris_x=iris_x, iris_y=iris_y,
            smile_score=smile_score, smile=None if smile_score is None else smile_score >= SMILE_MIN,
            face_box=(x0, y0, x1, y1), face_center=((x0 + x1) / 2, (y0 + y1) / 2), face_width=x1 - x0,
            brightness=brightness, face_from_crop=crop is not None, **posture)
