"""WhisperSTT bounds each window's decoding by the audio's length (a repetition loop ends early)."""

from __future__ import annotations

from typing import Any

import numpy as np

from core.speech.stt import MAX_NEW_TOKENS, WhisperSTT, max_new_tokens


class RecordingModel:
    """A stand-in for faster-whisper's model: records the options, returns no speech."""

    def __init__(self) -> None:
        self.options: list[dict[str, Any]] = []

    def transcribe(self, audio: np.ndarray, **options: Any) -> tuple[list[Any], None]:
        self.options.append(options)
        return [], None


def test_the_token_bound_grows_with_the_audio_up_to_one_window() -> None:
    assert max_new_tokens(0.0) < max_new_tokens(4.0) < max_new_tokens(20.0) < max_new_tokens(30.0)
    assert max_new_tokens(4.0) <= 80  # a 4 s chunk: never 448 tokens at every fallback temperature
    assert max_new_tokens(30.0) == max_new_tokens(600.0) <= MAX_NEW_TOKENS  # the bound is per 30 s window
    assert max_new_tokens(30.0) >= 30 * 9  # room for fast Korean speech (~9 tokens/s)
    assert max(max_new_tokens(s) for s in range(0, 120)) + 48 <= 448  # faster-whisper's prompt + new limit


def test_whisper_is_asked_for_at_most_the_bound() -> None:
    model = RecordingModel()
    stt = WhisperSTT(model=model, model_id="fake")
    stt.transcribe(np.zeros(16_000 * 4, np.float32), "en")
    stt.transcribe(np.zeros(16_000 * 45, np.float32), "ko")
    assert [o["max_new_tokens"] for o in model.options] == [max_new_tokens(4.0), max_new_tokens(30.0)]
