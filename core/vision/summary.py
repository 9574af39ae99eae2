"""Summaries of a per-frame vision timeline, with events the report can point at."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

GAZE_AWAY_MIN_S = 2.0  # s: shorter glances away are normal thinking, not lost eye contact
FACE_LOST_MIN_S = 1.0  # s: out of frame this long is worth pointing at (a blink is not)
POSTURE_OFF_MIN_S = 2.0  # s: bad posture must persist (pose-guard's default, TECH_NOTES §2)


# A frame without a face is one of these events, by the reason the analyzer saw
# (FrameSignals.no_face_reason): the user is told what to change, not "you left the frame"
# when the room was too dark or the camera too far.
NO_FACE_EVENT = {"too_dark": "too_dark", "too_far": "too_far", "face_hidden": "face_lost", "nobody": "face_lost",
                 None: "face_lost"}


@dataclass(frozen=True)
class VisionEvent:
    kind: str  # "gaze_away" | "face_lost" | "too_dark" | "too_far" | "posture_off"
    start_s: float
    end_s: float

    def to_dict(self) -> dict[str, Any]:
        return {"start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2), "kind": self.kind}


@dataclass(frozen=True)
class VisionSummary:
    """Shares are fractions 0..1; None = not measurable (`reason_key` says why)."""

    frames: int
    face_visible_share: float | None
    camera_gaze_share: float | None
    smile_share: float | None
    posture_ok_share: float | None
    processing_fps: float | None = None
    yaw_mean_deg: float | None = None
    yaw_var_deg2: float | None = None
    pitch_mean_deg: float | None = None
    pitch_var_deg2: float | None = None
    roll_mean_deg: float | None = None
    roll_var_deg2: float | None = None
    events: tuple[VisionEvent, ...] = field(default_factory=tuple)
    reason_key: str | None = None

    @property
    def measurable(self) -> bool:
        return self.reason_key is None

    def to_dict(self) -> dict[str, Any]:
        def r(value: float | None, digits: int = 3) -> float | None:
            return None if value is None else round(value, digits)

        return {"frames": self.frames, "face_visible_share": r(self.face_visible_share),
                "camera_gaze_share": r(self.camera_gaze_share), "smile_share": r(self.smile_share),
                "posture_ok_share": r(self.posture_ok_share), "processing_fps": r(self.processing_fps, 1),
                "head": {"yaw_mean_deg": r(self.yaw_mean_deg, 1), "yaw_var_deg2": r(self.yaw_var_deg2, 1),
                         "pitch_mean_deg": r(self.pitch_mean_deg, 1), "pitch_var_deg2": r(self.pitch_var_deg2, 1),
                         "roll_mean_deg": r(self.roll_mean_deg, 1), "roll_var_deg2": r(self.roll_var_deg2, 1)},
                "events": [e.to_dict() for e in self.events], "reason_key": self.reason_key}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VisionSummary:
        """A summary stored with `to_dict()` (older rows may lack `head`, `events` or `reason_key`)."""
        def num(value: Any) -> float | None:
            return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

        stored_head = data.get("head")
        head: Mapping[str, Any] = stored_head if isinstance(stored_head, Mapping) else {}
        events = tuple(VisionEvent(kind=str(e.get("kind") or ""), start_s=num(e.get("start_s")) or 0.0,
                                   end_s=num(e.get("end_s")) or 0.0)
                       for e in data.get("events") or () if isinstance(e, Mapping))
        reason = data.get("reason_key")
        return cls(frames=int(num(data.get("frames")) or 0), face_visible_share=num(data.get("face_visible_share")),
                   camera_gaze_share=num(data.get("camera_gaze_share")), smile_share=num(data.get("smile_share")),
                   posture_ok_share=num(data.get("posture_ok_share")), processing_fps=num(data.get("processing_fps")),
                   **{k: num(head.get(k)) for k in ("yaw_mean_deg", "yaw_var_deg2", "pitch_mean_deg",
                                                    "pitch_var_deg2", "roll_mean_deg", "roll_var_deg2")},
                   events=events, reason_key=str(reason) if reason else None)


def _rows(timeline: Sequence[Any]) -> list[Mapping[str, Any]]:
    rows: list[Mapping[str, Any]] = []
    for item in timeline:
        rows.append(item if isinstance(item, Mapping) else item.to_dict())
    return sorted(rows, key=lambda f: float(f.get("t_s") or 0.0))


def _share(rows: Sequence[Mapping[str, Any]], key: str) -> float | None:
    values = [bool(f[key]) for f in rows if f.get(key) is not None]
    return sum(values) / len(values) if values else None


def _spans(rows: Sequence[Mapping[str, Any]], kind: str, is_bad: Callable[[Mapping[str, Any]], bool | None],
           min_s: float) -> list[VisionEvent]:
    """Runs of frames where is_bad() is True lasting ≥ min_s. None (unknown) frames neither
    start nor break a run. A run ends at the first good frame's time (or the last frame)."""
    events: list[VisionEvent] = []
    start: float | None = None
    last_bad = 0.0
    for row in rows:
        t_s = float(row.get("t_s") or 0.0)
        bad = is_bad(row)
        if bad is None:
            continue
        if bad:
            if start is None:
                start = t_s
            last_bad = t_s
        elif start is not None:
            if t_s - start >= min_s:
                events.append(VisionEvent(kind, start, t_s))
            start = None
    if start is not None and last_bad - start >= min_s:
        events.append(VisionEvent(kind, start, last_bad))
    return events


