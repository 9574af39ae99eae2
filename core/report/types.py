"""The report's frozen shapes: `SessionReport` (one interview) made of `AnswerReport`s.

Built once from the database rows by `core.report.build` (each answer's stored analysis
parsed with `AnswerAnalysis.from_dict`, which also reads payloads written by older
versions); every reader — the charts, the HTML and PDF exports, the report and coach
pages, the CLI — takes these types. They become a dict only at the JSON edge:
`SessionReport.to_dict()` is what `Report.payload` stores and `python -m core report --json`
prints, and `SessionReport.from_dict` reads a stored report back (any version: parts an
older report lacks become None / empty, never a guessed value).

Times are seconds from the start of the answer's recording (the time base of the speech
measures, the feedback evidence and the one vision timeline); scores are 0-100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from core.feedback.retry import AttemptDiff, AttemptMark
from core.feedback.types import AnswerAnalysis, FeedbackItem, Score, SpeechPart
from core.practice.numbering import answer_numbers, question_number
from core.report.contest import DisputeView, PointLoss

REPORT_VERSION = 1
# The speech measures a report keeps per answer (the rest of `SpeechPart` stays in the analysis).
REPORT_SPEECH_KEYS = ("speech_rate_wpm", "syllables_per_min", "filler_count", "fillers", "long_pauses", "pauses",
                      "pace_curve", "duration_s", "think_time_s", "grades", "language")
VISION_FRAME_KEYS = ("t_s", "face_visible", "gaze_on_camera", "posture_ok", "smile")


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _rows(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a stored JSON list (anything else: none)."""
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list | tuple) else []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


def claim_texts(structured: Mapping[str, Any] | None) -> list[str]:
    """The texts of a resume's claims (`Document.structured["analysis"]["claims"]`, the row's
    JSON; see `core.resume.analysis.ResumeAnalysis`); none for a document never analysed."""
    analysis = _mapping((structured or {}).get("analysis"))
    return [str(c.get("text") or "") for c in _rows(analysis.get("claims"))]


# ----------------------------------------------------------------------------- one answer
@dataclass(frozen=True)
class VisionFrame:
    """One sample of the answer's camera timeline (`Attempt.vision_timeline`, t_s from the
    answer's start); a flag is None when that frame could not tell."""

    t_s: float | None
    face_visible: bool | None = None
    gaze_on_camera: bool | None = None
    posture_ok: bool | None = None
    smile: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"t_s": self.t_s, "face_visible": self.face_visible, "gaze_on_camera": self.gaze_on_camera,
                "posture_ok": self.posture_ok, "smile": self.smile}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VisionFrame:
        return cls(t_s=_num(data.get("t_s")), face_visible=_flag(data.get("face_visible")),
                   gaze_on_camera=_flag(data.get("gaze_on_camera")), posture_ok=_flag(data.get("posture_ok")),
                   smile=_flag(data.get("smile")))


@dataclass(frozen=True)
class CommentEntry:
    """A linked coach's comment on the answer, with the score it sets (None: comment only)."""

    id: int | None
    coach_id: int
    text: str
    score_override: float | None
    created_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommentEntry:
        return cls(id=_int_or_none(data.get("id")), coach_id=_int_or_none(data.get("coach_id")) or 0,
                   text=str(data.get("text") or ""), score_override=_num(data.get("score_override")),
                   created_at=_iso(data.get("created_at")))


