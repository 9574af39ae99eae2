"""The after-answer summary the live room shows (pure, typed).

The practice service returns an `AnswerResult` with its `AnswerAnalysis`; the page needs a
compact view: the transcript, at most three graded observations (problems first — they
are what to work on), the better-answer outline, the follow-up to come, and camera-gaze / posture shares with a thin
timeline. The shares come from the analysis' vision summary — the same numbers the
feedback and the report use — and the timeline is that answer's one timeline (seconds
from the answer's start).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.feedback.outline import Outline
from core.feedback.types import AnswerAnalysis, FeedbackItem, Grade

MAX_OBSERVATIONS = 3  # "2-3 key observations": more would turn a glance into a report
MAX_TIMELINE_POINTS = 600  # points sent to the browser for the small chart
_ORDER = {"needs_improvement": 0, "average": 1, "good": 2}


@dataclass(frozen=True)
class Observation:
    text: str
    grade: Grade
    next_step: str
    kind: str = ""  # the feedback item's kind and rule key (what a coach's assignment may hide)
    key: str = ""


@dataclass(frozen=True)
class TimelinePoint:
    """One vision sample for the chart: None = not measured in that frame."""

    t_s: float
    gaze_on_camera: bool | None
    posture_ok: bool | None


@dataclass(frozen=True)
class AnswerSummary:
    attempt_id: int | None
    status: str  # analyzed | failed
    transcript: str
    observations: tuple[Observation, ...] = ()
    follow_up: str = ""  # the follow-up question to come ("" = none)
    score: float | None = None
    camera_gaze_share: float | None = None
    posture_ok_share: float | None = None
    frames: int = 0
    timeline: tuple[TimelinePoint, ...] = ()
    error: str = ""
    outline: Outline | None = None  # the better-answer outline from the candidate's own words


def top_observations(items: Sequence[FeedbackItem], limit: int = MAX_OBSERVATIONS) -> tuple[Observation, ...]:
    """Graded items, problems first, at most `limit` (ungraded notes are for the report)."""
    graded = sorted((i for i in items if i.grade is not None), key=lambda i: _ORDER.get(str(i.grade), 3))
    return tuple(Observation(text=i.text, grade=i.grade, next_step=i.next_step, kind=i.kind, key=i.key)
                 for i in graded[:limit] if i.grade is not None)


def timeline_points(timeline: Sequence[Mapping[str, Any]]) -> tuple[TimelinePoint, ...]:
    def flag(value: Any) -> bool | None:
        return None if value is None else bool(value)

    points = [TimelinePoint(t_s=float(f["t_s"]), gaze_on_camera=flag(f.get("gaze_on_camera")),
                            posture_ok=flag(f.get("posture_ok")))
              for f in timeline if isinstance(f.get("t_s"), int | float)]
    return tuple(points[:MAX_TIMELINE_POINTS])


def answer_summary(*, attempt_id: int | None, status: str, transcript: str, analysis: AnswerAnalysis | None,
                   follow_up: str = "", timeline: Sequence[Mapping[str, Any]] = (), error: str = "") -> AnswerSummary:
    """The compact after-answer summary: transcript, 2-3 graded observations, what comes next."""
    vision = analysis.vision if analysis is not None else None
    return AnswerSummary(
        attempt_id=attempt_id, status=status, error=error,
        transcript=transcript or (analysis.transcript if analysis is not None else ""),
        observations=top_observations(analysis.feedback) if analysis is not None else (),
        follow_up=follow_up, score=analysis.score if analysis is not None else None,
        camera_gaze_share=vision.camera_gaze_share if vision is not None else None,
        posture_ok_share=vision.posture_ok_share if vision is not None else None,
        frames=vision.frames if vision is not None else 0, timeline=timeline_points(timeline),
        outline=analysis.outline if analysis is not None else None)
