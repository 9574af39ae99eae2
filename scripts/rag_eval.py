"""Retrieval evaluation on the sample companies: recall@k per language (chunk-size tuning).

    uv run python scripts/rag_eval.py [--k 5] [--vector-only] [--chunk-tokens-ko N] [--chunk-tokens-en N] [--json]

Indexes the sample documents into an in-memory Chroma with the configured embedder and
asks the questions of data/samples/companies/eval_questions.json. The numbers in
docs/notes/rag.md come from this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--vector-only", action="store_true", help="no BM25 keyword fusion")
    parser.add_argument("--chunk-tokens-ko", type=int, help="chunk budget for Korean documents (tokens)")
    parser.add_argument("--chunk-tokens-en", type=int, help="chunk budget for English documents (tokens)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from core.config import get_settings
    from core.rag.embeddings import resolve_embedder
    from core.rag.evaluation import evaluate_recall, index_sample_companies
    from core.rag.index import CompanyIndex

    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    index = CompanyIndex(embedder=resolve_embedder(get_settings()), client=client, hybrid=not args.vector_only)
    sizes = {lang: size for lang, size in (("ko", args.chunk_tokens_ko), ("en", args.chunk_tokens_en)) if size}
    index_sample_companies(index, chunk_tokens=sizes or None)
    results = evaluate_recall(lambda company, query, k: index.search(query, company=company, k=k), k=args.k)
    if args.json:
        payload = {lang: {"recall": round(r.recall, 3), "hits": r.hits, "total": r.total, "misses": r.misses}
                   for lang, r in results.items()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for lang, r in results.items():
        print(f"{lang}: recall@{r.k} = {r.recall:.3f} ({r.hits}/{r.total})")
        for miss in r.misses:
            print(f"   miss: {miss['q']} -> {miss['a']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
