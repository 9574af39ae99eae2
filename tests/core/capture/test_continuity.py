"""The live recording keeps the stream's clock: repeated frames dropped, lost audio as silence."""

from __future__ import annotations

import numpy as np

from core.capture.continuity import AudioContinuity
from core.speech.types import Transcript, Word

RATE = 48_000
FRAME = 960  # 20 ms at 48 kHz, what aiortc's Opus decoder delivers


def _written(events: list[tuple[int | None, int]]) -> tuple[int, AudioContinuity]:
    clock = AudioContinuity()
    total = 0
    for pts, n in events:
        placement = clock.place(pts, n, RATE)
        if placement.write:
            total += placement.silence + n
    return total, clock


def test_an_in_order_stream_is_written_as_is():
    total, clock = _written([(1000 + k * FRAME, FRAME) for k in range(50)])
    assert total == 50 * FRAME and clock.duplicates == 0 and clock.lost_s == 0


def test_every_frame_delivered_twice_is_written_once():
    events = [(k * FRAME, FRAME) for k in range(50) for _ in range(2)]
    total, clock = _written(events)
    assert total == 50 * FRAME
    assert clock.duplicates == 50


def test_lost_frames_become_silence_of_the_same_length():
    events = [(k * FRAME, FRAME) for k in range(50) if not 10 <= k < 20]
    total, clock = _written(events)
    assert total == 50 * FRAME  # the answer keeps its length: later words keep their times
    assert abs(clock.lost_s - 10 * FRAME / RATE) < 1e-9


def test_a_jump_of_the_clock_is_a_new_stream_not_a_loss():
    events = [(k * FRAME, FRAME) for k in range(10)] + [(10**9 + k * FRAME, FRAME) for k in range(10)]
    total, clock = _written(events)
    assert total == 20 * FRAME and clock.lost_s == 0 and clock.resyncs == 1
    restarted = [(10**9 + k * FRAME, FRAME) for k in range(10)] + [(k * FRAME, FRAME) for k in range(10)]
    total, clock = _written(restarted)
    assert total == 20 * FRAME and clock.duplicates == 0 and clock.resyncs == 1


def test_frames_without_a_time_stamp_are_written():
    total, _ = _written([(None, FRAME)] * 5)
    assert total == 5 * FRAME


def test_the_room_records_a_doubled_stream_at_its_true_length(tmp_path):
    from core.live.room import LiveRoom

    room = LiveRoom()
    room.start_answer(tmp_path / "a.wav")
    tone = (np.sin(np.arange(FRAME) / 5) * 8000).astype(np.int16).reshape(1, -1)
    for k in range(100):  # 2 s of audio, each frame delivered twice
        for _ in range(2):
            room.on_audio(tone, RATE, 1, pts=k * FRAME)
    capture = room.stop_answer()
    assert capture.recording is not None
    assert abs(capture.recording.duration_s - 2.0) < 0.05
    assert room.audio_continuity[0] == 100


def test_a_decoding_loop_is_recognised_and_ordinary_repetition_is_not():
    def transcript(text: str) -> Transcript:
        return Transcript.from_words([Word(w, i * 0.3, i * 0.3 + 0.2) for i, w in enumerate(text.split())], "en")

    assert transcript("I'm so sorry, I'm so sorry, I'm so sorry.").has_decoding_loop()
    assert transcript("we have a system that has a system that has a system that has a system").has_decoding_loop()
    assert not transcript("It was very, very, very slow, so I rewrote the cache.").has_decoding_loop()
    assert not transcript("I think, I think the main point was the cache.").has_decoding_loop()
    assert not transcript("In my last role I led a team of four engineers.").has_decoding_loop()
