"""Answer-reader benchmark: held-out accuracy on the labelled corpus, the time to read a
two-minute answer on one core once the models are loaded, and the memory the reader adds.

    python -m core bench --only reader [--json]

Accuracy (per language) comes from `core.interview.reader_eval.evaluate_reader("heldout")`:
follow-up kind agreement, sentence-role accuracy, off-topic recall and false-alarm rate,
strong answers challenged on a false premise. Goals (issue 14): >= 90 % agreement per
language, 0 false-premise challenges, off-topic recall >= 90 % with <= 5 % false alarms,
a two-minute answer read in <= 150 ms, peak memory growth <= 100 MB.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from typing import Any

BUDGET_READ_MS = 150.0
TWO_MINUTE_EN = (
    "Last spring our invoicing team had to move every customer from monthly plans to usage-based pricing within "
    "one quarter. I was asked to own the rollout plan, and finance was nervous about double billing. I split the "
    "change into four feature flags so we could switch customers over in small groups. I wrote the migration for "
    "the rates table myself and tested it against a copy of three months of real invoices. I also set up a "
    "15-minute daily check-in with the finance lead so every mismatch was caught the same day. When the first "
    "group went live we found two rounding errors, and I fixed them before the second group moved. I kept a short "
    "written log of every decision so support could answer customers without asking us. We moved all 1,200 "
    "customers over two weeks ahead of the deadline. Billing disputes in the first month fell from 31 to 4 "
    "compared with the previous quarter's monthly average. Support tickets about invoices dropped by half in the "
    "same month. What I took from it is that the slow part was trust, not code, so I now bring finance in before "
    "I write anything, and I share a plan with the people who carry the risk on the first day, not the last."
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_reader(quick: bool = False) -> dict[str, Any]:
    """Held-out measures and reading speed/memory (see the module docstring)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from core.interview.reader import load_model, read_answer
    from core.interview.reader_eval import evaluate_reader
    from core.rag.embeddings import _use_model

    before = _rss_mb()
    _use_model()
    load_model()
    loaded = _rss_mb()
    read_answer("warm up", "warm up", lang="en")
    text = TWO_MINUTE_EN
    runs = 5 if quick else 20
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        reading = read_answer("Tell me about a time you led a change that others were unsure about.", text,
                              lang="en")
        times.append((time.perf_counter() - started) * 1000.0)
    long_text = " ".join([text] * 25)  # ~5,000 words pasted
    started = time.perf_counter()
    read_answer("Tell me about a time you led a change.", long_text, lang="en")
    long_ms = (time.perf_counter() - started) * 1000.0
    measures = evaluate_reader("heldout")
    return {
        "two_minute_answer_words": len(text.split()),
        "two_minute_answer_sentences": len(reading.sentences),
        "read_ms_median": round(statistics.median(times), 1),
        "read_ms_max": round(max(times), 1),
        "budget_ms": BUDGET_READ_MS,
        "within_budget": statistics.median(times) <= BUDGET_READ_MS,
        "paste_5000_words_ms": round(long_ms, 1),
        "rss_before_mb": round(before, 1),
        "rss_models_loaded_mb": round(loaded, 1),
        "rss_peak_mb": round(_rss_mb(), 1),
        "model": measures["model"],
        "heldout": measures["by_language"],
    }
