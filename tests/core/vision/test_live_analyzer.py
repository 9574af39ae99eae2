"""LiveAnalyzer: newest-frame mailbox (stale frames dropped, nothing queues), timelines per
attempt, lazy analyzer creation and close. Deterministic: a fake analyzer blocks on an Event."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from core.vision import FrameSignals, LiveAnalyzer
from tests.media import face_clip

WAIT_S = 30.0  # generous upper bound for waiting on the worker (never a timing assertion)


class GatedAnalyzer:
    """Records the t_s it analysed; blocks in analyze() until `gate` is set."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.seen: list[float] = []
        self.closed = False

    def analyze(self, frame: np.ndarray, t_s: float) -> FrameSignals:
        self.entered.set()
        self.gate.wait(WAIT_S)
        self.seen.append(t_s)
        return FrameSignals(t_s=t_s, face_visible=True, gaze_on_camera=True, posture_ok=True)

    def set_calibration(self, calibration: object) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def wait_until(predicate, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("the worker did not get there")
        time.sleep(0.005)


def test_a_busy_worker_keeps_only_the_newest_frame():
    fake = GatedAnalyzer()
    live = LiveAnalyzer(analyzer_factory=lambda: fake)
    frame = np.zeros((4, 4, 3), np.uint8)
    live.submit(frame, 0.0)
    assert fake.entered.wait(WAIT_S)  # the worker is now stuck on frame 0
    for i in range(1, 500):
        live.submit(frame, i / 30)
    stats = live.stats()
    assert stats["pending"] is True and stats["dropped"] == 498  # one slot, never a queue
    fake.gate.set()
    wait_until(lambda: live.stats()["analysed"] == 2)
    live.close()
    assert fake.seen == [0.0, pytest.approx(499 / 30)]  # frames 1..498 were stale and skipped
    assert fake.closed


def test_attempt_timeline_holds_only_frames_of_that_attempt():
    fake = GatedAnalyzer()
    fake.gate.set()
    with LiveAnalyzer(analyzer_factory=lambda: fake) as live:
        frame = np.zeros((4, 4, 3), np.uint8)
        live.submit(frame, 0.0)
        wait_until(lambda: live.stats()["analysed"] == 1)
        live.start_attempt()
        for i in range(1, 4):
            live.submit(frame, float(i))
            wait_until(lambda i=i: live.stats()["analysed"] == i + 1)
        timeline = live.stop_attempt()
        assert len(timeline) == 3
        assert all({"t_s", "face_visible", "gaze_on_camera", "posture_ok"} <= set(row) for row in timeline)
        assert live.stop_attempt() == []  # collecting stopped
        assert live.latest() is not None and live.latest()["face_visible"] is True


def test_analyzer_is_created_lazily_and_closed_on_close():
    created: list[GatedAnalyzer] = []

    def factory() -> GatedAnalyzer:
        created.append(GatedAnalyzer())
        created[-1].gate.set()
        return created[-1]

    live = LiveAnalyzer(analyzer_factory=factory)
    assert created == [] and live.latest() is None
    live.submit(np.zeros((4, 4, 3), np.uint8), 0.0)
    wait_until(lambda: live.stats()["analysed"] == 1)
    live.close()
    assert len(created) == 1 and created[0].closed
    live.submit(np.zeros((4, 4, 3), np.uint8), 1.0)  # after close: ignored, no new worker
    assert len(created) == 1


def test_a_failing_model_leaves_the_room_running_without_vision():
    def broken() -> GatedAnalyzer:
        raise RuntimeError("no model")

    live = LiveAnalyzer(analyzer_factory=broken)
    live.submit(np.zeros((4, 4, 3), np.uint8), 0.0)
    wait_until(lambda: live.stats()["error"] is not None)
    live.submit(np.zeros((4, 4, 3), np.uint8), 1.0)  # must not raise on the callback thread
    live.close()
    assert live.latest() is None


def test_real_landmarkers_through_the_live_path():
    with LiveAnalyzer() as live:
        live.start_attempt()
        for i, frame in enumerate(face_clip(["face"] * 5 + ["away"] * 5)):
            live.submit(frame, i / 15)
            wait_until(lambda i=i: live.stats()["analysed"] == i + 1)
        timeline = live.stop_attempt()
    assert [row["face_visible"] for row in timeline][:4] == [True] * 4
    assert [row["face_visible"] for row in timeline][-4:] == [False] * 4
