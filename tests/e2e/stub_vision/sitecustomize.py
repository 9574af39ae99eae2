"""Test-only stand-in for `core.vision`, loaded into the e2e server ONLY while the real
vision feature is missing (the test adds this folder to PYTHONPATH in that case).

It lets the browser test prove the plumbing — camera frames -> LiveRoom -> analyzer ->
per-answer timeline -> PracticeService -> database and summary on the page — with a
trivial per-frame rule: "a face is visible" when the centre of the picture has texture
(the astronaut photo) rather than a flat background. It judges nothing else; gaze and
posture are reported as on-camera / upright. Never used by the app itself.
"""

from __future__ import annotations

import sys
import threading
import types
from typing import Any

MAX_FRAMES = 2000


class LiveAnalyzer:
    def __init__(self, settings: Any = None) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, Any] | None = None
        self._frames: list[dict[str, Any]] | None = None

    def submit(self, frame: Any, t_s: float) -> None:
        h, w = frame.shape[:2]
        centre = frame[h // 4: 3 * h // 4: 4, w // 4: 3 * w // 4: 4]
        face = bool(centre.std() > 20)
        row = {"t_s": round(float(t_s), 3), "face_visible": face, "gaze_on_camera": True if face else None,
               "yaw_deg": 0.0, "pitch_deg": 0.0, "roll_deg": 0.0, "smile": None, "posture_ok": True if face else None}
        with self._lock:
            self._latest = row
            if self._frames is not None and len(self._frames) < MAX_FRAMES:
                self._frames.append(row)

    def start_attempt(self) -> None:
        with self._lock:
            self._frames = []

    def stop_attempt(self) -> list[dict[str, Any]]:
        with self._lock:
            frames, self._frames = self._frames or [], None
        return frames

    def latest(self) -> dict[str, Any] | None:
        with self._lock:
            return self._latest

    def close(self) -> None:
        pass


module = types.ModuleType("core.vision")
module.LiveAnalyzer = LiveAnalyzer  # type: ignore[attr-defined]
module.__stub__ = True  # type: ignore[attr-defined]
sys.modules["core.vision"] = module
