"""The session report: every answer with its stored analysis, the aggregate scores, strengths,
weaknesses, three things to practise next, and answer guides for the weakest answers.

Built from stored rows only (each answer's `AnswerAnalysis` is read back, never
recomputed), so it is cheap to rebuild: the report page rebuilds it to show coaches' latest
comments and score overrides, while `finish_session` stores the version made when the
interview ended. The result is a typed `SessionReport` (`core.report.types`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.db import crud
from core.db.models import Attempt, Question
from core.feedback.scoring import ScoredAnswer, aggregate_scores
from core.feedback.signals import STAR_PARTS, extract_signals
from core.feedback.text import keywords, overlap_share
from core.feedback.types import AnswerAnalysis, FeedbackItem, Score
from core.i18n import t
from core.interview.competencies import allowed_competencies, competency_label
from core.report.contest import disputes_for, point_losses
from core.report.types import (
    AnswerGuide,
    AnswerReport,
    CoachComment,
    GuideLine,
    SessionInfo,
    SessionReport,
    VisionPoint,
)

WEAKEST_GUIDES = 2  # answer guides for the two lowest-scoring answers
PRACTICE_NEXT = 3  # "three things to practise next"
MAX_TIMELINE_POINTS = 240  # per answer, for the gaze/posture charts (downsampled evenly)


def _downsample(frames: Sequence[VisionPoint], limit: int = MAX_TIMELINE_POINTS) -> tuple[VisionPoint, ...]:
    if len(frames) <= limit:
        return tuple(frames)
    step = len(frames) / limit
    return tuple(frames[int(i * step)] for i in range(limit))


def _answer_entry(db: Session, viewer_id: int, question: Question, attempt: Attempt) -> AnswerReport:
    stored = crud.get_analysis(db, viewer_id=viewer_id, attempt_id=attempt.id or 0)
    analysis = AnswerAnalysis.from_dict(stored.payload if stored else None)
    comments = tuple(CoachComment(id=c.id, coach_id=c.coach_id, text=c.text, score_override=c.score_override,
                                  created_at=c.created_at.isoformat() if c.created_at else None)
                     for c in crud.list_comments(db, viewer_id=viewer_id, attempt_id=attempt.id or 0))
    overrides = [c.score_override for c in comments if c.score_override is not None]
    frames = [VisionPoint.from_dict(f) for f in attempt.vision_timeline or []]
    return AnswerReport(
        attempt_id=attempt.id or 0, question_id=question.id or 0, question=question.text, stage=question.stage,
        analysis=analysis, competency=question.competency, depth=question.depth, parent_id=question.parent_id,
        origin=question.origin, bank_id=question.bank_id, sources=tuple(question.sources or ()),
        strong_answer=question.strong_answer, status=attempt.status, error=attempt.error,
        transcript=analysis.transcript or attempt.transcript or attempt.text_answer, audio_path=attempt.audio_path,
        duration_s=attempt.duration_s, mode=attempt.mode, ai_score=stored.score if stored else None,
        coach_score=overrides[-1] if overrides else None, comments=comments, vision_timeline=_downsample(frames),
        losses=tuple(loss.to_dict() for loss in point_losses(analysis.scores.to_dict(),
                                                              [i.to_dict() for i in analysis.feedback],
                                                              analysis.language)),
        disputes=tuple(disputes_for(db, viewer_id=viewer_id, attempt_ids=[attempt.id or 0]).get(attempt.id or 0, [])),
        started_at=attempt.started_at.isoformat() if attempt.started_at else None)


def _latest_attempts(attempts: list[Attempt]) -> dict[int, Attempt]:
    """The attempt that counts for each question: the last analysed, else the last saved/failed."""
    chosen: dict[int, Attempt] = {}
    rank = {"analyzed": 3, "failed": 2, "saved": 1, "analyzing": 1}
    for attempt in attempts:
        if attempt.status not in rank:
            continue
        current = chosen.get(attempt.question_id)
        if current is None or (rank[attempt.status], attempt.id or 0) >= (rank[current.status], current.id or 0):
            chosen[attempt.question_id] = attempt
    return chosen


def _strengths_weaknesses(answers: Sequence[AnswerReport], lang: str) -> tuple[list[str], list[str], list[str]]:
    good: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    example: dict[str, FeedbackItem] = {}
    for answer in answers:
        for item in answer.analysis.feedback:
            if item.grade == "good":
                good[item.key] += 1
            elif item.grade in ("average", "needs_improvement"):
                weak[item.key] += 2 if item.grade == "needs_improvement" else 1
            example.setdefault(item.key, item)
    total = len(answers)
    strengths = [t("report.in_answers", lang, text=example[k].text, n=n, total=total) for k, n in good.most_common(3)]
    weaknesses = [t("report.in_answers", lang, text=example[k].text,
                    n=sum(1 for a in answers if any(i.key == k for i in a.analysis.feedback)), total=total)
                  for k, _ in weak.most_common(3)]
    practice: list[str] = []
    for key, _ in weak.most_common():
        step = example[key].next_step.strip()
        if step and step not in practice:
            practice.append(step)
        if len(practice) == PRACTICE_NEXT:
            break
    return strengths, weaknesses, practice


def answer_guide(answer: AnswerReport, claims: Sequence[dict[str, Any]], lang: str) -> AnswerGuide:
    """A STAR outline for a weak answer, filled with the candidate's own sentences and resume
    claims; parts they never said are prompts, not invented content."""
    signals = extract_signals(answer.transcript, lang)
    related = [str(c.get("text", "")) for c in claims
               if overlap_share(keywords(str(c.get("text", ""))),
                                keywords(answer.question + " " + answer.transcript)) >= 0.2]
    outline = []
    stored = (answer.analysis.outline or {}).get("lines") or []
    for line in stored:  # the answer reader's outline (core.feedback.outline), stored with the analysis
        outline.append(GuideLine(part=str(line["part"]), text=str(line["text"]),
                                 source="prompt" if line.get("placeholder") else "answer"))
    for part in () if stored else STAR_PARTS:  # analyses stored before the outline existed
        spans = signals.star.get(part) or []
        if spans and spans[0].text:
            outline.append(GuideLine(part=part, text=spans[0].text, source="answer"))
        elif part == "result" and related:
            outline.append(GuideLine(part=part, text=related[0], source="resume"))
        else:
            outline.append(GuideLine(part=part, text=t(f"report.guide.prompt.{part}", lang), source="prompt"))
    return AnswerGuide(attempt_id=answer.attempt_id, question=answer.question, score=answer.score,
                       outline=tuple(outline), claims=tuple(related[:3]), strong_answer=answer.strong_answer)


def build_report(engine: Engine, *, viewer_id: int, session_id: int,
                 competencies: list[str] | None = None) -> SessionReport:
    """The report of one session (readable by the owner and their coaches)."""
    with Session(engine, expire_on_commit=False) as db:
        row = crud.get_session(db, viewer_id=viewer_id, session_id=session_id)
        lang = row.language
        questions = crud.list_questions(db, viewer_id=viewer_id, session_id=session_id)
        chosen = _latest_attempts(crud.list_attempts(db, viewer_id=viewer_id, session_id=session_id))
        answers = tuple(_answer_entry(db, viewer_id, q, chosen[q.id]) for q in questions if q.id in chosen)
        claims: list[dict[str, Any]] = []
        if row.resume_document_id:
            try:
                doc = crud.get_document(db, viewer_id=viewer_id, document_id=row.resume_document_id)
                claims = list(((doc.structured or {}).get("analysis") or {}).get("claims") or [])
            except crud.AccessDenied:
                claims = []
    if competencies is None:
        competencies = list(allowed_competencies(lang))
    scored = [ScoredAnswer(attempt_id=a.attempt_id, stage=a.stage, competency=a.competency, ai_score=a.ai_score,
                           coach_score=a.coach_score) for a in answers]
    stage_names = {s: t(f"stage.{s}", lang) for s in (1, 2, 3)}
    names = {a.competency: competency_label(a.competency, lang) for a in answers if a.competency}
    aggregates = aggregate_scores(scored, lang, competencies=competencies, stage_names=stage_names,
                                  competency_names=names)
    strengths, weaknesses, practice = _strengths_weaknesses(answers, lang)
    ranked = sorted((a for a in answers if a.score is not None), key=lambda a: a.score or 0.0)
    return SessionReport(
        session_id=session_id,
        session=SessionInfo(id=session_id, company=str((row.options or {}).get("company_name", "")), role=row.role,
                            persona=row.persona, language=lang, format=row.format, stages=tuple(row.stages),
                            status=row.status, user_id=row.user_id,
                            created_at=row.created_at.isoformat() if row.created_at else None,
                            finished_at=row.finished_at.isoformat() if row.finished_at else None),
        answers=answers, overall=aggregates.overall, competency_scores=aggregates.competency_scores,
        stage_scores=aggregates.stage_scores, not_assessed=tuple(aggregates.not_assessed),
        strengths=tuple(strengths), weaknesses=tuple(weaknesses), practice_next=tuple(practice),
        answer_guides=tuple(answer_guide(a, claims, lang) for a in ranked[:WEAKEST_GUIDES]),
        unanswered=tuple(q.text for q in questions if q.id not in chosen))


def load_report(engine: Engine, *, viewer_id: int, session_id: int, fresh: bool = True) -> SessionReport | None:
    """The report to show: rebuilt from stored analyses (with coaches' latest comments) when
    `fresh`, else the version stored at the end of the interview (None if never finished)."""
    if fresh:
        return build_report(engine, viewer_id=viewer_id, session_id=session_id)
    with Session(engine) as db:
        stored = crud.get_report(db, viewer_id=viewer_id, session_id=session_id)
        return SessionReport.from_dict(stored.payload) if stored else None


__all__ = ["Score", "answer_guide", "build_report", "load_report"]
