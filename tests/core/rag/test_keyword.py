"""The BM25 keyword index (bm25s under our Korean-aware tokenizer)."""

from __future__ import annotations

import math

import pytest

from core.rag.keyword import BM25, BM25_B, BM25_K1, tokenize


def _textbook(texts: list[str], query: str) -> list[float]:
    """Okapi BM25 with Lucene's idf, written out (Robertson & Zaragoza 2009, eq. 3.x)."""
    docs = [tokenize(t) for t in texts]
    avg = sum(map(len, docs)) / len(docs)
    out = []
    for doc in docs:
        score = 0.0
        for term in set(tokenize(query)):
            df = sum(term in d for d in docs)
            tf = doc.count(term)
            if tf:
                idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
                score += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * len(doc) / avg))
        out.append(score)
    return out


def test_korean_words_match_across_particles():
    index = BM25(["작년 이직률은 3%였습니다.", "매출은 2026년에 늘었습니다.", "Staff turnover fell."])
    assert [i for i, _ in index.top("이직률을 알려 주세요", 3)] == [0]


def test_scores_are_the_textbook_formula_up_to_the_constant_k1_plus_1():
    texts = ["battery supply grew in 2025", "battery battery recycling", "fleet software and battery",
             "customer support", "배터리 공급망 배터리 재활용"]
    query = "battery supply 배터리"
    got, expected = BM25(texts).scores(query), _textbook(texts, query)
    for g, e in zip(got, expected, strict=True):
        assert g * (BM25_K1 + 1) == pytest.approx(e, rel=1e-4, abs=1e-6)


def test_a_repeated_query_word_counts_once():
    index = BM25(["alpha beta", "beta gamma", "gamma delta"])
    assert index.scores("beta beta beta") == index.scores("beta")


def test_no_texts_or_no_match_gives_nothing():
    assert BM25([]).top("anything", 5) == []
    assert BM25(["alpha"]).top("omega", 5) == []


def test_indexing_logs_nothing_below_the_apps_own_level(caplog):
    """bm25s sets its logger to DEBUG on import; its "Building index from tokens" reached the
    server log at the default WARNING level (new-user finding, session 25)."""
    import logging

    with caplog.at_level(logging.WARNING):  # the root logger at WARNING, as the app's default
        BM25(["the first text", "the second text"])
        assert logging.getLogger("bm25s").getEffectiveLevel() == logging.WARNING
    assert not [r for r in caplog.records if r.name.startswith("bm25s")]
