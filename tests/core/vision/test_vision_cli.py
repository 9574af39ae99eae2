"""`python -m core analyze-video`: the same analyzer on a small video encoded with PyAV."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from core.cli import main
from tests.media import encode_audio, face_clip, write_face_video

TIMELINE_KEYS = {"t_s", "face_visible", "gaze_on_camera", "yaw_deg", "pitch_deg", "roll_deg", "smile", "posture_ok"}


@pytest.fixture(scope="module")
def face_video(tmp_path_factory):
    # 4 s at 15 frames/s: 2 s face (the calibration window), 1 s out of frame, 1 s face.
    path = tmp_path_factory.mktemp("video") / "answer.mp4"
    return write_face_video(path, face_clip(["face"] * 30 + ["away"] * 15 + ["face"] * 15), fps=15)


def test_analyze_video_json_reports_shares_and_the_timeline(face_video, capsys):
    assert main(["analyze-video", str(face_video), "--calibrate-first-s", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["frames"] == 60
    assert abs(data["face_visible_share"] - 45 / 60) <= 3 / 60
    assert data["camera_gaze_share"] > 0.9 and data["smile_share"] > 0.9
    assert data["processing_fps"] > 0
    assert len(data["timeline"]) == 60 and all(TIMELINE_KEYS <= set(row) for row in data["timeline"])
    assert data["timeline"][0]["t_s"] == 0.0 and data["timeline"][-1]["t_s"] == pytest.approx(59 / 15, abs=0.01)
    assert data["calibration"]["calibrated"] is True
    assert [e["kind"] for e in data["events"]] == ["face_lost"]


def test_a_file_without_a_video_track_is_one_clear_line(tmp_path):
    audio = encode_audio(tmp_path / "voice.m4a", np.zeros(16_000, np.float32), container="mp4", codec="aac")
    result = subprocess.run([sys.executable, "-m", "core", "analyze-video", str(audio), "--json"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no video track" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"", b"this is not a video at all" * 50])
def test_garbage_or_empty_files_are_a_user_error(tmp_path, capsys, content):
    path = tmp_path / "broken.webm"
    path.write_bytes(content)
    assert main(["analyze-video", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_a_missing_file_is_a_user_error(tmp_path, capsys):
    assert main(["analyze-video", str(tmp_path / "nope.mp4")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_fake_camera_y4m_file_is_valid_and_shows_the_face(tmp_path):
    from core.vision import analyze_video
    from tests.media import write_face_y4m

    path = write_face_y4m(tmp_path / "face.y4m", seconds=1.0, fps=15)
    raw = path.read_bytes()
    header, _, _ = raw.partition(b"\n")
    assert header == b"YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg"
    assert raw.count(b"FRAME\n") == 15
    assert len(raw) == len(header) + 1 + 15 * (6 + 640 * 480 * 3 // 2)
    result = analyze_video(path)  # FFmpeg reads Y4M too: the same picture Chromium will send
    assert result.summary.frames == 15 and result.summary.face_visible_share == 1.0
