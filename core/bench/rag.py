"""Company-library benchmarks: index a generated 100-page PDF, time queries, and recall.

    from core.bench.rag import bench_rag; bench_rag(quick=True)

Budgets on the 2-core dev machine: 100-page index <= 60 s, query p95 <= 150 ms.
The PDF is generated with fpdf2 (test extra): ~2,000 characters of report prose per page.
Everything runs in a temporary directory with the configured embedder (offline USE by
default); nothing touches the app's data.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

BUDGET_INDEX_S_100_PAGES = 60.0
BUDGET_QUERY_MS_P95 = 150.0

_TOPICS = ("warehouse automation", "battery supply", "fleet software", "customer support", "safety testing",
           "international expansion", "graduate hiring", "energy use", "pricing", "cyber security")
_SENTENCES = (
    "In {year} the {topic} team delivered {n} projects across {m} sites, ahead of plan.",
    "Revenue from {topic} reached {n} million pounds, up {m}% on the previous year.",
    "We reduced the cost of {topic} by {m}% through better scheduling and shared tooling.",
    "Customers rated our {topic} work {m} out of 100 in the annual survey of {n} accounts.",
    "The main risk for {topic} is a shortage of skilled staff; we trained {n} people in {year}.",
    "Our target for {topic} is to double output by {year} while keeping incidents below {m}.",
)


def make_report_pdf(pages: int = 100, seed: int = 7) -> bytes:
    """A text PDF of `pages` pages of report-like prose with numbered section headings."""
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF()
    pdf.set_auto_page_break(auto=False)
    for page in range(1, pages + 1):
        pdf.add_page()
        topic = _TOPICS[page % len(_TOPICS)]
        pdf.set_font("Helvetica", size=13)
        pdf.multi_cell(0, 8, f"{page}. {topic.title()} Review", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        for _ in range(4):
            paragraph = " ".join(
                rng.choice(_SENTENCES).format(topic=topic, year=rng.randint(2019, 2030), n=rng.randint(2, 900),
                                              m=rng.randint(2, 99))
                for _ in range(5)
            )
            pdf.multi_cell(0, 4.6, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_rag(quick: bool = True) -> dict[str, Any]:
    """Measure indexing and query speed (and recall@5) on this machine.

    quick=True runs one round of queries; False runs three. The 100-page PDF is always
    100 pages (the budget is defined on it).
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from core.config import get_settings
    from core.documents import extract_document
    from core.rag.embeddings import resolve_embedder
    from core.rag.evaluation import evaluate_recall, index_sample_companies, query_latencies_ms
    from core.rag.index import CompanyIndex, DocumentMeta

    settings = get_settings()
    embedder = resolve_embedder(settings)
    embedder.embed_query("warm up")  # model load is a start-up cost, not an indexing cost
    pdf = make_report_pdf(100)
    with tempfile.TemporaryDirectory(prefix="ares-bench-rag-") as tmp:
        client = chromadb.PersistentClient(path=str(Path(tmp) / "chroma"),
                                           settings=ChromaSettings(anonymized_telemetry=False))
        index = CompanyIndex(embedder=embedder, client=client)
        started = time.perf_counter()
        doc = extract_document(pdf, "bench.pdf")
        extracted_s = time.perf_counter() - started
        result = index.index_document(doc, DocumentMeta(company_id=999, company="Bench Co", owner_id=None,
                                                        document_id=999_999, title="Bench report"))
        index_s = time.perf_counter() - started
        index_sample_companies(index)
        rounds = 1 if quick else 3
        latencies = query_latencies_ms(lambda c, q, k: index.search(q, company=c, k=k), rounds=rounds)
        big_queries = [f"What happened with {topic} in 2025?" for topic in _TOPICS] * rounds
        for query in big_queries:
            begun = time.perf_counter()
            index.search(query, company_id=999, k=5)
            latencies.append((time.perf_counter() - begun) * 1000)
        recall = evaluate_recall(lambda c, q, k: index.search(q, company=c, k=k), k=5)
    return {
        "rag_embedder": embedder.name,
        "rag_index_s_100_pages": round(index_s, 2),
        "rag_extract_s_100_pages": round(extracted_s, 2),
        "rag_chunks_100_pages": result.chunks,
        "rag_query_ms_p95": round(_p95(latencies), 1),
        "rag_query_ms_median": round(statistics.median(latencies), 1),
        "rag_queries": len(latencies),
        "rag_recall_at_5_ko": round(recall["ko"].recall, 3),
        "rag_recall_at_5_en": round(recall["en"].recall, 3),
        "rag_index_within_budget": index_s <= BUDGET_INDEX_S_100_PAGES,
        "rag_query_within_budget": _p95(latencies) <= BUDGET_QUERY_MS_P95,
    }
