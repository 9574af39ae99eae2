"""The compact after-answer summary: problems first, at most three, None where not measured."""

from __future__ import annotations

from types import SimpleNamespace

from core.live.summary import answer_summary, head_pose_baseline, question_dict, vision_shares

RESULT = {
    "attempt_id": 7, "status": "analyzed", "score": 61.0, "transcript": "I led the rewrite.",
    "feedback": [
        {"grade": "good", "text": "Clear structure."},
        {"grade": None, "text": "Informational."},
        {"grade": "needs_improvement", "text": "No result stated."},
        {"grade": "average", "text": "Pace a little fast."},
        {"grade": "needs_improvement", "text": "Long pause mid-clause."},
    ],
    "follow_up": {"question_id": 9, "text": "What was the measurable result?"},
}


def test_summary_lists_problems_first_and_at_most_three_graded_observations():
    summary = answer_summary(RESULT, [])
    assert [o["text"] for o in summary["observations"]] == [
        "No result stated.", "Long pause mid-clause.", "Pace a little fast."]
    assert summary["transcript"] == "I led the rewrite." and summary["follow_up"].startswith("What was")


def test_summary_accepts_objects_with_to_dict():
    obj = SimpleNamespace(to_dict=lambda: dict(RESULT, follow_up=None))
    summary = answer_summary(obj, [])
    assert summary["follow_up"] == "" and summary["attempt_id"] == 7


def test_vision_shares_are_none_when_not_measured():
    assert vision_shares([]) == {"camera_gaze_share": None, "posture_ok_share": None, "frames": 0.0}
    frames = [{"t_s": 0, "face_visible": True, "gaze_on_camera": True, "posture_ok": True},
              {"t_s": 1, "face_visible": True, "gaze_on_camera": False, "posture_ok": None},
              {"t_s": 2, "face_visible": False, "gaze_on_camera": None, "posture_ok": False}]
    shares = vision_shares(frames)
    assert shares["camera_gaze_share"] == 0.5 and shares["posture_ok_share"] == 0.5
    assert len(answer_summary(RESULT, frames)["timeline"]) == 3


def test_question_dict_and_head_pose_baseline():
    q = question_dict(SimpleNamespace(id=3, text="Why?", sources=None, stage=2, depth=1, position=4, origin="bank"))
    assert q["id"] == 3 and q["sources"] == [] and q["depth"] == 1
    assert question_dict(None) is None
    base = head_pose_baseline([{"yaw_deg": 4.0, "pitch_deg": -2.0}, {"yaw_deg": 2.0}, {"yaw_deg": 30.0}])
    assert base == {"frames": 3, "yaw_deg": 4.0, "pitch_deg": -2.0}
