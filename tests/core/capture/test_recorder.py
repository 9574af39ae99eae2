"""AnswerRecorder: streaming WAV that stays playable, correct resampling, listener chunks, levels."""

from __future__ import annotations

import shutil
import threading
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from core.capture import AnswerRecorder, LevelMeter, StreamingResampler, dbfs, repair_wav, to_mono_float

FRAME = 960  # samples per aiortc Opus frame at 48 kHz (20 ms)


def stereo_s16_frames(freq_hz: float, seconds: float, rate: int = 48_000, amp: float = 0.5):
    """Packed s16 stereo frames shaped like aiortc's `frame.to_ndarray()`: (1, 2 * n)."""
    t = np.arange(int(rate * seconds)) / rate
    mono = (amp * np.sin(2 * np.pi * freq_hz * t) * 32767).astype(np.int16)
    inter = np.repeat(mono, 2)
    for i in range(0, len(mono), FRAME):
        yield inter[2 * i : 2 * (i + FRAME)].reshape(1, -1)


def dominant_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


def test_recording_48k_stereo_becomes_16k_mono_with_same_pitch_and_duration(tmp_path: Path):
    rec = AnswerRecorder(tmp_path / "a.wav")
    for frame in stereo_s16_frames(440.0, 2.0):
        rec.write(frame, 48_000, channels=2)
    info = rec.close()
    data, rate = sf.read(tmp_path / "a.wav")
    assert rate == 16_000 and data.ndim == 1
    assert len(data) == 32_000 == info.samples
    assert info.duration_s == pytest.approx(2.0)
    assert dominant_hz(data, rate) == pytest.approx(440.0, abs=1.0)


@pytest.mark.parametrize("rate", [44_100, 32_000, 16_000, 8_000])
def test_other_input_rates_keep_pitch_and_duration(tmp_path: Path, rate: int):
    rec = AnswerRecorder(tmp_path / "a.wav")
    for frame in stereo_s16_frames(300.0, 1.0, rate=rate):
        rec.write(frame, rate, channels=2)
    rec.close()
    data, out_rate = sf.read(tmp_path / "a.wav")
    assert abs(len(data) - 16_000) <= 1
    assert dominant_hz(data, out_rate) == pytest.approx(300.0, abs=1.5)


