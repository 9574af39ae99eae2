"""Feedback items, evidence and scores: the frozen shapes the report and the pages read.

Every item says what was observed, how it was graded, what to try next, and where in
the answer it happened (seconds in the recording and a character span of the
transcript), so the report can play the recording from that moment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Grade = Literal["good", "average", "needs_improvement"]
GRADES: tuple[Grade, ...] = ("good", "average", "needs_improvement")

# Score bands (0-100). Named once so the page legend, the report and the tests agree.
BAND_GOOD_MIN = 75.0  # at or above: "good" (양호)
BAND_AVERAGE_MIN = 50.0  # at or above (and below good): "average" (보통); below: "needs_improvement"

FEEDBACK_KINDS = ("content", "delivery", "camera", "fact_check", "consistency", "blind")


def band_for(score: float | None) -> Grade | None:
    """The good / average / needs-improvement band of a 0-100 score (None stays None)."""
    if score is None:
        return None
    if score >= BAND_GOOD_MIN:
        return "good"
    if score >= BAND_AVERAGE_MIN:
        return "average"
    return "needs_improvement"


@dataclass(frozen=True)
class Evidence:
    """Where an observation comes from: a moment of the recording and a span of the transcript."""

    start_s: float | None = None
    end_s: float | None = None
    char_start: int | None = None
    char_end: int | None = None
    quote: str = ""
    passage: dict[str, Any] | None = None  # a retrieved company passage (fact-check) or a resume claim

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Evidence:
        data = data or {}
        return cls(**{k: data.get(k) for k in ("start_s", "end_s", "char_start", "char_end", "passage")},
                   quote=str(data.get("quote") or ""))


@dataclass(frozen=True)
class FeedbackItem:
    """One observation about one answer (observable behaviour only, never a trait)."""

    kind: str  # one of FEEDBACK_KINDS
    key: str  # stable rule id, e.g. "star.result_missing"
    grade: Grade | None  # None = informational / not measurable
    text: str  # the observation, in the session language
    next_step: str  # what to try next, in the session language
    evidence: Evidence = field(default_factory=Evidence)
    source: str = "rules"  # rules | llm

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = self.evidence.to_dict()
        # Flat copies for consumers that want one level (the CLI JSON, the report timeline).
        data["start_s"] = self.evidence.start_s
        data["end_s"] = self.evidence.end_s
        data["quote"] = self.evidence.quote
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedbackItem:
        return cls(kind=str(data.get("kind", "content")), key=str(data.get("key", "")),
                   grade=data.get("grade"), text=str(data.get("text", "")),
                   next_step=str(data.get("next_step", "")),
                   evidence=Evidence.from_dict(data.get("evidence")), source=str(data.get("source", "rules")))


@dataclass(frozen=True)
class Score:
    """A 0-100 score with its band and a plain-language account of how it was computed."""

    value: float | None
    band: Grade | None
    explanation: str
    components: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, value: float | None, explanation: str, components: dict[str, Any] | None = None) -> Score:
        rounded = None if value is None else round(max(0.0, min(100.0, value)), 1)
        return cls(value=rounded, band=band_for(rounded), explanation=explanation, components=components or {})
