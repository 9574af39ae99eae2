"""Rubrics: a coach's weighted goals, scored per session beside (never inside) the AI score.

A goal is yes/no or rated (1-5). Goals the product can measure name a `measure` and are
scored automatically from the stored analyses (never recomputed), with the evidence per
answer; the others wait for the coach's mark. The rubric score is the weighted mean of the
scored goals' values (0..1) times 100; goals still waiting are counted and named, not
guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.errors import WorkspaceError
from core.db import crud
from core.db.models import Analysis, Attempt, Question, Rubric, RubricMark
from core.feedback.types import AnswerAnalysis, FeedbackItem

GOAL_KINDS = ("yes_no", "rated")
RATED_MAX = 5  # a rated goal is marked 1..RATED_MAX; stored as (mark - 1) / (RATED_MAX - 1)
MAX_GOALS = 12
MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Measure:
    """A goal the product measures on each answer. `needs_threshold`: the coach sets the
    limit (e.g. 90 s); `unit` is shown next to it."""

    name: str
    needs_threshold: bool
    unit: str


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("result_measured", False, ""),  # content feedback "result.measured": a result with a number
    Measure("star_complete", False, ""),  # all four STAR parts heard
    Measure("numbers_in_context", False, ""),  # no "numbers.no_context" item
    Measure("max_duration_s", True, "s"),  # the recording's length (speech.answer_s, else duration_s)
    Measure("max_fillers_per_min", True, "/min"),  # speech.filler_per_min
    Measure("pace_in_band", False, ""),  # the pace grade is "good" (core.speech.grading bands)
    Measure("min_answer_score", True, "/100"),  # the AI answer score, as a floor the coach picks
)}


@dataclass(frozen=True)
class Goal:
    id: str
    text: str
    kind: str = "yes_no"  # one of GOAL_KINDS
    weight: float = 1.0
    measure: str | None = None  # a MEASURES name: scored automatically
    threshold: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "weight": self.weight,
                "measure": self.measure, "threshold": self.threshold}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        threshold = data.get("threshold")
        return cls(id=str(data.get("id", "")), text=str(data.get("text", "")), kind=str(data.get("kind", "yes_no")),
                   weight=float(data.get("weight", 1.0)), measure=data.get("measure") or None,
                   threshold=None if threshold is None else float(threshold))


@dataclass(frozen=True)
class Evidence:
    """Why an answer met (or missed) a measured goal."""

    attempt_id: int
    question: str
    met: bool | None  # None = not measurable on this answer (e.g. a typed answer has no duration)
    detail: str  # "cut latency by 40 %" / "74 s" / "2.1 /min"
    start_s: float | None = None


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    value: float | None  # 0..1; None = not scored yet (waits for the coach) or not measurable
    source: str  # "auto" | "coach" | "pending"
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class RubricResult:
    rubric_id: int
    name: str
    session_id: int
    score: float | None  # 0..100, beside the AI score
    goals: tuple[GoalResult, ...]
    pending: int  # goals that wait for the coach

    def to_dict(self) -> dict[str, Any]:
        return {"rubric_id": self.rubric_id, "name": self.name, "session_id": self.session_id, "score": self.score,
                "pending": self.pending,
                "goals": [{**g.goal.to_dict(), "value": g.value, "source": g.source,
                           "evidence": [e.__dict__ for e in g.evidence]} for g in self.goals]}


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "goal"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def validate_goals(goals: Sequence[Goal]) -> list[Goal]:
    """Clean goals with unique ids; raises `WorkspaceError` for what to fix."""
    if not goals:
        raise WorkspaceError("coaching.error.no_goals")
    if len(goals) > MAX_GOALS:
        raise WorkspaceError("coaching.error.too_many_goals", str(MAX_GOALS))
    taken: set[str] = set()
    out = []
    for goal in goals:
        text = goal.text.strip()[:200]
        if not text:
            raise WorkspaceError("coaching.error.goal_text")
        if goal.kind not in GOAL_KINDS:
            raise WorkspaceError("coaching.error.goal_kind", goal.kind)
        if not 0 < goal.weight <= MAX_WEIGHT:
            raise WorkspaceError("coaching.error.goal_weight", text)
        if goal.measure is not None:
            measure = MEASURES.get(goal.measure)
            if measure is None:
                raise WorkspaceError("coaching.error.goal_measure", goal.measure)
            if measure.needs_threshold and (goal.threshold is None or goal.threshold <= 0):
                raise WorkspaceError("coaching.error.goal_threshold", text)
        out.append(Goal(id=goal.id.strip() or _slug(text, taken), text=text,
                        kind="yes_no" if goal.measure else goal.kind, weight=float(goal.weight),
                        measure=goal.measure, threshold=goal.threshold))
        taken.add(out[-1].id)
    if len({g.id for g in out}) != len(out):
        raise WorkspaceError("coaching.error.goal_ids")
    return out


def create_rubric(engine: Engine, *, coach_id: int, name: str, goals: Sequence[Goal]) -> int:
    clean = validate_goals(goals)
    if not name.strip():
        raise WorkspaceError("coaching.error.rubric_name")
    with Session(engine) as db:
        row = Rubric(coach_id=coach_id, name=name.strip()[:200], goals=[g.to_dict() for g in clean])
        db.add(row)
        db.commit()
        db.refresh(row)
        return int(row.id or 0)


def list_rubrics(engine: Engine, *, coach_id: int) -> list[tuple[int, str, list[Goal]]]:
    with Session(engine) as db:
        rows = db.exec(select(Rubric).where(Rubric.coach_id == coach_id).order_by(col(Rubric.id))).all()
        return [(r.id or 0, r.name, [Goal.from_dict(g) for g in r.goals]) for r in rows]


def _rubric_for(db: Session, viewer_id: int, rubric_id: int, session_owner: int) -> Rubric:
    """The rubric, if the viewer is its coach or the candidate whose session it scores."""
    rubric = db.get(Rubric, rubric_id)
    if rubric is None or viewer_id not in (rubric.coach_id, session_owner):
        raise crud.AccessDenied("no such rubric")
    return rubric


# ----------------------------------------------------------------------------- measuring
def _item(analysis: AnswerAnalysis, key: str) -> FeedbackItem | None:
    return next((i for i in analysis.feedback if i.key == key), None)


def measure_answer(goal: Goal, analysis: AnswerAnalysis, attempt_id: int, question: str) -> Evidence:
    """Whether one analysed answer meets a measured goal, with the evidence (pure)."""
    speech = analysis.speech
    name = goal.measure
    if name == "result_measured":
        item = _item(analysis, "result.measured")
        shown = item or _item(analysis, "result.missing") or _item(analysis, "result.unmeasured")
        return Evidence(attempt_id, question, item is not None, shown.evidence.quote[:160] if shown else "",
                        shown.evidence.start_s if shown else None)
    if name == "star_complete":
        present = analysis.content.signals.star_present
        return Evidence(attempt_id, question, _item(analysis, "star.complete") is not None, f"{len(present)}/4 STAR")
    if name == "numbers_in_context":
        item = _item(analysis, "numbers.no_context")
        return Evidence(attempt_id, question, item is None, item.evidence.quote[:160] if item else "",
                        item.evidence.start_s if item else None)
    if name == "max_duration_s":
        seconds = None if speech is None else speech.answer_s or speech.duration_s
        if seconds is None:
            return Evidence(attempt_id, question, None, "")
        return Evidence(attempt_id, question, seconds <= float(goal.threshold or 0), f"{seconds:.0f} s")
    if name == "max_fillers_per_min":
        rate = None if speech is None else speech.filler_per_min
        if rate is None:
            return Evidence(attempt_id, question, None, "")
        return Evidence(attempt_id, question, rate <= float(goal.threshold or 0), f"{rate:.1f} /min")
    if name == "pace_in_band":
        grade = None if speech is None else speech.grade("pace")
        if grade is None or grade.grade is None:
            return Evidence(attempt_id, question, None, "")
        return Evidence(attempt_id, question, grade.grade == "good",
                        f"{grade.value:.0f} {grade.unit}".strip() if grade.value is not None else "")
    if name == "min_answer_score":
        score = analysis.score
        if score is None:
            return Evidence(attempt_id, question, None, "")
        return Evidence(attempt_id, question, score >= float(goal.threshold or 0), f"{score:.0f}/100")
    return Evidence(attempt_id, question, None, "")


def score_goals(goals: Sequence[Goal], answers: Sequence[tuple[int, str, AnswerAnalysis]],
                marks: dict[str, float]) -> tuple[float | None, list[GoalResult], int]:
    """(score 0..100 or None, results, pending) from analysed answers (attempt id, question,
    analysis) and the coach's marks by goal id (0..1). Pure."""
    results: list[GoalResult] = []
    for goal in goals:
        if goal.measure:
            evidence = tuple(measure_answer(goal, analysis, attempt_id, question)
                             for attempt_id, question, analysis in answers)
            measured = [e for e in evidence if e.met is not None]
            value = sum(1.0 for e in measured if e.met) / len(measured) if measured else None
            results.append(GoalResult(goal, None if value is None else round(value, 3), "auto", evidence))
        elif goal.id in marks:
            results.append(GoalResult(goal, marks[goal.id], "coach"))
        else:
            results.append(GoalResult(goal, None, "pending"))
    scored = [(r.goal.weight, r.value) for r in results if r.value is not None]
    total = sum(w for w, _v in scored)
    score = round(100.0 * sum(w * (v or 0.0) for w, v in scored) / total, 1) if total else None
    return score, results, sum(1 for r in results if r.source == "pending")


