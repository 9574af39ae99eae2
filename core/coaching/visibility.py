"""Measures a coach hides on an assignment: taken out of the candidate's report before it is
rendered (the analysis itself is stored whole; the coach still sees everything).

Switch -> what it removes (names from `core.coaching.assignments.MEASURE_SWITCHES`):
scores (every score, band and the overall); content (content, fact-check and resume items,
and the report's strengths, weaknesses, next steps and answer guides built from them);
fillers, pace, pauses, length, pitch, volume (their delivery items and measures); camera
(camera items, the vision summary and timeline).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from core.coaching.assignments import MEASURE_SWITCHES
from core.feedback.types import AnswerScores, ContentSignals, Score, SpeechPart
from core.report.types import AnswerReport, SessionReport

# Delivery switches -> (feedback item key, speech grade name, speech fields)
_DELIVERY: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "fillers": ("delivery.fillers", "fillers", ("filler_count", "fillers")),
    "pace": ("delivery.pace", "pace", ("speech_rate_wpm", "syllables_per_min", "pace_curve")),
    "pauses": ("delivery.pauses", "pauses", ("long_pauses", "pauses", "think_time_s")),
    "length": ("delivery.length", "length", ()),
    "pitch": ("delivery.pitch_variation", "pitch_variation", ()),
    "volume": ("delivery.volume", "volume", ()),
}
_CONTENT_KINDS = ("content", "fact_check", "consistency")


_NO_SCORE = Score(value=None, band=None, explanation="")


def _without_speech_fields(speech: SpeechPart, hidden: set[str]) -> SpeechPart:
    """The speech measures without the hidden switches' grades and fields (back to their defaults)."""
    names = {field for name in hidden & set(_DELIVERY) for field in _DELIVERY[name][2]}
    grades = {_DELIVERY[name][1] for name in hidden & set(_DELIVERY)}
    defaults: dict[str, Any] = {f.name: f.default for f in fields(SpeechPart) if f.name in names}
    return replace(speech, grades=tuple(g for g in speech.grades if g.name not in grades), **defaults)


def _hide_in_answer(answer: AnswerReport, hidden: set[str]) -> AnswerReport:
    analysis = answer.analysis
    hidden_keys = {_DELIVERY[name][0] for name in hidden if name in _DELIVERY}
    items = [i for i in analysis.feedback if i.key not in hidden_keys]
    content, outline, vision = analysis.content, analysis.outline, analysis.vision
    timeline, losses = answer.vision_timeline, answer.losses
    if "content" in hidden:
        items = [i for i in items if i.kind not in _CONTENT_KINDS]
        content, outline = replace(content, fact_checks=(), signals=ContentSignals()), None
    if "camera" in hidden:
        items = [i for i in items if i.kind != "camera"]
        vision, timeline = None, ()
    speech = None if analysis.speech is None else _without_speech_fields(analysis.speech, hidden)
    if hidden & {"scores", "content"}:  # "what cost points" is both a score and content feedback
        losses = ()
    scores, persona = analysis.scores, analysis.persona_summary
    ai_score, coach_score = answer.ai_score, answer.coach_score
    if "scores" in hidden:
        scores = AnswerScores(content=_NO_SCORE, delivery=_NO_SCORE, camera=_NO_SCORE, answer=_NO_SCORE)
        persona, ai_score, coach_score = None, None, None
    analysis = replace(analysis, feedback=tuple(items), content=content, outline=outline, vision=vision,
                       speech=speech, scores=scores, persona_summary=persona)
    return replace(answer, analysis=analysis, vision_timeline=timeline, losses=losses, ai_score=ai_score,
                   coach_score=coach_score)


def hide_measures(report: SessionReport, visible: Sequence[str]) -> SessionReport:
    """The report without what `visible` leaves out (empty = everything shown); the stored
    report and analyses are untouched."""
    if not visible:
        return report
    hidden = set(MEASURE_SWITCHES) - set(visible)
    out = replace(report, answers=tuple(_hide_in_answer(a, hidden) for a in report.answers))
    if "content" in hidden:  # the report's summaries and guides are built from content feedback
        out = replace(out, strengths=(), weaknesses=(), practice_next=(), answer_guides=())
    if "scores" in hidden:
        out = replace(out, overall=None, competency_scores={}, stage_scores={})
    return out
