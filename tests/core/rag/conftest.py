"""Fixtures for the company-library tests: the real USE embedder (loaded once per session),
tiny deterministic embedders, and Chroma clients in temporary directories."""

from __future__ import annotations

import sys
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

# the document builders live beside the extraction tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))

from core.rag.embeddings import HashingEmbedder, USEEmbedder


@pytest.fixture(scope="session")
def use_embedder() -> USEEmbedder:
    embedder = USEEmbedder()
    embedder.embed_query("warm up")  # loads the weights once for the whole session
    return embedder


@pytest.fixture
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder(dimension=128)


@pytest.fixture
def chroma_client(tmp_path: Path):
    """A real on-disk Chroma (PersistentClient) private to the test."""
    return chromadb.PersistentClient(path=str(tmp_path / "chroma"),
                                     settings=ChromaSettings(anonymized_telemetry=False))
