"""Fakes for the practice service tests: an interviewer, a retriever, a speech analyser, users."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

from doubles import SimpleDecision as Decision
from doubles import SimpleDraft as Draft

from core.feedback.types import SpeechPart
from core.rag.types import Passage
from core.speech.types import Transcript


class FakeInterviewer:
    """Two main questions; asks one follow-up when an answer has no number."""

    def __init__(self) -> None:
        self.plans = 0
        self.follow_ups: list[tuple[str, int]] = []

    def plan(self, context: Any) -> list[Draft]:
        self.plans += 1
        return [Draft("Tell me about a time you improved a slow process at work.", 1, competency="problem_solving",
                      bank_id="q-improve", sources=[{"source": "report.pdf", "page": 2, "text": "..."}]),
                Draft("How would you handle a conflict between two teammates?", 2, competency="interpersonal",
                      bank_id="q-conflict")]

    def follow_up(self, context: Any, question: Any, answer_text: str, depth: int) -> Decision:
        self.follow_ups.append((answer_text, depth))
        if not any(ch.isdigit() for ch in answer_text):
            return Decision(True, "What was the measurable result?", "no number", "result")
        return Decision(False)

    def take_notices(self) -> list[str]:
        return []


class FakeRetriever:
    def __init__(self, passages: list[Passage] | None = None) -> None:
        self.passages = passages or []
        self.queries: list[tuple[str, str]] = []

    def search(self, company: str, query: str, k: int = 5) -> list[Passage]:
        self.queries.append((company, query))
        return list(self.passages[:k])


def fake_speech(transcript: str) -> dict[str, Any]:
    words = []
    t = 0.5
    for word in transcript.split():
        words.append({"word": word, "start_s": round(t, 2), "end_s": round(t + 0.3, 2)})
        t += 0.4
    return {"transcript": transcript, "language": "en", "words": words, "duration_s": t, "speech_rate_wpm": 150,
            "pace_curve": [{"t_s": 1.0, "rate": 140}, {"t_s": 3.0, "rate": 175}], "filler_count": 1,
            "fillers": [{"text": "um", "start_s": 1.2, "end_s": 1.4, "source": "asr"}],
            "long_pauses": [{"start_s": 2.0, "end_s": 5.0, "kind": "long"}], "think_time_s": 0.5,
            "grades": {"speech_rate": {"grade": "good", "value": 150, "unit": "wpm", "explanation": "100-165"},
                       "fillers": {"grade": "average", "value": 3.1, "unit": "per min", "explanation": ""},
                       "long_pauses": {"grade": "needs_improvement", "value": 1, "unit": "", "explanation": ""},
                       "pitch": {"grade": None, "value": None, "unit": "Hz", "explanation": "too short"}}}


class FakeSpeech:
    def __init__(self, transcript: str = "At my last job our build took 40 minutes. I rewrote the cache and as a "
                                          "result it fell to 8 minutes.", fail: bool = False) -> None:
        self.transcript = transcript
        self.fail = fail
        self.calls: list[Path] = []
        self.on_call: Any = None

    def __call__(self, path: Path, language: str, transcript: Transcript | None = None,
                 **_context: Any) -> SpeechPart:
        self.calls.append(path)
        if self.on_call:
            self.on_call(path)
        if self.fail:
            raise RuntimeError("decoder exploded")
        return SpeechPart.from_dict(fake_speech(transcript.text if transcript is not None else self.transcript))


def write_wav(path: Path, seconds: float = 0.5) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * int(16000 * seconds))
    return path
