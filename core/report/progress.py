"""Progress across sessions: trends of every measure, retake diffs, and the story bank.

All of it reads stored analyses (never recomputes them) of the user's own sessions or,
for a linked coach, of the candidate's. Results are frozen dataclasses (`Trends`,
`Retake`, `StoryBank`); a retake is compared by `core.feedback.retry.diff_attempts`, the
same comparison the report and the Practice page show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.coaching.visibility import hide_in_diff, hide_in_payload, visible_measures_by_session
from core.db import crud
from core.db.models import Analysis, Attempt, InterviewSession, Question
from core.feedback.retry import AttemptDiff, diff_attempts
from core.feedback.text import keywords
from core.feedback.types import AnswerAnalysis, SpeechPart
from core.interview.competencies import allowed_competencies
from core.report.types import claim_texts
from core.vision.summary import VisionSummary

STORY_OVERLAP_MIN = 0.3  # Jaccard overlap of key words for two answers to tell the same story
STORY_LABEL_WORDS = 4


def _count(items: Sequence[object] | None) -> float | None:
    return None if items is None else float(len(items))


def _speech(read: Callable[[SpeechPart], float | None]) -> Callable[[AnswerAnalysis], float | None]:
    return lambda a: None if a.speech is None else read(a.speech)


def _vision(read: Callable[[VisionSummary], float | None]) -> Callable[[AnswerAnalysis], float | None]:
    return lambda a: None if a.vision is None else read(a.vision)


# Measures followed over time: (name, how to read it from one analysis, unit); None = not measured.
TREND_MEASURES: tuple[tuple[str, Callable[[AnswerAnalysis], float | None], str], ...] = (
    ("score", lambda a: a.score, "/100"),
    ("content", lambda a: a.scores.content.value, "/100"),
    ("delivery", lambda a: a.scores.delivery.value, "/100"),
    ("camera", lambda a: a.scores.camera.value, "/100"),
    ("speech_rate_wpm", _speech(lambda s: s.speech_rate_wpm), "wpm"),
    ("syllables_per_min", _speech(lambda s: s.syllables_per_min), "syl/min"),
    ("filler_per_min", _speech(lambda s: s.filler_per_min), "/min"),
    ("long_pauses", _speech(lambda s: _count(s.long_pauses)), "count"),
    ("think_time_s", _speech(lambda s: s.think_time_s), "s"),
    ("camera_gaze_share", _vision(lambda v: v.camera_gaze_share), "share"),
    ("posture_ok_share", _vision(lambda v: v.posture_ok_share), "share"),
    ("star_parts", lambda a: _count(a.content.signals.star_present), "of 4"),
    ("words", lambda a: float(a.content.signals.words), "words"),
)


@dataclass(frozen=True)
class AnswerRecord:
    """One analysed answer with what progress needs. `payload` is the stored analysis as it
    is in the row; `analysis` is that payload parsed once (`AnswerAnalysis.from_dict`)."""

    attempt_id: int
    session_id: int
    question_id: int
    question: str
    bank_id: str
    competency: str
    stage: int
    started_at: str
    payload: dict[str, Any] = field(repr=False)
    # The measures the viewer may see of this answer (a coach's assignment; () = all). The
    # payload is already without the others; comparisons use this to hide them too.
    visible: tuple[str, ...] = ()

    @cached_property
    def analysis(self) -> AnswerAnalysis:
        return replace(AnswerAnalysis.from_dict(self.payload), attempt_id=self.attempt_id)

    @property
    def transcript(self) -> str:
        return self.analysis.transcript


def _measure(answer: AnswerRecord, read: Callable[[AnswerAnalysis], float | None]) -> float | None:
    return read(answer.analysis)


def load_answers(engine: Engine, *, viewer_id: int, owner_id: int | None = None) -> list[AnswerRecord]:
    """Every analysed answer of the owner (default: the viewer), oldest first."""
    owner = viewer_id if owner_id is None else owner_id
    with Session(engine) as db:
        if not crud.can_view(db, viewer_id=viewer_id, owner_id=owner):
            raise crud.AccessDenied("not yours")
        query = (select(Attempt, Analysis, Question)
                 .join(Analysis, col(Analysis.attempt_id) == col(Attempt.id))
                 .join(Question, col(Question.id) == col(Attempt.question_id))
                 .where(Attempt.user_id == owner))
        # A coach reads only the sessions the candidate shares with them (crud's privacy rule).
        visible = crud.visible_session_ids(db, viewer_id=viewer_id, owner_id=owner)
        if visible is not None:
            query = query.where(col(Attempt.session_id).in_(visible))
        rows = db.exec(query.order_by(col(Attempt.started_at), col(Attempt.id))).all()
        # A coach's assignment may hide measures from the candidate (never from the coach).
        shown = visible_measures_by_session(db, owner_id=owner) if viewer_id == owner else {}
    return [AnswerRecord(attempt_id=a.id or 0, session_id=a.session_id, question_id=q.id or 0, question=q.text,
                         bank_id=q.bank_id, competency=q.competency, stage=q.stage,
                         started_at=a.started_at.isoformat() if a.started_at else "",
                         payload=hide_in_payload(an.payload, shown.get(a.session_id, ())),
                         visible=tuple(shown.get(a.session_id, ())))
            for a, an, q in rows]


@dataclass(frozen=True)
class SessionTrend:
    """One session's point on the trend lines."""

    session_id: int
    label: str  # "#<id> <MM-DD> <company>"
    answers: int
    measures: Mapping[str, float | None]  # TREND_MEASURES name -> mean over the answers (None: not measured)
    competencies: Mapping[str, float]  # competency -> mean answer score (0-100), measured ones only


