"""`python -m core analyze-audio`: the contract dict on stdout, one clear line for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.config import get_settings
from tests.media import build_speech, have_speech_tools, write_wav

pytestmark = pytest.mark.skipif(not have_speech_tools(), reason="espeak-ng and sox are needed")

CONTRACT_KEYS = {"transcript", "language", "words", "duration_s", "speech_rate_wpm", "syllables_per_min",
                 "pace_curve", "filler_count", "fillers", "filler_reliability", "pauses", "long_pauses",
                 "think_time_s", "pitch", "volume", "words_stats", "grades"}


@pytest.mark.slow
def test_analyze_audio_prints_the_contract_dict(tmp_path: Path, base_model_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STT_MODEL", str(base_model_dir))
    get_settings.cache_clear()
    clip = build_speech([0.8, "We cut the release time in half.", 1.6, "Then we automated the tests."])
    path = write_wav(tmp_path / "answer.wav", clip.audio)
    assert main(["analyze-audio", str(path), "--lang", "en", "--question", "Tell me about a win", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert CONTRACT_KEYS <= set(payload)
    assert payload["language"] == "en" and payload["question"] == "Tell me about a win"
    assert "release" in payload["transcript"].lower()
    assert {w["word"] for w in payload["words"]} and all(set(w) == {"word", "start_s", "end_s"}
                                                          for w in payload["words"])
    assert [p["kind"] for p in payload["long_pauses"]] == ["between_sentences"]
    for grade in payload["grades"].values():
        assert grade["grade"] in ("good", "average", "needs_improvement", None)
        assert grade["explanation"] and set(grade) >= {"value", "unit", "explanation"}


@pytest.mark.parametrize(("content", "needle"), [(None, "empty"), (np.zeros(16_000, np.float32), "silent")])
def test_empty_or_silent_recordings_fail_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       content: np.ndarray | None, needle: str) -> None:
    path = tmp_path / "answer.wav"
    if content is None:
        path.write_bytes(b"")
    else:
        write_wav(path, content)
    assert main(["analyze-audio", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in captured.err