def test_chunked_resampling_equals_whole_signal_resampling():
    x = np.random.default_rng(0).standard_normal(48_000 // 2) * 0.1
    whole = StreamingResampler(48_000, 16_000)
    expected = np.concatenate([whole.process(x), whole.finish()])
    chunked = StreamingResampler(48_000, 16_000)
    sizes = [1, 7, 960, 333, 5000]
    parts, pos, i = [], 0, 0
    while pos < len(x):
        parts.append(chunked.process(x[pos : pos + sizes[i % len(sizes)]]))
        pos += sizes[i % len(sizes)]
        i += 1
    got = np.concatenate([*parts, chunked.finish()])
    np.testing.assert_allclose(got, expected, atol=1e-6)


def test_resampled_sine_is_not_delayed():
    rate = 48_000
    t = np.arange(rate) / rate
    r = StreamingResampler(rate, 16_000)
    y = np.concatenate([r.process(0.5 * np.sin(2 * np.pi * 200 * t)), r.finish()])
    ref = 0.5 * np.sin(2 * np.pi * 200 * np.arange(len(y)) / 16_000)
    assert np.abs(y[100:-100] - ref[100:-100]).max() < 1e-3


def test_file_is_playable_mid_answer_without_close(tmp_path: Path):
    """A crash mid-answer leaves a valid WAV holding audio up to the last header update."""
    rec = AnswerRecorder(tmp_path / "a.wav", header_update_s=0.5)
    for frame in stereo_s16_frames(440.0, 1.3):
        rec.write(frame, 48_000, channels=2)
    # Simulate the process dying: copy the file as it is on disk now.
    copy = tmp_path / "crash.wav"
    shutil.copy(tmp_path / "a.wav", copy)
    with wave.open(str(copy)) as w:
        assert w.getframerate() == 16_000 and w.getnchannels() == 1
        assert w.getnframes() >= 16_000  # at least 1.0 s of the 1.3 s is declared
    rec.close()


def test_flush_makes_header_exact(tmp_path: Path):
    rec = AnswerRecorder(tmp_path / "a.wav", header_update_s=60)
    for frame in stereo_s16_frames(440.0, 0.5):
        rec.write(frame, 48_000, channels=2)
    rec.flush()
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert w.getnframes() == round(rec.duration_s * 16_000)
    rec.close()


def test_repair_wav_recovers_audio_cut_off_mid_write(tmp_path: Path):
    rec = AnswerRecorder(tmp_path / "a.wav", header_update_s=60)  # header never updated
    for frame in stereo_s16_frames(440.0, 1.0):
        rec.write(frame, 48_000, channels=2)
    rec._file.flush()
    raw = (tmp_path / "a.wav").read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(raw[:-1])  # half a sample at the end, header says 0 frames
    info = repair_wav(cut)
    assert info is not None and info.samples == (len(raw) - 1 - 44) // 2
    data, rate = sf.read(cut)
    assert rate == 16_000 and len(data) == info.samples
    assert dominant_hz(data, rate) == pytest.approx(440.0, abs=1.0)
    rec.close()


def test_repair_wav_leaves_non_wav_files_alone(tmp_path: Path):
    junk = tmp_path / "x.wav"
    junk.write_bytes(b"not a wav at all")
    assert repair_wav(junk) is None
    assert junk.read_bytes() == b"not a wav at all"
    assert repair_wav(tmp_path / "missing.wav") is None


def test_listener_receives_all_audio_in_16k_chunks(tmp_path: Path):
    chunks: list[np.ndarray] = []
    rec = AnswerRecorder(tmp_path / "a.wav", listener=chunks.append, listener_chunk_s=0.25)
    for frame in stereo_s16_frames(440.0, 1.0):
        rec.write(frame, 48_000, channels=2)
    rec.close()
    assert sum(len(c) for c in chunks) == 16_000
    assert all(c.dtype == np.float32 for c in chunks)
    assert all(len(c) >= 4000 for c in chunks[:-1])


def test_failing_listener_never_stops_the_recording(tmp_path: Path):
    def broken(_chunk: np.ndarray) -> None:
        raise RuntimeError("transcriber bug")

    rec = AnswerRecorder(tmp_path / "a.wav", listener=broken, listener_chunk_s=0.1)
    for frame in stereo_s16_frames(440.0, 0.5):
        rec.write(frame, 48_000, channels=2)
    assert rec.close().samples == 8000


def test_writes_from_several_threads_are_not_lost(tmp_path: Path):
    rec = AnswerRecorder(tmp_path / "a.wav")
    frame = np.zeros((1, 2 * FRAME), dtype=np.int16)

    def worker() -> None:
        for _ in range(50):
            rec.write(frame, 48_000, channels=2)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert rec.close().samples == 4 * 50 * FRAME // 3


def test_writes_after_close_are_ignored_and_close_is_idempotent(tmp_path: Path):
    rec = AnswerRecorder(tmp_path / "a.wav")
    rec.write(np.zeros(960, dtype=np.int16), 48_000)
    first = rec.close()
    rec.write(np.zeros(960, dtype=np.int16), 48_000)
    assert rec.close() == first


def test_level_meter_reports_dbfs_of_recent_audio():
    meter = LevelMeter(window_s=0.1)
    assert meter.level_dbfs() is None
    t = np.arange(4800) / 48_000
    meter.update((np.sin(2 * np.pi * 440 * t)).astype(np.float32), 48_000)
    assert meter.level_dbfs() == pytest.approx(-3.01, abs=0.1)  # full-scale sine
    for _ in range(10):
        meter.update(np.zeros(960, dtype=np.float32), 48_000)
    assert meter.level_dbfs() == -90.0  # the window moved on to silence


def test_planar_and_interleaved_layouts_downmix_the_same():
    left = np.array([1000, 2000, 3000], dtype=np.int16)
    right = np.array([3000, 2000, 1000], dtype=np.int16)
    inter = np.stack([left, right], axis=1).reshape(1, -1)
    planar = np.stack([left, right])
    np.testing.assert_allclose(to_mono_float(inter, 2), to_mono_float(planar, 2, planar=True))
    assert dbfs(np.zeros(10)) == -90.0


class _FillsUp:
    """A file that accepts `room` bytes, then fails like a full disk (ENOSPC)."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def write(self, data: bytes) -> int:
        import errno

        if self.real.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_full_disk_keeps_what_was_recorded_playable_and_the_listener_fed(tmp_path) -> None:
    import wave

    import numpy as np

    from core.capture.recorder import AnswerRecorder

    heard: list[int] = []
    recorder = AnswerRecorder(tmp_path / "answer.wav", listener=lambda chunk: heard.append(len(chunk)))
    recorder._file = _FillsUp(recorder._file, room=44 + 16_000 * 2 * 2)  # room for 2 s of 16 kHz audio
    tone = (0.3 * np.sin(2 * np.pi * 220 * np.arange(16_000) / 16_000)).astype(np.float32)
    for _ in range(5):  # 5 s of audio: the disk fills after about 2 s
        for start in range(0, 16_000, 320):
            recorder.write(tone[start:start + 320], 16_000)
    info = recorder.close()
    assert info.write_error == "disk_full"
    assert 1.5 <= info.duration_s <= 2.0
    with wave.open(str(tmp_path / "answer.wav")) as wav:  # a valid, playable file up to the cut
        assert wav.getnframes() == info.samples
    assert sum(heard) >= 4.5 * 16_000  # live transcription saw the whole answer
