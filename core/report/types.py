"""The report's shapes: one `SessionReport` with an `AnswerReport` per answered question.

`build_report` makes them from stored rows (each answer's `AnswerAnalysis` is read back from
`Analysis.payload`, never recomputed); the pages, the charts, the HTML and PDF exports read
these fields. A report becomes a dict only where it is stored (`Report.payload`) or printed
(the CLI's JSON), with `to_dict()`; `from_dict` reads a stored report back, including those
stored by earlier versions (missing parts become None / empty, never a guessed value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.feedback.types import AnswerAnalysis, AnswerScores, Score, SpeechPart

REPORT_VERSION = 2  # 2: typed; 1 had the same keys


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _opt_int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list | tuple) else []


def _str(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class CoachComment:
    id: int | None
    coach_id: int | None
    text: str
    score_override: float | None
    created_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "coach_id": self.coach_id, "text": self.text, "score_override": self.score_override,
                "created_at": self.created_at}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CoachComment:
        return cls(id=_opt_int(data.get("id")), coach_id=_opt_int(data.get("coach_id")), text=_str(data.get("text")),
                   score_override=_num(data.get("score_override")), created_at=data.get("created_at"))


@dataclass(frozen=True)
class VisionPoint:
    """One sample of an answer's vision timeline (seconds from the answer's start)."""

    t_s: float
    face_visible: bool | None = None
    gaze_on_camera: bool | None = None
    posture_ok: bool | None = None
    smile: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"t_s": self.t_s, "face_visible": self.face_visible, "gaze_on_camera": self.gaze_on_camera,
                "posture_ok": self.posture_ok, "smile": self.smile}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VisionPoint:
        def flag(key: str) -> bool | None:
            value = data.get(key)
            return None if value is None else bool(value)

        return cls(t_s=_num(data.get("t_s")) or 0.0, face_visible=flag("face_visible"),
                   gaze_on_camera=flag("gaze_on_camera"), posture_ok=flag("posture_ok"), smile=flag("smile"))


@dataclass(frozen=True)
class AnswerReport:
    """One answered question: the question row's fields, the attempt that counts, its stored
    analysis, the coach's comments and the score shown (a coach override wins)."""

    attempt_id: int
    question_id: int
    question: str
    stage: int
    analysis: AnswerAnalysis
    competency: str = ""
    depth: int = 0
    parent_id: int | None = None
    origin: str = ""
    bank_id: str = ""
    sources: tuple[Mapping[str, Any], ...] = ()
    strong_answer: str = ""
    status: str = "analyzed"
    error: str = ""
    transcript: str = ""
    audio_path: str = ""
    duration_s: float | None = None
    mode: str = ""
    ai_score: float | None = None
    coach_score: float | None = None
    comments: tuple[CoachComment, ...] = ()
    vision_timeline: tuple[VisionPoint, ...] = ()
    started_at: str | None = None
    # What cost points and the candidate's disagreements (`core.report.contest`, its dict shapes).
    losses: tuple[Mapping[str, Any], ...] = ()
    disputes: tuple[Mapping[str, Any], ...] = ()

    @property
    def score(self) -> float | None:
        """The score that counts: the coach's override, else the AI score."""
        return self.coach_score if self.coach_score is not None else self.ai_score

    @property
    def scores(self) -> AnswerScores:
        return self.analysis.scores

    @property
    def speech(self) -> SpeechPart | None:
        return self.analysis.speech

    def to_dict(self) -> dict[str, Any]:
        stored = self.analysis.to_dict()
        return {
            "attempt_id": self.attempt_id, "question_id": self.question_id, "question": self.question,
            "stage": self.stage, "competency": self.competency, "depth": self.depth, "parent_id": self.parent_id,
            "origin": self.origin, "bank_id": self.bank_id, "sources": [dict(s) for s in self.sources],
            "strong_answer": self.strong_answer, "status": self.status, "error": self.error,
            "transcript": self.transcript, "audio_path": self.audio_path, "duration_s": self.duration_s,
            "mode": self.mode, "ai_score": self.ai_score, "coach_score": self.coach_score, "score": self.score,
            "grades": stored["grades"], "scores": stored["scores"], "feedback": stored["feedback"],
            "signals": stored["signals"], "fact_checks": stored["fact_checks"],
            "persona_summary": stored["persona_summary"], "speech": stored["speech"], "vision": stored["vision"],
            "analysis": stored, "comments": [c.to_dict() for c in self.comments],
            "vision_timeline": [p.to_dict() for p in self.vision_timeline], "started_at": self.started_at,
            "outline": stored.get("outline"), "losses": [dict(x) for x in self.losses],
            "disputes": [dict(x) for x in self.disputes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnswerReport:
        stored = data.get("analysis")
        if not isinstance(stored, Mapping):  # version 1: the analysis' parts were flattened in
            stored = {k: data.get(k) for k in ("grades", "scores", "feedback", "signals", "fact_checks",
                                               "persona_summary", "speech", "vision", "transcript", "outline")}
            stored = {**stored, "score": data.get("ai_score")}
        return cls(
            attempt_id=_opt_int(data.get("attempt_id")) or 0, question_id=_opt_int(data.get("question_id")) or 0,
            question=_str(data.get("question")), stage=_opt_int(data.get("stage")) or 1,
            analysis=AnswerAnalysis.from_dict(stored), competency=_str(data.get("competency")),
            depth=_opt_int(data.get("depth")) or 0, parent_id=_opt_int(data.get("parent_id")),
            origin=_str(data.get("origin")), bank_id=_str(data.get("bank_id")),
            sources=tuple(dict(s) for s in _rows(data.get("sources"))), strong_answer=_str(data.get("strong_answer")),
            status=_str(data.get("status")) or "analyzed", error=_str(data.get("error")),
            transcript=_str(data.get("transcript")), audio_path=_str(data.get("audio_path")),
            duration_s=_num(data.get("duration_s")), mode=_str(data.get("mode")), ai_score=_num(data.get("ai_score")),
            coach_score=_num(data.get("coach_score")),
            comments=tuple(CoachComment.from_dict(c) for c in _rows(data.get("comments"))),
            vision_timeline=tuple(VisionPoint.from_dict(p) for p in _rows(data.get("vision_timeline"))),
            started_at=data.get("started_at"), losses=tuple(dict(x) for x in _rows(data.get("losses"))),
            disputes=tuple(dict(x) for x in _rows(data.get("disputes"))))


@dataclass(frozen=True)
class SessionInfo:
    id: int
    company: str
    role: str
    persona: str
    language: str
    format: str
    stages: tuple[int, ...]
    status: str
    user_id: int
    created_at: str | None = None
    finished_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "company": self.company, "role": self.role, "persona": self.persona,
                "language": self.language, "format": self.format, "stages": list(self.stages), "status": self.status,
                "user_id": self.user_id, "created_at": self.created_at, "finished_at": self.finished_at}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionInfo:
        return cls(id=_opt_int(data.get("id")) or 0, company=_str(data.get("company")), role=_str(data.get("role")),
                   persona=_str(data.get("persona")) or "lead", language=_str(data.get("language")) or "en",
                   format=_str(data.get("format")) or "standard",
                   stages=tuple(int(s) for s in data.get("stages") or () if isinstance(s, int)),
                   status=_str(data.get("status")), user_id=_opt_int(data.get("user_id")) or 0,
                   created_at=data.get("created_at"), finished_at=data.get("finished_at"))


@dataclass(frozen=True)
class GuideLine:
    part: str  # situation | task | action | result
    text: str
    source: str  # answer | resume | prompt  (stored as "from")


@dataclass(frozen=True)
class AnswerGuide:
    """A STAR outline for a weak answer, from the candidate's own sentences and resume claims."""

    attempt_id: int
    question: str
    score: float | None
    outline: tuple[GuideLine, ...]
    claims: tuple[str, ...] = ()
    strong_answer: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"attempt_id": self.attempt_id, "question": self.question, "score": self.score,
                "outline": [{"part": o.part, "text": o.text, "from": o.source} for o in self.outline],
                "claims": list(self.claims), "strong_answer": self.strong_answer}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnswerGuide:
        return cls(attempt_id=_opt_int(data.get("attempt_id")) or 0, question=_str(data.get("question")),
                   score=_num(data.get("score")),
                   outline=tuple(GuideLine(part=_str(o.get("part")), text=_str(o.get("text")),
                                           source=_str(o.get("from")) or "prompt") for o in _rows(data.get("outline"))),
                   claims=tuple(_str(c) for c in data.get("claims") or ()),
                   strong_answer=_str(data.get("strong_answer")))


