"""VideoRecorder: a playable WebM with the answer's timing, frames dropped rather than buffered."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from core.capture.video import VideoRecorder


def test_frames_become_a_webm_with_the_answer_duration(tmp_path: Path):
    rec = VideoRecorder(tmp_path / "a.webm", fps=10)
    image = np.zeros((480, 640, 3), dtype=np.uint8)
    for i in range(60):  # 2 s at 30 fps offered; 10 fps kept
        image[:, :, 0] = i * 4
        rec.submit(image.copy(), i / 30)
    path = rec.close()
    assert path is not None and rec.error == ""
    with av.open(str(path)) as container:
        frames = list(container.decode(video=0))
    assert 15 <= len(frames) <= 21
    assert frames[0].width == 640 and frames[0].height == 480
    assert abs(float(frames[-1].pts * frames[-1].time_base) - 59 / 30) < 0.15


def test_no_frames_means_no_file(tmp_path: Path):
    rec = VideoRecorder(tmp_path / "a.webm")
    assert rec.close() is None


def test_submit_after_close_is_ignored(tmp_path: Path):
    rec = VideoRecorder(tmp_path / "a.webm")
    rec.submit(np.zeros((48, 64, 3), dtype=np.uint8), 0.0)
    assert rec.close() is not None
    rec.submit(np.zeros((48, 64, 3), dtype=np.uint8), 1.0)
    assert rec.frames_written == 1
