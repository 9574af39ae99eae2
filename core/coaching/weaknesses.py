"""Recurring weaknesses over recent sessions, and the next drill that targets them.

Read from the stored feedback items (their stable keys and grades), never from a new
reading of the text: the report, the cohort and Progress then agree on what was observed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.feedback.types import FeedbackItem
from core.report.progress import AnswerRecord

RECENT_SESSIONS = 5  # the window "recent" means: the last five sessions with analysed answers
MIN_ANSWERS = 2  # a weakness recurs when it was seen in at least two answers
TOP_N = 3
DRILL_QUESTIONS = 3  # "three questions where the result was missing"
# A needs-improvement observation counts fully, an "average" one half (the report's grades).
GRADE_WEIGHT = {"needs_improvement": 1.0, "average": 0.5}

# Feedback item key -> weakness id (several keys can name one habit).
WEAKNESS_OF_KEY: dict[str, str] = {
    "result.missing": "result_missing",
    "result.unmeasured": "result_unmeasured",
    "numbers.no_context": "numbers_no_context",
    "star.missing": "star_missing",
    "specificity.low": "specificity_low",
    "relevance.low": "relevance_low",
    "ownership.we_only": "ownership",
    "ownership.we_heavy": "ownership",
    "ownership.none": "ownership",
    "hedges.many": "hedges",
    "length.short": "too_short",
    "length.long": "too_long",
    "delivery.fillers": "fillers",
    "delivery.pace": "pace",
    "delivery.pauses": "pauses",
    "delivery.length": "answer_time",
    "delivery.pitch_variation": "monotone",
    "delivery.volume": "volume",
    "camera.camera_gaze_share": "eye_contact",
    "camera.face_visible_share": "framing",
    "camera.posture_ok_share": "posture",
    "fact.contradicted": "company_facts",
    "consistency.mismatch": "resume_consistency",
}


@dataclass(frozen=True)
class Example:
    attempt_id: int
    session_id: int
    question: str
    quote: str
    start_s: float | None


@dataclass(frozen=True)
class Weakness:
    id: str  # i18n: coaching.weak.<id>
    answers: int  # answers where it was seen (within the window)
    sessions: int
    weight: float  # sum of grade weights: the ranking
    examples: tuple[Example, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "answers": self.answers, "sessions": self.sessions, "weight": self.weight,
                "examples": [e.__dict__ for e in self.examples]}


@dataclass(frozen=True)
class Drill:
    """The next practice: retake the questions where the top weakness showed (or fresh
    questions with that focus when fewer were seen)."""

    targets: tuple[str, ...]  # weakness ids, most important first
    questions: tuple[str, ...]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"targets": list(self.targets), "questions": list(self.questions), "count": self.count}


@dataclass
class _Tally:
    """One weakness while the answers are counted (mutable; `Weakness` is the result)."""

    answers: int = 0
    sessions: set[int] = field(default_factory=set)
    weight: float = 0.0
    examples: list[Example] = field(default_factory=list)


def recurring_weaknesses(answers: Sequence[AnswerRecord], *, top_n: int = TOP_N,
                         recent_sessions: int = RECENT_SESSIONS) -> list[Weakness]:
    """The `top_n` weaknesses seen most over the last `recent_sessions` sessions (answers
    oldest first, as `core.report.progress.load_answers` returns them)."""
    order: list[int] = []
    for answer in answers:
        if answer.session_id not in order:
            order.append(answer.session_id)
    window = set(order[-recent_sessions:])
    seen: dict[str, _Tally] = {}
    for answer in answers:
        if answer.session_id not in window:
            continue
        per_answer: dict[str, tuple[float, FeedbackItem]] = {}
        for item in answer.analysis.feedback:
            weakness = WEAKNESS_OF_KEY.get(item.key)
            weight = GRADE_WEIGHT.get(str(item.grade))
            if weakness is None or weight is None:
                continue
            if weakness not in per_answer or weight > per_answer[weakness][0]:
                per_answer[weakness] = (weight, item)
        for weakness, (weight, item) in per_answer.items():
            entry = seen.setdefault(weakness, _Tally())
            entry.answers += 1
            entry.sessions.add(answer.session_id)
            entry.weight += weight
            entry.examples.append(Example(answer.attempt_id, answer.session_id, answer.question,
                                             item.evidence.quote[:160], item.evidence.start_s))
    ranked = sorted(((k, v) for k, v in seen.items() if v.answers >= MIN_ANSWERS),
                    key=lambda kv: (-kv[1].weight, -kv[1].answers, kv[0]))
    return [Weakness(id=k, answers=v.answers, sessions=len(v.sessions), weight=round(v.weight, 2),
                     examples=tuple(reversed(v.examples))[:DRILL_QUESTIONS]) for k, v in ranked[:top_n]]


def suggest_drill(weaknesses: Sequence[Weakness]) -> Drill | None:
    """Three questions aimed at the top weakness: the most recent questions where it showed,
    topped up with those of the next weaknesses (distinct question texts)."""
    if not weaknesses:
        return None
    questions: list[str] = []
    for weakness in weaknesses:
        for example in weakness.examples:
            if example.question and example.question not in questions:
                questions.append(example.question)
    return Drill(targets=tuple(w.id for w in weaknesses), questions=tuple(questions[:DRILL_QUESTIONS]),
                 count=DRILL_QUESTIONS)
