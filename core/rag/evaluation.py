"""Retrieval evaluation over the sample companies (recall@k per language).

`data/samples/companies/eval_questions.json` pairs questions with a distinctive substring
of the passage that answers them. A question is a hit when that substring (spaces
ignored) appears in one of the top-k passages. Used by the tests, by
`scripts/rag_eval.py` (chunk-size tuning) and by the RAG benchmark.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import SAMPLES_DIR
from core.documents.extract import extract_document
from core.rag.chunking import chunk_document, detect_language
from core.rag.index import CompanyIndex, DocumentMeta
from core.rag.types import Passage

COMPANIES_DIR = SAMPLES_DIR / "companies"
MANIFEST = COMPANIES_DIR / "manifest.json"
EVAL_SET = COMPANIES_DIR / "eval_questions.json"


def load_manifest(path: Path = MANIFEST) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["companies"])


def load_eval_set(path: Path = EVAL_SET) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass
class EvalResult:
    language: str
    k: int
    recall: float
    hits: int
    total: int
    misses: list[dict[str, Any]] = field(default_factory=list)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def index_sample_companies(index: CompanyIndex, *, chunk_tokens: dict[str, int] | None = None) -> dict[str, int]:
    """Index the manifest's documents into `index` without a database (ids 1..n).

    Returns {company name: company_id}. For tuning, `chunk_tokens` overrides the chunk
    budget per language.
    """
    ids: dict[str, int] = {}
    document_id = 0
    for company_id, company in enumerate(load_manifest(), 1):
        ids[company["name"]] = company_id
        for entry in company["documents"]:
            document_id += 1
            path = COMPANIES_DIR / entry["file"]
            doc = extract_document(path.read_bytes(), path.name)
            lang = detect_language(doc.text)
            chunks = chunk_document(doc, language=lang,
                                    chunk_tokens=(chunk_tokens or {}).get(lang))
            meta = DocumentMeta(company_id=company_id, company=company["name"], owner_id=None,
                                document_id=document_id, title=entry["title"],
                                doc_type=entry.get("doc_type", ""), year=entry.get("year"))
            index.index_document(doc, meta, chunks=chunks)
    return ids


Search = Callable[[str, str, int], list[Passage]]


def evaluate_recall(search: Search, *, k: int = 5, eval_set: dict[str, Any] | None = None) -> dict[str, EvalResult]:
    """recall@k per language; `search(company, query, k)` is any Retriever.search."""
    data = eval_set or load_eval_set()
    results: dict[str, EvalResult] = {}
    for language, questions in data["questions"].items():
        company = data["companies"][language]
        hits, misses = 0, []
        for item in questions:
            passages = search(company, item["q"], k)
            if any(_squash(item["a"]) in _squash(p.text) for p in passages):
                hits += 1
            else:
                misses.append({"q": item["q"], "a": item["a"], "top": [p.text[:80] for p in passages[:2]]})
        results[language] = EvalResult(language, k, hits / len(questions), hits, len(questions), misses)
    return results


def query_latencies_ms(search: Search, *, rounds: int = 3, eval_set: dict[str, Any] | None = None) -> list[float]:
    """Wall time of each search over the evaluation questions, `rounds` times."""
    data = eval_set or load_eval_set()
    times: list[float] = []
    for _ in range(rounds):
        for language, questions in data["questions"].items():
            company = data["companies"][language]
            for item in questions:
                started = time.perf_counter()
                search(company, item["q"], 5)
                times.append((time.perf_counter() - started) * 1000)
    return times
