"""Audio as microphones deliver it: quiet input, out-of-phase stereo, room tone without speech."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.config import get_settings
from core.speech import ChunkedTranscriber, WhisperSTT, analyze_speech
from tests.media import build_speech, have_speech_tools, write_wav

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed")]

ANSWER = [0.8, "In my last job I ran the support dashboard.", 0.7,
          "I measured where tickets waited and moved two people to the first step.", 0.9,
          "Within a month the average wait dropped from two days to six hours."]


def _quiet(audio: np.ndarray, peak_dbfs: float, seed: int = 1) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 10 ** (-72 / 20), audio.size)
    return (audio / np.max(np.abs(audio)) * 10 ** (peak_dbfs / 20) + noise).astype(np.float32)


def _room_tone(seconds: float = 15.0, rate: int = 16_000) -> np.ndarray:
    rng = np.random.default_rng(4)
    t = np.arange(int(rate * seconds)) / rate
    fan = np.convolve(rng.normal(0, 1, t.size), np.ones(8) / 8, mode="same") * 10 ** (-50 / 20)
    tone = (fan + 10 ** (-55 / 20) * np.sin(2 * np.pi * 60 * t)).astype(np.float32)
    for click in (3.1, 9.7):
        tone[int(click * rate):int(click * rate) + 40] += 0.05
    return tone


def test_a_quiet_microphone_keeps_its_last_sentence_and_is_said_to_be_too_low(whisper_stt: WhisperSTT) -> None:
    clip = build_speech(ANSWER)
    result = analyze_speech(_quiet(clip.audio, -42), language="en", stt=whisper_stt)
    text = result.transcript.text.lower()
    assert "within a month" in text and "six hours" in text.replace("6", "six")
    assert "speech.notice.level_too_low" in result.notices
    assert result.grade("volume").grade is None
    assert result.grade("volume").explanation_key == "speech.grade.volume.level_too_low"
    assert result.grade("pace").grade is not None  # the rest is still graded


def test_the_live_chunked_transcriber_also_keeps_a_quiet_last_sentence(whisper_stt: WhisperSTT) -> None:
    audio = _quiet(build_speech(ANSWER).audio, -42)
    transcriber = ChunkedTranscriber(whisper_stt, "en", min_chunk_s=4.0, cut_at_pauses=False)
    for start in range(0, audio.size, 8000):
        transcriber.feed(audio[start:start + 8000])
    text = transcriber.finish().text.lower()
    assert "support dashboard" in text and "within a month" in text


def test_room_tone_gets_no_grades_and_a_korean_notice(tmp_path: Path, base_model_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STT_MODEL", str(base_model_dir))
    get_settings.cache_clear()
    path = write_wav(tmp_path / "room.wav", _room_tone())
    assert main(["analyze-audio", str(path), "--lang", "ko", "--json"]) == 0
    out = capsys.readouterr()
    payload = json.loads(out.out)
    assert payload["transcript"] == ""
    assert all(g["grade"] is None for g in payload["grades"].values())
    assert payload["grades"]["volume"]["explanation_key"] == "speech.grade.no_speech"
    assert [n["key"] for n in payload["notices"]] == ["speech.notice.no_speech"]
    assert "말소리" in payload["notices"][0]["text"] and "말소리" in out.err
    assert "No words" not in out.err and "recording" not in out.err  # nothing in English


def test_out_of_phase_stereo_from_a_usb_interface_is_analysed(tmp_path: Path, base_model_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STT_MODEL", str(base_model_dir))
    get_settings.cache_clear()
    voice = build_speech(ANSWER).audio
    pcm = (np.stack([voice, -voice], axis=1) * 20_000).astype("<i2")
    path = tmp_path / "usb.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(pcm.reshape(-1).tobytes())
    assert main(["analyze-audio", str(path), "--lang", "en", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "support dashboard" in payload["transcript"].lower()
    assert payload["input_channels"] == {"channels": 2, "mix": "aligned", "inverted": [1], "dropped": []}
    assert payload["grades"]["pace"]["grade"] is not None
