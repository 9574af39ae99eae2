"""The cohort view: one row per linked candidate with recency-weighted levels.

Levels (exec.com-style, readable at a glance) come from a recency-weighted mean of stored
answer scores: each answer weighs 0.5 ** (age_days / HALF_LIFE_DAYS), so last week's work
counts about twice as much as work from three weeks before it. The thresholds reuse the
report's bands (`core.feedback.types`: 75 = "good", 50 = "average") and add one tier above:

    Excellent >= 85 · Proficient >= 75 · Developing >= 50 · Needs work < 50

85 is our choice for "clearly above good" (the top ~quarter of the good band); the 75 and
50 lines are the same numbers the report's good / average / needs-improvement bands use,
so a level never contradicts the band shown on the report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.weaknesses import Drill, Weakness, recurring_weaknesses, suggest_drill
from core.db import crud
from core.db.models import Assignment, AssignmentMember, User, utcnow
from core.feedback.types import BAND_AVERAGE_MIN, BAND_GOOD_MIN, AnswerAnalysis
from core.report.progress import AnswerRecord, load_answers

HALF_LIFE_DAYS = 14.0  # an answer two weeks old weighs half as much as one from today
EXCELLENT_MIN = 85.0
LEVELS: tuple[tuple[str, float], ...] = (  # (level, lowest score), highest first
    ("excellent", EXCELLENT_MIN), ("proficient", BAND_GOOD_MIN), ("developing", BAND_AVERAGE_MIN),
    ("needs_work", 0.0))

# Delivery measures on the cohort: (name, how to read it from one analysis, unit); None = not measured.
DELIVERY_MEASURES: tuple[tuple[str, Callable[[AnswerAnalysis], float | None], str], ...] = (
    ("delivery_score", lambda a: a.scores.delivery.value, "/100"),
    ("speech_rate_wpm", lambda a: None if a.speech is None else a.speech.speech_rate_wpm, "wpm"),
    ("filler_per_min", lambda a: None if a.speech is None else a.speech.filler_per_min, "/min"),
    ("answer_s", lambda a: None if a.speech is None else a.speech.answer_s, "s"),
    ("camera_gaze_share", lambda a: None if a.vision is None else a.vision.camera_gaze_share, "share"),
)


def level_for(score: float | None) -> str | None:
    """The level of a 0-100 score (None stays None: nothing measured)."""
    if score is None:
        return None
    return next(name for name, low in LEVELS if score >= low)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def recency_weighted(values: Sequence[tuple[datetime, float]], now: datetime,
                     half_life_days: float = HALF_LIFE_DAYS) -> float | None:
    """Mean of values weighted by 0.5 ** (age in days / half-life); None for no values."""
    if not values:
        return None
    weights = [0.5 ** (max(0.0, (_aware(now) - _aware(when)).total_seconds() / 86400.0) / half_life_days)
               for when, _v in values]
    return round(sum(w * v for w, (_t, v) in zip(weights, values, strict=True)) / sum(weights), 1)


@dataclass(frozen=True)
class Level:
    name: str  # a competency key, or "overall"
    score: float | None
    level: str | None
    answers: int


@dataclass(frozen=True)
class Measure:
    name: str
    value: float | None  # recency-weighted
    unit: str
    trend: float | None  # last session's mean minus the mean of the sessions before it


@dataclass(frozen=True)
class CandidateRow:
    candidate_id: int
    username: str
    name: str
    sessions: int
    answers: int
    last_activity: datetime | None
    overall: Level
    competencies: tuple[Level, ...]
    delivery: tuple[Measure, ...]
    weaknesses: tuple[Weakness, ...]
    drill: Drill | None
    assignment_state: str | None = None  # with an assignment filter

    def to_dict(self) -> dict[str, Any]:
        return {"candidate": self.username, "name": self.name, "sessions": self.sessions, "answers": self.answers,
                "last_activity": self.last_activity.isoformat() if self.last_activity else None,
                "overall": self.overall.__dict__,
                "competency_levels": {c.name: {"score": c.score, "level": c.level, "answers": c.answers}
                                      for c in self.competencies},
                "delivery_measures": {m.name: {"value": m.value, "unit": m.unit, "trend": m.trend}
                                      for m in self.delivery},
                "recurring_weaknesses": [w.to_dict() for w in self.weaknesses],
                "next_drill": self.drill.to_dict() if self.drill else None,
                "assignment_state": self.assignment_state}


@dataclass(frozen=True)
class Cohort:
    coach_id: int
    assignment_id: int | None
    candidates: tuple[CandidateRow, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"assignment_id": self.assignment_id, "half_life_days": HALF_LIFE_DAYS,
                "levels": [{"level": name, "min_score": low} for name, low in LEVELS],
                "candidates": [c.to_dict() for c in self.candidates]}


def _when(answer: AnswerRecord) -> datetime:
    return _aware(datetime.fromisoformat(answer.started_at)) if answer.started_at else datetime.now(UTC)


def summarize_candidate(answers: Sequence[AnswerRecord], now: datetime) -> tuple[
        Level, tuple[Level, ...], tuple[Measure, ...]]:
    """Overall and per-competency levels and delivery measures of one candidate's answers (pure)."""
    scored = [(_when(a), s) for a in answers if (s := a.analysis.score) is not None]
    overall_score = recency_weighted(scored, now)
    overall = Level("overall", overall_score, level_for(overall_score), len(scored))
    by_comp: dict[str, list[tuple[datetime, float]]] = {}
    for answer in answers:
        score = answer.analysis.score
        if answer.competency and score is not None:
            by_comp.setdefault(answer.competency, []).append((_when(answer), score))
    comps = tuple(Level(name, s, level_for(s), len(v))
                  for name, v in sorted(by_comp.items()) for s in [recency_weighted(v, now)])
    sessions: list[int] = list(dict.fromkeys(a.session_id for a in answers))
    measures = []
    for name, read, unit in DELIVERY_MEASURES:
        values = [(_when(a), v) for a in answers if (v := read(a.analysis)) is not None]
        last = [v for a in answers if a.session_id == sessions[-1] and (v := read(a.analysis)) is not None] \
            if sessions else []
        before = [v for a in answers if a.session_id != (sessions[-1] if sessions else None)
                  and (v := read(a.analysis)) is not None]
        trend = round(sum(last) / len(last) - sum(before) / len(before), 2) if last and before else None
        value = recency_weighted(values, now)
        measures.append(Measure(name, value, unit, trend))
    return overall, comps, tuple(measures)


