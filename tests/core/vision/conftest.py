"""Real MediaPipe landmarkers on astronaut clips with known truth, analysed once per session.

Each clip gets its own FrameAnalyzer (VIDEO mode: fresh timestamps and tracking state),
like one camera stream; the results are cached so the suite runs every model pass once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.vision import FrameAnalyzer, FrameSignals
from tests.media import face_clip

FPS = 15

# 9 s at 15 frames/s: 2 s face, 2 s out of frame, 1 s face, 3 s tilted by TILT_DEG, 1 s face.
MIXED = ["face"] * 30 + ["away"] * 30 + ["face"] * 15 + ["tilt"] * 45 + ["face"] * 15


def run_clip(kinds: list[str], analyzer: FrameAnalyzer | None = None) -> list[FrameSignals]:
    """Analyse frames of `kinds` at FPS with a fresh analyzer (or the one given)."""
    frames = face_clip(kinds)
    if analyzer is not None:
        return [analyzer.analyze(frame, i / FPS) for i, frame in enumerate(frames)]
    with FrameAnalyzer() as fresh:
        return [fresh.analyze(frame, i / FPS) for i, frame in enumerate(frames)]


@pytest.fixture(scope="session")
def clip_signals() -> Callable[[str], list[FrameSignals]]:
    """name -> signals of that clip, computed once per test session."""
    clips = {
        "mixed": MIXED,
        "face": ["face"] * 45,
        "empty": ["empty"] * 20,
        "left": ["left"] * 4,
        "dark": ["dark"] * 4,
    }
    cache: dict[str, list[FrameSignals]] = {}

    def get(name: str) -> list[FrameSignals]:
        if name not in cache:
            cache[name] = run_clip(clips[name])
        return cache[name]

    return get