@dataclass(frozen=True)
class AttemptHistory:
    """Every analysed attempt of the answer's question ("Answer again"), oldest first: the
    best, the last and the one that counts marked, and each attempt against the one before."""

    marks: tuple[AttemptMark, ...] = ()
    diffs: tuple[AttemptDiff, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"marks": [asdict(m) for m in self.marks], "diffs": [d.to_dict() for d in self.diffs]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AttemptHistory:
        data = data or {}
        return cls(marks=tuple(AttemptMark(attempt_id=_int_or_none(m.get("attempt_id")) or 0,
                                           score=_num(m.get("score")), best=bool(m.get("best")),
                                           last=bool(m.get("last")), counts=bool(m.get("counts")))
                               for m in _rows(data.get("marks"))),
                   diffs=tuple(AttemptDiff.from_dict(dict(d)) for d in _rows(data.get("diffs"))))


@dataclass(frozen=True)
class AnswerReport:
    """One answered question of the session: the question, the attempt that counts, its
    stored analysis, and what people said about it (coach comments, disputes).

    `ai_score` is the analysis' score, `coach_score` the latest coach override (None when no
    coach set one); `score` is the one that counts (the coach's when there is one).
    """

    attempt_id: int
    question_id: int
    question: str
    analysis: AnswerAnalysis
    stage: int = 1
    competency: str = ""
    depth: int = 0
    parent_id: int | None = None
    origin: str = ""
    bank_id: str = ""
    sources: tuple[Mapping[str, Any], ...] = ()  # the question's company passages
    strong_answer: str = ""
    status: str = ""
    error: str = ""
    transcript: str = ""
    audio_path: str = ""
    duration_s: float | None = None
    mode: str = ""
    ai_score: float | None = None
    coach_score: float | None = None
    comments: tuple[CommentEntry, ...] = ()
    vision_timeline: tuple[VisionFrame, ...] = ()
    losses: tuple[PointLoss, ...] = ()
    disputes: tuple[DisputeView, ...] = ()
    started_at: str | None = None
    attempts: AttemptHistory = field(default_factory=AttemptHistory)
    position: int | None = None  # the question's stored ordering field (None in reports stored before s22)

    @property
    def score(self) -> float | None:
        return self.coach_score if self.coach_score is not None else self.ai_score

    @property
    def feedback(self) -> tuple[FeedbackItem, ...]:
        return self.analysis.feedback

    @property
    def answer_score(self) -> Score:
        """The analysis' answer score with its band and explanation."""
        return self.analysis.scores.answer

    @property
    def speech(self) -> SpeechPart | None:
        return self.analysis.speech

    def speech_dict(self) -> dict[str, Any] | None:
        """The speech measures the report keeps (`REPORT_SPEECH_KEYS`), None for a typed answer."""
        if self.analysis.speech is None:
            return None
        stored = self.analysis.speech.to_dict()
        return {k: stored.get(k) for k in REPORT_SPEECH_KEYS}

    def to_dict(self) -> dict[str, Any]:
        analysis = self.analysis
        persona = analysis.persona_summary
        return {
            "attempt_id": self.attempt_id, "question_id": self.question_id, "question": self.question,
            "stage": self.stage, "competency": self.competency, "depth": self.depth, "parent_id": self.parent_id,
            "origin": self.origin, "bank_id": self.bank_id, "sources": [dict(s) for s in self.sources],
            "strong_answer": self.strong_answer, "status": self.status, "error": self.error,
            "transcript": self.transcript, "audio_path": self.audio_path, "duration_s": self.duration_s,
            "mode": self.mode, "ai_score": self.ai_score, "coach_score": self.coach_score, "score": self.score,
            "grades": analysis.grades, "scores": analysis.scores.to_dict(),
            "feedback": [i.to_dict() for i in analysis.feedback], "signals": analysis.content.signals.to_dict(),
            "fact_checks": [c.to_dict() for c in analysis.content.fact_checks],
            "comments": [c.to_dict() for c in self.comments],
            "persona_summary": None if persona is None else asdict(persona),
            "speech": self.speech_dict(),
            "vision": None if analysis.vision is None else analysis.vision.to_dict(),
            "vision_timeline": [f.to_dict() for f in self.vision_timeline],
            "losses": [loss.to_dict() for loss in self.losses],
            "outline": None if analysis.outline is None else analysis.outline.to_dict(),
            "disputes": [d.to_dict() for d in self.disputes],
            "started_at": self.started_at,
            "attempts": self.attempts.to_dict(),
            "position": self.position,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnswerReport:
        """An answer of a stored report (its analysis parts share `Analysis.payload`'s keys)."""
        return cls(
            attempt_id=_int_or_none(data.get("attempt_id")) or 0,
            question_id=_int_or_none(data.get("question_id")) or 0, question=str(data.get("question") or ""),
            analysis=AnswerAnalysis.from_dict(data), stage=_int_or_none(data.get("stage")) or 1,
            competency=str(data.get("competency") or ""), depth=_int_or_none(data.get("depth")) or 0,
            parent_id=_int_or_none(data.get("parent_id")), origin=str(data.get("origin") or ""),
            bank_id=str(data.get("bank_id") or ""), sources=tuple(dict(s) for s in _rows(data.get("sources"))),
            strong_answer=str(data.get("strong_answer") or ""), status=str(data.get("status") or ""),
            error=str(data.get("error") or ""), transcript=str(data.get("transcript") or ""),
            audio_path=str(data.get("audio_path") or ""), duration_s=_num(data.get("duration_s")),
            mode=str(data.get("mode") or ""), ai_score=_num(data.get("ai_score")),
            coach_score=_num(data.get("coach_score")),
            comments=tuple(CommentEntry.from_dict(c) for c in _rows(data.get("comments"))),
            vision_timeline=tuple(VisionFrame.from_dict(f) for f in _rows(data.get("vision_timeline"))),
            losses=tuple(_loss_from_dict(loss) for loss in _rows(data.get("losses"))),
            disputes=tuple(_dispute_from_dict(d) for d in _rows(data.get("disputes"))),
            started_at=_iso(data.get("started_at")), attempts=AttemptHistory.from_dict(_mapping(data.get("attempts"))),
            position=_int_or_none(data.get("position")))


def _loss_from_dict(data: Mapping[str, Any]) -> PointLoss:
    return PointLoss(part=str(data.get("part") or ""), component=str(data.get("component") or ""),
                     points=_num(data.get("points")) or 0.0, text=str(data.get("text") or ""),
                     quote=str(data.get("quote") or ""), start_s=_num(data.get("start_s")),
                     char_start=_int_or_none(data.get("char_start")), char_end=_int_or_none(data.get("char_end")))


def _dispute_from_dict(data: Mapping[str, Any]) -> DisputeView:
    return DisputeView(id=_int_or_none(data.get("id")) or 0, attempt_id=_int_or_none(data.get("attempt_id")) or 0,
                       reason=str(data.get("reason") or ""), status=str(data.get("status") or "open"),
                       has_coach=bool(data.get("has_coach")), reply=str(data.get("reply") or ""),
                       score_override=_num(data.get("score_override")), created_at=_iso(data.get("created_at")),
                       answered_at=_iso(data.get("answered_at")))


# ----------------------------------------------------------------------------- one session
@dataclass(frozen=True)
class SessionInfo:
    """The interview the report is about (`InterviewSession`'s columns the report shows)."""

    id: int
    company: str = ""
    role: str = ""
    persona: str = "lead"
    language: str = "en"
    format: str = ""
    mode: str = "practice"
    stages: tuple[int, ...] = ()
    status: str = ""
    user_id: int = 0
    created_at: str | None = None
    finished_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "company": self.company, "role": self.role, "persona": self.persona,
                "language": self.language, "format": self.format, "mode": self.mode, "stages": list(self.stages),
                "status": self.status, "user_id": self.user_id, "created_at": self.created_at,
                "finished_at": self.finished_at}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], session_id: int) -> SessionInfo:
        stages = data.get("stages")
        return cls(id=_int_or_none(data.get("id")) or session_id, company=str(data.get("company") or ""),
                   role=str(data.get("role") or ""), persona=str(data.get("persona") or "lead"),
                   language=str(data.get("language") or "en"), format=str(data.get("format") or ""),
                   mode=str(data.get("mode") or "practice"),
                   stages=tuple(int(s) for s in stages if isinstance(s, int)) if isinstance(stages, list) else (),
                   status=str(data.get("status") or ""), user_id=_int_or_none(data.get("user_id")) or 0,
                   created_at=_iso(data.get("created_at")), finished_at=_iso(data.get("finished_at")))


