"""Feedback items, evidence and scores: the frozen shapes the report and the pages read.

Every item says what was observed, how it was graded, what to try next, and where in
the answer it happened (seconds in the recording and a character span of the
transcript), so the report can play the recording from that moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from core.feedback.outline import Outline
from core.interview.reading import AnswerReading, NumberReading, SentenceReading
from core.rag.types import Passage
from core.vision.summary import VisionSummary

Grade = Literal["good", "average", "needs_improvement"]
GRADES: tuple[Grade, ...] = ("good", "average", "needs_improvement")

# Score bands (0-100). Named once so the page legend, the report and the tests agree.
BAND_GOOD_MIN = 75.0  # at or above: "good" (양호)
BAND_AVERAGE_MIN = 50.0  # at or above (and below good): "average" (보통); below: "needs_improvement"

FEEDBACK_KINDS = ("content", "delivery", "camera", "fact_check", "consistency", "blind")


def band_for(score: float | None) -> Grade | None:
    """The good / average / needs-improvement band of a 0-100 score (None stays None)."""
    if score is None:
        return None
    if score >= BAND_GOOD_MIN:
        return "good"
    if score >= BAND_AVERAGE_MIN:
        return "average"
    return "needs_improvement"


@dataclass(frozen=True)
class Evidence:
    """Where an observation comes from: a moment of the recording and a span of the transcript."""

    start_s: float | None = None
    end_s: float | None = None
    char_start: int | None = None
    char_end: int | None = None
    quote: str = ""
    passage: Passage | None = None  # a retrieved company passage (fact-check) or a resume claim

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Evidence:
        data = data or {}
        return cls(**{k: data.get(k) for k in ("start_s", "end_s", "char_start", "char_end")},
                   quote=str(data.get("quote") or ""), passage=_passage(data.get("passage")))


@dataclass(frozen=True)
class FeedbackItem:
    """One observation about one answer (observable behaviour only, never a trait)."""

    kind: str  # one of FEEDBACK_KINDS
    key: str  # stable rule id, e.g. "star.result_missing"
    grade: Grade | None  # None = informational / not measurable
    text: str  # the observation, in the session language
    next_step: str  # what to try next, in the session language
    evidence: Evidence = field(default_factory=Evidence)
    source: str = "rules"  # rules | llm

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = self.evidence.to_dict()
        # Flat copies for consumers that want one level (the CLI JSON, the report timeline).
        data["start_s"] = self.evidence.start_s
        data["end_s"] = self.evidence.end_s
        data["quote"] = self.evidence.quote
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeedbackItem:
        return cls(kind=str(data.get("kind", "content")), key=str(data.get("key", "")),
                   grade=data.get("grade"), text=str(data.get("text", "")),
                   next_step=str(data.get("next_step", "")),
                   # Items stored flat (start_s / end_s / quote beside the text) keep their moment too.
                   evidence=Evidence.from_dict(data.get("evidence") or {k: data.get(k) for k in
                                                                        ("start_s", "end_s", "quote")}),
                   source=str(data.get("source", "rules")))


@dataclass(frozen=True)
class Score:
    """A 0-100 score with its band and a plain-language account of how it was computed."""

    value: float | None
    band: Grade | None
    explanation: str
    components: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, value: float | None, explanation: str, components: dict[str, Any] | None = None) -> Score:
        rounded = None if value is None else round(max(0.0, min(100.0, value)), 1)
        return cls(value=rounded, band=band_for(rounded), explanation=explanation, components=components or {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Score:
        data = data or {}
        value = _num(data.get("value"))
        return cls(value=value, band=_grade(data.get("band")) or band_for(value),
                   explanation=str(data.get("explanation") or ""), components=dict(data.get("components") or {}))


# ----------------------------------------------------------------------------- one analysed answer
# The parts below are what `analyze_answer` produces and the report reads. They turn into a
# dict only at the database row (`AnswerAnalysis.to_dict()` -> `Analysis.payload`) and come
# back with `AnswerAnalysis.from_dict`, which also reads payloads stored by older versions
# (missing parts become None / empty, never a guessed value).

PAYLOAD_VERSION = 2  # 2: typed parts; 1 (first release) has the same keys, fewer of them


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any, default: int = 0) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _grade(value: Any) -> Grade | None:
    return value if value in GRADES else None


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list | tuple) else []


def _passage(value: Any) -> Passage | None:
    """A stored passage (the payload's JSON) as a `Passage`; None when there is none."""
    return Passage.from_dict(value) if isinstance(value, Mapping) else None


@dataclass(frozen=True)
class TimedWord:
    word: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class SpeechMoment:
    """A filler (`text`, `source`) or a pause (`kind`) at a moment of the recording (s)."""

    start_s: float
    end_s: float
    kind: str = ""
    text: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"start_s": self.start_s, "end_s": self.end_s}
        if self.text or self.source:
            data.update(text=self.text, source=self.source)
        else:
            data.update(kind=self.kind, duration_s=round(self.end_s - self.start_s, 2))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SpeechMoment:
        return cls(start_s=_num(data.get("start_s")) or 0.0, end_s=_num(data.get("end_s")) or 0.0,
                   kind=str(data.get("kind") or ""), text=str(data.get("text") or ""),
                   source=str(data.get("source") or ""))