def score_session(engine: Engine, *, viewer_id: int, session_id: int, rubric_id: int) -> RubricResult:
    """The rubric's score for one session, for its coach or the candidate (others: AccessDenied)."""
    with Session(engine) as db:
        row = crud.get_session(db, viewer_id=viewer_id, session_id=session_id)
        rubric = _rubric_for(db, viewer_id, rubric_id, row.user_id)
        rows = db.exec(select(Attempt, Analysis, Question)
                       .join(Analysis, col(Analysis.attempt_id) == col(Attempt.id))
                       .join(Question, col(Question.id) == col(Attempt.question_id))
                       .where(Attempt.session_id == session_id).order_by(col(Attempt.id))).all()
        marks = {m.goal_id: m.value for m in db.exec(select(RubricMark).where(
            RubricMark.session_id == session_id, RubricMark.rubric_id == rubric_id)).all()}
        goals = [Goal.from_dict(g) for g in rubric.goals]
        answers = [(a.id or 0, q.text, AnswerAnalysis.from_dict(an.payload)) for a, an, q in rows]
        name = rubric.name
    score, results, pending = score_goals(goals, answers, marks)
    return RubricResult(rubric_id=rubric_id, name=name, session_id=session_id, score=score, goals=tuple(results),
                        pending=pending)


