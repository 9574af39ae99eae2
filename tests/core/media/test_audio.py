"""`load_audio`: any recording to float32 16 kHz mono, with clear error codes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.i18n import load_catalog
from core.media import ERROR_CODES, SAMPLE_RATE, AudioError, load_audio, probe_audio
from tests.media import encode_audio, encode_video_only, write_wav


@pytest.fixture(scope="module")
def tone() -> np.ndarray:
    """2 s of a 220 Hz tone with a 1 s gap-free envelope: easy to check after lossy codecs."""
    t = np.arange(2 * SAMPLE_RATE) / SAMPLE_RATE
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def _code(source: object, **kwargs: object) -> str:
    with pytest.raises(AudioError) as info:
        load_audio(source, **kwargs)  # type: ignore[arg-type]
    return info.value.code


def test_wav_decodes_to_float32_mono_16k(tmp_path: Path, tone: np.ndarray) -> None:
    audio = load_audio(write_wav(tmp_path / "a.wav", tone))
    assert audio.dtype == np.float32
    assert audio.ndim == 1
    assert abs(audio.size / SAMPLE_RATE - 2.0) < 0.01
    assert np.allclose(audio, tone, atol=1e-3)


def test_stereo_44k_is_resampled_and_mixed_down(tmp_path: Path) -> None:
    t = np.arange(44_100) / 44_100
    path = write_wav(tmp_path / "st.wav", (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32), 44_100, channels=2)
    audio = load_audio(path)
    assert abs(audio.size - SAMPLE_RATE) < 50
    assert 0.25 < np.max(np.abs(audio)) < 0.35


@pytest.mark.parametrize(
    ("name", "container", "codec", "with_video"),
    [("a.mp3", "mp3", "mp3", False), ("a.m4a", "mp4", "aac", False), ("a.webm", "webm", "libopus", False),
     ("a.mp4", "mp4", "aac", True)],
)
def test_compressed_audio_and_video_audio_tracks_decode(tmp_path: Path, tone: np.ndarray, name: str,
                                                        container: str, codec: str, with_video: bool) -> None:
    path = encode_audio(tmp_path / name, tone, container=container, codec=codec, with_video=with_video)
    audio = load_audio(path)
    assert abs(audio.size / SAMPLE_RATE - 2.0) < 0.15  # codec priming/padding adds a few ms
    assert 0.2 < float(np.percentile(np.abs(audio), 99)) < 0.4
    assert probe_audio(path).has_video is with_video


def test_format_is_decided_by_content_not_extension(tmp_path: Path, tone: np.ndarray) -> None:
    wav_named_mp3 = tmp_path / "really_a_wav.mp3"
    wav_named_mp3.write_bytes(write_wav(tmp_path / "x.wav", tone).read_bytes())
    assert load_audio(wav_named_mp3).size == tone.size
    text_named_wav = tmp_path / "notes.wav"
    text_named_wav.write_text("this is not audio at all\n" * 50)
    assert _code(text_named_wav) == "undecodable"


def test_bytes_and_file_objects_are_accepted(tmp_path: Path, tone: np.ndarray) -> None:
    path = write_wav(tmp_path / "a.wav", tone)
    assert load_audio(path.read_bytes()).size == tone.size
    with path.open("rb") as handle:
        assert load_audio(handle).size == tone.size


def test_bad_inputs_have_distinct_error_codes(tmp_path: Path, tone: np.ndarray) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    assert _code(empty) == "empty"
    assert _code(b"") == "empty"
    assert _code(tmp_path / "missing.wav") == "not_found"
    assert _code(encode_video_only(tmp_path / "video.mp4")) == "no_audio_track"
    assert _code(write_wav(tmp_path / "silent.wav", np.zeros(SAMPLE_RATE, np.float32))) == "silent"
    assert _code(write_wav(tmp_path / "long.wav", tone), max_duration_s=1.0) == "too_long"
    assert _code(b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk") == "undecodable"


def test_silent_audio_can_be_allowed(tmp_path: Path) -> None:
    audio = load_audio(write_wav(tmp_path / "s.wav", np.zeros(SAMPLE_RATE, np.float32)), allow_silent=True)
    assert audio.size == SAMPLE_RATE
    assert not audio.any()


def test_every_error_code_has_a_message_in_both_languages() -> None:
    catalog = load_catalog()
    for code in ERROR_CODES:
        assert set(catalog[f"speech.audio_error.{code}"]) >= {"en", "ko"}