@dataclass(frozen=True)
class GuideLine:
    """One line of an answer guide: a STAR part, its text, and where the text came from
    (`source`: "answer" — the candidate's own sentence, "resume" — a resume claim, "prompt")."""

    part: str
    text: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "text": self.text, "from": self.source}


@dataclass(frozen=True)
class AnswerGuide:
    """A STAR outline for one of the weakest answers (see `core.report.build.answer_guide`)."""

    attempt_id: int
    question: str
    score: float | None
    outline: tuple[GuideLine, ...]
    claims: tuple[str, ...] = ()
    strong_answer: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"attempt_id": self.attempt_id, "question": self.question, "score": self.score,
                "outline": [line.to_dict() for line in self.outline], "claims": list(self.claims),
                "strong_answer": self.strong_answer}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AnswerGuide:
        return cls(attempt_id=_int_or_none(data.get("attempt_id")) or 0, question=str(data.get("question") or ""),
                   score=_num(data.get("score")),
                   outline=tuple(GuideLine(part=str(o.get("part") or ""), text=str(o.get("text") or ""),
                                           source=str(o.get("from") or "prompt")) for o in _rows(data.get("outline"))),
                   claims=_texts(data.get("claims")), strong_answer=str(data.get("strong_answer") or ""))


def _scores(value: Any) -> dict[str, Score]:
    return {str(k): Score.from_dict(v) for k, v in _mapping(value).items() if isinstance(v, Mapping)}


