"""The company library index: LlamaIndex nodes in a Chroma collection, searched per company.

Every chunk carries metadata: company_id, company (name), owner (user id, -1 = shared
sample company), document_id (LlamaIndex's ref_doc_id, so `ChromaVectorStore.delete`
removes a document's chunks), document (title), doc_type, year, page (0 = none),
section, position, language. Queries go through LlamaIndex's `VectorStoreIndex`
retriever with metadata filters, so a company's search never sees another company's
chunks, and a user never sees another user's companies.
"""

from __future__ import annotations

import json
import math
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from llama_index.core import VectorStoreIndex
from llama_index.core.schema import BaseNode, MetadataMode, NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters
from llama_index.vector_stores.chroma import ChromaVectorStore

from core.documents.extract import ExtractedDocument
from core.i18n import t
from core.rag.chunking import Chunk, chunk_document, detect_language
from core.rag.embeddings import Embedder, LlamaEmbedding, resolve_embedder
from core.rag.keyword import BM25, RRF_K, reciprocal_rank_fusion
from core.rag.store import make_chroma_client, open_collection
from core.rag.types import Passage

if TYPE_CHECKING:
    from core.config import Settings

Progress = Callable[[float, str], None]
SHARED_OWNER = -1  # metadata value for sample companies (owner_id None in the database)
CANDIDATE_FACTOR = 4  # hybrid: each ranking contributes k * 4 candidates to the fusion
MIN_CANDIDATES = 20
EMBED_BATCH = 32  # chunks per embedding call: the progress bar moves once per batch
# Metadata the embedding sees besides the chunk text: the document title and section put
# a passage in context ("Principal Risks" tells what "currency" is about).
EMBED_METADATA_KEYS = ("document", "section")
_ALL_METADATA_KEYS = ("company_id", "company", "company_key", "owner", "document", "doc_type", "year", "page",
                      "section", "position", "language")


