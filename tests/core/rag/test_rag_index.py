"""The index mechanics: company and owner isolation, delete/replace, progress, collections
per embedding model, the Chroma client choice. Uses the instant hashing embedder."""

from __future__ import annotations

import pytest
from rag_doc_builders import text_pdf

from core.config import get_settings
from core.documents import extract_document
from core.rag.chunking import chunk_document, detect_language, reflow
from core.rag.embeddings import HashingEmbedder, LlamaEmbedding, resolve_embedder
from core.rag.index import SHARED_OWNER, CompanyIndex, DocumentMeta
from core.rag.keyword import BM25, reciprocal_rank_fusion, tokenize
from core.rag.store import collection_name, make_chroma_client, open_collection


def _doc(text: str):
    return extract_document(text.encode(), "doc.md")


def _meta(document_id: int, company_id: int = 1, company: str = "Acme", owner: int | None = None):
    return DocumentMeta(company_id=company_id, company=company, owner_id=owner, document_id=document_id,
                        title=f"Doc {document_id}", doc_type="annual_report", year=2025)


ACME = ("# Acme Report\n\n## Risks\n\nOur main risk is the price of lithium cells.\n\n"
        "## People\n\nWe employ 300 engineers.")
GLOBEX = "# Globex Report\n\n## Risks\n\nGlobex worries about lithium too, and about rain."


@pytest.fixture
def index(chroma_client, hashing_embedder):
    return CompanyIndex(embedder=hashing_embedder, client=chroma_client)


def test_company_without_documents_gives_an_empty_list(index):
    assert index.search("anything", company="Nobody Inc") == []
    assert index.search("anything", company_id=99) == []
    index.index_document(_doc(ACME), _meta(1))
    assert index.search("   ", company="Acme") == []


def test_search_stays_within_one_company(index):
    index.index_document(_doc(ACME), _meta(1, company_id=1, company="Acme"))
    index.index_document(_doc(GLOBEX), _meta(2, company_id=2, company="Globex"))
    passages = index.search("lithium risk", company="acme", k=10)
    assert passages and all(p.company == "Acme" for p in passages)
    assert all(p.company == "Globex" for p in index.search("lithium", company_id=2, k=10))


def test_owner_filter_hides_other_users_companies(index):
    index.index_document(_doc(ACME), _meta(1, company="Acme", owner=7))
    assert index.search("lithium", company="Acme", owners=[SHARED_OWNER, 8]) == []
    assert index.search("lithium", company="Acme", owners=[SHARED_OWNER, 7])


def test_reindexing_replaces_and_delete_removes_a_documents_chunks(index):
    index.index_document(_doc(ACME), _meta(1))
    first = index.chunk_count(1)
    index.index_document(_doc(ACME), _meta(1))
    assert index.chunk_count(1) == first > 0
    index.delete_document(1)
    assert index.chunk_count(1) == 0
    assert index.search("lithium", company="Acme") == []


def test_progress_reports_rising_fractions_up_to_one(index):
    seen: list[tuple[float, str]] = []
    index.index_document(_doc(ACME * 20), _meta(1), progress=lambda f, m: seen.append((f, m)), lang="ko")
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "완료" in seen[-1][1]


def test_collection_records_the_embedding_model_and_each_model_has_its_own(chroma_client):
    a = CompanyIndex(embedder=HashingEmbedder(64, name="model-a"), client=chroma_client)
    b = CompanyIndex(embedder=HashingEmbedder(64, name="model-b"), client=chroma_client)
    a.index_document(_doc(ACME), _meta(1))
    assert a.collection.metadata["embedding_model"] == "model-a"
    assert a.collection.metadata["embedding_dim"] == 64
    assert b.collection.name != a.collection.name
    assert b.search("lithium", company="Acme") == []  # vectors of two models are never mixed


