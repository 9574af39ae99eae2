"""Retrieval quality on the sample companies: recall@5 per language must be >= 0.9.

Questions and answer passages: data/samples/companies/eval_questions.json (30 Korean,
29 English). The same numbers come from `scripts/rag_eval.py`.
"""

from __future__ import annotations

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from core.rag.evaluation import evaluate_recall, index_sample_companies, load_eval_set
from core.rag.index import CompanyIndex

RECALL_TARGET = 0.9


@pytest.fixture(scope="module")
def sample_index(use_embedder, tmp_path_factory):
    path = tmp_path_factory.mktemp("chroma-eval")
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    index = CompanyIndex(embedder=use_embedder, client=client)
    index_sample_companies(index)
    return index


def test_eval_set_has_at_least_twenty_questions_per_language():
    questions = load_eval_set()["questions"]
    assert len(questions["ko"]) >= 20 and len(questions["en"]) >= 20


def test_recall_at_5_is_at_least_90_percent_in_korean_and_english(sample_index):
    results = evaluate_recall(lambda company, query, k: sample_index.search(query, company=company, k=k), k=5)
    for lang, result in results.items():
        print(f"recall@5 {lang}: {result.recall:.3f} ({result.hits}/{result.total}) misses={result.misses}")
    assert results["ko"].recall >= RECALL_TARGET
    assert results["en"].recall >= RECALL_TARGET


def test_hybrid_retrieval_is_not_worse_than_vector_only_in_korean(sample_index):
    def search(hybrid: bool):
        return lambda company, query, k: sample_index.search(query, company=company, k=k, hybrid=hybrid)

    vector = evaluate_recall(search(False), k=5)
    hybrid = evaluate_recall(search(True), k=5)
    print(f"vector-only recall@5: ko {vector['ko'].recall:.3f} en {vector['en'].recall:.3f}; "
          f"hybrid: ko {hybrid['ko'].recall:.3f} en {hybrid['en'].recall:.3f}")
    assert hybrid["ko"].recall >= vector["ko"].recall
    assert hybrid["en"].recall >= vector["en"].recall


def test_passages_cite_document_page_and_section(sample_index):
    passages = sample_index.search("일본 합작법인은 누구와 설립했나요?", company="한빛모빌리티 주식회사", k=5)
    hit = next(p for p in passages if "사쿠라익스프레스" in p.text)
    assert hit.source == "2025 사업보고서"
    assert hit.page == 5
    assert hit.section == "5. 해외 진출"
    assert hit.company == "한빛모빌리티 주식회사" and hit.document_id == 1
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
