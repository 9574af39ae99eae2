"""The session report: every answer with its stored analysis, the aggregate scores, strengths,
weaknesses, three things to practise next, and answer guides for the weakest answers.

Built from stored rows only (analyses are never recomputed), so it is cheap to rebuild:
the report page rebuilds it to show coaches' latest comments and score overrides, while
`finish_session` stores the version made when the interview ended.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from itertools import pairwise
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.db import crud
from core.db.models import Attempt, Question
from core.feedback.retry import diff_attempts, pick_attempts
from core.feedback.scoring import ScoredAnswer, aggregate_scores
from core.feedback.signals import STAR_PARTS, extract_signals
from core.feedback.text import keywords, overlap_share
from core.i18n import t
from core.interview.competencies import allowed_competencies, competency_label
from core.report.contest import disputes_for, point_losses

REPORT_VERSION = 1
WEAKEST_GUIDES = 2  # answer guides for the two lowest-scoring answers
PRACTICE_NEXT = 3  # "three things to practise next"
MAX_TIMELINE_POINTS = 240  # per answer, for the gaze/posture charts (downsampled evenly)


def _downsample(frames: list[dict[str, Any]], limit: int = MAX_TIMELINE_POINTS) -> list[dict[str, Any]]:
    if len(frames) <= limit:
        return frames
    step = len(frames) / limit
    return [frames[int(i * step)] for i in range(limit)]


def _answer_entry(db: Session, viewer_id: int, question: Question, attempt: Attempt) -> dict[str, Any]:
    analysis = crud.get_analysis(db, viewer_id=viewer_id, attempt_id=attempt.id or 0)
    payload = analysis.payload if analysis else {}
    comments = [{"id": c.id, "coach_id": c.coach_id, "text": c.text, "score_override": c.score_override,
                 "created_at": c.created_at.isoformat() if c.created_at else None}
                for c in crud.list_comments(db, viewer_id=viewer_id, attempt_id=attempt.id or 0)]
    overrides = [c["score_override"] for c in comments if c["score_override"] is not None]
    speech = payload.get("speech") or {}
    frames = [{k: f.get(k) for k in ("t_s", "face_visible", "gaze_on_camera", "posture_ok", "smile")}
              for f in (attempt.vision_timeline or [])]
    return {
        "attempt_id": attempt.id, "question_id": question.id, "question": question.text, "stage": question.stage,
        "competency": question.competency, "depth": question.depth, "parent_id": question.parent_id,
        "origin": question.origin, "bank_id": question.bank_id, "sources": question.sources,
        "strong_answer": question.strong_answer, "status": attempt.status, "error": attempt.error,
        "transcript": payload.get("transcript") or attempt.transcript or attempt.text_answer,
        "audio_path": attempt.audio_path, "duration_s": attempt.duration_s, "mode": attempt.mode,
        "ai_score": analysis.score if analysis else None,
        "coach_score": overrides[-1] if overrides else None,
        "score": overrides[-1] if overrides else (analysis.score if analysis else None),
        "grades": payload.get("grades", {}), "scores": payload.get("scores", {}),
        "feedback": payload.get("feedback", []), "signals": payload.get("signals", {}),
        "fact_checks": payload.get("fact_checks", []), "comments": comments,
        "persona_summary": payload.get("persona_summary"),
        "speech": {k: speech.get(k) for k in ("speech_rate_wpm", "syllables_per_min", "filler_count", "fillers",
                                              "long_pauses", "pauses", "pace_curve", "duration_s", "think_time_s",
                                              "grades", "language")} if speech else None,
        "vision": payload.get("vision"), "vision_timeline": _downsample(frames),
        "losses": [loss.to_dict() for loss in point_losses(payload.get("scores") or {}, payload.get("feedback") or [],
                                                           str(payload.get("language") or "en"))],
        "outline": payload.get("outline"),
        "disputes": disputes_for(db, viewer_id=viewer_id, attempt_ids=[attempt.id or 0]).get(attempt.id or 0, []),
        "started_at": attempt.started_at.isoformat() if attempt.started_at else None,
    }


def _attempt_history(db: Session, viewer_id: int, attempts: list[Attempt], question_id: int,
                     picked: int | None) -> dict[str, Any]:
    """Every analysed attempt of one question ("Answer again"), with the best and the last
    marked and the one that counts, and the diff of each attempt against the one before."""
    rows = []
    for attempt in attempts:
        if attempt.question_id != question_id or attempt.status != "analyzed":
            continue
        analysis = crud.get_analysis(db, viewer_id=viewer_id, attempt_id=attempt.id or 0)
        if analysis is not None:
            rows.append((attempt.id or 0, analysis.score, {**analysis.payload, "attempt_id": attempt.id}))
    marks = pick_attempts([(aid, score) for aid, score, _ in rows], chosen=picked)
    diffs = [diff_attempts(before[2], after[2]).to_dict() for before, after in pairwise(rows)]
    return {"marks": [asdict(m) for m in marks], "diffs": diffs}


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


def _strengths_weaknesses(answers: list[dict[str, Any]], lang: str) -> tuple[list[str], list[str], list[str]]:
    good: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    example: dict[str, dict[str, Any]] = {}
    for answer in answers:
        for item in answer["feedback"]:
            key = item.get("key", "")
            if item.get("grade") == "good":
                good[key] += 1
            elif item.get("grade") in ("average", "needs_improvement"):
                weak[key] += 2 if item.get("grade") == "needs_improvement" else 1
            example.setdefault(key, item)
    total = len(answers)
    strengths = [t("report.in_answers", lang, text=example[k]["text"], n=n, total=total)
                 for k, n in good.most_common(3)]
    weaknesses = [t("report.in_answers", lang, text=example[k]["text"],
                    n=sum(1 for a in answers if any(i.get("key") == k for i in a["feedback"])), total=total)
                  for k, _ in weak.most_common(3)]
    practice = []
    for key, _ in weak.most_common():
        step = str(example[key].get("next_step", "")).strip()
        if step and step not in practice:
            practice.append(step)
        if len(practice) == PRACTICE_NEXT:
            break
    return strengths, weaknesses, practice


def answer_guide(answer: dict[str, Any], claims: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """A STAR outline for a weak answer, filled with the candidate's own sentences and resume
    claims; parts they never said are prompts, not invented content."""
    signals = extract_signals(answer["transcript"] or "", lang)
    related = [c for c in claims
               if overlap_share(keywords(str(c.get("text", ""))),
                                keywords(answer["question"] + " " + (answer["transcript"] or ""))) >= 0.2]
    outline = []
    stored = (answer.get("outline") or {}).get("lines") or []
    for line in stored:  # the answer reader's outline (core.feedback.outline), stored with the analysis
        outline.append({"part": line["part"], "text": line["text"],
                        "from": "prompt" if line.get("placeholder") else "answer"})
    for part in () if stored else STAR_PARTS:  # analyses stored before the outline existed
        spans = signals.star.get(part) or []
        if spans and spans[0].text:
            outline.append({"part": part, "text": spans[0].text, "from": "answer"})
        elif part == "result" and related:
            outline.append({"part": part, "text": str(related[0].get("text", "")), "from": "resume"})
        else:
            outline.append({"part": part, "text": t(f"report.guide.prompt.{part}", lang), "from": "prompt"})
    return {"attempt_id": answer["attempt_id"], "question": answer["question"], "score": answer["score"],
            "outline": outline, "claims": [str(c.get("text", "")) for c in related[:3]],
            "strong_answer": answer.get("strong_answer", "")}


def build_report(engine: Engine, *, viewer_id: int, session_id: int, competencies: list[str] | None = None,
                 retriever: Any = None) -> dict[str, Any]:
    """The report of one session as a JSON-able dict (readable by the owner and their coaches)."""
    del retriever  # fact checks were stored with each analysis
    with Session(engine, expire_on_commit=False) as db:
        row = crud.get_session(db, viewer_id=viewer_id, session_id=session_id)
        lang = row.language
        questions = crud.list_questions(db, viewer_id=viewer_id, session_id=session_id)
        all_attempts = crud.list_attempts(db, viewer_id=viewer_id, session_id=session_id)
        picked = {int(k): int(v) for k, v in ((row.options or {}).get("chosen_attempts") or {}).items()}
        chosen = _latest_attempts(all_attempts)
        for question_id, attempt_id in picked.items():  # the candidate picked another attempt to count
            choice = next((a for a in all_attempts if a.id == attempt_id and a.question_id == question_id
                           and a.status == "analyzed"), None)
            if choice is not None:
                chosen[question_id] = choice
        answers = [_answer_entry(db, viewer_id, q, chosen[q.id]) for q in questions if q.id in chosen]
        for answer in answers:
            answer["attempts"] = _attempt_history(db, viewer_id, all_attempts, int(answer["question_id"]),
                                                  picked.get(int(answer["question_id"])))
        claims: list[dict[str, Any]] = []
        if row.resume_document_id:
            try:
                doc = crud.get_document(db, viewer_id=viewer_id, document_id=row.resume_document_id)
                claims = list(((doc.structured or {}).get("analysis") or {}).get("claims") or [])
            except crud.AccessDenied:
                claims = []
    if competencies is None:
        competencies = list(allowed_competencies(lang))
    scored = [ScoredAnswer(attempt_id=a["attempt_id"], stage=a["stage"], competency=a["competency"],
                           ai_score=a["ai_score"], coach_score=a["coach_score"]) for a in answers]
    stage_names = {s: t(f"stage.{s}", lang) for s in (1, 2, 3)}
    names = {a["competency"]: competency_label(a["competency"], lang) for a in answers if a["competency"]}
    aggregates = aggregate_scores(scored, lang, competencies=competencies, stage_names=stage_names,
                                  competency_names=names)
    strengths, weaknesses, practice = _strengths_weaknesses(answers, lang)
    ranked = sorted((a for a in answers if a["score"] is not None), key=lambda a: a["score"])
    guides = [answer_guide(a, claims, lang) for a in ranked[:WEAKEST_GUIDES]]
    return {
        "version": REPORT_VERSION,
        "session_id": session_id,
        "session": {"id": session_id, "company": str((row.options or {}).get("company_name", "")),
                    "role": row.role, "persona": row.persona, "language": lang, "format": row.format, "mode": row.mode,
                    "stages": list(row.stages), "status": row.status, "user_id": row.user_id,
                    "created_at": row.created_at.isoformat() if row.created_at else None,
                    "finished_at": row.finished_at.isoformat() if row.finished_at else None},
        "answers": answers,
        **aggregates,
        "strengths": strengths,
        "weaknesses": weaknesses,
        "practice_next": practice,
        "answer_guides": guides,
        "unanswered": [q.text for q in questions if q.id not in chosen],
    }


def load_report(engine: Engine, *, viewer_id: int, session_id: int, fresh: bool = True) -> dict[str, Any] | None:
    """The report to show: rebuilt from stored analyses (with coaches' latest comments) when
    `fresh`, else the version stored at the end of the interview (None if never finished)."""
    with Session(engine) as db:
        stored = crud.get_report(db, viewer_id=viewer_id, session_id=session_id)
        stored_payload = dict(stored.payload) if stored else None
    if not fresh:
        return stored_payload
    return build_report(engine, viewer_id=viewer_id, session_id=session_id)