@dataclass(frozen=True)
class Trends:
    sessions: tuple[SessionTrend, ...]  # oldest first
    units: Mapping[str, str]  # TREND_MEASURES name -> unit, in TREND_MEASURES order


def session_trends(engine: Engine, *, viewer_id: int, owner_id: int | None = None) -> Trends:
    """Per-session means of every measure, oldest session first (None = not measured).
    Raises `crud.AccessDenied` when the viewer may not see the owner's progress."""
    owner = viewer_id if owner_id is None else owner_id
    answers = load_answers(engine, viewer_id=viewer_id, owner_id=owner)
    with Session(engine) as db:
        sessions = {s.id: s for s in db.exec(select(InterviewSession).where(InterviewSession.user_id == owner)).all()}
    by_session: dict[int, list[AnswerRecord]] = {}
    for answer in answers:
        by_session.setdefault(answer.session_id, []).append(answer)
    out = []
    for session_id in sorted(by_session, key=lambda s: (sessions[s].created_at, s) if s in sessions else (None, s)):
        row = sessions.get(session_id)
        group = by_session[session_id]
        measures: dict[str, float | None] = {}
        for name, read, _unit in TREND_MEASURES:
            values = [v for v in (_measure(a, read) for a in group) if v is not None]
            measures[name] = round(sum(values) / len(values), 2) if values else None
        by_comp: dict[str, list[float]] = {}
        for answer in group:
            score = answer.analysis.score
            if answer.competency and score is not None:
                by_comp.setdefault(answer.competency, []).append(score)
        competencies = {k: round(sum(v) / len(v), 1) for k, v in by_comp.items()}
        company = str((row.options or {}).get("company_name", "")) if row else ""
        date = row.created_at.strftime("%m-%d") if row and row.created_at else ""
        out.append(SessionTrend(session_id=session_id, label=f"#{session_id} {date} {company}".strip(),
                                answers=len(group), measures=measures, competencies=competencies))
    return Trends(sessions=tuple(out), units={name: unit for name, _read, unit in TREND_MEASURES})


def question_key(answer: AnswerRecord) -> str:
    """Which answers are attempts at the same question: the same bank id, else the same text."""
    return f"bank:{answer.bank_id}" if answer.bank_id else "text:" + " ".join(answer.question.casefold().split())


@dataclass(frozen=True)
class Retake:
    """A question answered more than once: its latest attempt against the one before."""

    question: str
    attempts: int  # how many times it was answered
    before_session_id: int
    after_session_id: int
    diff: AttemptDiff


