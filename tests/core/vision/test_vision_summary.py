"""summarize_timeline on hand-made timelines: shares, events with start/end, not-measurable."""

from __future__ import annotations

from core.i18n import load_catalog
from core.vision import summarize_timeline

FPS = 10


def frames(spec: list[tuple[int, dict]]) -> list[dict]:
    """[(count, fields)] -> per-frame dicts at FPS, face visible and on camera unless overridden."""
    rows: list[dict] = []
    for count, fields in spec:
        for _ in range(count):
            base = {"t_s": len(rows) / FPS, "face_visible": True, "gaze_on_camera": True, "yaw_deg": 0.0,
                    "pitch_deg": 10.0, "roll_deg": 0.0, "smile": False, "posture_ok": True}
            if fields.get("face_visible") is False:
                base.update(gaze_on_camera=None, yaw_deg=None, pitch_deg=None, roll_deg=None, smile=None)
            base.update(fields)
            rows.append(base)
    return rows


def test_gaze_away_of_at_least_two_seconds_becomes_an_event_with_its_span():
    timeline = frames([(20, {}), (30, {"gaze_on_camera": False}), (20, {})])
    summary = summarize_timeline(timeline)
    (event,) = summary.events
    assert event.kind == "gaze_away" and event.start_s == 2.0 and event.end_s == 5.0
    assert summary.camera_gaze_share == 40 / 70


def test_short_glances_away_are_not_events():
    timeline = frames([(20, {}), (15, {"gaze_on_camera": False}), (20, {}), (5, {"gaze_on_camera": False}), (10, {})])
    assert summarize_timeline(timeline).events == ()


def test_face_lost_and_posture_off_spans():
    timeline = frames([(10, {}), (12, {"face_visible": False}), (10, {}), (25, {"posture_ok": False}), (5, {})])
    summary = summarize_timeline(timeline)
    by_kind = {e.kind: (e.start_s, e.end_s) for e in summary.events}
    assert by_kind == {"face_lost": (1.0, 2.2), "posture_off": (3.2, 5.7)}
    assert summary.face_visible_share == 50 / 62


def test_shares_of_gaze_and_smile_count_only_frames_with_a_face():
    timeline = frames([(10, {"smile": True}), (10, {"face_visible": False})])
    summary = summarize_timeline(timeline)
    assert summary.smile_share == 1.0 and summary.camera_gaze_share == 1.0 and summary.face_visible_share == 0.5


def test_head_angle_mean_and_variance():
    timeline = frames([(5, {"yaw_deg": -10.0}), (5, {"yaw_deg": 10.0})])
    summary = summarize_timeline(timeline)
    assert summary.yaw_mean_deg == 0.0 and summary.yaw_var_deg2 == 100.0


def test_no_frames_or_no_face_is_not_measurable_never_zero():
    for timeline in ([], frames([(10, {"face_visible": False})])):
        summary = summarize_timeline(timeline)
        assert summary.camera_gaze_share is None and summary.smile_share is None
        assert summary.reason_key in load_catalog()
        assert summary.to_dict()["reason_key"] == summary.reason_key


def test_summary_dict_has_the_contract_shape():
    data = summarize_timeline(frames([(30, {})]), processing_fps=42.0).to_dict()
    assert {"frames", "face_visible_share", "camera_gaze_share", "smile_share", "posture_ok_share",
            "processing_fps", "events"} <= set(data)
    assert data["processing_fps"] == 42.0 and data["frames"] == 30
