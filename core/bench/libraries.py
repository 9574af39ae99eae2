"""Kept libraries instead of our own code: speed and accuracy of what they replaced.

    python -m core bench --only resampler keyword_index

* `bench_resampler`: the recorder's streaming resampler (48 kHz browser audio -> 16 kHz)
  fed 20 ms frames as aiortc delivers them. Speed: microseconds per frame. Accuracy: the
  signal-to-error ratio of a resampled four-tone signal against the same tones computed
  at 16 kHz, the level of a 10 kHz tone (above the 8 kHz output Nyquist) that must not
  fold back, and how much the output depends on the frame size (0 = none).
* `bench_keyword_index`: the BM25 keyword index of hybrid retrieval over the sample
  companies' passages (data/samples/companies). Build and query time, keyword-only
  recall@5, and hybrid (vector + keyword) recall@5 per language — the number the hybrid
  retrieval is judged by (docs/notes/rag.md).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

IN_RATE = 48_000  # aiortc's Opus decoder output
OUT_RATE = 16_000  # what speech analysis reads
FRAME = 960  # 20 ms at 48 kHz
TONES_HZ = (200.0, 1_000.0, 3_000.0, 6_500.0)  # speech band up to just below 8 kHz
ALIAS_HZ = 10_000.0


def _tones(rate: int, seconds: float, freqs: tuple[float, ...]) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return sum((0.2 * np.sin(2 * np.pi * f * t) for f in freqs), np.zeros_like(t)).astype(np.float32)


def _resample(signal: np.ndarray, frame: int) -> np.ndarray:
    from core.capture.resample import StreamingResampler

    resampler = StreamingResampler(IN_RATE, OUT_RATE)
    parts = [resampler.process(signal[i : i + frame]) for i in range(0, len(signal), frame)]
    return np.concatenate([*parts, resampler.finish()])


def bench_resampler(quick: bool = True) -> dict[str, Any]:
    """Speed and accuracy of `core.capture.resample.StreamingResampler` (48 -> 16 kHz)."""
    from core.capture import resample

    seconds = 20.0 if quick else 60.0
    noise = (np.random.default_rng(0).standard_normal(int(IN_RATE * seconds)) * 0.1).astype(np.float32)
    _resample(noise[: IN_RATE], FRAME)  # warm-up (filter design, imports)
    started = time.perf_counter()
    _resample(noise, FRAME)
    per_frame_us = (time.perf_counter() - started) / (len(noise) / FRAME) * 1e6

    out = _resample(_tones(IN_RATE, 2.0, TONES_HZ), FRAME)
    ref = _tones(OUT_RATE, len(out) / OUT_RATE, TONES_HZ)[: len(out)]
    edge = OUT_RATE // 10  # skip 0.1 s at each end: the filter's start-up and tail
    error = out[edge:-edge] - ref[edge:-edge]
    snr_db = 10 * np.log10(np.mean(ref[edge:-edge] ** 2) / max(np.mean(error**2), 1e-20))

    alias = _resample(_tones(IN_RATE, 2.0, (ALIAS_HZ,)), FRAME)[edge:-edge]
    alias_db = 20 * np.log10(max(float(np.sqrt(np.mean(alias**2))), 1e-12) / (0.2 / np.sqrt(2)))

    whole = _resample(noise[: IN_RATE * 2], len(noise))
    odd = _resample(noise[: IN_RATE * 2], 333)
    return {
        "resampler": resample.ENGINE,
        "resampler_us_per_20ms_frame": round(per_frame_us, 1),
        "resampler_realtime_factor": round(per_frame_us / 20_000, 5),
        "resampler_snr_db": round(float(snr_db), 1),
        "resampler_alias_10khz_db": round(float(alias_db), 1),
        "resampler_chunking_max_diff": float(np.abs(whole - odd).max()) if len(whole) == len(odd) else None,
        "resampler_length_for_2s": len(whole),
    }


def _sample_passages() -> dict[str, list[str]]:
    """Per company name: its passages as the keyword index sees them (`section\\ntext`)."""
    from core.documents.extract import extract_document
    from core.rag.chunking import chunk_document, detect_language
    from core.rag.evaluation import COMPANIES_DIR, load_manifest

    texts: dict[str, list[str]] = {}
    for company in load_manifest():
        for entry in company["documents"]:
            path = COMPANIES_DIR / entry["file"]
            doc = extract_document(path.read_bytes(), path.name)
            for chunk in chunk_document(doc, language=detect_language(doc.text)):
                texts.setdefault(company["name"], []).append(f"{chunk.section}\n{chunk.text}")
    return texts


def bench_keyword_index(quick: bool = True) -> dict[str, Any]:
    """Build/query time and recall@5 (keyword-only and hybrid) of the BM25 keyword index."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from core.config import get_settings
    from core.rag import keyword
    from core.rag.embeddings import resolve_embedder
    from core.rag.evaluation import _squash, evaluate_recall, index_sample_companies, load_eval_set
    from core.rag.index import CompanyIndex

    texts = _sample_passages()
    rounds = 3 if quick else 10
    build_ms: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        indexes = {name: keyword.BM25(docs) for name, docs in texts.items()}
        build_ms.append((time.perf_counter() - started) * 1000 / len(texts))
    data = load_eval_set()
    query_ms: list[float] = []
    keyword_recall: dict[str, float] = {}
    for language, questions in data["questions"].items():
        company = data["companies"][language]
        hits = 0
        for item in questions:
            started = time.perf_counter()
            top = indexes[company].top(item["q"], 5)
            query_ms.append((time.perf_counter() - started) * 1000)
            hits += any(_squash(item["a"]) in _squash(texts[company][i]) for i, _ in top)
        keyword_recall[language] = hits / len(questions)

    embedder = resolve_embedder(get_settings())
    with tempfile.TemporaryDirectory(prefix="ares-bench-keyword-") as tmp:
        client = chromadb.PersistentClient(path=str(Path(tmp) / "chroma"),
                                           settings=ChromaSettings(anonymized_telemetry=False))
        index = CompanyIndex(embedder=embedder, client=client)
        index_sample_companies(index)
        hybrid = evaluate_recall(lambda c, q, k: index.search(q, company=c, k=k, hybrid=True), k=5)
    return {
        "keyword_index": keyword.ENGINE,
        "keyword_passages": sum(len(v) for v in texts.values()),
        "keyword_build_ms_per_company": round(statistics.median(build_ms), 2),
        "keyword_query_ms_median": round(statistics.median(query_ms), 3),
        "keyword_query_ms_max": round(max(query_ms), 3),
        "keyword_only_recall_at_5_ko": round(keyword_recall["ko"], 3),
        "keyword_only_recall_at_5_en": round(keyword_recall["en"], 3),
        "hybrid_recall_at_5_ko": round(hybrid["ko"].recall, 3),
        "hybrid_recall_at_5_en": round(hybrid["en"].recall, 3),
    }