@dataclass(frozen=True)
class PacePoint:
    t_s: float
    rate: float | None


@dataclass(frozen=True)
class MeasureGrade:
    """One graded speech measure (`core.speech.grading.Grade`, explanation in the answer's language)."""

    name: str
    grade: Grade | None
    value: float | None
    unit: str
    explanation: str = ""
    explanation_key: str = ""
    explanation_params: tuple[tuple[str, Any], ...] = ()
    verified_on_real_speech: bool = True  # False: a Korean measure not yet checked on real speech (issue 17)

    def to_dict(self) -> dict[str, Any]:
        return {"grade": self.grade, "value": self.value, "unit": self.unit, "explanation": self.explanation,
                "explanation_key": self.explanation_key, "explanation_params": dict(self.explanation_params),
                "verified_on_real_speech": self.verified_on_real_speech}


_SPEECH_TYPED = {"transcript", "language", "words", "duration_s", "speech_rate_wpm", "syllables_per_min",
                 "filler_count", "filler_per_min", "fillers", "pauses", "long_pauses", "pace_curve", "think_time_s",
                 "answer_s", "grades"}


@dataclass(frozen=True)
class SpeechPart:
    """The delivery measures of one spoken answer (from `core.speech.SpeechAnalysis`).

    Times are seconds from the start of the answer's recording. `measures` keeps the other
    stored measures (pitch, volume, word statistics, ...) verbatim for the export and the
    CLI; nothing in the feedback or report reads them.
    """

    transcript: str
    language: str
    duration_s: float | None = None
    words: tuple[TimedWord, ...] = ()
    speech_rate_wpm: float | None = None
    syllables_per_min: float | None = None
    filler_count: int = 0
    filler_per_min: float | None = None
    fillers: tuple[SpeechMoment, ...] = ()
    pauses: tuple[SpeechMoment, ...] = ()
    long_pauses: tuple[SpeechMoment, ...] = ()
    pace_curve: tuple[PacePoint, ...] = ()
    think_time_s: float | None = None
    answer_s: float | None = None  # start of the recording -> the last word (None: no words)
    grades: tuple[MeasureGrade, ...] = ()
    measures: Mapping[str, Any] = field(default_factory=dict)

    def grade(self, name: str) -> MeasureGrade | None:
        return next((g for g in self.grades if g.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {**self.measures, "transcript": self.transcript, "language": self.language,
                "words": [{"word": w.word, "start_s": w.start_s, "end_s": w.end_s} for w in self.words],
                "duration_s": self.duration_s, "speech_rate_wpm": self.speech_rate_wpm,
                "syllables_per_min": self.syllables_per_min, "filler_count": self.filler_count,
                "filler_per_min": self.filler_per_min,
                "fillers": [f.to_dict() for f in self.fillers], "pauses": [p.to_dict() for p in self.pauses],
                "long_pauses": [p.to_dict() for p in self.long_pauses],
                "pace_curve": [{"t_s": p.t_s, "rate": p.rate} for p in self.pace_curve],
                "think_time_s": self.think_time_s, "answer_s": self.answer_s,
                "grades": {g.name: g.to_dict() for g in self.grades}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SpeechPart:
        stored = data.get("grades")
        grades: Mapping[str, Any] = stored if isinstance(stored, Mapping) else {}
        return cls(
            transcript=str(data.get("transcript") or ""), language=str(data.get("language") or ""),
            duration_s=_num(data.get("duration_s")),
            words=tuple(TimedWord(str(w.get("word", "")), _num(w.get("start_s")) or 0.0, _num(w.get("end_s")) or 0.0)
                        for w in _rows(data.get("words"))),
            speech_rate_wpm=_num(data.get("speech_rate_wpm")), syllables_per_min=_num(data.get("syllables_per_min")),
            filler_count=_int(data.get("filler_count")), filler_per_min=_num(data.get("filler_per_min")),
            fillers=tuple(SpeechMoment.from_dict(f) for f in _rows(data.get("fillers"))),
            pauses=tuple(SpeechMoment.from_dict(p) for p in _rows(data.get("pauses"))),
            long_pauses=tuple(SpeechMoment.from_dict(p) for p in _rows(data.get("long_pauses"))),
            pace_curve=tuple(PacePoint(_num(p.get("t_s")) or 0.0, _num(p.get("rate")))
                             for p in _rows(data.get("pace_curve"))),
            think_time_s=_num(data.get("think_time_s")), answer_s=_num(data.get("answer_s")),
            grades=tuple(MeasureGrade(name=str(name), grade=_grade(g.get("grade")), value=_num(g.get("value")),
                                      unit=str(g.get("unit") or ""), explanation=str(g.get("explanation") or ""),
                                      explanation_key=str(g.get("explanation_key") or ""),
                                      explanation_params=tuple(dict(g.get("explanation_params") or {}).items()),
                                      verified_on_real_speech=g.get("verified_on_real_speech") is not False)
                         for name, g in grades.items() if isinstance(g, Mapping)),
            measures={k: v for k, v in data.items() if k not in _SPEECH_TYPED})


@dataclass(frozen=True)
class FactCheck:
    """One company statement in the answer, checked against the company library."""

    statement: str
    char_start: int
    char_end: int
    verdict: str  # supported | contradicted | unsupported
    passage: Passage | None  # the passage the verdict rests on (None: nothing in the library was about it)

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "char_start": self.char_start, "char_end": self.char_end,
                "verdict": self.verdict, "passage": None if self.passage is None else self.passage.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FactCheck:
        return cls(statement=str(data.get("statement") or ""), char_start=_int(data.get("char_start")),
                   char_end=_int(data.get("char_end")), verdict=str(data.get("verdict") or "unsupported"),
                   passage=_passage(data.get("passage")))


@dataclass(frozen=True)
class ContentSignals:
    """What the answer contains (counts and STAR parts), as the content rules saw it."""

    star_present: tuple[str, ...] = ()
    star_missing: tuple[str, ...] = ()
    result_quantified: bool = False
    quantities: int = 0
    i_count: int = 0
    we_count: int = 0
    hedges: int = 0
    tools: tuple[str, ...] = ()
    words: int = 0
    source: str = ""
    specifics: int | None = None
    relevance: float | None = None
    off_topic: bool | None = None
    length_band: str = ""
    vague: int = 0
    numbers_without_context: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(star_present=list(self.star_present), star_missing=list(self.star_missing),
                    tools=list(self.tools))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ContentSignals:
        data = data or {}
        off = data.get("off_topic")
        return cls(star_present=tuple(str(p) for p in data.get("star_present") or ()),
                   star_missing=tuple(str(p) for p in data.get("star_missing") or ()),
                   result_quantified=bool(data.get("result_quantified")), quantities=_int(data.get("quantities")),
                   i_count=_int(data.get("i_count")), we_count=_int(data.get("we_count")),
                   hedges=_int(data.get("hedges")), tools=tuple(str(x) for x in data.get("tools") or ()),
                   words=_int(data.get("words")), source=str(data.get("source") or ""),
                   specifics=None if data.get("specifics") is None else _int(data.get("specifics")),
                   relevance=_num(data.get("relevance")), off_topic=off if isinstance(off, bool) else None,
                   length_band=str(data.get("length_band") or ""), vague=_int(data.get("vague")),
                   numbers_without_context=_int(data.get("numbers_without_context")))


def reading_from_dict(data: Mapping[str, Any] | None) -> AnswerReading | None:
    """An `AnswerReading` stored with `to_dict()` (None for payloads made before the reader)."""
    if not isinstance(data, Mapping) or (not data.get("sentences") and "question_type" not in data):
        return None
    sentences = tuple(
        SentenceReading(index=_int(s.get("index")), text=str(s.get("text") or ""), char_start=_int(s.get("char_start")),
                        char_end=_int(s.get("char_end")), role=s.get("role", "other"),
                        role_confidence=_num(s.get("role_confidence")) or 0.0, actor=s.get("actor", "none"),
                        concrete=bool(s.get("concrete")),
                        numbers=tuple(NumberReading(text=str(n.get("text") or ""), char_start=_int(n.get("char_start")),
                                                    char_end=_int(n.get("char_end")),
                                                    has_context=bool(n.get("has_context")))
                                      for n in _rows(s.get("numbers"))),
                        role_probabilities=tuple(float(v) for v in s.get("role_probabilities") or ()
                                                 if isinstance(v, int | float)))
        for s in _rows(data.get("sentences")))
    return AnswerReading(language=str(data.get("language") or "en"), question=str(data.get("question") or ""),
                         question_type=data.get("question_type", "behavioural"),
                         answers_question=bool(data.get("answers_question", True)),
                         relevance=_num(data.get("relevance")), sentences=sentences,
                         competency=data.get("competency") if isinstance(data.get("competency"), str) else None,
                         word_count=_int(data.get("word_count")))


@dataclass(frozen=True)
class ContentPart:
    """The content side of one answer: signals, relevance, company fact-checks and the
    answer reader's sentence-by-sentence judgement (`reading`, None before the reader ran)."""

    signals: ContentSignals = field(default_factory=ContentSignals)
    relevance: float | None = None
    fact_checks: tuple[FactCheck, ...] = ()
    reading: AnswerReading | None = None


@dataclass(frozen=True)
class AnswerScores:
    content: Score
    delivery: Score
    camera: Score
    answer: Score

    def to_dict(self) -> dict[str, Any]:
        return {"content": self.content.to_dict(), "delivery": self.delivery.to_dict(),
                "camera": self.camera.to_dict(), "answer": self.answer.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, score: float | None = None) -> AnswerScores:
        data = data or {}
        answer = Score.from_dict(data.get("answer")) if data.get("answer") else Score.of(score, "")
        return cls(content=Score.from_dict(data.get("content")), delivery=Score.from_dict(data.get("delivery")),
                   camera=Score.from_dict(data.get("camera")), answer=answer)


@dataclass(frozen=True)
class PersonaSummary:
    """Opening, best point, main improvement and closing in the interviewer persona's voice."""

    intro: str
    strength: str
    improve: str
    closing: str


@dataclass(frozen=True)
class LLMUse:
    """Whether the optional LLM feedback pass ran: its model and items, or why not."""

    used: bool
    model: str = ""
    error: str = ""
    offered: int = 0
    kept: int = 0

    def to_dict(self) -> dict[str, Any]:
        if not self.used:
            return {"used": False, "error": self.error}
        return {"used": True, "model": self.model, "offered": self.offered, "kept": self.kept}


@dataclass(frozen=True)
class Timings:
    """Seconds spent on each part of one answer's analysis (None = that part did not run)."""

    feedback_s: float | None = None
    speech_s: float | None = None
    vision_s: float | None = None
    total_s: float | None = None

    def to_dict(self) -> dict[str, float]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class AnswerAnalysis:
    """Everything computed once for one answer: stored in `Analysis.payload` as `to_dict()`.

    `transcript` is the text that was graded (the speech transcript or the typed answer);
    every `FeedbackItem.evidence` points into it (characters) and into the recording (seconds
    from the answer's start — the same time base as `speech` and the vision timeline).
    """

    language: str
    transcript: str
    question: str
    content: ContentPart
    scores: AnswerScores
    feedback: tuple[FeedbackItem, ...] = ()
    stage: int = 1
    competency: str = ""
    speech: SpeechPart | None = None
    vision: VisionSummary | None = None
    persona_summary: PersonaSummary | None = None
    llm: LLMUse | None = None
    # The better-answer outline from the candidate's own sentences (None: none was built).
    outline: Outline | None = None
    timings: Timings = field(default_factory=Timings)
    question_id: int | None = None
    attempt_id: int | None = None
    version: int = PAYLOAD_VERSION

    @property
    def score(self) -> float | None:
        """The answer's 0-100 score (None when nothing could be graded)."""
        return self.scores.answer.value

    @property
    def grades(self) -> dict[str, Grade | None]:
        return {"content": self.scores.content.band, "delivery": self.scores.delivery.band,
                "camera": self.scores.camera.band}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": self.version, "language": self.language, "transcript": self.transcript,
            "question": self.question, "stage": self.stage, "competency": self.competency,
            "signals": self.content.signals.to_dict(), "relevance": self.content.relevance,
            "fact_checks": [c.to_dict() for c in self.content.fact_checks],
            "reading": None if self.content.reading is None else self.content.reading.to_dict(),
            "speech": None if self.speech is None else self.speech.to_dict(),
            "vision": None if self.vision is None else self.vision.to_dict(),
            "scores": self.scores.to_dict(), "grades": self.grades, "score": self.score,
            "feedback": [i.to_dict() for i in self.feedback],
            "persona_summary": None if self.persona_summary is None else asdict(self.persona_summary),
            "timings": self.timings.to_dict(), "question_id": self.question_id, "attempt_id": self.attempt_id,
            "outline": None if self.outline is None else self.outline.to_dict(),
            # Progress counts tries per question type.
            "question_type": None if self.content.reading is None else self.content.reading.question_type,
        }
        if self.llm is not None:
            data["llm"] = self.llm.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AnswerAnalysis:
        """A stored payload (any version) as an `AnswerAnalysis`; an empty payload gives an
        empty analysis (no items, scores None)."""
        data = data or {}
        persona = data.get("persona_summary")
        stored_llm, stored_timings = data.get("llm"), data.get("timings")
        llm: Mapping[str, Any] | None = stored_llm if isinstance(stored_llm, Mapping) else None
        timings: Mapping[str, Any] = stored_timings if isinstance(stored_timings, Mapping) else {}
        speech = data.get("speech")
        vision = data.get("vision")
        return cls(
            language=str(data.get("language") or "en"), transcript=str(data.get("transcript") or ""),
            question=str(data.get("question") or ""), stage=_int(data.get("stage"), 1),
            competency=str(data.get("competency") or ""),
            content=ContentPart(signals=ContentSignals.from_dict(data.get("signals")),
                                relevance=_num(data.get("relevance")),
                                fact_checks=tuple(FactCheck.from_dict(c) for c in _rows(data.get("fact_checks"))),
                                reading=reading_from_dict(data.get("reading"))),
            scores=AnswerScores.from_dict(data.get("scores"), _num(data.get("score"))),
            feedback=tuple(FeedbackItem.from_dict(i) for i in _rows(data.get("feedback"))),
            speech=SpeechPart.from_dict(speech) if isinstance(speech, Mapping) and speech else None,
            vision=VisionSummary.from_dict(vision) if isinstance(vision, Mapping) and vision else None,
            persona_summary=PersonaSummary(**{k: str(persona.get(k) or "") for k in
                                              ("intro", "strength", "improve", "closing")})
            if isinstance(persona, Mapping) else None,
            llm=None if llm is None else LLMUse(used=bool(llm.get("used")), model=str(llm.get("model") or ""),
                                                error=str(llm.get("error") or ""), offered=_int(llm.get("offered")),
                                                kept=_int(llm.get("kept"))),
            timings=Timings(**{k: _num(timings.get(k)) for k in ("feedback_s", "speech_s", "vision_s", "total_s")}),
            outline=Outline.from_dict(data.get("outline")),
            question_id=_int(data.get("question_id")) if data.get("question_id") is not None else None,
            attempt_id=_int(data.get("attempt_id")) if data.get("attempt_id") is not None else None,
            version=_int(data.get("version"), 1))