def build_cohort(engine: Engine, *, coach_id: int, assignment_id: int | None = None,
                 now: datetime | None = None) -> Cohort:
    """Every candidate linked to (and accepted by) the coach, reading only what each shares.
    With `assignment_id` (the coach's own): that assignment's members and sessions only."""
    now = now or utcnow()
    with Session(engine) as db:
        candidates = crud.accepted_candidate_ids(db, coach_id=coach_id)
        session_filter: dict[int, set[int]] | None = None
        states: dict[int, str] = {}
        if assignment_id is not None:
            assignment = db.get(Assignment, assignment_id)
            if assignment is None or assignment.coach_id != coach_id:
                raise crud.AccessDenied("no such assignment")
            members = db.exec(select(AssignmentMember).where(AssignmentMember.assignment_id == assignment_id)).all()
            candidates = [c for c in candidates if c in {m.candidate_id for m in members}]
            session_filter = {m.candidate_id: {m.session_id} if m.session_id else set() for m in members}
        users = {u.id: u for u in db.exec(select(User).where(col(User.id).in_(candidates))).all()} \
            if candidates else {}
    if assignment_id is not None:
        from core.coaching.assignments import get_assignment

        view = get_assignment(engine, viewer_id=coach_id, assignment_id=assignment_id, now=now)
        states = {m.candidate_id: m.state for m in view.members}
    rows = []
    for candidate_id in candidates:
        user = users.get(candidate_id)
        if user is None:
            continue
        answers = load_answers(engine, viewer_id=coach_id, owner_id=candidate_id)
        if session_filter is not None:
            answers = [a for a in answers if a.session_id in session_filter.get(candidate_id, set())]
        with Session(engine) as db:
            sessions = crud.list_sessions(db, viewer_id=coach_id, owner_id=candidate_id, limit=1000)
        if session_filter is not None:
            sessions = [s for s in sessions if s.id in session_filter.get(candidate_id, set())]
        overall, comps, measures = summarize_candidate(answers, now)
        weaknesses = recurring_weaknesses(answers)
        times = [_aware(s.created_at) for s in sessions if s.created_at] + [_when(a) for a in answers]
        rows.append(CandidateRow(candidate_id=candidate_id, username=user.username, name=user.name,
                                 sessions=len(sessions), answers=len(answers),
                                 last_activity=max(times) if times else None, overall=overall, competencies=comps,
                                 delivery=measures, weaknesses=tuple(weaknesses), drill=suggest_drill(weaknesses),
                                 assignment_state=states.get(candidate_id)))
    rows.sort(key=lambda r: r.username)
    return Cohort(coach_id=coach_id, assignment_id=assignment_id, candidates=tuple(rows))


def cohort_csv(cohort: Cohort) -> str:
    """One CSV row per candidate (overall, each competency, delivery measures, top weaknesses)."""
    competencies = sorted({c.name for row in cohort.candidates for c in row.competencies})
    header = ["candidate", "sessions", "answers", "last_activity", "overall_score", "overall_level",
              *[f"{c}_score" for c in competencies], *[f"{c}_level" for c in competencies],
              *[name for name, _p, _u in DELIVERY_MEASURES], "recurring_weaknesses", "assignment_state"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in cohort.candidates:
        comps = {c.name: c for c in row.competencies}
        measures = {m.name: m.value for m in row.delivery}
        writer.writerow([row.username, row.sessions, row.answers,
                         row.last_activity.isoformat() if row.last_activity else "", row.overall.score,
                         row.overall.level or "",
                         *[comps[c].score if c in comps else "" for c in competencies],
                         *[comps[c].level or "" if c in comps else "" for c in competencies],
                         *[measures.get(name) for name, _p, _u in DELIVERY_MEASURES],
                         ";".join(w.id for w in row.weaknesses), row.assignment_state or ""])
    return out.getvalue()