def _gaze_away(row: Mapping[str, Any]) -> bool | None:
    if not row.get("face_visible"):
        return None
    gaze = row.get("gaze_on_camera")
    return None if gaze is None else not gaze


def _posture_off(row: Mapping[str, Any]) -> bool | None:
    value = row.get("posture_ok")
    return None if value is None else not value


def _missing_face(kind: str) -> Callable[[Mapping[str, Any]], bool | None]:
    """Frame test for one no-face event kind (see NO_FACE_EVENT)."""

    def test(row: Mapping[str, Any]) -> bool | None:
        return not row.get("face_visible") and NO_FACE_EVENT.get(row.get("no_face_reason"), "face_lost") == kind

    return test


def _mean_var(rows: Sequence[Mapping[str, Any]], key: str) -> tuple[float | None, float | None]:
    values = [float(f[key]) for f in rows if f.get(key) is not None]
    if not values:
        return None, None
    return statistics.fmean(values), statistics.pvariance(values) if len(values) > 1 else 0.0


def summarize_timeline(timeline: Sequence[Any], *, processing_fps: float | None = None) -> VisionSummary:
    """Shares, head-angle statistics and events of one answer's timeline (dicts or FrameSignals).

    Gaze, smile and head angles are shares of the frames WITH a face; face_visible_share
    is over all frames. No frames or no face at all → shares None and a reason key."""
    rows = _rows(timeline)
    if not rows:
        return VisionSummary(0, None, None, None, None, processing_fps, reason_key="vision.summary.no_frames")
    face_rows = [f for f in rows if f.get("face_visible")]
    face_share = len(face_rows) / len(rows)
    face_lost: list[VisionEvent] = []
    for kind in ("face_lost", "too_dark", "too_far"):
        face_lost += _spans(rows, kind, _missing_face(kind), FACE_LOST_MIN_S)
    face_lost.sort(key=lambda e: e.start_s)
    if not face_rows:
        reasons = [NO_FACE_EVENT.get(f.get("no_face_reason"), "face_lost") for f in rows]
        common = max(("too_dark", "too_far", "face_lost"), key=reasons.count)
        key = {"too_dark": "vision.summary.too_dark", "too_far": "vision.summary.too_far"}.get(
            common, "vision.summary.no_face")
        return VisionSummary(len(rows), 0.0, None, None, None, processing_fps,
                             events=tuple(face_lost), reason_key=key)
    yaw = _mean_var(face_rows, "yaw_deg")
    pitch = _mean_var(face_rows, "pitch_deg")
    roll = _mean_var(face_rows, "roll_deg")
    events = (_spans(rows, "gaze_away", _gaze_away, GAZE_AWAY_MIN_S) + face_lost
              + _spans(rows, "posture_off", _posture_off, POSTURE_OFF_MIN_S))
    events.sort(key=lambda e: (e.start_s, e.kind))
    return VisionSummary(
        frames=len(rows), face_visible_share=face_share, camera_gaze_share=_share(face_rows, "gaze_on_camera"),
        smile_share=_share(face_rows, "smile"), posture_ok_share=_share(rows, "posture_ok"),
        processing_fps=processing_fps, yaw_mean_deg=yaw[0], yaw_var_deg2=yaw[1], pitch_mean_deg=pitch[0],
        pitch_var_deg2=pitch[1], roll_mean_deg=roll[0], roll_var_deg2=roll[1], events=tuple(events))
