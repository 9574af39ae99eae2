"""Input conditioning: channels combined without cancelling, quiet input raised, noise left alone."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from core.media import AudioError, condition_level, decode_audio, load_audio, mix_channels
from core.media.conditioning import TARGET_SPEECH_DBFS, TOO_LOW_PEAK_DBFS, frame_levels_db


def _speechlike(seconds: float = 3.0, rate: int = 48_000, seed: int = 0) -> np.ndarray:
    """A voiced 'syllable' train: 150 Hz harmonics switched on and off at 4 Hz (speech-like
    modulation), with short silences, so level statistics behave like speech."""
    t = np.arange(int(seconds * rate)) / rate
    voice = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 6))
    envelope = (np.sin(2 * np.pi * 4 * t) > 0.2).astype(np.float64)
    envelope[(t % 1.0) > 0.75] = 0.0  # a pause every second
    noise = np.random.default_rng(seed).normal(0, 1e-4, t.size)
    return (0.3 * voice * envelope + noise).astype(np.float32)


def _write_wav(path: Path, channels: np.ndarray, rate: int = 48_000) -> Path:
    pcm = (np.clip(channels, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(pcm.shape[1])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.reshape(-1).tobytes())
    return path


def _rms_db(audio: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(audio, dtype=np.float64))) + 1e-12))


def test_out_of_phase_stereo_is_not_silent(tmp_path):
    voice = _speechlike()
    path = _write_wav(tmp_path / "usb.wav", np.stack([voice, -voice], axis=1))
    decoded = decode_audio(path)
    assert decoded.channels.mix == "aligned" and decoded.channels.inverted == (1,)
    mono = load_audio(_write_wav(tmp_path / "mono.wav", voice[:, None]))
    assert _rms_db(decoded.samples) == pytest.approx(_rms_db(mono), abs=0.5)


def test_the_average_of_out_of_phase_channels_would_have_been_refused(tmp_path):
    voice = _speechlike()
    assert float(np.max(np.abs((voice + -voice) / 2))) == 0.0  # what the plain average gave
    path = _write_wav(tmp_path / "usb.wav", np.stack([voice, -voice], axis=1))
    load_audio(path)  # no AudioError("silent")


def test_a_dead_channel_is_left_out_instead_of_halving_the_level():
    voice = _speechlike()
    mixed, choice = mix_channels(np.stack([np.zeros_like(voice), voice], axis=1))
    assert choice.mix == "single" and choice.dropped == (0,)
    assert _rms_db(mixed) == pytest.approx(_rms_db(voice), abs=0.1)


def test_two_unrelated_microphones_are_averaged():
    a, b = _speechlike(seed=1), np.roll(_speechlike(seed=2), 7_000)
    mixed, choice = mix_channels(np.stack([a, b], axis=1))
    assert choice.mix == "average" and choice.inverted == ()
    assert np.allclose(mixed, (a + b) / 2, atol=1e-6)


def test_identical_channels_keep_their_level(tmp_path):
    voice = _speechlike()
    decoded = decode_audio(_write_wav(tmp_path / "s.wav", np.stack([voice, voice], axis=1)))
    assert decoded.channels.mix == "average"
    assert _rms_db(decoded.samples) == pytest.approx(_rms_db(voice), abs=0.5)


def test_a_quiet_microphone_is_raised_and_said_to_be_too_low():
    voice = _speechlike(rate=16_000)
    quiet = voice / np.max(np.abs(voice)) * 10 ** (-42 / 20)
    raised, report = condition_level(quiet)
    assert report.peak_dbfs == pytest.approx(-42, abs=0.5) and report.peak_dbfs < TOO_LOW_PEAK_DBFS
    assert report.too_low and report.gain_db > 15
    assert float(np.percentile(frame_levels_db(raised), 95)) == pytest.approx(TARGET_SPEECH_DBFS, abs=1.5)
    assert float(np.max(np.abs(raised))) < 1.0  # never clipped


def test_a_normal_level_is_left_alone():
    voice = _speechlike(rate=16_000)
    same, report = condition_level(voice)
    assert report.gain_db == 0.0 and not report.too_low
    assert np.array_equal(same, voice)


def test_room_tone_is_not_boosted():
    rate, seconds = 16_000, 15
    rng = np.random.default_rng(4)
    t = np.arange(rate * seconds) / rate
    fan = np.convolve(rng.normal(0, 1, t.size), np.ones(8) / 8, mode="same") * 10 ** (-50 / 20)
    hum = 10 ** (-55 / 20) * np.sin(2 * np.pi * 60 * t)
    tone = (fan + hum).astype(np.float32)
    for click in (3.1, 9.7):
        tone[int(click * rate):int(click * rate) + 40] += 0.05
    same, report = condition_level(tone)
    assert report.gain_db == 0.0 and not report.too_low
    assert np.array_equal(same, tone)


def test_digital_silence_is_still_refused(tmp_path):
    with pytest.raises(AudioError) as caught:
        load_audio(_write_wav(tmp_path / "z.wav", np.zeros((48_000, 2), np.float32)))
    assert caught.value.code == "silent"
