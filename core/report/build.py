"""The session report: every answer with its stored analysis, the aggregate scores, strengths,
weaknesses, three things to practise next, and answer guides for the weakest answers.

Built from stored rows only (analyses are never recomputed), so it is cheap to rebuild:
the report page rebuilds it to show coaches' latest comments and score overrides, while
`finish_session` stores the version made when the interview ended.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from core.db import crud
from core.db.models import Attempt, Question, Report, utcnow
from core.feedback.retry import diff_attempts, pick_attempts
from core.feedback.scoring import ScoredAnswer, aggregate_scores
from core.feedback.signals import STAR_PARTS, extract_signals
from core.feedback.text import keywords, overlap_share
from core.feedback.types import AnswerAnalysis, FeedbackItem
from core.i18n import t
from core.interview.competencies import allowed_competencies, competency_label
from core.report.contest import disputes_for, point_losses
from core.report.types import (
    AnswerGuide,
    AnswerReport,
    AttemptHistory,
    CommentEntry,
    GuideLine,
    SessionInfo,
    SessionReport,
    VisionFrame,
    claim_texts,
)

WEAKEST_GUIDES = 2  # answer guides for the two lowest-scoring answers
PRACTICE_NEXT = 3  # "three things to practise next"
MAX_TIMELINE_POINTS = 240  # per answer, for the gaze/posture charts (downsampled evenly)
GUIDE_CLAIM_OVERLAP_MIN = 0.2  # key-word overlap for a resume claim to belong to an answer's story


def _downsample(frames: Sequence[VisionFrame], limit: int = MAX_TIMELINE_POINTS) -> tuple[VisionFrame, ...]:
    if len(frames) <= limit:
        return tuple(frames)
    step = len(frames) / limit
    return tuple(frames[int(i * step)] for i in range(limit))


def _answer_entry(db: Session, viewer_id: int, question: Question, attempt: Attempt,
                  history: AttemptHistory) -> AnswerReport:
    row = crud.get_analysis(db, viewer_id=viewer_id, attempt_id=attempt.id or 0)
    # The database row is the edge: the stored payload (any version) is parsed once, here.
    analysis = AnswerAnalysis.from_dict(row.payload if row else None)
    comments = tuple(CommentEntry(id=c.id, coach_id=c.coach_id, text=c.text, score_override=c.score_override,
                                  created_at=c.created_at.isoformat() if c.created_at else None)
                     for c in crud.list_comments(db, viewer_id=viewer_id, attempt_id=attempt.id or 0))
    overrides = [c.score_override for c in comments if c.score_override is not None]
    frames = [VisionFrame.from_dict(f) for f in attempt.vision_timeline or [] if isinstance(f, Mapping)]
    disputes = disputes_for(db, viewer_id=viewer_id, attempt_ids=[attempt.id or 0]).get(attempt.id or 0, [])
    return AnswerReport(
        attempt_id=attempt.id or 0, question_id=question.id or 0, question=question.text, analysis=analysis,
        stage=question.stage, competency=question.competency, depth=question.depth, parent_id=question.parent_id,
        origin=question.origin, bank_id=question.bank_id, sources=tuple(question.sources or ()),
        strong_answer=question.strong_answer, status=attempt.status, error=attempt.error,
        transcript=analysis.transcript or attempt.transcript or attempt.text_answer,
        audio_path=attempt.audio_path, duration_s=attempt.duration_s, mode=attempt.mode,
        ai_score=row.score if row else None, coach_score=overrides[-1] if overrides else None,
        comments=comments, vision_timeline=_downsample(frames),
        losses=tuple(point_losses(analysis.scores, analysis.feedback, analysis.language)),
        disputes=tuple(disputes), started_at=attempt.started_at.isoformat() if attempt.started_at else None,
        attempts=history, position=question.position)


def _attempt_history(db: Session, viewer_id: int, attempts: list[Attempt], question_id: int,
                     picked: int | None) -> AttemptHistory:
    """Every analysed attempt of one question ("Answer again"), with the best and the last
    marked and the one that counts, and the diff of each attempt against the one before."""
    rows = []
    for attempt in attempts:
        if attempt.question_id != question_id or attempt.status != "analyzed":
            continue
        analysis = crud.get_analysis(db, viewer_id=viewer_id, attempt_id=attempt.id or 0)
        if analysis is not None:
            rows.append((attempt.id or 0, analysis.score,
                         AnswerAnalysis.from_dict({**analysis.payload, "attempt_id": attempt.id})))
    marks = pick_attempts([(aid, score) for aid, score, _ in rows], chosen=picked)
    diffs = tuple(diff_attempts(before[2], after[2]) for before, after in pairwise(rows))
    return AttemptHistory(marks=tuple(marks), diffs=diffs)


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
        for item in answer.feedback:
            if item.grade == "good":
                good[item.key] += 1
            elif item.grade in ("average", "needs_improvement"):
                weak[item.key] += 2 if item.grade == "needs_improvement" else 1
            example.setdefault(item.key, item)
    total = len(answers)
    strengths = [t("report.in_answers", lang, text=example[k].text, n=n, total=total)
                 for k, n in good.most_common(3)]
    weaknesses = [t("report.in_answers", lang, text=example[k].text,
                    n=sum(1 for a in answers if any(i.key == k for i in a.feedback)), total=total)
                  for k, _ in weak.most_common(3)]
    practice: list[str] = []
    for key, _ in weak.most_common():
        # A blind-hiring flag is an observation about one sentence; its explanation (the law
        # behind the category) stays with the flag on the answer. In the practise list all
        # flags become the one short `report.practice.blind` step (deduplicated below).
        step = t("report.practice.blind", lang) if example[key].kind == "blind" else example[key].next_step.strip()
        if step and step not in practice:
            practice.append(step)
        if len(practice) == PRACTICE_NEXT:
            break
    return strengths, weaknesses, practice


def answer_guide(answer: AnswerReport, claims: Sequence[str], lang: str) -> AnswerGuide:
    """A STAR outline for a weak answer, filled with the candidate's own sentences and resume
    claims (`claims`: the texts of the resume's claims); parts they never said are prompts,
    not invented content."""
    transcript = answer.transcript or ""
    related = [c for c in claims
               if overlap_share(keywords(c), keywords(answer.question + " " + transcript)) >= GUIDE_CLAIM_OVERLAP_MIN]
    lines: list[GuideLine] = []
    stored = answer.analysis.outline.lines if answer.analysis.outline is not None else ()
    for line in stored:  # the answer reader's outline (core.feedback.outline), stored with the analysis
        lines.append(GuideLine(part=line.part, text=line.text, source="prompt" if line.placeholder else "answer"))
    if not stored:  # analyses stored before the outline existed
        signals = extract_signals(transcript, lang)
        for part in STAR_PARTS:
            spans = signals.star.get(part) or []
            if spans and spans[0].text:
                lines.append(GuideLine(part=part, text=spans[0].text, source="answer"))
            elif part == "result" and related:
                lines.append(GuideLine(part=part, text=related[0], source="resume"))
            else:
                lines.append(GuideLine(part=part, text=t(f"report.guide.prompt.{part}", lang), source="prompt"))
    return AnswerGuide(attempt_id=answer.attempt_id, question=answer.question, score=answer.score,
                       outline=tuple(lines), claims=tuple(related[:3]), strong_answer=answer.strong_answer)


def build_report(engine: Engine, *, viewer_id: int, session_id: int, competencies: list[str] | None = None,
                 retriever: Any = None) -> SessionReport:
    """The report of one session, readable by the owner and their coaches (raises
    `crud.AccessDenied` for anyone else)."""
    del retriever  # fact checks were stored with each analysis
    with Session(engine, expire_on_commit=False) as db:
        row = crud.get_session(db, viewer_id=viewer_id, session_id=session_id)
        lang = row.language
        options = row.options or {}
        questions = crud.list_questions(db, viewer_id=viewer_id, session_id=session_id)
        all_attempts = crud.list_attempts(db, viewer_id=viewer_id, session_id=session_id)
        picked = {int(k): int(v) for k, v in (options.get("chosen_attempts") or {}).items()}
        chosen = _latest_attempts(all_attempts)
        for question_id, attempt_id in picked.items():  # the candidate picked another attempt to count
            choice = next((a for a in all_attempts if a.id == attempt_id and a.question_id == question_id
                           and a.status == "analyzed"), None)
            if choice is not None:
                chosen[question_id] = choice
        answers = [_answer_entry(db, viewer_id, q, chosen[q.id],
                                 _attempt_history(db, viewer_id, all_attempts, q.id, picked.get(q.id)))
                   for q in questions if q.id is not None and q.id in chosen]
        claims: list[str] = []
        if row.resume_document_id:
            try:
                doc = crud.get_document(db, viewer_id=viewer_id, document_id=row.resume_document_id)
                claims = claim_texts(doc.structured)
            except crud.AccessDenied:
                claims = []
    if competencies is None:
        competencies = list(allowed_competencies(lang))
    scored = [ScoredAnswer(attempt_id=a.attempt_id, stage=a.stage, competency=a.competency,
                           ai_score=a.ai_score, coach_score=a.coach_score) for a in answers]
    stage_names = {s: t(f"stage.{s}", lang) for s in (1, 2, 3)}
    names = {a.competency: competency_label(a.competency, lang) for a in answers if a.competency}
    aggregates = aggregate_scores(scored, lang, competencies=competencies, stage_names=stage_names,
                                  competency_names=names)
    strengths, weaknesses, practice = _strengths_weaknesses(answers, lang)
    ranked = sorted((a for a in answers if a.score is not None), key=lambda a: a.score or 0.0)
    guides = tuple(answer_guide(a, claims, lang) for a in ranked[:WEAKEST_GUIDES])
    info = SessionInfo(id=session_id, company=str(options.get("company_name", "")), role=row.role,
                       persona=row.persona, language=lang, format=row.format, mode=row.mode,
                       stages=tuple(row.stages), status=row.status, user_id=row.user_id,
                       created_at=row.created_at.isoformat() if row.created_at else None,
                       finished_at=row.finished_at.isoformat() if row.finished_at else None)
    return SessionReport(
        session_id=session_id, session=info, answers=tuple(answers), overall=aggregates.overall,
        competency_scores=aggregates.competency_scores, stage_scores=aggregates.stage_scores,
        not_assessed=aggregates.not_assessed, strengths=tuple(strengths), weaknesses=tuple(weaknesses),
        practice_next=tuple(practice), answer_guides=guides,
        unanswered=tuple(q.text for q in questions if q.id not in chosen))


def store_report(db: Session, report: SessionReport) -> Report:
    """Put `report` in its session's `Report` row (created, or replaced with a new
    `created_at`): `SessionReport.to_dict()` is the stored JSON, its overall value the
    row's `overall` column. Added to `db`; the caller's unit of work commits."""
    stored = db.exec(select(Report).where(Report.session_id == report.session_id)).first() or \
        Report(session_id=report.session_id, user_id=report.session.user_id)
    stored.payload, stored.created_at = report.to_dict(), utcnow()
    stored.overall = report.overall.value if report.overall is not None else None
    db.add(stored)
    return stored


def load_report(engine: Engine, *, viewer_id: int, session_id: int, fresh: bool = True) -> SessionReport | None:
    """The report to show: rebuilt from stored analyses (with coaches' latest comments) when
    `fresh`, else the version stored at the end of the interview (None if never finished)."""
    if fresh:
        return build_report(engine, viewer_id=viewer_id, session_id=session_id)
    with Session(engine) as db:
        stored = crud.get_report(db, viewer_id=viewer_id, session_id=session_id)
        return SessionReport.from_dict(stored.payload) if stored else None
