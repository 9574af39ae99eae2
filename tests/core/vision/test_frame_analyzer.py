"""FrameAnalyzer on real landmarkers: visibility, head roll, posture, smile, framing, calibration."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.i18n import load_catalog
from core.vision import FrameAnalyzer, GazeCalibration, assess_framing, summarize_timeline
from tests.core.vision.conftest import FPS, MIXED, run_clip
from tests.media import face_clip

TIMELINE_KEYS = {"t_s", "face_visible", "gaze_on_camera", "yaw_deg", "pitch_deg", "roll_deg", "smile", "posture_ok"}
TRANSITION_FRAMES = 3  # the tracker may lose up to a frame or two right after a jump in the picture


def test_face_visible_share_matches_the_frames_with_a_face(clip_signals):
    signals = clip_signals("mixed")
    truth = sum(kind != "away" for kind in MIXED) / len(MIXED)
    share = sum(s.face_visible for s in signals) / len(signals)
    assert abs(share - truth) <= TRANSITION_FRAMES / len(MIXED)
    away = [s for s, kind in zip(signals, MIXED, strict=True) if kind == "away"]
    assert not any(s.face_visible for s in away)


def test_tilted_frames_show_head_roll_and_upright_frames_do_not(clip_signals):
    signals = clip_signals("mixed")
    tilted = [s for s, kind in zip(signals, MIXED, strict=True) if kind == "tilt" and s.face_visible]
    upright = [s for s, kind in zip(signals, MIXED, strict=True) if kind == "face" and s.face_visible]
    assert len(tilted) >= MIXED.count("tilt") - TRANSITION_FRAMES
    # rotated 30° counter-clockwise on screen: positive roll, well beyond the 15° limit
    rolled = [s for s in tilted if s.roll_deg is not None and s.roll_deg > 18]
    assert len(rolled) >= len(tilted) - TRANSITION_FRAMES
    share_rolled = sum(abs(s.roll_deg or 0) > 15 for s in upright) / len(upright)
    assert share_rolled <= TRANSITION_FRAMES / len(upright)


def test_posture_is_off_while_tilted_and_ok_while_upright(clip_signals):
    signals = clip_signals("mixed")
    pairs = list(zip(signals, MIXED, strict=True))
    tilted = [s.posture_ok for s, kind in pairs if kind == "tilt" and s.face_visible]
    assert sum(v is False for v in tilted) >= len(tilted) - TRANSITION_FRAMES
    first_face = [s.posture_ok for s, kind in pairs[:30]]
    assert all(v is True for v in first_face[TRANSITION_FRAMES:])


def test_the_smiling_astronaut_smiles_and_looks_at_the_camera(clip_signals):
    signals = clip_signals("face")
    assert all(s.face_visible for s in signals)
    assert all(s.smile for s in signals)
    assert all(s.gaze_on_camera for s in signals)  # uncalibrated: camera assumed straight ahead


def test_timeline_dict_has_the_contract_keys(clip_signals):
    rows = [s.to_dict() for s in clip_signals("mixed")]
    assert all(TIMELINE_KEYS <= set(row) for row in rows)
    hidden = next(row for row, kind in zip(rows, MIXED, strict=True) if kind == "away")
    assert hidden["face_visible"] is False and hidden["gaze_on_camera"] is None and hidden["smile"] is None


def test_summary_of_the_mixed_clip_points_at_face_lost_and_posture_off(clip_signals):
    summary = summarize_timeline([s.to_dict() for s in clip_signals("mixed")])
    assert summary.frames == len(MIXED)
    kinds = {event.kind: event for event in summary.events}
    lost = kinds["face_lost"]
    assert abs(lost.start_s - 30 / FPS) <= 2 / FPS and abs(lost.end_s - 60 / FPS) <= TRANSITION_FRAMES / FPS
    posture = kinds["posture_off"]
    assert abs(posture.start_s - 75 / FPS) <= TRANSITION_FRAMES / FPS
    assert abs(posture.end_s - 120 / FPS) <= TRANSITION_FRAMES / FPS
    assert summary.camera_gaze_share is not None and summary.camera_gaze_share > 0.9
    assert summary.smile_share is not None and summary.smile_share > 0.9
    data = summary.to_dict()
    assert {"frames", "face_visible_share", "camera_gaze_share", "smile_share", "posture_ok_share",
            "processing_fps", "events"} <= set(data)


def test_empty_room_is_not_measurable_with_a_reason(clip_signals):
    signals = clip_signals("empty")
    assert not any(s.face_visible for s in signals)
    summary = summarize_timeline(signals)
    assert summary.camera_gaze_share is None and summary.smile_share is None
    assert summary.reason_key in load_catalog()
    advice = assess_framing(signals[-1])
    assert not advice.ok and "vision.framing.no_face" in advice.message_keys


def test_framing_advice_for_centred_off_centre_and_dark_pictures(clip_signals):
    assert assess_framing(clip_signals("face")[-1]).ok
    left = assess_framing(clip_signals("left")[-1].to_dict())  # the dict form works too
    assert "vision.framing.off_left" in left.message_keys
    dark = assess_framing(clip_signals("dark")[-1])
    assert "vision.framing.too_dark" in dark.message_keys
    catalog = load_catalog()
    for advice in (left, dark):
        assert all(key in catalog and catalog[key]["ko"] for key in advice.message_keys)


def test_calibration_takes_the_median_pose_of_the_look_at_the_camera_frames(clip_signals):
    signals = clip_signals("face")
    calibration = GazeCalibration.from_signals(signals)
    yaws = sorted(s.yaw_deg for s in signals if s.yaw_deg is not None)
    assert calibration.calibrated and calibration.frames == len(signals)
    assert calibration.yaw_deg == pytest.approx(yaws[len(yaws) // 2], abs=0.5)
    assert GazeCalibration.from_frames([s.to_dict() for s in signals]).yaw_deg == pytest.approx(
        calibration.yaw_deg, abs=0.1)


def test_calibration_refuses_frames_without_a_face(clip_signals):
    with pytest.raises(ValueError):
        GazeCalibration.from_signals(clip_signals("empty"))


def test_gaze_is_judged_against_the_calibrated_camera_position(clip_signals):
    calibration = GazeCalibration.from_signals(clip_signals("face"))
    with FrameAnalyzer(calibration=calibration) as analyzer:
        on_camera = run_clip(["face"] * 6, analyzer)
        # The same picture, but the user had calibrated with the camera 30° to the side:
        # looking straight ahead is now looking away from the camera.
        analyzer.set_calibration(replace(calibration, yaw_deg=calibration.yaw_deg + 30))
        off_camera = [analyzer.analyze(frame, 1 + i / FPS) for i, frame in enumerate(face_clip(["face"] * 6))]
    assert all(s.gaze_on_camera for s in on_camera)
    assert not any(s.gaze_on_camera for s in off_camera)
