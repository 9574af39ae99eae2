"""LiveRoom: frames from WebRTC threads reach the recorder and analyzer; the answer survives."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import numpy as np

from core.live.room import LiveRoom


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeAnalyzer:
    def __init__(self) -> None:
        self.submitted: list[float] = []
        self.closed = False
        self.frame = {"t_s": 0.0, "face_visible": True, "gaze_on_camera": False, "posture_ok": True}
        self.attempts = 0
        self.error = None

    def submit(self, frame, t_s):
        self.submitted.append(t_s)

    def start_attempt(self):
        self.attempts += 1

    def stop_attempt(self):
        return [self.frame, self.frame]  # t_s from the attempt's start (the analyzer re-bases them)

    def latest(self):
        return dict(self.frame)

    def close(self):
        self.closed = True


def audio_frame(value: int = 3000) -> np.ndarray:
    return np.full((1, 1920), value, dtype=np.int16)  # 20 ms packed stereo s16


def test_audio_is_recorded_only_during_an_answer(tmp_path: Path):
    room = LiveRoom()
    for _ in range(10):
        room.on_audio(audio_frame(), 48_000, 2)
    assert room.poll().level_dbfs is not None  # the device-check meter works without recording
    room.start_answer(tmp_path / "a.wav")
    for _ in range(50):  # 1 s
        room.on_audio(audio_frame(), 48_000, 2)
    capture = room.stop_answer()
    assert capture.recording is not None and abs(capture.recording.duration_s - 1.0) < 0.01
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert w.getnframes() == 16_000


def test_video_frames_are_forwarded_with_increasing_times_and_timeline_returned(tmp_path: Path):
    clock = FakeClock()
    analyzer = FakeAnalyzer()
    room = LiveRoom(analyzer_factory=lambda: analyzer, clock=clock)
    image = np.zeros((480, 640, 3), dtype=np.uint8)
    for _ in range(3):
        room.on_video(image)
        clock.now += 0.1
    assert analyzer.submitted == sorted(analyzer.submitted) and len(analyzer.submitted) == 3
    room.start_answer(tmp_path / "a.wav")
    snap = room.poll()
    assert snap.frame_size == (640, 480) and snap.recording
    capture = room.stop_answer()
    assert len(capture.vision_timeline) == 2  # the analyzer's one timeline, nothing polled added
    assert analyzer.attempts == 1


def test_signals_report_looking_away_and_face_loss(tmp_path: Path):
    clock = FakeClock()
    analyzer = FakeAnalyzer()
    room = LiveRoom(analyzer_factory=lambda: analyzer, clock=clock)
    room.on_video(np.zeros((48, 64, 3), dtype=np.uint8))
    for _ in range(5):
        room.poll()
        clock.now += 0.5
    assert room.poll().signals.gaze_off_share == 1.0
    analyzer.frame = {"face_visible": False}
    for _ in range(12):
        clock.now += 0.5
        snap = room.poll()
    assert snap.signals.face_lost_s >= 3.0


def test_stream_end_keeps_the_answer_and_closes_the_analyzer(tmp_path: Path):
    analyzer = FakeAnalyzer()
    room = LiveRoom(analyzer_factory=lambda: analyzer)
    room.on_video(np.zeros((48, 64, 3), dtype=np.uint8))
    room.start_answer(tmp_path / "a.wav")
    for _ in range(25):
        room.on_audio(audio_frame(), 48_000, 2)
    room.on_ended()  # the connection dropped mid-answer
    assert analyzer.closed
    with wave.open(str(tmp_path / "a.wav")) as w:  # playable right now
        assert w.getnframes() > 7_000
    assert room.stop_answer().recording.duration_s > 0.45


def test_broken_analyzer_factory_does_not_stop_audio(tmp_path: Path):
    def broken():
        raise FileNotFoundError("face_landmarker.task")

    room = LiveRoom(analyzer_factory=broken)
    room.on_video(np.zeros((48, 64, 3), dtype=np.uint8))
    room.start_answer(tmp_path / "a.wav")
    room.on_audio(audio_frame(), 48_000, 2)
    assert room.stop_answer().recording.samples > 0


def test_concurrent_audio_and_polling(tmp_path: Path):
    room = LiveRoom()
    room.start_answer(tmp_path / "a.wav")
    stop = threading.Event()

    def feeder():
        for _ in range(200):
            room.on_audio(np.random.default_rng(0).integers(-8000, 8000, (1, 1920)).astype(np.int16), 48_000, 2)
        stop.set()

    th = threading.Thread(target=feeder)
    th.start()
    while not stop.is_set():
        room.poll()
    th.join()
    assert room.stop_answer().recording.samples == 200 * 960 // 3


def test_video_for_replay_is_kept_only_when_asked(tmp_path: Path):
    clock = FakeClock()
    room = LiveRoom(clock=clock)
    room.start_answer(tmp_path / "a.wav", video_path=tmp_path / "a.webm")
    for _ in range(10):
        room.on_video(np.zeros((48, 64, 3), dtype=np.uint8))
        room.on_audio(audio_frame(), 48_000, 2)
        clock.now += 0.1
    capture = room.stop_answer()
    assert capture.video_path == tmp_path / "a.webm" and capture.video_path.stat().st_size > 0
    room.start_answer(tmp_path / "b.wav")
    room.on_video(np.zeros((48, 64, 3), dtype=np.uint8))
    assert room.stop_answer().video_path is None


def test_brightness_is_sampled_for_the_light_check():
    room = LiveRoom()
    room.on_video(np.full((48, 64, 3), 20, dtype=np.uint8))
    assert room.poll().brightness == 20.0




def test_vision_rests_between_answers_but_an_answer_is_always_analysed(tmp_path):
    analyzer = FakeAnalyzer()
    room = LiveRoom(analyzer_factory=lambda: analyzer)
    frame = np.zeros((48, 64, 3), dtype=np.uint8)
    room.on_video(frame)
    room.watch(False)
    room.on_video(frame)
    assert len(analyzer.submitted) == 1  # resting: frames are counted, not analysed
    room.start_answer(tmp_path / "a.wav")
    room.on_video(frame)
    assert len(analyzer.submitted) == 2
    room.stop_answer()
    room.on_video(frame)
    assert len(analyzer.submitted) == 2 and room.poll().video_frames == 4
