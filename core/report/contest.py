"""Scores you can contest: what cost points, in words tied to the sentence or moment, and the
candidate's "I disagree" (with a linked coach it goes to the coach's queue; the coach's reply
and any override are shown with the reason; without a coach it stays on the report).

`point_losses` reads the score components and feedback items of one answer's stored analysis
(`AnswerAnalysis`); it never re-judges the answer. The access rules live in
`core.db.crud` (`add_dispute`, `list_disputes`, `list_open_disputes`, `answer_dispute`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.db import crud
from core.db.models import ScoreDispute
from core.feedback import content as content_rules
from core.feedback.delivery import GRADE_POINTS
from core.feedback.scoring import WEIGHT_CAMERA, WEIGHT_CONTENT, WEIGHT_DELIVERY
from core.feedback.types import AnswerScores, Evidence, FeedbackItem
from core.i18n import t
from core.report.coach import SCORE_MAX, SCORE_MIN, CoachingError

MAX_REASON_CHARS = 2000
MIN_LOSS_POINTS = 0.5  # answer points below this are rounding, not a loss worth a line

# The most each content component can give (content score = their sum, see core.feedback.content).
CONTENT_MAX: dict[str, float] = {
    "star": content_rules.POINTS_PER_STAR_PART * 4,
    "result": content_rules.POINTS_MEASURED_RESULT,
    "specificity": content_rules.POINTS_SPECIFICITY,
    "relevance": content_rules.POINTS_RELEVANCE,
    "ownership": content_rules.POINTS_OWNERSHIP,
    "length": content_rules.POINTS_LENGTH,
}
# Which feedback items explain a component's lost points (their evidence is the sentence/moment).
_COMPONENT_ITEMS: dict[str, tuple[str, ...]] = {
    "star": ("star.",), "result": ("result.",), "specificity": ("specificity.", "numbers."),
    "relevance": ("relevance.",), "ownership": ("ownership.",), "length": ("length.",),
}
_PART_WEIGHTS = {"content": WEIGHT_CONTENT, "delivery": WEIGHT_DELIVERY, "camera": WEIGHT_CAMERA}


@dataclass(frozen=True)
class PointLoss:
    """Points one thing cost this answer, said in words and pointing at where it happened."""

    part: str  # content | delivery | camera
    component: str  # e.g. "result", "delivery.filler_rate"
    points: float  # answer-score points lost (0-100 scale), after the part's weight
    text: str  # what cost the points, in the session language
    quote: str = ""  # the sentence it is about ("" when it is about something missing)
    start_s: float | None = None
    char_start: int | None = None
    char_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shares(scores: AnswerScores) -> dict[str, float]:
    """Each measured part's share of the answer score (unmeasured parts' weight is shared out)."""
    parts = {"content": scores.content, "delivery": scores.delivery, "camera": scores.camera}
    measured = {name: w for name, w in _PART_WEIGHTS.items() if parts[name].value is not None}
    total = sum(measured.values())
    return {name: w / total for name, w in measured.items()} if total else {}


def _item_for(feedback: Sequence[FeedbackItem], prefixes: tuple[str, ...]) -> FeedbackItem | None:
    graded = [i for i in feedback if i.key.startswith(prefixes) and i.grade in ("needs_improvement", "average")]
    return graded[0] if graded else None


def _loss(part: str, component: str, points: float, item: FeedbackItem | None, lang: str) -> PointLoss:
    evidence = item.evidence if item is not None else Evidence()
    what = (item.text if item is not None else "") or t(f"contest.loss.{component}", lang)
    return PointLoss(part=part, component=component, points=round(points, 1),
                     text=t("contest.loss", lang, points=f"{points:.1f}", what=what),
                     quote=evidence.quote, start_s=evidence.start_s,
                     char_start=evidence.char_start, char_end=evidence.char_end)


def point_losses(scores: AnswerScores, feedback: Sequence[FeedbackItem], lang: str) -> list[PointLoss]:
    """What cost this answer points, largest first.

    `scores` and `feedback` are the answer's stored analysis (`AnswerAnalysis.scores` and
    `.feedback`). Content losses come from the named components of the content score (max
    minus given, plus a fact penalty); delivery and camera losses from each measure graded
    below "good" (its share of the part's mean). Every loss is converted to answer points with
    the part's weight, so the losses explain the gap between the answer score and 100.
    """
    shares = _shares(scores)
    out: list[PointLoss] = []
    components = scores.content.components  # component name -> points given (core.feedback.content)
    if "content" in shares:
        for component, most in CONTENT_MAX.items():
            got = components.get(component)
            if not isinstance(got, int | float):
                continue
            lost = (most - float(got)) * shares["content"]
            if lost >= MIN_LOSS_POINTS:
                out.append(_loss("content", component, lost, _item_for(feedback, _COMPONENT_ITEMS[component]), lang))
        penalty = components.get("fact_penalty")
        if isinstance(penalty, int | float) and penalty < 0:
            item = next((i for i in feedback if i.kind == "fact_check" and i.grade == "needs_improvement"), None)
            out.append(_loss("content", "fact_penalty", -float(penalty) * shares["content"], item, lang))
    for part in ("delivery", "camera"):
        if part not in shares:
            continue
        graded = [i for i in feedback if i.kind == part and i.grade is not None and i.grade in GRADE_POINTS]
        for item in graded:
            lost = (100.0 - GRADE_POINTS[str(item.grade)]) / len(graded) * shares[part]
            if lost >= MIN_LOSS_POINTS:
                out.append(_loss(part, item.key or part, lost, item, lang))
    return sorted(out, key=lambda loss: -loss.points)


# ----------------------------------------------------------------------------- disputes
@dataclass(frozen=True)
class DisputeView:
    id: int
    attempt_id: int
    reason: str
    status: str  # open | answered
    has_coach: bool  # a linked coach will see it (else it stays on the report)
    reply: str
    score_override: float | None
    created_at: str | None
    answered_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _has_coach(db: Session, row: ScoreDispute) -> bool:
    return bool(crud.dispute_coaches(db, dispute=row))


def _view(db: Session, row: ScoreDispute) -> DisputeView:
    from core.db.models import CoachComment

    comment = db.get(CoachComment, row.comment_id) if row.comment_id else None
    return DisputeView(id=row.id or 0, attempt_id=row.attempt_id, reason=row.reason, status=row.status,
                       has_coach=_has_coach(db, row), reply=row.reply,
                       score_override=comment.score_override if comment else None,
                       created_at=row.created_at.isoformat() if row.created_at else None,
                       answered_at=row.answered_at.isoformat() if row.answered_at else None)


def disagree(engine: Engine, *, user_id: int, attempt_id: int, reason: str) -> DisputeView:
    """Record the candidate's "I disagree" with the score of their own answer.

    Raises CoachingError("contest.error.empty") for a blank reason, crud.AccessDenied for an
    answer that is not theirs.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CoachingError("contest.error.empty")
    with Session(engine) as db:
        row = crud.add_dispute(db, owner_id=user_id, attempt_id=attempt_id, reason=reason[:MAX_REASON_CHARS])
        return _view(db, row)


def disputes_for(db: Session, *, viewer_id: int, attempt_ids: Sequence[int]) -> dict[int, list[DisputeView]]:
    """Disputes per attempt, for the owner and their accepted coaches."""
    out: dict[int, list[DisputeView]] = {}
    for row in crud.list_disputes(db, viewer_id=viewer_id, attempt_ids=attempt_ids):
        out.setdefault(row.attempt_id, []).append(_view(db, row))
    return out


@dataclass(frozen=True)
class QueueEntry:
    dispute_id: int
    attempt_id: int
    session_id: int
    candidate: str
    question: str
    transcript: str
    ai_score: float | None
    reason: str
    created_at: str | None


def coach_queue(engine: Engine, *, coach_id: int) -> list[QueueEntry]:
    """Open disputes of the coach's accepted candidates, oldest first."""
    out = []
    with Session(engine) as db:
        for row in crud.list_open_disputes(db, coach_id=coach_id):
            attempt = crud.get_attempt(db, viewer_id=coach_id, attempt_id=row.attempt_id)
            question = crud.get_question(db, viewer_id=coach_id, question_id=attempt.question_id)
            analysis = crud.get_analysis(db, viewer_id=coach_id, attempt_id=row.attempt_id)
            user = crud.get_user(db, user_id=row.user_id)
            out.append(QueueEntry(dispute_id=row.id or 0, attempt_id=row.attempt_id, session_id=attempt.session_id,
                                  candidate=user.username if user else "?", question=question.text,
                                  transcript=attempt.transcript or attempt.text_answer,
                                  ai_score=analysis.score if analysis else None, reason=row.reason,
                                  created_at=row.created_at.isoformat() if row.created_at else None))
    return out


def reply_to_dispute(engine: Engine, *, coach_id: int, dispute_id: int, reply: str,
                     score_override: float | None = None) -> DisputeView:
    """The coach's answer (and optional new score, 0-100) to a candidate's dispute."""
    reply = (reply or "").strip()
    if not reply:
        raise CoachingError("contest.error.empty_reply")
    if score_override is not None and not SCORE_MIN <= float(score_override) <= SCORE_MAX:
        raise CoachingError("coach.error.score_range")
    with Session(engine) as db:
        row = crud.answer_dispute(db, coach_id=coach_id, dispute_id=dispute_id, reply=reply[:MAX_REASON_CHARS],
                                  score_override=None if score_override is None else float(score_override))
        return _view(db, row)
