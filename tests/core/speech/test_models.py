"""Where the whisper model comes from: configured path, cache, registry packages, download."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings, get_settings
from core.speech import ModelUnavailable, resolve_model
from core.speech import models as speech_models


def settings_with(monkeypatch: pytest.MonkeyPatch, model: str) -> Settings:
    monkeypatch.setenv("STT_MODEL", model)
    get_settings.cache_clear()
    return get_settings()


def fake_model_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (path / name).write_text("x")
    return path


def test_a_configured_model_directory_is_used_as_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    model = fake_model_dir(tmp_path / "my-model")
    location = resolve_model(settings_with(monkeypatch, str(model)), "en", allow_download=False)
    assert (location.path, location.source) == (model, "path")


def test_a_configured_path_that_is_not_a_model_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable):
        resolve_model(settings_with(monkeypatch, str(tmp_path / "empty")), "en", allow_download=False)


def test_the_local_cache_comes_before_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch, "tiny.en")
    cached = fake_model_dir(speech_models.cache_dir_for(settings, "tiny.en"))
    location = resolve_model(settings, "en", allow_download=False)
    assert (location.path, location.source) == (cached, "cache")


def test_tiny_en_comes_from_its_registry_package(monkeypatch: pytest.MonkeyPatch) -> None:
    location = resolve_model(settings_with(monkeypatch, "tiny.en"), "en", allow_download=False)
    assert location.source == "package"
    assert (location.path / "model.bin").stat().st_size > 10_000_000


def test_auto_joins_the_base_model_from_its_two_packages_once(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch, "auto")
    first = resolve_model(settings, "ko", allow_download=False)
    assert first.name == "base" and first.source == "package"
    assert (first.path / "model.bin").stat().st_size == speech_models.BASE_MODEL_BYTES
    assert {p.name for p in first.path.iterdir()} >= {"model.bin", "config.json", "tokenizer.json",
                                                       "vocabulary.txt"}
    again = resolve_model(settings, "en", allow_download=False)  # now found in the cache
    assert (again.path, again.source) == (first.path, "cache")


def test_a_corrupt_join_is_rejected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(speech_models, "BASE_MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable, match="SHA-256"):
        speech_models.assemble_base_model(tmp_path / "base")
    assert not (tmp_path / "base" / "model.bin").exists()


def test_a_missing_model_is_downloaded_with_progress_only_when_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch, "small")
    with pytest.raises(ModelUnavailable):
        resolve_model(settings, "en", allow_download=False)
    calls: list[tuple[str, Path]] = []

    def fake_download(name: str, target: Path, progress: object = None) -> Path:  # no network in tests
        calls.append((name, target))
        return fake_model_dir(target)

    monkeypatch.setattr(speech_models, "download_model", fake_download)
    location = resolve_model(settings, "en", progress=lambda done, total: None)
    assert location.source == "download"
    assert calls == [("small", speech_models.cache_dir_for(settings, "small"))]
    assert speech_models.HUB_REPOS["small"] == "Systran/faster-whisper-small"


def test_download_reports_byte_progress_through_huggingface_hub(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    import huggingface_hub

    seen: list[tuple[int, int | None]] = []

    def fake_snapshot_download(repo_id: str, *, local_dir: Path, allow_patterns: list[str],
                               tqdm_class: type | None = None) -> str:
        assert repo_id == "Systran/faster-whisper-base" and "model.bin" in allow_patterns
        assert tqdm_class is not None
        bar = tqdm_class(desc="Reconstructing (incomplete total...)", total=100, unit="B")
        bar.update(60)
        bar.update(40)
        fake_model_dir(Path(local_dir))
        return str(local_dir)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_snapshot_download)
    path = speech_models.download_model("base", tmp_path / "base", lambda done, total: seen.append((done, total)))
    assert path == tmp_path / "base"
    assert seen == [(60, 100), (100, 100)]


def test_the_configured_model_can_be_loaded_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[tuple[str, str, int]] = []
    monkeypatch.setattr(speech_models, "_load_whisper_model", lambda *args: loaded.append(args) or "model")
    settings = settings_with(monkeypatch, "tiny.en")
    assert speech_models.load_whisper_model(settings, language="en") == "model"
    assert loaded == [(str(resolve_model(settings, "en").path), "int8", 2)]
