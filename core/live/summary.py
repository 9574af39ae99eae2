"""The after-answer summary and other small shapes the practice page shows (pure, JSON-able).

The practice service returns an `AnswerResult` (or its `to_dict()`); the page needs a
compact view: the transcript, at most three graded observations (problems first — they
are what to work on), the follow-up to come, and camera-gaze / posture shares with a
thin timeline. Field access is lenient (dicts or objects) so a renamed optional field
degrades to "not shown" rather than breaking the page.
"""

from __future__ import annotations

from typing import Any

MAX_OBSERVATIONS = 3  # "2-3 key observations": more would turn a glance into a report
MAX_TIMELINE_POINTS = 600  # points sent to the browser for the small chart

def question_dict(question: Any) -> dict[str, Any] | None:
    """A `Question` row (or dict) as the small dict the page keeps in its flow state."""
    if question is None:
        return None
    get = question.get if isinstance(question, dict) else lambda k, d=None: getattr(question, k, d)
    return {
        "id": get("id"),
        "text": get("text", ""),
        "sources": list(get("sources", []) or []),
        "stage": get("stage", 1),
        "depth": get("depth", 0),
        "position": get("position", 0),
        "origin": get("origin", ""),
    }


def read_field(obj: Any, *names: str, default: Any = None) -> Any:
    """The first of `names` that is set on `obj` (a dict or an object), else `default`."""
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value is not None:
            return value
    return default


def answer_summary(result: Any, vision_timeline: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The compact after-answer summary: transcript, 2-3 graded observations, what comes next."""
    data = result.to_dict() if hasattr(result, "to_dict") else result
    analysis = read_field(data, "analysis", "payload", default={}) or {}
    speech = read_field(analysis, "speech", default={}) or {}
    transcript = read_field(data, "transcript", default=None) or read_field(speech, "transcript", default="") or ""
    items = (read_field(data, "feedback", "items", default=None)
             or read_field(analysis, "feedback", "items", default=[]) or [])
    graded = [i for i in items if isinstance(i, dict) and i.get("grade")]
    # Problems first (they are what to work on), then what went well; at most three.
    order = {"needs_improvement": 0, "average": 1, "good": 2}
    graded.sort(key=lambda i: order.get(str(i.get("grade")), 3))
    observations = [{"text": i.get("text", ""), "grade": i.get("grade"), "next_step": i.get("next_step", "")}
                    for i in graded[:MAX_OBSERVATIONS]]
    follow = read_field(data, "follow_up", "next_question", default=None)
    follow_text = read_field(follow, "text", default="") if follow is not None else ""
    if isinstance(follow, dict) and follow.get("ask") is False:
        follow_text = ""
    if vision_timeline is None:
        vision_timeline = read_field(data, "vision_timeline", default=[]) or []
    timeline = vision_timeline
    return {
        "attempt_id": read_field(data, "attempt_id", default=None),
        "status": read_field(data, "status", default="analyzed"),
        "error": read_field(data, "error", default="") or "",
        "transcript": transcript,
        "observations": observations,
        "follow_up": follow_text,
        "score": read_field(data, "score", default=None),
        "vision": vision_shares(timeline),
        "timeline": [
            {"t_s": f.get("t_s"), "gaze_on_camera": f.get("gaze_on_camera"), "posture_ok": f.get("posture_ok")}
            for f in timeline if f.get("t_s") is not None
        ][:MAX_TIMELINE_POINTS],
    }


def vision_shares(timeline: list[dict[str, Any]]) -> dict[str, float | None]:
    """Share of frames with camera gaze / good posture (None when not measured)."""
    faces = [f for f in timeline if f.get("face_visible")]
    gaze = [f["gaze_on_camera"] for f in faces if f.get("gaze_on_camera") is not None]
    posture = [f["posture_ok"] for f in timeline if f.get("posture_ok") is not None]
    return {
        "camera_gaze_share": (sum(1 for g in gaze if g) / len(gaze)) if gaze else None,
        "posture_ok_share": (sum(1 for p in posture if p) / len(posture)) if posture else None,
        "frames": float(len(timeline)),
    }


def head_pose_baseline(frames: list[dict[str, Any]]) -> dict[str, Any]:
    """Median yaw/pitch while the user looked at the camera (None when not measured)."""
    baseline: dict[str, Any] = {"frames": len(frames)}
    for key in ("yaw_deg", "pitch_deg"):
        values = sorted(float(f[key]) for f in frames if f.get(key) is not None)
        baseline[key] = values[len(values) // 2] if values else None
    return baseline
