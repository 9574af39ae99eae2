"""Video as phones and webcams deliver it: a rotation flag, a dim room, a face far away."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.feedback.delivery import camera_feedback
from core.i18n import t
from core.vision import FrameAnalyzer
from core.vision.summary import summarize_timeline
from core.vision.video import analyze_video
from tests.media import FACE_H, FACE_W, _astronaut_crop, empty_room_frame, face_frame

FPS = 15


def _write(path: Path, frames: list[np.ndarray], rotation: int = 0) -> Path:
    import av

    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("mpeg4", rate=FPS)
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = "yuv420p"
        stream.bit_rate = 2_000_000
        if rotation:
            stream.set_display_rotation(rotation)
        for frame in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(frame), format="rgb24")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def far_frame(scale: float = 0.6) -> np.ndarray:
    """The astronaut shrunk so the face is about 8 % of the frame width, seated low in the picture."""
    import cv2

    frame = empty_room_frame().copy()
    crop = _astronaut_crop()
    small = cv2.resize(crop, (int(crop.shape[1] * scale), int(crop.shape[0] * scale)), interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    x0, y0 = (FACE_W - w) // 2, FACE_H - h - 40
    frame[y0:y0 + h, x0:x0 + w] = small
    return frame


def test_a_phone_video_with_a_rotation_flag_is_analysed_upright(tmp_path):
    # stored as the phone's sensor wrote it (turned a quarter clockwise) plus a 90° display matrix
    stored = [np.rot90(face_frame(), k=-1) for _ in range(FPS * 2)]
    result = analyze_video(_write(tmp_path / "phone.mp4", stored, rotation=90))
    assert result.summary.face_visible_share == 1.0
    assert abs(result.summary.roll_mean_deg or 99) < 10  # upright, not sideways
    assert (result.summary.posture_ok_share or 0) >= 0.8
    sideways = analyze_video(_write(tmp_path / "no_flag.mp4", stored))
    assert abs(sideways.summary.roll_mean_deg or 0) > 45 or (sideways.summary.face_visible_share or 0) < 1.0


def dim_frame(seed: int) -> np.ndarray:
    """An evening room lit by the screen: the picture at 7 % of its light plus sensor noise
    (mean luma ~11; the face model stops finding the face below ~15)."""
    noise = np.random.default_rng(seed).normal(0, 4, face_frame().shape)
    return np.clip(face_frame().astype(np.float32) * 0.07 + noise, 0, 255).astype(np.uint8)


def test_a_dim_room_is_too_dark_not_out_of_frame(tmp_path):
    dim = [dim_frame(i) for i in range(FPS * 2)]
    result = analyze_video(_write(tmp_path / "dim.mp4", dim))
    assert result.summary.face_visible_share == 0.0
    assert result.summary.reason_key == "vision.summary.too_dark"
    assert [e.kind for e in result.summary.events] == ["too_dark"]
    assert {s.no_face_reason for s in result.signals} == {"too_dark"}
    items, _score = camera_feedback(result.summary, "ko")
    face_item = next(i for i in items if i.key == "camera.face_visible_share")
    assert face_item.next_step == t("fb.camera.face_visible_share.too_dark.next", "ko")


def test_a_small_face_far_from_the_camera_is_found_in_a_crop_around_the_person():
    with FrameAnalyzer() as analyzer:
        signals = [analyzer.analyze(far_frame(), i / FPS) for i in range(FPS)]
        crops = analyzer.crop_runs
    found = [s for s in signals if s.face_visible]
    assert len(found) >= len(signals) - 2  # the first frame may come before the first pose result
    assert all(s.face_from_crop for s in found) and crops >= len(found)
    width = float(np.median([s.face_width for s in found]))
    assert 0.06 <= width <= 0.11
    x0, y0, x1, _y1 = found[-1].face_box or (0, 0, 0, 0)
    assert 0.4 < (x0 + x1) / 2 < 0.6 and y0 > 0.4  # mapped back to where the face is in the frame


def test_an_empty_room_is_nobody_there():
    with FrameAnalyzer() as analyzer:
        signals = [analyzer.analyze(empty_room_frame(), i / FPS) for i in range(FPS * 2)]
    assert {s.no_face_reason for s in signals} == {"nobody"}
    summary = summarize_timeline(signals)
    assert summary.reason_key == "vision.summary.no_face"
    assert [e.kind for e in summary.events] == ["face_lost"]


@pytest.mark.parametrize(("reason", "event"), [("too_dark", "too_dark"), ("too_far", "too_far"),
                                               ("nobody", "face_lost"), ("face_hidden", "face_lost")])
def test_missing_face_events_follow_the_reason(reason, event):
    rows = [{"t_s": 0.0, "face_visible": True}] + [
        {"t_s": i / FPS, "face_visible": False, "no_face_reason": reason} for i in range(1, FPS * 2)] + [
        {"t_s": 2.5, "face_visible": True}]
    assert [e.kind for e in summarize_timeline(rows).events] == [event]
