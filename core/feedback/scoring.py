"""Scores: per answer, per competency, per stage, overall — each 0-100 with its band and an
explanation of how it was computed.

Answer score = weighted mean of the measured parts (content, delivery, camera). A part that
could not be measured (no audio, no video) is left out and its weight shared by the others;
the explanation says so. Competency, stage and overall scores are means of answer scores
(a coach's override replaces the AI's score of that answer, and the explanation says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.feedback.types import Score
from core.i18n import t

WEIGHT_CONTENT = 0.6  # what was said carries most (HireVue dropped facial analysis: language predicted)
WEIGHT_DELIVERY = 0.25  # pace, pauses, fillers, pitch, volume
WEIGHT_CAMERA = 0.15  # gaze toward the camera, framing, posture


def combine_answer_score(content: Score, delivery: Score, camera: Score, lang: str) -> Score:
    """The answer's 0-100 score from its measured parts, with the formula spelled out."""
    parts = [("content", WEIGHT_CONTENT, content), ("delivery", WEIGHT_DELIVERY, delivery),
             ("camera", WEIGHT_CAMERA, camera)]
    measured = [(name, weight, score) for name, weight, score in parts if score.value is not None]
    if not measured:
        return Score.of(None, t("fb.score.answer.not_measured", lang))
    total_weight = sum(weight for _, weight, _ in measured)
    value = sum(weight * float(score.value or 0) for _, weight, score in measured) / total_weight
    terms = " + ".join(f"{weight / total_weight:.2f} × {t('fb.part.' + name, lang)} {score.value:g}"
                       for name, weight, score in measured)
    skipped = [t("fb.part." + name, lang) for name, _, score in parts if score.value is None]
    explanation = t("fb.score.answer.explanation", lang, value=round(value), terms=terms)
    if skipped:
        explanation += " " + t("fb.score.answer.skipped", lang, parts=", ".join(skipped))
    components = {name: score.value for name, _, score in parts}
    return Score.of(value, explanation, components)


@dataclass(frozen=True)
class ScoredAnswer:
    """What the aggregates need to know about one answer."""

    attempt_id: int
    stage: int
    competency: str
    ai_score: float | None
    coach_score: float | None = None

    @property
    def effective(self) -> float | None:
        return self.coach_score if self.coach_score is not None else self.ai_score


def _mean_score(answers: list[ScoredAnswer], lang: str, label: str) -> Score:
    values = [a.effective for a in answers if a.effective is not None]
    if not values:
        return Score.of(None, t("fb.score.group.not_measured", lang, label=label))
    value = sum(values) / len(values)
    overridden = sum(1 for a in answers if a.coach_score is not None)
    listed = ", ".join(f"{v:g}" for v in values)
    explanation = t("fb.score.group.explanation", lang, label=label, value=round(value), n=len(values),
                    values=listed)
    if overridden:
        explanation += " " + t("fb.score.group.coach", lang, n=overridden)
    return Score.of(value, explanation, {"answers": len(values), "coach_overrides": overridden})


@dataclass(frozen=True)
class ScoreAggregates:
    """A session's scores: per competency (key -> Score), per stage ("1".."3" -> Score, in
    stage order), overall, and the competencies of the set that no answer touched."""

    competency_scores: dict[str, Score]
    stage_scores: dict[str, Score]
    overall: Score
    not_assessed: tuple[str, ...]


def aggregate_scores(answers: Iterable[ScoredAnswer], lang: str, *, competencies: list[str] | None = None,
                     stage_names: dict[int, str] | None = None,
                     competency_names: dict[str, str] | None = None) -> ScoreAggregates:
    """Competency, stage and overall scores.

    `competencies` is the session language's set: competencies no answer touched are listed
    under "not_assessed" rather than given a fake score.
    """
    items = list(answers)
    by_comp: dict[str, list[ScoredAnswer]] = {}
    by_stage: dict[int, list[ScoredAnswer]] = {}
    for answer in items:
        if answer.competency:
            by_comp.setdefault(answer.competency, []).append(answer)
        by_stage.setdefault(answer.stage, []).append(answer)
    labels = competency_names or {}
    competency_scores = {name: _mean_score(group, lang, labels.get(name, name)) for name, group in by_comp.items()}
    names = stage_names or {}
    stage_scores = {str(stage): _mean_score(group, lang, names.get(stage, str(stage)))
                    for stage, group in sorted(by_stage.items())}
    overall = _mean_score(items, lang, t("fb.part.overall", lang))
    not_assessed = tuple(c for c in (competencies or []) if c not in by_comp)
    return ScoreAggregates(competency_scores=competency_scores, stage_scores=stage_scores, overall=overall,
                           not_assessed=not_assessed)
