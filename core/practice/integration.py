"""The collaborators the practice service drives by default: the company library, the
interviewer, speech analysis and the vision summary. Tests inject their own instead
(`PracticeService(..., interviewer=..., retriever=..., transcribe=...)`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from core.config import Settings
from core.feedback.types import SpeechPart
from core.interview import Interviewer, build_interviewer
from core.rag.types import Retriever
from core.speech.types import Transcript
from core.vision.summary import VisionSummary, summarize_timeline

log = logging.getLogger(__name__)


# Frames per second of a recorded video (batch, run-session, an uploaded answer) that the
# camera analysis judges. The live room analyses the newest frame whenever its worker is free:
# about 6-16 frames/s on 2 cores (face ~18 ms + pose ~43 ms per frame, TESTING.md). 5 frames/s
# keeps every span the summary reports (>= 1 s: core.vision.summary FACE_LOST_MIN_S) at 5+
# samples while a 60 s answer costs ~300 analysed frames, not 1,800.
VIDEO_VISION_FPS = 5.0
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".mkv", ".webm", ".m4v", ".avi"})


class VideoVision(Protocol):
    """`(recording) -> per-frame vision dicts (t_s from the file's start)`; () without a video track."""

    def __call__(self, path: Path) -> tuple[dict[str, Any], ...]: ...


class SpeechAnalyzer(Protocol):
    """`(recording, language, live transcript or None, question=, target_s=) -> SpeechPart`.

    With a transcript (made during the answer) the recording is measured, not transcribed again."""

    def __call__(self, path: Path, language: str, transcript: Transcript | None = None, *,
                 question: str | None = None, target_s: float | None = None) -> SpeechPart: ...


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
    """Speech analysis of a recording with `core.speech` (faster-whisper + acoustic measures)."""
    from core.media.audio import load_audio
    from core.speech import analyze_speech, get_stt

    def analyze(path: Path, language: str, transcript: Transcript | None = None, *, question: str | None = None,
                target_s: float | None = None) -> SpeechPart:
        audio = load_audio(path)
        stt = None if transcript is not None else get_stt(settings, language)
        result = analyze_speech(audio, language=language, transcript=transcript, question=question,
                                target_s=target_s, stt=stt)
        return SpeechPart.from_dict(result.to_dict())  # the stored shape, typed

    return analyze


def default_video_vision(settings: Settings) -> VideoVision:
    """The camera timeline of a recorded video with `core.vision` (the live room's per-frame
    analyzer, at VIDEO_VISION_FPS); audio-only and unreadable files give () (not measured)."""

    def timeline(path: Path) -> tuple[dict[str, Any], ...]:
        from core.vision.video import VideoError, analyze_video, has_video_track

        if path.suffix.lower() not in VIDEO_SUFFIXES or not has_video_track(path):
            return ()
        try:
            result = analyze_video(path, settings, max_fps=VIDEO_VISION_FPS)
        except VideoError as exc:
            log.warning("no camera analysis for %s: %s", path.name, exc)
            return ()
        except Exception:  # the camera part is not measured; speech and content still are
            log.exception("camera analysis of %s failed", path.name)
            return ()
        return tuple(signal.to_dict() for signal in result.signals)

    return timeline


def warm_speech() -> None:
    """Run the acoustic measures (pitch included) once on 1 s of noise, so their imports and
    numpy's first FFT plans are paid before the first answer (milliseconds since pitch is
    numpy YIN, no longer librosa's numba compile: issue 18)."""
    import numpy as np

    from core.speech.acoustics import frame_features

    noise = np.random.default_rng(0).normal(0.0, 0.01, 16_000).astype(np.float32)
    try:
        frame_features(noise, 16_000, with_pitch=True)
    except Exception as exc:  # noqa: BLE001 - warming up is best effort
        log.debug("speech warm-up skipped: %s", exc)


def summarize_vision(timeline: Sequence[Mapping[str, Any]]) -> VisionSummary | None:
    """The vision summary of an answer's one timeline (None for no frames: not measured)."""
    if not timeline:
        return None
    return summarize_timeline(list(timeline))
