"""The Chroma side: one client per process and one collection per embedding model.

`PersistentClient(settings.chroma_dir)` by default; with `CHROMA_HOST` (and
`CHROMA_PORT`) an `HttpClient` to a Chroma server instead, with no other change (use a
server when several app processes write: PersistentClient is not process-safe).
Telemetry is off. Chroma's own default embedding function (an English model it would
download) is never used: every add and query passes vectors computed by our `Embedder`.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.config import Settings

COLLECTION_PREFIX = "ares_companies"
SCHEMA_VERSION = 1  # bump when chunk metadata changes shape: collections are then rebuilt

_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def make_chroma_client(settings: Settings) -> Any:
    """The process-wide Chroma client for these settings (cached: Chroma refuses two
    differently configured clients on one path)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        key = f"http://{settings.chroma_host}:{settings.chroma_port}"
    else:
        key = str(settings.chroma_dir.resolve())
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            if settings.chroma_host:
                client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                             settings=chroma_settings)
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=key, settings=chroma_settings)
            _CLIENTS[key] = client
        return client


def collection_name(model_name: str, dimension: int) -> str:
    """A valid Chroma name (3-512 chars of [a-zA-Z0-9._-]) unique per model and dimension."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model_name).strip("-").lower()[:40] or "model"
    digest = hashlib.sha1(f"{model_name}|{dimension}".encode()).hexdigest()[:8]
    return f"{COLLECTION_PREFIX}_{slug}_{dimension}_{digest}"


@dataclass(frozen=True)
class OpenedCollection:
    collection: Any
    rebuilt: bool  # True when an incompatible collection of the same name was dropped
    reason: str = ""


def open_collection(client: Any, model_name: str, dimension: int) -> OpenedCollection:
    """Get or create the collection for this embedding model.

    The model name, dimension and schema version are recorded in the collection metadata.
    A collection with the same name but other recorded values (a model whose output size
    changed, an older chunk schema) is dropped and recreated rather than mixed.
    """
    name = collection_name(model_name, dimension)
    wanted = {"embedding_model": model_name, "embedding_dim": dimension, "ares_schema": SCHEMA_VERSION,
              "hnsw:space": "cosine"}
    rebuilt, reason = False, ""
    existing = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    if name in existing:
        collection = client.get_collection(name, embedding_function=None)
        meta = dict(collection.metadata or {})
        mismatch = [k for k in ("embedding_model", "embedding_dim", "ares_schema") if meta.get(k) != wanted[k]]
        if not mismatch:
            return OpenedCollection(collection, rebuilt=False)
        reason = ", ".join(f"{k}: {meta.get(k)!r} -> {wanted[k]!r}" for k in mismatch)
        client.delete_collection(name)
        rebuilt = True
    collection = client.create_collection(name, metadata=wanted, embedding_function=None)
    return OpenedCollection(collection, rebuilt=rebuilt, reason=reason)


# Chroma's write-ahead log (`embeddings_queue`) operation codes (chromadb.db.mixins.embeddings_queue).
_QUEUE_DELETE = 3


def scrub_deleted_text(settings: Settings) -> int:
    """Remove what a local Chroma store still holds of deleted passages; returns log rows removed.

    `collection.delete` removes passages from the live tables, but Chroma's local store
    keeps (a) every add in its write-ahead log, text and vector included, until the vector
    segment next persists, and (b) the deleted rows' bytes in free pages. For "delete my
    account" both are copies of the user's text: log entries superseded by a later delete
    of the same id are dropped (a replay then deletes an id that was never re-added, which
    Chroma tolerates) and the file is vacuumed. A Chroma server (`CHROMA_HOST`) manages its
    own storage; nothing is done there.
    """
    if settings.chroma_host:
        return 0
    path = settings.chroma_dir / "chroma.sqlite3"
    if not path.is_file():
        return 0
    import sqlite3

    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        connection.execute("PRAGMA secure_delete=ON")
        removed = connection.execute(
            "DELETE FROM embeddings_queue WHERE operation != ? AND EXISTS (SELECT 1 FROM embeddings_queue AS later "
            "WHERE later.topic = embeddings_queue.topic AND later.id = embeddings_queue.id "
            "AND later.operation = ? AND later.seq_id > embeddings_queue.seq_id)",
            (_QUEUE_DELETE, _QUEUE_DELETE)).rowcount
        connection.execute("VACUUM")
    finally:
        connection.close()
    for header in settings.chroma_dir.glob("*/header.bin"):
        _zero_unused_hnsw_capacity(header.parent)
    return int(removed)


def _zero_unused_hnsw_capacity(segment: Path) -> None:
    """Zero the slots past the element count in a persisted HNSW segment.

    hnswlib preallocates `max_elements` slots and writes them all, used or not; the unused
    ones hold whatever the process's memory held (seen here: fragments of another
    passage's JSON). Layout (hnswlib `saveIndex` as persisted by Chroma, version 1): an
    int32 version, then size_t offsetLevel0, max_elements, cur_element_count,
    size_data_per_element. Unknown layouts are left alone.
    """
    import struct

    header = (segment / "header.bin").read_bytes()
    if len(header) < 36 or struct.unpack_from("<i", header, 0)[0] != 1:
        return
    _offset, max_elements, count, per_element = struct.unpack_from("<4Q", header, 4)
    for name, width in (("length.bin", 4), ("data_level0.bin", per_element)):
        path = segment / name
        if not path.is_file() or path.stat().st_size != width * max_elements or count > max_elements:
            continue
        with path.open("r+b") as handle:
            handle.seek(width * count)
            handle.write(b"\0" * (width * (max_elements - count)))
