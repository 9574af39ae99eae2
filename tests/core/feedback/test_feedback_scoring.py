"""Scores: bands, explanations, unmeasured parts, aggregates and coach overrides."""

from __future__ import annotations

from core.feedback.delivery import camera_feedback, delivery_feedback
from core.feedback.scoring import ScoredAnswer, aggregate_scores, combine_answer_score
from core.feedback.types import BAND_AVERAGE_MIN, BAND_GOOD_MIN, Score, SpeechPart, band_for
from core.vision import summarize_timeline


def test_bands_follow_the_named_thresholds():
    assert band_for(BAND_GOOD_MIN) == "good"
    assert band_for(BAND_GOOD_MIN - 0.1) == "average"
    assert band_for(BAND_AVERAGE_MIN) == "average"
    assert band_for(BAND_AVERAGE_MIN - 0.1) == "needs_improvement"
    assert band_for(None) is None


def test_answer_score_leaves_out_unmeasured_parts_and_says_so():
    content = Score.of(80, "content")
    score = combine_answer_score(content, Score.of(None, "no audio"), Score.of(None, "no video"), "en")
    assert score.value == 80
    assert "delivery" in score.explanation and "camera" in score.explanation


def test_answer_score_formula_is_spelled_out():
    score = combine_answer_score(Score.of(80, ""), Score.of(60, ""), Score.of(100, ""), "en")
    assert score.value == round(0.6 * 80 + 0.25 * 60 + 0.15 * 100, 1)
    assert "0.60 × content 80" in score.explanation


def test_delivery_score_from_speech_grades_and_not_measured_without_audio():
    items, score = delivery_feedback(SpeechPart.from_dict({"grades": {"speech_rate": {"grade": "good", "value": 140,
                                                                                   "unit": "wpm"},
                                                 "fillers": {"grade": "needs_improvement", "value": 6,
                                                             "unit": "per min"},
                                                 "pitch": {"grade": None, "value": None, "unit": ""}},
                                      "fillers": [{"text": "um", "start_s": 3.0, "end_s": 3.2}]}), "en")
    assert score.value == (100 + 30) / 2 and "not measured" in score.explanation
    filler = next(i for i in items if i.key == "delivery.fillers")
    assert filler.evidence.start_s == 3.0
    assert delivery_feedback(None, "en")[1].value is None


def test_camera_feedback_uses_shares_and_never_grades_smiles():
    # 10 s at 10 frames/s: eyes on the camera for the first 7 s, then away for 3 s
    frames = [{"t_s": i / 10, "face_visible": True, "gaze_on_camera": i < 70, "posture_ok": True, "smile": i < 20}
              for i in range(100)]
    summary = summarize_timeline(frames)
    assert summary.camera_gaze_share == 0.7
    assert any(e.kind == "gaze_away" for e in summary.events)
    items, score = camera_feedback(summary, "en")
    smile = next(i for i in items if i.key == "camera.smile_share")
    assert smile.grade is None
    assert score.value is not None and "Gaze" in score.explanation


def test_aggregates_use_coach_overrides_and_list_unassessed_competencies():
    answers = [ScoredAnswer(1, 1, "teamwork", 40.0), ScoredAnswer(2, 1, "teamwork", 60.0, coach_score=90.0),
               ScoredAnswer(3, 2, "communication", None)]
    result = aggregate_scores(answers, "en", competencies=["teamwork", "communication", "leadership"])
    assert result.competency_scores["teamwork"].value == 65.0
    assert "coach" in result.competency_scores["teamwork"].explanation
    assert result.competency_scores["communication"].value is None
    assert result.not_assessed == ("leadership",)
    assert result.overall.value == 65.0 and result.stage_scores["2"].value is None
