"""Where recordings live: a small interface, a local-directory and an S3-compatible backend.

Recordings are addressed by a *key*, the POSIX path relative to the media root that the
database stores (`Attempt.audio_path`, e.g. `"7/42/attempt-3.wav"`). `ARES_MEDIA_BACKEND`
picks the backend:

* `local` (default): a directory, `settings.media_dir` (`ARES_DATA_DIR/media` unless
  `ARES_MEDIA_DIR` points elsewhere). Several app instances share recordings by mounting
  one directory (NFS, EFS, a Docker volume).
* `s3`: a bucket on any S3-compatible service (AWS S3, Cloudflare R2, MinIO, Supabase
  storage) — see `core/storage/s3.py`. Recordings then survive a restart of a host whose
  disk is wiped (Streamlit Community Cloud).

The life of one recording, the same on both backends:

1. `local_path(key)` — the recorder streams the WAV (and WebM) to this local file *while*
   the answer runs (a crash mid-answer still leaves a playable file).
2. `commit(key)` — the answer has ended and the file is complete: make it durable. Local:
   nothing to do. S3: upload it, then drop the local working copy.
3. Reads: `read_bytes(key)` (playback, export) or `local_path(key)` when a tool needs a file
   (transcription); on S3 a missing local copy is downloaded first.
4. `delete(prefix)` — one recording or a whole session/user folder (retention, deleting a
   session or an account), on both the bucket and the local working copies.
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


class StorageError(OSError):
    """The store could not be reached or refused a request (an S3 error, a timeout).

    An `OSError`, as a failing disk or mount is: callers handle both with one `except`.
    """


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
    """What the app needs from recording storage (the life of a key: see the module doc)."""

    def local_path(self, key: str) -> Path:
        """A local file path to write (or read) the object at `key`; parents exist.

        Write there while the answer runs, then `commit(key)`. For reading, an object that
        lives only in the bucket is downloaded to this path first.
        """
        ...

    def commit(self, key: str) -> None:
        """The file written at `local_path(key)` is complete: make it durable (S3: upload).

        Raises `FileNotFoundError` when nothing was written there.
        """
        ...

    def exists(self, key: str) -> bool:
        """True when the object is stored or its working copy is being written."""
        ...

    def read_bytes(self, key: str) -> bytes:
        """The object's bytes; `FileNotFoundError` when there is none."""
        ...

    def write_bytes(self, key: str, data: bytes) -> None:
        """Store `data` at `key` in one step (durable on return; no `commit` needed)."""
        ...

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key under `prefix` (a key or a folder such as `"7/42"`), sorted."""
        ...

    def delete(self, prefix: str) -> int:
        """Delete the object or folder at `prefix`; returns how many files went."""
        ...


# Suffix of files still being written (`write_bytes`, S3 downloads): never listed as keys.
_HALF_WRITTEN = (".partial",)


def _tree_keys(root: Path, prefix: str) -> list[str]:
    """Keys of the files under `root/prefix` (a file or a folder); half-written files skipped."""
    base = root.joinpath(*normalise_key(prefix).split("/")) if prefix else root
    if base.is_file():
        return [normalise_key(prefix)]
    if not base.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in base.rglob("*")
                  if p.is_file() and not p.name.endswith(_HALF_WRITTEN))


def _remove_tree(root: Path, prefix: str) -> int:
    """Remove the file or folder `root/prefix`; how many files went."""
    path = root.joinpath(*normalise_key(prefix).split("/"))
    if path.is_file():
        path.unlink()
        return 1
    if not path.is_dir():
        return 0
    count = sum(1 for p in path.rglob("*") if p.is_file())
    shutil.rmtree(path)
    return count


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

    def commit(self, key: str) -> None:
        # The working file *is* the stored file; only check that it is there.
        if not self._path(key).is_file():
            raise FileNotFoundError(f"nothing written at media key {key!r}")

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
        yield from _tree_keys(self.root, prefix)

    def delete(self, prefix: str) -> int:
        return _remove_tree(self.root, prefix)


def get_media_store(settings: Settings | None = None) -> MediaStore:
    """The recording store that `ARES_MEDIA_BACKEND` selects (default: `get_settings()`)."""
    from core.config import get_settings

    settings = settings or get_settings()
    if settings.media_backend == "s3":
        from core.storage.s3 import S3MediaStore

        return S3MediaStore.from_settings(settings)
    return LocalMediaStore(settings.media_dir)


__all__ = ["LocalMediaStore", "MediaStore", "StorageError", "StorageKeyError", "get_media_store", "normalise_key"]
