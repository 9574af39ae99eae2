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