def _scores(value: Any) -> dict[str, Score]:
    return {str(k): Score.from_dict(v) for k, v in value.items() if isinstance(v, Mapping)} \
        if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class SessionReport:
    """The report of one interview session."""

    session_id: int
    session: SessionInfo
    answers: tuple[AnswerReport, ...]
    overall: Score
    competency_scores: Mapping[str, Score] = field(default_factory=dict)
    stage_scores: Mapping[str, Score] = field(default_factory=dict)
    not_assessed: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    practice_next: tuple[str, ...] = ()
    answer_guides: tuple[AnswerGuide, ...] = ()
    unanswered: tuple[str, ...] = ()
    version: int = REPORT_VERSION

    @property
    def language(self) -> str:
        return self.session.language

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version, "session_id": self.session_id, "session": self.session.to_dict(),
            "answers": [a.to_dict() for a in self.answers],
            "competency_scores": {k: v.to_dict() for k, v in self.competency_scores.items()},
            "stage_scores": {k: v.to_dict() for k, v in self.stage_scores.items()},
            "overall": self.overall.to_dict(), "not_assessed": list(self.not_assessed),
            "strengths": list(self.strengths), "weaknesses": list(self.weaknesses),
            "practice_next": list(self.practice_next), "answer_guides": [g.to_dict() for g in self.answer_guides],
            "unanswered": list(self.unanswered),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionReport:
        session = data.get("session") if isinstance(data.get("session"), Mapping) else {}
        overall = data.get("overall")
        return cls(
            session_id=_opt_int(data.get("session_id")) or 0, session=SessionInfo.from_dict(session or {}),
            answers=tuple(AnswerReport.from_dict(a) for a in _rows(data.get("answers"))),
            overall=Score.from_dict(overall if isinstance(overall, Mapping) else None),
            competency_scores=_scores(data.get("competency_scores")), stage_scores=_scores(data.get("stage_scores")),
            not_assessed=tuple(_str(x) for x in data.get("not_assessed") or ()),
            strengths=tuple(_str(x) for x in data.get("strengths") or ()),
            weaknesses=tuple(_str(x) for x in data.get("weaknesses") or ()),
            practice_next=tuple(_str(x) for x in data.get("practice_next") or ()),
            answer_guides=tuple(AnswerGuide.from_dict(g) for g in _rows(data.get("answer_guides"))),
            unanswered=tuple(_str(x) for x in data.get("unanswered") or ()),
            version=_opt_int(data.get("version")) or 1)


def answers_with_speech(report: SessionReport) -> Sequence[AnswerReport]:
    return [a for a in report.answers if a.speech is not None]
