"""The practice collaborators the page uses: the service, the vision analyzer factory, the
live transcriber, and the background warm-up of every model (cached once per process)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import streamlit as st

from core.config import Settings
from core.live.room import VisionAnalyzer
from core.practice.service import PracticeService
from core.practice.warmup import start_warm_up
from core.speech import ChunkedTranscriber, get_stt
from core.speech.types import Transcript
from core.vision import LiveAnalyzer
from ui.context import app_settings, db_engine, media_store

logger = logging.getLogger(__name__)

# s to wait after Stop for the live transcript's tail. Waiting beats falling back: the
# fallback transcribes the whole file again. Measured on 2 busy cores (browser + WebRTC on the
# same machine): ~30 s for an 11 s answer when nothing was pre-warmed, a few s warmed.
TRANSCRIBE_WAIT_S = 90.0


@st.cache_resource(show_spinner=False)
def _service() -> PracticeService:
    return PracticeService(engine=db_engine(), settings=app_settings(), media=media_store())


def service() -> PracticeService:
    """The practice service shared with `python -m core run-session` (tests patch this)."""
    return _service()


def analyzer_factory(settings: Settings) -> Callable[[], VisionAnalyzer]:
    """A factory for the per-session vision analyzer, called on the first video frame
    (aiortc's thread). MediaPipe landmarkers are not thread-safe, so every browser session
    gets its own analyzer, closed when the stream ends."""
    return lambda: LiveAnalyzer(settings=settings)


def prewarm(language: str) -> None:
    """Make sure the models for `language` are loading (the app started the default
    language's at its first run; a session in the other language starts its own here)."""
    start_warm_up(app_settings(), language, delay_s=0.0)


def live_transcriber(language: str) -> ChunkedTranscriber | None:
    """A ChunkedTranscriber fed during the answer, so the summary is ready seconds after Stop.

    None when speech-to-text is unavailable: the service then transcribes the file.
    """
    try:
        return ChunkedTranscriber(get_stt(app_settings(), language), language)
    except Exception:  # the recording is the answer of record; STT can run later
        logger.exception("live transcription unavailable; the recording will be transcribed after Stop")
        return None


def finish_transcript(transcriber: ChunkedTranscriber | None) -> Transcript | None:
    """The live transcript, or None to let the service transcribe the recording."""
    if transcriber is None:
        return None
    try:
        started = time.monotonic()
        transcript = transcriber.finish(timeout_s=TRANSCRIBE_WAIT_S)
        logger.info("live transcript finished %.1f s after Stop (%d chunks during the answer)",
                    time.monotonic() - started, transcriber.chunks_submitted)
        return transcript
    except Exception:  # fall back to transcribing the saved file
        logger.exception("live transcript failed; transcribing the recording instead")
        transcriber.close()
        return None
