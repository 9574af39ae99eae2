"""Measures a coach hides on an assignment: taken out of the candidate's report before it is
rendered (the analysis itself is stored whole; the coach still sees everything).

Switch -> what it removes (names from `core.coaching.assignments.MEASURE_SWITCHES`):
scores (every score, band and the overall); content (content, fact-check and resume items,
and the report's strengths, weaknesses, next steps and answer guides built from them);
fillers, pace, pauses, length, pitch, volume (their delivery items and measures); camera
(camera items, the vision summary and timeline).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from core.coaching.assignments import MEASURE_SWITCHES

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


def hide_measures(report: dict[str, Any], visible: Sequence[str]) -> dict[str, Any]:
    """A copy of a stored report without what `visible` leaves out (empty = everything shown)."""
    if not visible:
        return report
    hidden = set(MEASURE_SWITCHES) - set(visible)
    out = copy.deepcopy(report)
    hidden_keys = {_DELIVERY[name][0] for name in hidden if name in _DELIVERY}
    for answer in out.get("answers") or []:
        items = answer.get("feedback") or []
        items = [i for i in items if i.get("key") not in hidden_keys]
        if "content" in hidden:
            items = [i for i in items if i.get("kind") not in _CONTENT_KINDS]
            answer["fact_checks"], answer["signals"] = [], {}
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
        if "content" in hidden:
            answer.pop("outline", None)
        if hidden & {"scores", "content"}:  # "what cost points" is both a score and content feedback
            answer["losses"] = []
        if "scores" in hidden:
            answer.update(ai_score=None, score=None, coach_score=None, scores={}, grades={}, persona_summary=None)
    if "content" in hidden:  # the report's summaries and guides are built from content feedback
        for key in ("strengths", "weaknesses", "practice_next", "answer_guides"):
            if key in out:
                out[key] = []
    if "scores" in hidden:
        for key in ("overall", "competency_scores", "stage_scores"):
            if key in out:
                out[key] = None if key == "overall" else {}
    return out