def company_key(name: str) -> str:
    """Company names match case-insensitively and ignoring outer spaces."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class DocumentMeta:
    """Who and what a document is, as stored on each of its chunks."""

    company_id: int
    company: str
    owner_id: int | None
    document_id: int
    title: str
    doc_type: str = ""
    year: int | None = None


@dataclass(frozen=True)
class IndexResult:
    document_id: int
    chunks: int
    seconds: float
    language: str


@dataclass
class CompanyIndex:
    """Index and search company documents in the collection of one embedding model."""

    settings: Settings | None = None
    embedder: Embedder | None = None
    client: Any = None
    hybrid: bool = True
    notices: list[str] = field(default_factory=list)
    _collection: Any = None
    _bm25: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.embedder is None:
            if self.settings is None:
                from core.config import get_settings

                self.settings = get_settings()
            self.embedder = resolve_embedder(self.settings)

    # ------------------------------------------------------------------ plumbing
    @property
    def model(self) -> Embedder:
        assert self.embedder is not None
        return self.embedder

    @property
    def collection(self) -> Any:
        with self._lock:
            if self._collection is None:
                client = self.client
                if client is None:
                    if self.settings is None:
                        from core.config import get_settings

                        self.settings = get_settings()
                    client = self.client = make_chroma_client(self.settings)
                if not self.model.dimension:  # a model we do not know the size of: ask it once
                    self.model.dimension = len(self.model.embed_query("dimension probe"))
                opened = open_collection(client, self.model.name, self.model.dimension)
                if opened.rebuilt:
                    self.notices.append(f"rebuilt index collection for {self.model.name} ({opened.reason})")
                self._collection = opened.collection
            return self._collection

    @property
    def vector_store(self) -> ChromaVectorStore:
        return ChromaVectorStore(chroma_collection=self.collection)

    # ------------------------------------------------------------------ writing
    def index_document(self, doc: ExtractedDocument, meta: DocumentMeta, *, progress: Progress | None = None,
                       lang: str = "en", chunks: list[Chunk] | None = None) -> IndexResult:
        """Chunk, embed and store `doc`, replacing any earlier chunks of the same document id."""
        started = time.perf_counter()
        report = progress or (lambda _f, _m: None)
        language = detect_language(doc.text)
        report(0.02, t("rag.progress.chunking", lang))
        pieces = chunks if chunks is not None else chunk_document(doc, language=language)
        nodes: list[BaseNode] = [self._node(chunk, meta, language) for chunk in pieces]
        embed_model = LlamaEmbedding(self.model)
        for start in range(0, len(nodes), EMBED_BATCH):
            batch = nodes[start : start + EMBED_BATCH]
            texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in batch]
            for node, vector in zip(batch, embed_model.get_text_embedding_batch(texts), strict=True):
                node.embedding = vector
            done = min(len(nodes), start + EMBED_BATCH)
            report(0.05 + 0.85 * done / max(1, len(nodes)),
                   t("rag.progress.embedding", lang, done=done, total=len(nodes)))
        report(0.93, t("rag.progress.saving", lang))
        store = self.vector_store
        store.delete(str(meta.document_id))
        if nodes:
            store.add(nodes)
        report(1.0, t("rag.progress.done", lang, chunks=len(nodes)))
        return IndexResult(meta.document_id, len(nodes), time.perf_counter() - started, language)

    def _node(self, chunk: Chunk, meta: DocumentMeta, language: str) -> TextNode:
        metadata: dict[str, Any] = {
            "company_id": meta.company_id,
            "company": meta.company,
            "company_key": company_key(meta.company),
            "owner": SHARED_OWNER if meta.owner_id is None else meta.owner_id,
            "document": meta.title,
            "doc_type": meta.doc_type,
            "year": meta.year or 0,
            "page": chunk.page or 0,
            "section": chunk.section,
            "position": chunk.position,
            "language": language,
        }
        node = TextNode(
            id_=f"doc{meta.document_id}-c{chunk.position}",
            text=chunk.text,
            metadata=metadata,
            excluded_embed_metadata_keys=[k for k in _ALL_METADATA_KEYS if k not in EMBED_METADATA_KEYS],
            excluded_llm_metadata_keys=list(_ALL_METADATA_KEYS),
            metadata_template="{value}",
            text_template="{metadata_str}\n{content}",
        )
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=str(meta.document_id))
        return node

    def delete_document(self, document_id: int) -> None:
        """Remove every chunk of a document (no error when it has none)."""
        self.vector_store.delete(str(document_id))

    def delete_company(self, company_id: int) -> None:
        self.collection.delete(where={"company_id": company_id})

    def chunk_count(self, document_id: int) -> int:
        return len(self.collection.get(where={"document_id": str(document_id)}, include=[])["ids"])

    def company_chunks(self, company_id: int) -> list[tuple[str, str, dict[str, Any]]]:
        """(id, text, metadata) of every chunk of a company (for keyword search and tests)."""
        got = self.collection.get(where={"company_id": company_id}, include=["documents", "metadatas"])
        return list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False))

    # ------------------------------------------------------------------ reading
    def search(self, query: str, *, company_id: int | None = None, company: str | None = None,
               owners: list[int] | None = None, k: int = 5, hybrid: bool | None = None) -> list[Passage]:
        """The `k` passages most relevant to `query` within one company, best first.

        Select the company by `company_id` (exact) or by `company` name (case-insensitive,
        limited to `owners`: user ids, with SHARED_OWNER for the sample companies).
        Hybrid mode fuses the vector ranking with a BM25 keyword ranking (reciprocal rank
        fusion); `score` is then the fused score scaled so that 1.0 means first in both.
        """
        if not query.strip() or k <= 0:
            return []
        filters, where = self._filters(company_id, company, owners)
        if filters is None:
            return []
        use_hybrid = self.hybrid if hybrid is None else hybrid
        depth = max(k * CANDIDATE_FACTOR, MIN_CANDIDATES) if use_hybrid else 2 * k  # room for duplicates
        index = VectorStoreIndex.from_vector_store(self.vector_store, embed_model=LlamaEmbedding(self.model))
        results = index.as_retriever(similarity_top_k=depth, filters=filters).retrieve(query)
        vector = [(r.node.node_id, self._passage(r.node.get_content(metadata_mode=MetadataMode.NONE),
                                                 {**r.node.metadata, "document_id": r.node.ref_doc_id},
                                                 _cosine(r.score))) for r in results]
        if not use_hybrid:
            return distinct_passages([p for _, p in vector], k)
        keyword = self._keyword_ranking(query, where, depth)
        by_id = dict(keyword) | dict(vector)
        fused = reciprocal_rank_fusion([[i for i, _ in vector], [i for i, _ in keyword]])
        best = 2.0 / (RRF_K + 1)
        return distinct_passages([replace(by_id[i], score=round(score / best, 4)) for i, score in fused], k)

    def _keyword_ranking(self, query: str, where: dict[str, Any], depth: int) -> list[tuple[str, Passage]]:
        key = json.dumps(where, sort_keys=True)
        ids = tuple(self.collection.get(where=where, include=[])["ids"])
        cached = self._bm25.get(key)
        if cached is None or cached[0] != ids:
            got = self.collection.get(where=where, include=["documents", "metadatas"])
            entries = list(zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False))
            bm25 = BM25([f"{m.get('section', '')}\n{text}" for _, text, m in entries])
            cached = (tuple(got["ids"]), bm25, entries)
            self._bm25[key] = cached
        _, bm25, entries = cached
        return [(entries[i][0], self._passage(entries[i][1], entries[i][2], None)) for i, _ in bm25.top(query, depth)]

    def _filters(self, company_id: int | None, company: str | None,
                 owners: list[int] | None) -> tuple[MetadataFilters | None, dict[str, Any]]:
        parts: list[MetadataFilter | MetadataFilters] = []
        where: list[dict[str, Any]] = []
        if company_id is not None:
            parts.append(MetadataFilter(key="company_id", value=company_id))
            where.append({"company_id": company_id})
        elif company:
            parts.append(MetadataFilter(key="company_key", value=company_key(company)))
            where.append({"company_key": company_key(company)})
        else:
            return None, {}
        if owners is not None:
            parts.append(MetadataFilter(key="owner", value=owners, operator=FilterOperator.IN))
            where.append({"owner": {"$in": owners}})
        clause = where[0] if len(where) == 1 else {"$and": where}
        return MetadataFilters(filters=parts, condition=FilterCondition.AND), clause

    @staticmethod
    def _passage(text: str, meta: dict[str, Any], score: float | None) -> Passage:
        document_id = str(meta.get("document_id") or "")
        return Passage(
            text=text,
            source=str(meta.get("document", "")),
            page=int(meta.get("page") or 0) or None,
            section=str(meta.get("section", "")),
            score=round(score, 4) if score is not None else 0.0,
            document_id=int(document_id) if document_id.isdigit() else None,
            company=str(meta.get("company", "")),
        )


def passage_key(text: str) -> str:
    """Passages with the same words (case, spacing and Unicode forms aside) are one passage."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def distinct_passages(ranked: list[Passage], k: int) -> list[Passage]:
    """The first `k` passages of `ranked` whose text has not been returned already: a
    document stored twice (before duplicate uploads were refused, or under two companies'
    shared copies) must never fill the results, or a citation list, with one passage twice."""
    seen: set[str] = set()
    out: list[Passage] = []
    for passage in ranked:
        key = passage_key(passage.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(passage)
        if len(out) == k:
            break
    return out


def _cosine(score: float | None) -> float:
    """ChromaVectorStore reports exp(-distance); with cosine distance that is exp(cos - 1)."""
    return 1.0 + math.log(score) if score and score > 0 else 0.0
