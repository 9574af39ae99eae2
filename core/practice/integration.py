"""The collaborators the practice service drives by default: the company library, the
interviewer, speech analysis and the vision summary. Tests inject their own instead
(`PracticeService(..., interviewer=..., retriever=..., transcribe=...)`)."""

from __future__ import annotations

import logging
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any, Protocol

from core.config import Settings
from core.interview import Interviewer, build_interviewer
from core.rag.types import Retriever

log = logging.getLogger(__name__)


class SpeechAnalyzer(Protocol):
    """`(recording, language, live transcript or None, question=, target_s=) -> speech dict`."""

    def __call__(self, path: Path, language: str, transcript: Any = None, *, question: str | None = None,
                 target_s: float | None = None) -> dict[str, Any]: ...


def to_dict(obj: Any) -> dict[str, Any]:
    """A source or result as a plain dict (`to_dict()`, a dataclass, or a dict already)."""
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_dict"):
        return dict(obj.to_dict())
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    raise TypeError(f"cannot turn {type(obj).__name__} into a dict")


def default_retriever(settings: Settings, user_id: int | None = None) -> Retriever | None:
    """The company library as `user_id` may see it (shared samples + their own companies).

    None when the index cannot be opened: interviews and feedback still work without it.
    """
    from core.rag import get_retriever

    try:
        return get_retriever(settings, user_id=user_id)
    except Exception as exc:  # noqa: BLE001 - interviews still work without the library
        log.warning("company library unavailable: %s", exc)
        return None


def default_interviewer(settings: Settings, retriever: Retriever | None) -> Interviewer:
    return build_interviewer(settings, retriever=retriever)


def default_speech(settings: Settings) -> SpeechAnalyzer:
    """Speech analysis of a recording; with a live transcript (made during the answer) the
    recording is not transcribed a second time."""
    from core.media.audio import load_audio
    from core.speech import analyze_speech, get_stt

    def analyze(path: Path, language: str, transcript: Any = None, *, question: str | None = None,
                target_s: float | None = None) -> dict[str, Any]:
        audio = load_audio(path)
        given = transcript if hasattr(transcript, "words") else None
        stt = None if given is not None else get_stt(settings, language)
        result = analyze_speech(audio, language=language, transcript=given, question=question, target_s=target_s,
                                stt=stt)
        return result.to_dict()

    return analyze


def warm_speech() -> None:
    """JIT-compile the acoustic measures once (librosa's first use costs seconds), so the
    first answer's feedback is as fast as the later ones."""
    import numpy as np

    from core.speech.acoustics import frame_features

    noise = np.random.default_rng(0).normal(0.0, 0.01, 16_000).astype(np.float32)
    try:
        frame_features(noise, 16_000, with_pitch=True)
    except Exception as exc:  # noqa: BLE001 - warming up is best effort
        log.debug("speech warm-up skipped: %s", exc)


def summarize_vision(timeline: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The vision summary dict of a per-frame timeline (None for no frames)."""
    if not timeline:
        return None
    from core.vision import summarize_timeline

    return to_dict(summarize_timeline(timeline))
