"""Keyword (BM25) scoring for hybrid retrieval, with a tokenizer that suits Korean.

Korean attaches particles to words ("이직률은", "이직률을"), so a whole-word index misses
most matches. Hangul runs are indexed as character bigrams (plus the single syllable for
one-syllable words); other scripts as lower-cased words. Numbers stay whole ("2026").
The hybrid gain is measured, not assumed: see docs/notes/rag.md ("Hybrid retrieval").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

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
    """Okapi BM25 over a fixed list of texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.docs = [Counter(tokenize(t)) for t in texts]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        n = len(self.docs)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: str) -> list[float]:
        terms = [term for term in set(tokenize(query)) if term in self.idf]
        out = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            score = 0.0
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length / (self.avg_length or 1))
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (BM25_K1 + 1) / (tf + norm)
            out.append(score)
        return out

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