def retake_diffs(engine: Engine, *, viewer_id: int, owner_id: int | None = None) -> list[Retake]:
    """For each question answered more than once (`question_key`), the latest attempt against
    the previous one (`diff_attempts`), without what a coach's assignment hides from the viewer
    in either attempt's session. Oldest question first."""
    groups: dict[str, list[AnswerRecord]] = {}
    for answer in load_answers(engine, viewer_id=viewer_id, owner_id=owner_id):
        groups.setdefault(question_key(answer), []).append(answer)
    retakes = []
    for group in groups.values():
        if len(group) < 2:
            continue
        before, after = group[-2], group[-1]
        diff = hide_in_diff(hide_in_diff(diff_attempts(before.analysis, after.analysis), before.visible),
                            after.visible)
        retakes.append(Retake(question=after.question, attempts=len(group), before_session_id=before.session_id,
                              after_session_id=after.session_id, diff=diff))
    return retakes


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _resume_claims(engine: Engine, *, viewer_id: int, owner_id: int | None) -> list[str]:
    """Claim texts of the owner's most recent analysed resume (empty when there is none)."""
    with Session(engine) as db:
        docs = crud.list_documents(db, viewer_id=viewer_id, owner_id=owner_id, kind="resume")
    for doc in docs:
        claims = claim_texts(doc.structured)
        if claims:
            return claims
    return []


@dataclass(frozen=True)
class StoryAnswer:
    attempt_id: int
    session_id: int
    question: str
    excerpt: str  # the first 200 characters of the answer


@dataclass(frozen=True)
class Story:
    """Answers that tell the same story (their key words overlap by STORY_OVERLAP_MIN or more)."""

    label: str  # its most frequent key words, comma-separated
    claim: str | None  # the resume claim it backs (None: none matched)
    times_told: int
    competencies: tuple[str, ...]  # the competencies it served, sorted
    best_score: float | None  # 0-100 (None: no answer was scored)
    answers: tuple[StoryAnswer, ...]


@dataclass(frozen=True)
class StoryBank:
    stories: tuple[Story, ...]  # most told first
    uncovered_competencies: tuple[str, ...]  # of the language's set, in its order


@dataclass
class _Cluster:
    """A story being gathered (mutable while the answers are grouped)."""

    words: set[str]
    counts: Counter[str]
    answers: list[AnswerRecord]


def story_bank(engine: Engine, *, viewer_id: int, owner_id: int | None = None, language: str = "en",
               claims: Sequence[str] | None = None) -> StoryBank:
    """The stories the candidate has told (answers clustered by their key words), which
    competencies each story served, and which competencies of the set no story covers yet.
    `claims`: resume claim texts (default: the owner's latest analysed resume)."""
    answers = [a for a in load_answers(engine, viewer_id=viewer_id, owner_id=owner_id) if a.transcript.strip()]
    if claims is None:
        claims = _resume_claims(engine, viewer_id=viewer_id, owner_id=owner_id)
    clusters: list[_Cluster] = []
    for answer in answers:
        words = keywords(answer.transcript)
        if not words:
            continue
        best = max(clusters, key=lambda c: _jaccard(words, c.words), default=None)
        if best is not None and _jaccard(words, best.words) >= STORY_OVERLAP_MIN:
            best.words |= words
            best.counts.update(words)
            best.answers.append(answer)
        else:
            clusters.append(_Cluster(words=set(words), counts=Counter(words), answers=[answer]))
    competency_keys = list(allowed_competencies(language))
    stories: list[Story] = []
    covered: set[str] = set()
    for cluster in clusters:
        group = cluster.answers
        comps = tuple(sorted({a.competency for a in group if a.competency}))
        covered.update(comps)
        label_words = [w for w, _ in cluster.counts.most_common(STORY_LABEL_WORDS)]
        claim = next((c for c in claims or []
                      if _jaccard(keywords(c), cluster.words) >= 0.1 and keywords(c) & cluster.words), None)
        scores = [a.analysis.score for a in group if a.analysis.score is not None]
        stories.append(Story(label=", ".join(label_words), claim=claim, times_told=len(group), competencies=comps,
                             best_score=max(scores) if scores else None,
                             answers=tuple(StoryAnswer(attempt_id=a.attempt_id, session_id=a.session_id,
                                                       question=a.question, excerpt=a.transcript[:200])
                                           for a in group)))
    stories.sort(key=lambda story: -story.times_told)
    return StoryBank(stories=tuple(stories),
                     uncovered_competencies=tuple(c for c in competency_keys if c not in covered))
