"""Keyword (BM25) scoring for hybrid retrieval, with a tokenizer that suits Korean.

Korean attaches particles to words ("이직률은", "이직률을"), so a whole-word index misses
most matches. Hangul runs are indexed as character bigrams (plus the single syllable for
one-syllable words); other scripts as lower-cased words. Numbers stay whole ("2026").
The tokenizer is ours (no library tokenizes Korean this way without a morphological
analyser); the index and scoring are `bm25s`, the BM25 engine llama-index's BM25
retriever is built on, fed our tokens directly (that retriever would tokenize with an
English stemmer). The hybrid gain is measured, not assumed: see docs/notes/rag.md
("Hybrid retrieval") and `python -m core bench --only keyword_index`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from importlib.metadata import version

import numpy as np

ENGINE = f"bm25s {version('bm25s')} (Lucene BM25) + own Korean bigram tokenizer"
_WORD = re.compile(r"[\uac00-\ud7a3]+|[^\W_]+", re.UNICODE)
BM25_K1 = 1.2  # term-frequency saturation (Robertson & Zaragoza's usual 1.2)
BM25_B = 0.75  # length normalisation


def tokenize(text: str) -> list[str]:
    """Lower-cased words; Hangul words as overlapping syllable bigrams."""
    tokens: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if "\uac00" <= word[0] <= "\ud7a3":
            if len(word) == 1:
                tokens.append(word)
            else:
                tokens.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            tokens.append(word)
    return tokens


class BM25:
    """Okapi BM25 (Lucene's variant: idf = ln(1 + (N - df + 0.5) / (df + 0.5))) over a fixed
    list of texts. Scores are bm25s's, which omit the constant (k1 + 1) factor: rankings
    are those of the textbook formula."""

    def __init__(self, texts: Sequence[str]) -> None:
        # Imported here, not at module level: bm25s pulls numba and scipy.sparse (seconds on
        # a 2-core machine), which importing core.rag must not cost the first page.
        import bm25s

        # bm25s sets its own logger to DEBUG on import, so "Building index from tokens" reached
        # the server log at every index; our log level decides, as for every other library.
        logging.getLogger("bm25s").setLevel(logging.NOTSET)
        self.size = len(texts)
        self._index = bm25s.BM25(k1=BM25_K1, b=BM25_B, method="lucene")
        if self.size:
            self._index.index([tokenize(t) for t in texts], show_progress=False)

    def scores(self, query: str) -> list[float]:
        """One score per text, in the order given (0.0 where no query term occurs)."""
        if not self.size:
            return []
        # A term repeated in the query counts once, as before the swap (bm25s would add it twice).
        terms = list(dict.fromkeys(tokenize(query)))
        return [float(v) for v in np.asarray(self._index.get_scores(terms)).reshape(-1)]

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position, score) of the best `k` texts with a positive score."""
        ranked = sorted(enumerate(self.scores(query)), key=lambda item: item[1], reverse=True)
        return [(i, s) for i, s in ranked[:k] if s > 0]


RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(id) = sum 1 / (k + rank). Best first."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)
