"""Where recordings live: a small interface with a local-directory implementation.

Recordings are addressed by a *key*, the POSIX path relative to the media root that the
database stores (`Attempt.audio_path`, e.g. `"7/42/attempt-3.wav"`). The default (and, for
now, only) backend is a directory: `settings.media_dir`, which is `ARES_DATA_DIR/media`
unless `ARES_MEDIA_DIR` points elsewhere. Several app instances share recordings by
mounting one directory (NFS, EFS, a Docker volume) and setting `ARES_MEDIA_DIR` to it.

Seam for object storage (S3, MinIO, R2) — not implemented, because no S3-compatible server
is available to test against here: the recorder streams a WAV/WebM to `local_path(key)`
while the answer runs, so an object-store backend would keep `local_path` as a local
spool file, upload it in a `commit(key)` step after the answer ends, and download on
`read_bytes`/`open` misses. Callers that already go through this interface need no change.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from core.config import Settings


class StorageKeyError(ValueError):
    """A key that is absolute, empty or climbs out of the media root (`..`)."""


def normalise_key(key: str) -> str:
    """The canonical form of a key; refuses anything that could leave the media root."""
    text = str(key).replace("\\", "/").strip()
    path = PurePosixPath(text)
    if not text or path.is_absolute() or any(part in ("..", "") for part in path.parts) or ":" in path.parts[0]:
        raise StorageKeyError(f"not a relative media key: {key!r}")
    parts = [part for part in path.parts if part != "."]
    if not parts:
        raise StorageKeyError(f"not a relative media key: {key!r}")
    return "/".join(parts)


class MediaStore(Protocol):
    """What the app needs from recording storage."""

    def local_path(self, key: str) -> Path:
        """A local file path to write (or read) the object at `key`; parents exist."""
        ...

    def exists(self, key: str) -> bool: ...

    def read_bytes(self, key: str) -> bytes: ...

    def write_bytes(self, key: str, data: bytes) -> None: ...

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key under `prefix` (a key or a folder such as `"7/42"`)."""
        ...

    def delete(self, prefix: str) -> int:
        """Delete the object or folder at `prefix`; returns how many files went."""
        ...


class LocalMediaStore:
    """Recordings as files under one directory (local disk or a shared mount)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*normalise_key(key).split("/"))

    def local_path(self, key: str) -> Path:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def read_bytes(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def write_bytes(self, key: str, data: bytes) -> None:
        path = self.local_path(key)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.replace(path)  # readers on other instances never see half a file

    def keys(self, prefix: str = "") -> Iterator[str]:
        base = self._path(prefix) if prefix else self.root
        if base.is_file():
            yield normalise_key(prefix)
            return
        if not base.is_dir():
            return
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.endswith(".partial"):
                yield path.relative_to(self.root).as_posix()

    def delete(self, prefix: str) -> int:
        path = self._path(prefix)
        if path.is_file():
            path.unlink()
            return 1
        if not path.is_dir():
            return 0
        count = sum(1 for p in path.rglob("*") if p.is_file())
        shutil.rmtree(path)
        return count


def get_media_store(settings: Settings | None = None) -> MediaStore:
    """The recording store for these settings (default: `get_settings()`)."""
    from core.config import get_settings

    return LocalMediaStore((settings or get_settings()).media_dir)


__all__ = ["LocalMediaStore", "MediaStore", "StorageKeyError", "get_media_store", "normalise_key"]