@dataclass(frozen=True)
class SessionReport:
    """The report of one session: every answer, the aggregate scores (competency keys and
    stage numbers as strings, in the order shown), strengths, weaknesses, three things to
    practise next, answer guides for the weakest answers, and the questions left unanswered.

    `overall` is None only when a coach hid the scores from the candidate
    (`core.coaching.visibility`); `not_assessed` lists competencies no answer touched.
    """

    session_id: int
    session: SessionInfo
    answers: tuple[AnswerReport, ...] = ()
    overall: Score | None = None
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

    def answer_numbers(self) -> tuple[str, ...]:
        """Each answer's question label ('1', '1a', '2'), numbered as the Practice page numbers
        them: from the stored positions, or by counting main questions in a report stored
        without them (core.practice.numbering)."""
        if all(a.position is not None for a in self.answers):
            return tuple(question_number(a.position or 0, a.depth) for a in self.answers)
        return tuple(answer_numbers([a.depth for a in self.answers]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON the database stores and the CLI prints (keys as in every release)."""
        return {
            "version": self.version, "session_id": self.session_id, "session": self.session.to_dict(),
            "answers": [a.to_dict() for a in self.answers],
            "competency_scores": {k: s.to_dict() for k, s in self.competency_scores.items()},
            "stage_scores": {k: s.to_dict() for k, s in self.stage_scores.items()},
            "overall": None if self.overall is None else self.overall.to_dict(),
            "not_assessed": list(self.not_assessed), "strengths": list(self.strengths),
            "weaknesses": list(self.weaknesses), "practice_next": list(self.practice_next),
            "answer_guides": [g.to_dict() for g in self.answer_guides], "unanswered": list(self.unanswered),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionReport:
        """A stored report (`Report.payload`, any version) as a `SessionReport`."""
        session_id = _int_or_none(data.get("session_id")) or 0
        overall = data.get("overall")
        return cls(session_id=session_id, session=SessionInfo.from_dict(_mapping(data.get("session")), session_id),
                   answers=tuple(AnswerReport.from_dict(a) for a in _rows(data.get("answers"))),
                   overall=Score.from_dict(overall) if isinstance(overall, Mapping) else None,
                   competency_scores=_scores(data.get("competency_scores")),
                   stage_scores=_scores(data.get("stage_scores")), not_assessed=_texts(data.get("not_assessed")),
                   strengths=_texts(data.get("strengths")), weaknesses=_texts(data.get("weaknesses")),
                   practice_next=_texts(data.get("practice_next")),
                   answer_guides=tuple(AnswerGuide.from_dict(g) for g in _rows(data.get("answer_guides"))),
                   unanswered=_texts(data.get("unanswered")),
                   version=_int_or_none(data.get("version")) or REPORT_VERSION)
