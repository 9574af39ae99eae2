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

# After Stop, the live transcript's tail is waited for as long as the worker makes progress.
# Waiting beats falling back: the fallback transcribes the whole file again, so on a starved
# machine a fixed 90 s limit doubled the wait (issue 18 browser benchmark, load 9-16 on 2
# cores: 167 and 194 s from Stop to the summary where the limit struck, 57-71 s where the
# live transcript was waited for). Measured on 2 busy cores (browser + WebRTC on the same
# machine): ~30 s for an 11 s answer when nothing was pre-warmed, a few s warmed.
TRANSCRIBE_WAIT_S = 90.0  # s without one finished chunk: the worker is taken as stuck
TRANSCRIBE_MAX_WAIT_S = 600.0  # s in all: a bound for a run that never ends, not a speed budget


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
    started = time.monotonic()
    done = transcriber.busy_s  # grows each time a chunk is finished
    while True:
        try:
            transcript = transcriber.finish(timeout_s=TRANSCRIBE_WAIT_S)
            logger.info("live transcript finished %.1f s after Stop (%d chunks during the answer)",
                        time.monotonic() - started, transcriber.chunks_submitted)
            return transcript
        except TimeoutError:
            progressed, done = transcriber.busy_s > done, transcriber.busy_s
            if progressed and time.monotonic() - started < TRANSCRIBE_MAX_WAIT_S:
                logger.warning("live transcript still catching up %.0f s after Stop; waiting on",
                               time.monotonic() - started)
                continue  # finish() again: the tail was submitted once, this only waits
            logger.exception("live transcript stalled; transcribing the recording instead")
        except Exception:  # fall back to transcribing the saved file
            logger.exception("live transcript failed; transcribing the recording instead")
        transcriber.close()
        return None