def mark_goal(engine: Engine, *, coach_id: int, session_id: int, rubric_id: int, goal_id: str,
              mark: float) -> None:
    """The coach's mark for a goal the product cannot measure: yes/no as 1/0, rated 1..5."""
    with Session(engine) as db:
        row = crud.get_session(db, viewer_id=coach_id, session_id=session_id)
        rubric = db.get(Rubric, rubric_id)
        if rubric is None or rubric.coach_id != coach_id or row.user_id == coach_id:
            raise crud.AccessDenied("not your rubric")
        goal = next((Goal.from_dict(g) for g in rubric.goals if g.get("id") == goal_id), None)
        if goal is None or goal.measure:
            raise WorkspaceError("coaching.error.goal_not_markable", goal_id)
        if goal.kind == "rated":
            if not 1 <= mark <= RATED_MAX:
                raise WorkspaceError("coaching.error.goal_rating", str(RATED_MAX))
            value = (float(mark) - 1) / (RATED_MAX - 1)
        else:
            if mark not in (0, 1):
                raise WorkspaceError("coaching.error.goal_yes_no")
            value = float(mark)
        stored = db.exec(select(RubricMark).where(RubricMark.session_id == session_id,
                                                  RubricMark.goal_id == goal_id)).first()
        stored = stored or RubricMark(session_id=session_id, rubric_id=rubric_id, coach_id=coach_id, goal_id=goal_id,
                                      value=value)
        stored.value, stored.rubric_id = value, rubric_id
        db.add(stored)
        db.commit()
