"""How many tries a question type usually takes (Progress): every question answered more
than once — again in one session ("Answer again") or in later sessions — grouped by the
answer reader's question type, counted until its answer score first reached "good"."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from core.feedback.retry import tries_until_good
from core.feedback.types import BAND_GOOD_MIN
from core.report.progress import AnswerRecord, load_answers


def _question_key(answer: AnswerRecord) -> str:
    return f"bank:{answer.bank_id}" if answer.bank_id else "text:" + " ".join(answer.question.casefold().split())


def tries_by_question_type(engine: Engine, *, viewer_id: int, owner_id: int | None = None) -> dict[str, Any]:
    """{question_type: {"questions", "reached", "median_tries", "never"}} over the owner's
    analysed answers the viewer may see (analyses without a question type are left out)."""
    histories: dict[str, tuple[str, list[float | None]]] = {}
    for answer in load_answers(engine, viewer_id=viewer_id, owner_id=owner_id):
        reading = answer.analysis.content.reading  # None: analysed before the answer reader
        if reading is None:
            continue
        _, scores = histories.setdefault(_question_key(answer), (reading.question_type, []))
        scores.append(answer.analysis.score)
    return tries_until_good(list(histories.values()), good=BAND_GOOD_MIN)
