"""Load the models a practice answer needs before the first answer (called in the background).

On a 2-core machine the first use of each model costs seconds: faster-whisper (~1-3 s to
load), MediaPipe's face and pose landmarkers (imports + graph set-up, ~2-4 s) and the
interviewer with its company library (the sentence encoder). Paid during the first answer, that time lands between
*Stop* and the summary; paid at server start, nobody waits for it.

The app calls `start_warm_up` on its first script run: a daemon thread (never the script
thread, so the first page draws at once) loads everything once per process; the practice
page's device check calls it again for a session in the other language. Each step is best
effort: a model that fails to load here is loaded (or reported) by the answer path as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from core.config import Settings

log = logging.getLogger(__name__)

WARM_AUDIO_S = 1.0  # s of silence transcribed once: loads the model and its first kernels
WARM_FRAME = (480, 640, 3)  # one blank 640x480 RGB frame (the live room's frame size)


@dataclass(frozen=True)
class WarmUpReport:
    """Seconds each step took (None = it failed; the reason is in `errors`)."""

    steps: dict[str, float | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


# numpy and the model packages are imported inside the steps, on the warm-up thread: the app
# shell imports this module on every visitor's first page, which must not wait for them.
def _speech(settings: Settings, language: str) -> None:
    import numpy as np

    from core.speech import get_stt

    stt = get_stt(settings, language)
    stt.transcribe(np.zeros(int(16_000 * WARM_AUDIO_S), dtype=np.float32), language)


def _vision(settings: Settings) -> None:
    import numpy as np

    from core.vision import FrameAnalyzer

    analyzer = FrameAnalyzer(settings)  # imports mediapipe, reads both .task files into the page cache
    try:
        analyzer.analyze(np.zeros(WARM_FRAME, dtype=np.uint8), 0.0)
    finally:
        analyzer.close()  # landmarkers are per browser session; this one only warmed the process


def warm_up_practice(settings: Settings, language: str, *, extra: Callable[[], None] | None = None) -> WarmUpReport:
    """Load speech, vision (and with `extra`, e.g. `PracticeService.warm_up`, the interviewer,
    the company library and the content feedback) once per process. Never raises."""
    report = WarmUpReport()
    # In the order they are first needed: speech-to-text (the first chunk of the first answer),
    # vision (the device check), the interviewer and the content feedback (the first analysis).
    # Pitch needs no step: it is numpy YIN (core.speech.acoustics.yin), nothing to compile (issue 18).
    steps: list[tuple[str, Callable[[], None]]] = [("speech", lambda: _speech(settings, language)),
                                                   ("vision", lambda: _vision(settings))]
    if extra is not None:
        steps.append(("interviewer", extra))
    for name, step in steps:
        started = time.perf_counter()
        try:
            step()
            report.steps[name] = round(time.perf_counter() - started, 2)
        except Exception as exc:  # noqa: BLE001 - best effort: the answer path loads what it needs itself
            report.steps[name] = None
            report.errors[name] = f"{type(exc).__name__}: {exc}"[:300]
            log.warning("warm-up of %s failed: %s", name, exc)
    log.info("practice warm-up: %s", report.steps)
    return report


_STARTED: dict[str, threading.Thread] = {}
_STARTED_LOCK = threading.Lock()
WARM_UP_DELAY_S = 2.0  # s before loading: the page that asked (e.g. the login page) draws first


def start_warm_up(settings: Settings, language: str, *, delay_s: float = WARM_UP_DELAY_S) -> threading.Thread:
    """Start `warm_up_practice` for `language` on a daemon thread, once per process and
    language (later calls return the same thread). Also loads the interviewer and the company
    library through a `PracticeService` of its own (both are cached per process).
    With `settings.warm_up_models` off, nothing starts (the returned thread is not started)."""
    if not settings.warm_up_models:
        return threading.Thread(name="practice-warm-up-off")
    with _STARTED_LOCK:
        running = _STARTED.get(language)
        if running is not None:
            return running

        def run() -> None:
            time.sleep(delay_s)
            from core.db.engine import get_engine
            from core.practice.service import PracticeService

            try:
                service = PracticeService(get_engine(settings.sqlalchemy_url), settings)
            except Exception:
                log.exception("warm-up: no practice service")
                warm_up_practice(settings, language)
                return
            warm_up_practice(settings, language, extra=lambda: service.warm_up(language))

        thread = threading.Thread(target=run, name=f"practice-warm-up-{language}", daemon=True)
        _STARTED[language] = thread
        thread.start()
        return thread
