"""Device-check verdicts and the calibration baseline (pure)."""

from __future__ import annotations

from core.live.device import calibration_baseline, camera_advice, head_pose_baseline, mic_verdict
from core.live.hints import LiveSignals
from core.live.room import RoomSnapshot
from core.vision.gaze import GazeCalibration


def _snap(**kw) -> RoomSnapshot:
    base = {"video_frames": 10, "audio_frames": 0, "level_dbfs": None, "recording": False, "answer_elapsed_s": 0.0,
            "latest_vision": None, "signals": LiveSignals(), "brightness": 120.0, "vision": "starting"}
    return RoomSnapshot(**(base | kw))


def test_microphone_verdicts():
    assert mic_verdict(None) == (0.0, "waiting")
    assert mic_verdict(-30.0)[1] == "ok" and mic_verdict(-50.0)[1] == "quiet" and mic_verdict(-1.0)[1] == "too_loud"
    assert 0.0 < mic_verdict(-30.0)[0] < 1.0


def test_camera_says_the_analysis_is_starting_while_models_load_then_gives_framing_advice():
    assert camera_advice(_snap(video_frames=0)) == ("practice.device.camera_waiting",)
    assert camera_advice(_snap()) == ("redesign.device.vision_starting",)
    assert camera_advice(_snap(vision="unavailable")) == ("practice.device.framing_unavailable",)
    assert camera_advice(_snap(brightness=20.0)) == ("practice.device.too_dark",)
    centred = {"face_visible": True, "face_box": (0.35, 0.3, 0.65, 0.7), "brightness": 120.0}
    assert camera_advice(_snap(vision="ready", latest_vision=centred)) == ("vision.framing.ok",)
    assert camera_advice(_snap(vision="ready", latest_vision={"face_visible": False})) == ("vision.framing.no_face",)


def test_calibration_baseline_prefers_the_analyzers_calibration_and_says_when_it_failed():
    frames = [{"face_visible": True, "yaw_deg": 4.0, "pitch_deg": -2.0}, {"face_visible": True, "yaw_deg": 2.0},
              {"face_visible": False, "yaw_deg": 30.0}]
    assert head_pose_baseline(frames[:2]) == {"frames": 2, "yaw_deg": 4.0, "pitch_deg": -2.0}
    failed = calibration_baseline(frames, None)
    assert failed["calibrated"] is False and failed["yaw_deg"] == 4.0
    made = calibration_baseline(frames, GazeCalibration.from_frames([frames[0]] * 5))
    assert made["calibrated"] is True and made["frames"] == 5
