"""Numba's on-disk cache, owned by the app: one directory per numba/librosa/Python version,
filled by one process at a time.

Only the librosa *reference* goes through here: the app's runtime no longer imports librosa
(pitch is numpy YIN, `core.speech.acoustics.yin`, issue 18), but the tests that compare it
with `librosa.yin` (tests/core/speech/test_yin.py) and `python -m core bench --only pitch`
do, and they must import librosa inside `exclusive()`.

librosa compiles its kernels with `cache=True`, several of them at import time
(`guvectorize` with signatures). Two processes that compile into the same empty cache at once
can leave a function's `.nbc` from one process and its `guf-*.nbc` wrapper from the other with
different ABI tags (numba issue #10128, open in 0.68): every later run then loads a null
function pointer and dies with SIGSEGV (exit 139) — two first runs of `python -m core
analyze-audio` started together did exactly that.

`exclusive()` is the one way in: it points numba at `<cache root>/numba-<numba>-librosa-
<librosa>-py<X.Y>` (`Settings.numba_cache_root`, `ARES_NUMBA_CACHE_DIR`; default
`ARES_DATA_DIR/cache`), holds an inter-process lock on `<that dir>.lock` while the caller
imports librosa and runs its first call, and marks the directory complete (`READY`, written
atomically) when that succeeds. A directory found without the mark was left by a run that died
mid-way and is emptied before compiling again. `NUMBA_CACHE_DIR` set by anyone else is
overwritten: the app owns its cache.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import IO

from core.config import Settings, get_settings

READY = "READY"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def cache_dir(settings: Settings | None = None) -> Path:
    """The versioned numba cache directory (not created)."""
    settings = settings or get_settings()
    name = (f"numba-{_version('numba')}-librosa-{_version('librosa')}"
            f"-py{sys.version_info.major}.{sys.version_info.minor}")
    return settings.numba_cache_root / name


def _point_numba_at(directory: Path) -> None:
    os.environ["NUMBA_CACHE_DIR"] = str(directory)
    numba = sys.modules.get("numba")
    if numba is not None:  # imported earlier (e.g. by bm25s): its config read the old value
        numba.config.CACHE_DIR = str(directory)


def _lock(handle: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt
        import time

        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
                return
            except OSError:  # LK_LOCK gives up after ~10 s; keep waiting
                time.sleep(1.0)
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


@contextmanager
def exclusive(settings: Settings | None = None) -> Iterator[Path]:
    """Hold the cache for the block: numba writes into the versioned directory (yielded) and
    no other process of this install compiles into it meanwhile. Blocks while another holds it
    (a first compile of librosa takes ~7 s on an idle 2-core machine, minutes under load).

    The directory is marked complete when the block ends without an exception.
    """
    directory = cache_dir(settings)
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "ab") as handle:
        _lock(handle)  # released when the file is closed
        if directory.exists() and not (directory / READY).exists():
            shutil.rmtree(directory, ignore_errors=True)  # half-written by a run that died
        directory.mkdir(exist_ok=True)
        _point_numba_at(directory)
        yield directory
        if not (directory / READY).exists():
            partial = directory / f"{READY}.{os.getpid()}"
            partial.write_text("complete\n", encoding="utf-8")
            os.replace(partial, directory / READY)


__all__ = ["READY", "cache_dir", "exclusive"]
