"""Measures a coach hides on an assignment: taken out of what the candidate sees before it
is rendered (the analysis itself is stored whole; the coach still sees everything).

Switch -> what it removes (`MEASURE_SWITCHES`):
scores (every score, band and the overall); content (content, fact-check and resume items,
and the report's strengths, weaknesses, next steps and answer guides built from them);
fillers, pace, pauses, length, pitch, volume (their delivery items and measures); camera
(camera items, the vision summary and timeline).

One function per shape the candidate sees, all deciding from the same tables:
`hide_measures` (a `SessionReport`: the Reports page and its HTML/PDF exports),
`hide_in_summary` (the Practice page's after-answer summary), `hide_in_diff` (two attempts
side by side after *Answer again*, on the Practice page and the report), `hide_in_payload` (one stored
analysis: everything Progress computes, through `core.report.progress.load_answers`) and
`shows` (one switch, e.g. Home's overall score). Which sessions hide what:
`visible_measures_by_session`.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from sqlmodel import Session, col, select

from core.db.models import Assignment, InterviewSession
from core.feedback.retry import AttemptDiff
from core.feedback.types import AnswerScores, ContentSignals, Score, SpeechPart
from core.live.summary import AnswerSummary
from core.report.types import AnswerReport, SessionReport

# Measures a coach can show or hide on the candidate's summary and report.
MEASURE_SWITCHES = ("scores", "content", "fillers", "pace", "pauses", "length", "pitch", "volume", "camera")
# Delivery switches -> (feedback item key, speech grade name, speech fields)
_DELIVERY: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "fillers": ("delivery.fillers", "fillers", ("filler_count", "filler_per_min", "fillers")),
    "pace": ("delivery.pace", "pace", ("speech_rate_wpm", "syllables_per_min", "pace_curve")),
    "pauses": ("delivery.pauses", "pauses", ("long_pauses", "pauses", "think_time_s")),
    "length": ("delivery.length", "length", ()),
    "pitch": ("delivery.pitch_variation", "pitch_variation", ()),
    "volume": ("delivery.volume", "volume", ()),
}
_CONTENT_KINDS = ("content", "fact_check", "consistency")
# The measures of two attempts side by side (`core.feedback.retry.MEASURES`) -> the switches
# that hide them (the content score is both a score and a content judgement).
_DIFF_SWITCHES: dict[str, frozenset[str]] = {
    "content_score": frozenset({"scores", "content"}), "words": frozenset({"length"}),
    "filler_per_min": frozenset({"fillers"}), "speech_rate_wpm": frozenset({"pace"}),
    "long_pauses": frozenset({"pauses"}), "camera_gaze_share": frozenset({"camera"}),
}


def _hidden(visible: Sequence[str]) -> set[str]:
    """The switches `visible` leaves out (empty `visible` = nothing hidden)."""
    return set(MEASURE_SWITCHES) - set(visible) if visible else set()


def shows(visible: Sequence[str], switch: str) -> bool:
    """Whether the candidate sees `switch` (one of MEASURE_SWITCHES) under `visible`."""
    return switch not in _hidden(visible)


def visible_measures_by_session(db: Session, *, owner_id: int) -> dict[int, tuple[str, ...]]:
    """The owner's sessions whose assignment hides something -> the measures they may see.
    Sessions outside assignments, or whose assignment shows everything, are left out."""
    sessions = db.exec(select(InterviewSession.id, InterviewSession.options)
                       .where(InterviewSession.user_id == owner_id)).all()
    wanted = {sid: (options or {}).get("assignment_id") for sid, options in sessions}
    ids = {a for a in wanted.values() if isinstance(a, int)}
    if not ids:
        return {}
    shown = {a.id: tuple(a.visible_measures) for a in db.exec(select(Assignment).where(col(Assignment.id).in_(ids)))}
    return {int(sid or 0): shown[a] for sid, a in wanted.items() if isinstance(a, int) and shown.get(a)}


def _hide_in_answer(answer: dict[str, Any], hidden: set[str]) -> None:
    """Take the hidden measures out of one stored analysis (the payload's JSON), in place."""
    hidden_keys = {_DELIVERY[name][0] for name in hidden if name in _DELIVERY}
    items = [i for i in answer.get("feedback") or [] if i.get("key") not in hidden_keys]
    if "content" in hidden:
        items = [i for i in items if i.get("kind") not in _CONTENT_KINDS]
        answer["fact_checks"], answer["signals"] = [], {}
        for key in ("outline", "reading"):
            answer.pop(key, None)
    if "camera" in hidden:
        items = [i for i in items if i.get("kind") != "camera"]
        answer["vision"], answer["vision_timeline"] = None, []
    answer["feedback"] = items
    speech = answer.get("speech")
    if isinstance(speech, dict):
        for name in hidden & set(_DELIVERY):
            _key, grade, fields = _DELIVERY[name]
            (speech.get("grades") or {}).pop(grade, None)
            for field in fields:
                speech.pop(field, None)
    if hidden & {"scores", "content"}:  # "what cost points" is both a score and content feedback
        answer["losses"] = []
    if "scores" in hidden:
        answer.update(ai_score=None, score=None, coach_score=None, scores={}, grades={}, persona_summary=None)


def hide_in_payload(payload: dict[str, Any], visible: Sequence[str]) -> dict[str, Any]:
    """A copy of one stored analysis (`AnswerAnalysis.to_dict()`) without what `visible`
    leaves out (empty = the payload itself, unchanged)."""
    hidden = _hidden(visible)
    if not hidden:
        return payload
    out = copy.deepcopy(payload)
    _hide_in_answer(out, hidden)
    out.pop("losses", None)  # the report's field, not the payload's
    for key in ("ai_score", "coach_score"):
        out.pop(key, None)
    return out


_NO_SCORE = Score(value=None, band=None, explanation="")


def _without_speech_fields(speech: SpeechPart, hidden: set[str]) -> SpeechPart:
    """The speech measures without the hidden switches' grades and fields (back to their defaults)."""
    names = {field for name in hidden & set(_DELIVERY) for field in _DELIVERY[name][2]}
    grades = {_DELIVERY[name][1] for name in hidden & set(_DELIVERY)}
    defaults: dict[str, Any] = {f.name: f.default for f in fields(SpeechPart) if f.name in names}
    return replace(speech, grades=tuple(g for g in speech.grades if g.name not in grades), **defaults)


def _hide_in_answer_report(answer: AnswerReport, hidden: set[str]) -> AnswerReport:
    """One answer of the report without the hidden measures (the same tables as `_hide_in_answer`)."""
    analysis = answer.analysis
    hidden_keys = {_DELIVERY[name][0] for name in hidden if name in _DELIVERY}
    items = [i for i in analysis.feedback if i.key not in hidden_keys]
    content, outline, vision = analysis.content, analysis.outline, analysis.vision
    timeline, losses = answer.vision_timeline, answer.losses
    if "content" in hidden:
        items = [i for i in items if i.kind not in _CONTENT_KINDS]
        content, outline = replace(content, fact_checks=(), signals=ContentSignals(), reading=None), None
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
    # Every attempt of the question ("Answer again"): the diffs by the same switches.
    attempts = replace(answer.attempts, diffs=tuple(_hide_in_diff(d, hidden) for d in answer.attempts.diffs))
    if "scores" in hidden:
        attempts = replace(attempts, marks=tuple(replace(m, score=None) for m in attempts.marks))
    return replace(answer, analysis=analysis, vision_timeline=timeline, losses=losses, ai_score=ai_score,
                   coach_score=coach_score, attempts=attempts)


def hide_measures(report: SessionReport, visible: Sequence[str]) -> SessionReport:
    """The report without what `visible` leaves out (empty = everything shown); the stored
    report and analyses are untouched."""
    hidden = _hidden(visible)
    if not hidden:
        return report
    out = replace(report, answers=tuple(_hide_in_answer_report(a, hidden) for a in report.answers))
    if "content" in hidden:  # the report's summaries and guides are built from content feedback
        out = replace(out, strengths=(), weaknesses=(), practice_next=(), answer_guides=())
    if "scores" in hidden:
        out = replace(out, overall=None, competency_scores={}, stage_scores={})
    return out


def hide_in_summary(summary: AnswerSummary, visible: Sequence[str]) -> AnswerSummary:
    """The Practice page's after-answer summary without what `visible` leaves out (empty =
    everything shown): the same switches as `hide_measures` — scores drop the score; content,
    camera and each delivery measure drop their observations; camera also drops the gaze and
    posture shares and the timeline chart. The transcript always stays (it is the answer)."""
    hidden = _hidden(visible)
    if not hidden:
        return summary
    keys = {_DELIVERY[name][0] for name in hidden if name in _DELIVERY}
    kinds = (set(_CONTENT_KINDS) if "content" in hidden else set()) | ({"camera"} if "camera" in hidden else set())
    kept = tuple(o for o in summary.observations if o.key not in keys and o.kind not in kinds)
    out = replace(summary, observations=kept)
    if "scores" in hidden:
        out = replace(out, score=None)
    if "camera" in hidden:
        out = replace(out, camera_gaze_share=None, posture_ok_share=None, frames=0, timeline=())
    if "content" in hidden:
        out = replace(out, outline=None)
    return out


def _hide_in_diff(diff: AttemptDiff, hidden: set[str]) -> AttemptDiff:
    if not hidden:
        return diff
    changes = tuple(replace(c, before=None, after=None, delta=None, better=None)
                    if _DIFF_SWITCHES.get(c.name, frozenset()) & hidden else c for c in diff.changes)
    out = replace(diff, changes=changes)
    if "content" in hidden:
        out = replace(out, star_added=(), star_missing=(), numbers_added=(), key_sentence=None)
    return out


def hide_in_diff(diff: AttemptDiff, visible: Sequence[str]) -> AttemptDiff:
    """Two attempts side by side without what `visible` leaves out: a hidden measure keeps its
    row with no values ("not shown", as an unmeasured one); content also drops the STAR parts,
    the numbers added and the highlighted sentence (content judgements). The two transcripts
    always stay (they are the answers)."""
    return _hide_in_diff(diff, _hidden(visible))