def test_incompatible_collection_of_the_same_name_is_rebuilt(chroma_client):
    name = collection_name("m", 64)
    chroma_client.create_collection(name, metadata={"embedding_model": "m", "embedding_dim": 64, "ares_schema": 0},
                                    embedding_function=None)
    opened = open_collection(chroma_client, "m", 64)
    assert opened.rebuilt and "ares_schema" in opened.reason
    assert open_collection(chroma_client, "m", 64).rebuilt is False


def test_chroma_host_setting_selects_the_http_client(monkeypatch):
    import chromadb

    calls = {}

    def fake_http_client(**kwargs):
        calls.update(kwargs)
        return object()

    monkeypatch.setattr(chromadb, "HttpClient", fake_http_client)
    monkeypatch.setenv("CHROMA_HOST", "chroma.internal")
    monkeypatch.setenv("CHROMA_PORT", "8123")
    get_settings.cache_clear()
    make_chroma_client(get_settings())
    assert calls["host"] == "chroma.internal" and calls["port"] == 8123
    assert calls["settings"].anonymized_telemetry is False


def test_default_client_is_persistent_in_the_data_dir(data_dir):
    client = make_chroma_client(get_settings())
    client.heartbeat()
    assert (data_dir / "chroma").is_dir()


def test_offline_embedder_is_the_default_and_openai_is_selectable(monkeypatch):
    assert resolve_embedder(get_settings()).name == "use-multilingual-v3"
    monkeypatch.setenv("EMBEDDING_PROVIDER", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    get_settings.cache_clear()
    embedder = resolve_embedder(get_settings())
    assert embedder.name == "openai:text-embedding-3-small" and embedder.dimension == 1536


def test_llama_embedding_adapter_uses_the_embedder(hashing_embedder):
    adapter = LlamaEmbedding(hashing_embedder)
    assert adapter.get_query_embedding("hello") == hashing_embedder.embed_query("hello")
    assert len(adapter.get_text_embedding_batch(["a", "b"])) == 2


# ----------------------------------------------------------------------------- chunking
def test_pdf_chunks_keep_pages_and_never_cross_them():
    pages = [f"{i}. Section {i}\n" + f"Sentence about topic {i} goes here. " * 40 for i in range(1, 4)]
    doc = extract_document(text_pdf(pages), "x.pdf")
    chunks = chunk_document(doc)
    assert {c.page for c in chunks} == {1, 2, 3}
    for chunk in chunks:
        assert f"topic {chunk.page}" in chunk.text
        assert chunk.section == f"{chunk.page}. Section {chunk.page}"


def test_korean_text_is_chunked_with_sections():
    text = "# 회사 소개\n\n" + "한빛은 전기 이륜차를 만든다. " * 80 + "\n\n## 위험 요인\n\n리튬 가격이 위험하다."
    doc = _doc(text)
    chunks = chunk_document(doc)
    assert detect_language(doc.text) == "ko"
    assert len(chunks) > 2
    assert chunks[-1].section == "위험 요인" and "리튬" in chunks[-1].text


def test_one_megabyte_single_line_is_chunked():
    line = ("Robots 🤖 help people. مرحبا بالعالم שלום " * 30000)[: 1024 * 1024]
    chunks = chunk_document(extract_document(line.encode(), "long.txt"))
    assert len(chunks) > 100 and all(len(c.text) < 2000 for c in chunks)


def test_reflow_joins_wrapped_pdf_lines_but_keeps_headings():
    assert reflow("1. Overview\nWe build robots for\nwarehouses.\nNext line.") == \
        "1. Overview\nWe build robots for warehouses.\nNext line."


# ----------------------------------------------------------------------------- keywords
def test_korean_tokens_are_syllable_bigrams_so_particles_still_match():
    assert "이직" in tokenize("이직률은") and "직률" in tokenize("이직률을")
    bm25 = BM25(["자발적 이직률은 9.4%이다.", "매출은 6,012억 원이다."])
    assert bm25.top("이직률이 궁금합니다", 1)[0][0] == 0


def test_reciprocal_rank_fusion_prefers_items_ranked_by_both():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])
    assert fused[0][0] == "b"
